import { DeviceStatus } from "../../src/core/status/device-status";

interface Harness {
	status: DeviceStatus;
	calls: [number, string][];
	now: number;
}

function harness(onShort?: (h: Harness) => void, eraseThrows = false): Harness {
	const h: Harness = { status: undefined as unknown as DeviceStatus, calls: [], now: 0 };
	h.status = new DeviceStatus({
		onErase: () => {
			h.calls.push([h.now, "erase"]);
			if (eraseThrows) throw new Error("flash write failed");
		},
		onRestart: () => h.calls.push([h.now, "restart"]),
		onShortPress: () => {
			h.calls.push([h.now, "short"]);
			if (onShort) onShort(h);
		},
	});
	return h;
}

/** Ticks every 10 ms from `from` to `to` inclusive with the button as `pressed(t)`; the duty at each tick, by time. */
function run(h: Harness, from: number, to: number, pressed: (t: number) => boolean): Map<number, number> {
	const duty = new Map<number, number>();
	for (let t = from; t <= to; t += 10) {
		h.now = t;
		duty.set(t, h.status.tick(t, pressed(t)));
	}
	return duty;
}

const between = (a: number, b: number) => (t: number) => t >= a && t < b;
const never = () => false;

describe("DeviceStatus", () => {
	test("power-on fade, then hi when started, then the glow", () => {
		const h = harness();
		const d1 = run(h, 0, 1990, never);
		expect([0, 500, 1000, 1500].map((t) => d1.get(t))).toEqual([0, 8, 16, 8]);
		h.status.started();
		const d2 = run(h, 2000, 6000, never);
		expect([2000, 2140, 2150, 4990, 5000, 6000].map((t) => d2.get(t))).toEqual([16, 16, 0, 0, 4, 4]); // hi: 3 s from 2000
	});

	test("held 20 s: keep-holding blink from 5 s, erase at 20 s, bye, restart when bye is over", () => {
		const h = harness();
		const d = run(h, 0, 45000, between(10000, 40000));
		expect([9000, 14990].map((t) => d.get(t))).toEqual([4, 4]);
		expect([15000, 15090, 15100, 15200, 29990].map((t) => d.get(t))).toEqual([32, 32, 0, 32, 0]); // 100 on / 100 off from 15 s
		// bye at 150 ms a unit: b -... (dash 30000-30450, dots at 30600, 30900, 31200), letter gap,
		// y -.-- 31800-33750, letter gap, e 34200-34350, word gap; 9 + 3 + 13 + 3 + 1 + 7 = 36 units = 5.4 s.
		expect([30000, 30440, 30450, 30600, 30750, 31800, 34200, 34350, 35390, 35400].map((t) => d.get(t))).toEqual([
			16, 16, 0, 16, 0, 16, 16, 0, 0, 4,
		]);
		expect(h.calls).toEqual([
			[30000, "erase"],
			[35400, "restart"],
		]);
	});

	test("let go after the blink started: back to the glow, nothing erased", () => {
		const h = harness();
		const d = run(h, 0, 20000, between(10000, 16000));
		expect(d.get(15000)).toBe(32);
		expect([16050, 16100, 20000].map((t) => d.get(t))).toEqual([4, 4, 4]);
		expect(h.calls).toEqual([]);
	});

	test("a short press reaches the host, which can answer in Morse", () => {
		const h = harness((hh) => hh.status.led.say("4"));
		const d = run(h, 0, 15000, between(10000, 10300));
		expect(h.calls).toEqual([[10350, "short"]]);
		// 4 = ....- from 10350: dots at 0, 300, 600, 900 ms, the dash at 1200-1650 ms
		expect([10340, 10350, 10500, 10650, 11250, 11450, 11560, 11990, 12000].map((t) => d.get(t))).toEqual([
			4, 16, 0, 16, 16, 0, 16, 16, 0,
		]);
	});

	test("an erase that fails: the error reaches the host, no bye, no restart", () => {
		const h = harness(undefined, true);
		expect(() => run(h, 0, 25000, between(1000, 25000))).toThrow("flash write failed");
		const d = run(h, 21010, 30000, never);
		expect(h.calls).toEqual([[21000, "erase"]]);
		expect(d.get(30000)).toBe(4);
	});
});
