import type { Pattern } from "../../src/core/status/pattern";

/** A pattern made of constant steps as [level, ms] pairs; fails on a ramp. */
export function onOff(p: Pattern): [number, number][] {
	const out: [number, number][] = [];
	for (let i = 0; i < p.steps.length; i += 3) {
		expect(p.steps[i + 1]).toBe(p.steps[i]);
		out.push([p.steps[i], p.steps[i + 2]]);
	}
	return out;
}

/**
 * Hand-written Morse: "." and "-" are marks, " " a letter gap, "/" a word gap (and every text
 * ends with one), at `unit` ms and `level`, as [level, ms] pairs with the gaps merged.
 */
export function expectedMorse(code: string, unit: number, level: number): [number, number][] {
	const out: [number, number][] = [];
	const marks = code.replace(/ \/ /g, "/");
	for (let i = 0; i < marks.length; i++) {
		const ch = marks[i];
		if (ch === "." || ch === "-") {
			out.push([level, (ch === "." ? 1 : 3) * unit]);
			const next = marks[i + 1];
			const gap = next === undefined || next === "/" ? 7 : next === " " ? 3 : 1;
			out.push([0, gap * unit]);
		}
	}
	return out;
}

/** Level at the middle of each [level, ms] step, starting at `t0`: [time, level] pairs. */
export function midpoints(steps: [number, number][], t0: number): [number, number][] {
	const out: [number, number][] = [];
	let t = t0;
	for (const [level, ms] of steps) {
		out.push([t + ms / 2, level]);
		t += ms;
	}
	return out;
}
