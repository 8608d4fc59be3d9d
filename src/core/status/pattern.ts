// An LED pattern: a short list of steps, each a linear ramp from one brightness level to another
// over a whole number of milliseconds (a constant level is a ramp with equal ends). Levels are
// the original firmware's 8-bit PWM values (0..255); the LED scales them to the host's duty.
// Patterns are built once and replayed by levelAt(), a pure function of the time into the
// pattern, so replay allocates nothing and a host that skips ticks never drifts.

/** The highest level: full brightness. */
export const MAX_LEVEL = 255;

export interface Pattern {
	/** Triples: level at the start of the step, level at its end, duration in ms. */
	readonly steps: readonly number[];
	/** The sum of the durations. */
	readonly totalMs: number;
	/** Starts over at the end instead of finishing. */
	readonly repeat: boolean;
}

function checkLevel(level: number): void {
	if (!(level >= 0 && level <= MAX_LEVEL)) throw new RangeError("bad led level");
}

/** A frozen pattern from `steps` (triples from, to, ms); RangeError on a level outside 0..255 or a duration that is not a positive whole number. */
export function pattern(steps: readonly number[], repeat: boolean): Pattern {
	if (steps.length === 0 || steps.length % 3 !== 0) throw new RangeError("bad led steps");
	let totalMs = 0;
	for (let i = 0; i < steps.length; i += 3) {
		checkLevel(steps[i]);
		checkLevel(steps[i + 1]);
		const ms = steps[i + 2];
		if (!(Number.isInteger(ms) && ms > 0)) throw new RangeError("bad led step duration");
		totalMs += ms;
	}
	return Object.freeze({ steps: Object.freeze(steps.slice()), totalMs, repeat });
}

/**
 * Collects constant steps, merging a step into the previous one when the level is the same:
 * a Morse gap within a letter and the gap between letters become one off step.
 */
export class StepList {
	#steps: number[] = [];

	/** Adds `ms` at a constant `level`. */
	hold(level: number, ms: number): this {
		const s = this.#steps;
		const n = s.length;
		if (n > 0 && s[n - 3] === level && s[n - 2] === level) s[n - 1] += ms;
		else s.push(level, level, ms);
		return this;
	}

	pattern(repeat: boolean): Pattern {
		return pattern(this.#steps, repeat);
	}
}

/**
 * The level `elapsedMs` into `p`, or -1 once a pattern that does not repeat is over. A negative
 * time counts as its start. Linear in the number of steps, which stays below a hundred.
 */
export function levelAt(p: Pattern, elapsedMs: number): number {
	let t = elapsedMs > 0 ? elapsedMs : 0;
	if (t >= p.totalMs) {
		if (!p.repeat) return -1;
		t %= p.totalMs;
	}
	const s = p.steps;
	for (let i = 0; i < s.length; i += 3) {
		const ms = s[i + 2];
		if (t < ms) return s[i] + ((s[i + 1] - s[i]) * t) / ms;
		t -= ms;
	}
	return -1; // not reached: t < totalMs
}
