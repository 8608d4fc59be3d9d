import { levelAt, pattern, StepList } from "../../src/core/status/pattern";
import { BOOT_FADE, GLOW, HI, LEVEL, PEAK_WARNING, SOS, TELEGRAM_DIP } from "../../src/core/status/patterns";

describe("levelAt", () => {
	test("a ramp is linear, a constant step constant", () => {
		const p = pattern([0, 100, 1000, 50, 50, 500], false);
		expect(levelAt(p, 0)).toBe(0);
		expect(levelAt(p, 250)).toBe(25);
		expect(levelAt(p, 999)).toBeCloseTo(99.9, 10);
		expect(levelAt(p, 1000)).toBe(50);
		expect(levelAt(p, 1499)).toBe(50);
	});

	test("a pattern that does not repeat is over at its total: -1", () => {
		const p = pattern([10, 10, 100], false);
		expect(levelAt(p, 99.9)).toBe(10);
		expect(levelAt(p, 100)).toBe(-1);
		expect(levelAt(p, 1e12)).toBe(-1);
	});

	test("a repeating pattern starts over, however late the tick", () => {
		const p = pattern([7, 7, 100, 0, 0, 300], true);
		expect(levelAt(p, 400)).toBe(7);
		expect(levelAt(p, 450)).toBe(7); // the first step again: 400..500
		expect(levelAt(p, 550)).toBe(0);
		expect(levelAt(p, 4e9 + 50)).toBe(7); // 4e9 is a whole number of 400 ms cycles
		expect(levelAt(p, 4e9 + 150)).toBe(0);
	});

	test("a time before the start counts as the start", () => {
		expect(levelAt(pattern([0, 10, 10], false), -5)).toBe(0);
	});
});

describe("pattern", () => {
	test("checks its steps", () => {
		expect(() => pattern([], false)).toThrow(new RangeError("bad led steps"));
		expect(() => pattern([1, 1], false)).toThrow(new RangeError("bad led steps"));
		expect(() => pattern([1, 256, 10], false)).toThrow(new RangeError("bad led level"));
		expect(() => pattern([NaN, 1, 10], false)).toThrow(new RangeError("bad led level"));
		expect(() => pattern([1, 1, 0], false)).toThrow(new RangeError("bad led step duration"));
		expect(() => pattern([1, 1, 2.5], false)).toThrow(new RangeError("bad led step duration"));
		expect(() => pattern([1, 1, Infinity], false)).toThrow(new RangeError("bad led step duration"));
		expect(() => pattern([1, 1, NaN], false)).toThrow(new RangeError("bad led step duration"));
	});

	test("is frozen and keeps no reference to the caller's array", () => {
		const steps = [1, 1, 10];
		const p = pattern(steps, false);
		steps[0] = 9;
		expect(p.steps).toEqual([1, 1, 10]);
		expect(Object.isFrozen(p)).toBe(true);
		expect(Object.isFrozen(p.steps)).toBe(true);
	});

	test("StepList merges equal constant steps", () => {
		const p = new StepList().hold(5, 10).hold(5, 20).hold(0, 1).hold(0, 2).hold(5, 3).pattern(false);
		expect(p.steps).toEqual([5, 5, 30, 0, 0, 3, 5, 5, 3]);
		expect(p.totalMs).toBe(36);
	});
});

describe("the device's patterns, at the original firmware's figures", () => {
	test("levels: glow 4, notice 16, alarm 32 of 255", () => {
		expect(LEVEL).toEqual({ glow: 4, notice: 16, alarm: 32 });
	});

	test("power-on: 0 -> 16 in 1 s, back to 0 in 1 s", () => {
		expect([0, 500, 1000, 1500].map((t) => levelAt(BOOT_FADE, t))).toEqual([0, 8, 16, 8]);
		expect(levelAt(BOOT_FADE, 1999)).toBeCloseTo(0.016, 10);
		expect(levelAt(BOOT_FADE, 2000)).toBe(-1);
	});

	test("hi once at the notice level, sos repeating at the alarm level, 150 ms unit", () => {
		expect(HI.repeat).toBe(false);
		expect(HI.steps[0]).toBe(16);
		expect(HI.steps[2]).toBe(150);
		expect(SOS.repeat).toBe(true);
		expect(SOS.totalMs).toBe(34 * 150);
		expect(SOS.steps[0]).toBe(32);
	});

	test("telegram dip: 4 -> 0 in 100 ms and back in 100 ms", () => {
		expect([0, 50, 100, 150].map((t) => levelAt(TELEGRAM_DIP, t))).toEqual([4, 2, 0, 2]);
		expect(levelAt(TELEGRAM_DIP, 200)).toBe(-1);
		expect(levelAt(GLOW, 123456)).toBe(4);
	});

	test("peak warning: a double flash every second", () => {
		expect([50, 150, 250, 350, 950, 1050, 1250].map((t) => levelAt(PEAK_WARNING, t))).toEqual([
			32, 0, 32, 0, 0, 32, 32,
		]);
	});
});
