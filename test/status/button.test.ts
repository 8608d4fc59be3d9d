import { type ButtonEvent, LongPress } from "../../src/core/status/button";

/**
 * Samples every `step` ms from `from` to `to` inclusive; `pressed(t)` says the pin's level.
 * Returns the events other than "none" as [time, event].
 */
function run(
	b: LongPress,
	from: number,
	to: number,
	pressed: (t: number) => boolean,
	step = 10,
): [number, ButtonEvent][] {
	const out: [number, ButtonEvent][] = [];
	for (let t = from; t <= to; t += step) {
		const e = b.sample(pressed(t), t);
		if (e !== "none") out.push([t, e]);
	}
	return out;
}

const between = (a: number, b: number) => (t: number) => t >= a && t < b;

describe("LongPress (debounce 50 ms, feedback 5 s, erase 20 s)", () => {
	test("held: press once stable, hold at 5 s, erase at 20 s, counted from the first sample that saw it", () => {
		const b = new LongPress();
		expect(run(b, 0, 30000, between(1000, 25000))).toEqual([
			[1050, "press"],
			[6000, "hold"],
			[21000, "erase"],
			[25050, "release"],
		]);
	});

	test("released at 19.99 s: no erase, a cancel once the release is stable", () => {
		const b = new LongPress();
		expect(run(b, 0, 30000, between(1000, 20990))).toEqual([
			[1050, "press"],
			[6000, "hold"],
			[21040, "cancel"],
		]);
	});

	test("released at 19.99 s and the next sample comes late: still no erase", () => {
		const b = new LongPress();
		run(b, 0, 20980, between(1000, 20990));
		expect(b.sample(false, 20990)).toBe("none");
		expect(b.heldMs(25000)).toBe(19990);
		expect(b.sample(false, 25000)).toBe("cancel");
	});

	test("exactly 20 s: erase", () => {
		const b = new LongPress();
		run(b, 0, 20990, between(1000, 21000));
		expect(b.heldMs(20990)).toBe(19990);
		expect(b.sample(true, 21000)).toBe("erase");
		expect(b.sample(false, 21010)).toBe("none");
		expect(b.sample(false, 21060)).toBe("release");
	});

	test("held 20 s but seen only after the release: the erase still counts, the release comes next", () => {
		const b = new LongPress();
		expect(b.sample(true, 0)).toBe("none");
		expect(b.sample(true, 100)).toBe("press");
		expect(b.sample(false, 20500)).toBe("erase");
		expect(b.sample(false, 20600)).toBe("release");
	});

	test("a short press: short on release", () => {
		const b = new LongPress();
		expect(run(b, 0, 2000, between(1000, 1300))).toEqual([
			[1050, "press"],
			[1350, "short"],
		]);
	});

	test("4.99 s is short, 5 s is a hold", () => {
		expect(run(new LongPress(), 0, 8000, between(1000, 5990))).toEqual([
			[1050, "press"],
			[6040, "short"],
		]);
		expect(run(new LongPress(), 0, 8000, between(1000, 6000))).toEqual([
			[1050, "press"],
			[6000, "hold"],
			[6050, "cancel"],
		]);
	});

	test("bounce shorter than 50 ms is ignored: contact chatter, a 40 ms tap", () => {
		const chatter = (t: number) => (t >= 1000 && t < 1040 && t % 20 === 0) || (t >= 3000 && t < 3040);
		expect(run(new LongPress(), 0, 5000, chatter)).toEqual([]);
	});

	test("exactly 50 ms stable is a press", () => {
		const b = new LongPress();
		expect(b.sample(true, 1000)).toBe("none");
		expect(b.sample(true, 1049)).toBe("none");
		expect(b.sample(true, 1050)).toBe("press");
	});

	test("a release bounce in the middle of a long press neither ends it nor restarts its clock", () => {
		const pressed = (t: number) => t >= 1000 && t < 30000 && !(t >= 10000 && t < 10030);
		expect(run(new LongPress(), 0, 31000, pressed)).toEqual([
			[1050, "press"],
			[6000, "hold"],
			[21000, "erase"],
			[30050, "release"],
		]);
	});

	test("erase once per press; the next press starts afresh", () => {
		const pressed = (t: number) => (t >= 0 && t < 45000) || (t >= 50000 && t < 71000);
		expect(run(new LongPress(), 0, 80000, pressed, 100)).toEqual([
			[100, "press"],
			[5000, "hold"],
			[20000, "erase"],
			[45100, "release"],
			[50100, "press"],
			[55000, "hold"],
			[70000, "erase"],
			[71100, "release"],
		]);
	});

	test("heldMs: 0 when up, the time since the press while down", () => {
		const b = new LongPress();
		expect(b.heldMs(0)).toBe(0);
		b.sample(true, 1000);
		expect(b.heldMs(1020)).toBe(0); // not yet a press
		b.sample(true, 1050);
		expect(b.heldMs(4000)).toBe(3000);
	});

	test("a clock that steps back counts as standing still", () => {
		const b = new LongPress();
		b.sample(true, 1000);
		expect(b.sample(true, 500)).toBe("none");
		expect(b.sample(true, 1050)).toBe("press");
	});

	test("other timings, and bad ones", () => {
		expect(run(new LongPress({ debounceMs: 0, feedbackMs: 100, holdMs: 200 }), 0, 400, between(10, 300))).toEqual([
			[10, "press"],
			[110, "hold"],
			[210, "erase"],
			[300, "release"],
		]);
		for (const o of [{ debounceMs: -1 }, { feedbackMs: 30 }, { holdMs: 5000 }, { debounceMs: NaN }])
			expect(() => new LongPress(o)).toThrow(new RangeError("bad button timing"));
	});
});
