import { type LedCondition, QUEUE_SIZE, StatusLed } from "../../src/core/status/led";
import { BOOT_FADE, SOS } from "../../src/core/status/patterns";

/** Levels at these offsets from a condition's first tick, worked out by hand from each pattern. */
const OFFSETS = [0, 50, 150, 250, 350, 450, 1000];
const EXPECTED: Record<LedCondition | "glow", number[]> = {
	holding: [32, 32, 0, 32, 0, 32, 32], // 100 on / 100 off
	sos: [32, 32, 0, 0, 32, 0, 0], // s: on 0-150, off 150-300, on 300-450, off 450-600 ... letter gap 750-1200
	setup: [32, 32, 0, 0, 32, 32, 32], // w: on 0-150, off 150-300, dash 300-750, off 750-900, dash 900-1350
	warning: [32, 32, 0, 32, 0, 0, 32], // on 0-100, off, on 200-300, off 300-1000, again
	glow: [4, 4, 4, 4, 4, 4, 4],
};

function levelsFrom(led: StatusLed, start: number): number[] {
	return OFFSETS.map((o) => led.tick(start + o));
}

describe("StatusLed", () => {
	test("running with nothing to report: a steady glow at 4", () => {
		const led = new StatusLed();
		expect([0, 1, 5000, 99999].map((t) => led.tick(t))).toEqual([4, 4, 4, 4]);
	});

	test("a telegram: the glow fades to dark in 100 ms and back in 100 ms, from the next tick", () => {
		const led = new StatusLed();
		led.tick(1000);
		led.telegram();
		expect([2000, 2050, 2100, 2150, 2200, 2300].map((t) => led.tick(t))).toEqual([4, 2, 0, 2, 4, 4]);
		led.telegram();
		expect([3000, 3025, 3100].map((t) => led.tick(t))).toEqual([4, 3, 0]);
	});

	test("sos repeats at 150 ms a unit: 34 units, 5.1 s a cycle", () => {
		const led = new StatusLed();
		led.set("sos", true);
		const t0 = 10000;
		const at = (ms: number) => led.tick(t0 + ms);
		expect([0, 149, 150, 299, 300, 600, 749, 750, 1199].map(at)).toEqual([32, 32, 0, 0, 32, 32, 32, 0, 0]); // s and the letter gap
		expect([1200, 1649, 1650, 1800, 2400, 2849, 2850, 3299].map(at)).toEqual([32, 32, 0, 32, 32, 32, 0, 0]); // o
		expect([3300, 3450, 3600, 3900, 4049, 4050, 5099].map(at)).toEqual([32, 0, 32, 32, 32, 0, 0]); // s and the word gap
		expect([5100, 5250, 5400].map(at)).toEqual([32, 0, 32]); // again
	});

	test.each(["holding", "sos", "setup", "warning"] as const)("%s on its own", (c) => {
		const led = new StatusLed();
		led.set(c, true);
		expect(led.isSet(c)).toBe(true);
		expect(levelsFrom(led, 5000)).toEqual(EXPECTED[c]);
	});

	test("priorities: holding > sos > setup > warning > glow; what takes over starts from its beginning", () => {
		const led = new StatusLed();
		for (const c of ["warning", "setup", "sos", "holding"] as const) led.set(c, true);
		expect(levelsFrom(led, 0)).toEqual(EXPECTED.holding);
		led.set("holding", false);
		expect(levelsFrom(led, 10000)).toEqual(EXPECTED.sos);
		led.set("sos", false);
		expect(levelsFrom(led, 20000)).toEqual(EXPECTED.setup);
		led.set("setup", false);
		expect(levelsFrom(led, 30000)).toEqual(EXPECTED.warning);
		led.set("warning", false);
		expect(levelsFrom(led, 40000)).toEqual(EXPECTED.glow);
		led.set("sos", true);
		expect(levelsFrom(led, 50000)).toEqual(EXPECTED.sos);
	});

	test("a lower condition coming and going does not disturb the one showing", () => {
		const led = new StatusLed();
		led.set("sos", true);
		led.tick(0);
		led.tick(200);
		led.set("warning", true);
		expect(led.tick(350)).toBe(32); // sos's second dot, not a restart
		led.set("warning", false);
		expect(led.tick(500)).toBe(0);
	});

	test("telegrams during a warning are dropped, not shown afterwards", () => {
		const led = new StatusLed();
		led.set("warning", true);
		led.tick(0);
		led.telegram();
		led.tick(10);
		led.telegram();
		led.set("warning", false);
		expect([20, 70, 120].map((t) => led.tick(t))).toEqual([4, 4, 4]);
	});

	test("a one-shot preempts sos, which then starts again where the one-shot ended", () => {
		const led = new StatusLed();
		led.set("sos", true);
		expect(led.tick(0)).toBe(32);
		expect(led.tick(1000)).toBe(0); // the gap after the first s
		expect(led.say("e")).toBe(true); // e: one 150 ms dot at 16, then 1050 ms dark
		expect(led.busy).toBe(true);
		expect([1010, 1159, 1160, 2209].map((t) => led.tick(t))).toEqual([16, 16, 0, 0]);
		expect([2210, 2359, 2360, 2510].map((t) => led.tick(t))).toEqual([32, 32, 0, 32]); // sos from 2210
		expect(led.busy).toBe(false);
	});

	test("a late tick: the one-shot's end, not the tick, is where the preempted pattern restarts", () => {
		const led = new StatusLed();
		led.set("sos", true);
		led.tick(0);
		led.say("e");
		led.tick(1010); // the one-shot starts: it ends at 1010 + 1200 = 2210
		expect(led.tick(2500)).toBe(0); // 290 ms into sos: the first gap
		expect(led.tick(2520)).toBe(32); // 310 ms: the second dot
	});

	test("one-shots play in order, back to back, then the glow", () => {
		const led = new StatusLed();
		led.play(BOOT_FADE);
		led.say("hi");
		expect([0, 500, 1000, 1500].map((t) => led.tick(t))).toEqual([0, 8, 16, 8]);
		expect([2000, 2149, 2150, 2300, 3049, 3050, 3500, 3650].map((t) => led.tick(t))).toEqual([
			16, 16, 0, 16, 16, 0, 16, 0,
		]);
		// h = 4 dots over 1050 ms (2000..3050), letter gap to 3500, i 3500..3950, word gap to 5000
		expect([4999, 5000].map((t) => led.tick(t))).toEqual([0, 4]);
		expect(led.busy).toBe(false);
	});

	test("the queue holds QUEUE_SIZE one-shots; clear() drops them all", () => {
		const led = new StatusLed();
		for (let i = 0; i < QUEUE_SIZE; i++) expect(led.say("e")).toBe(true);
		expect(led.say("e")).toBe(false);
		led.tick(0);
		led.clear();
		expect(led.busy).toBe(false);
		expect(led.tick(10)).toBe(4);
		expect(led.say("t")).toBe(true);
		expect(led.tick(20)).toBe(16);
	});

	test("bad input: RangeError, and nothing changes", () => {
		const led = new StatusLed();
		expect(() => led.play(SOS)).toThrow(new RangeError("a one-shot must end"));
		expect(() => led.set("party" as LedCondition, true)).toThrow(new RangeError('unknown led condition "party"'));
		expect(() => led.isSet("party" as LedCondition)).toThrow(RangeError);
		expect(() => led.say("ü")).toThrow(RangeError);
		expect(led.busy).toBe(false);
		expect(led.tick(0)).toBe(4);
		for (const maxDuty of [0, 1.5, -1, Infinity, NaN])
			expect(() => new StatusLed({ maxDuty })).toThrow(new RangeError("bad max duty"));
	});

	test("duty scaled to the host's PWM: 10 bits", () => {
		const led = new StatusLed({ maxDuty: 1023 });
		expect(led.tick(0)).toBe(16); // 4 * 1023 / 255 = 16.05
		led.set("sos", true);
		expect(led.tick(10)).toBe(128); // 32 * 1023 / 255 = 128.38
		led.set("sos", false);
		led.say("e");
		expect(led.tick(20)).toBe(64); // 16 * 1023 / 255 = 64.19
	});

	test("a clock that steps back counts as standing still", () => {
		const led = new StatusLed();
		led.set("sos", true);
		led.tick(0);
		expect(led.tick(200)).toBe(0);
		expect(led.tick(100)).toBe(0); // not 32, which 100 ms would give
		expect(led.tick(300)).toBe(32);
	});
});
