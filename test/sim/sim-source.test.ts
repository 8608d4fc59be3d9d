import { SimSource } from "../../src/hosts/node/sim-source";
import { SimMeter } from "../../src/sim/meter";
import { read, value } from "./reader";

const START = Date.parse("2026-03-10T08:00:00+01:00");

/** Splits a byte stream back into telegrams (from '/' through the CRC line). */
function telegrams(chunks: Uint8Array[]): string[] {
	const text = Buffer.concat(chunks).toString("latin1");
	return text.split(/(?=\/FLU5)/).filter((t) => t.length > 0);
}

describe("SimSource with fake timers", () => {
	beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
	afterEach(() => jest.useRealTimers());

	test("speed 1 delivers one telegram per real second, starting at `start`", () => {
		const chunks: Uint8Array[] = [];
		const source = new SimSource({ start: START, seed: 4 });
		source.start((c) => chunks.push(Uint8Array.from(c)));
		expect(chunks.length).toBe(1); // the first telegram comes at once
		jest.advanceTimersByTime(10_000);
		const list = telegrams(chunks);
		expect(list.length).toBeGreaterThanOrEqual(10);
		expect(list.length).toBeLessThanOrEqual(11);
		const stamps = list.map((t) => value(read(new Uint8Array(Buffer.from(t, "latin1"))), "0-0:1.0.0"));
		expect(stamps[0]).toBe("260310080000W");
		expect(stamps[list.length - 1]).toBe(`2603100800${String(list.length - 1).padStart(2, "0")}W`);
		expect(source.time).toBe(START + (list.length - 1) * 1000);
		source.close();
		source.close(); // idempotent
		jest.advanceTimersByTime(10_000);
		expect(telegrams(chunks).length).toBe(list.length);
	});

	test("speed 60 runs a simulated minute per real second, in batches", () => {
		let count = 0;
		const source = new SimSource({ start: START, speed: 60 });
		source.start(() => count++);
		jest.advanceTimersByTime(10_000);
		expect(count).toBeGreaterThanOrEqual(595);
		expect(count).toBeLessThanOrEqual(601);
		expect(source.time).toBe(START + (count - 1) * 1000);
		source.close();
	});

	test("speed 3600 runs a simulated hour per real second", () => {
		let count = 0;
		const source = new SimSource({ start: START, speed: 3600 });
		source.start(() => count++);
		jest.advanceTimersByTime(2_000);
		expect(count).toBeGreaterThanOrEqual(7100);
		expect(count).toBeLessThanOrEqual(7201);
		source.close();
	});

	test("end stops the source and calls onEnd once", () => {
		const onEnd = jest.fn();
		let count = 0;
		const source = new SimSource({ start: START, speed: 100, end: START + 99_000, onEnd });
		source.start(() => count++);
		jest.advanceTimersByTime(60_000);
		expect(onEnd).toHaveBeenCalledTimes(1);
		expect(count).toBe(100);
		expect(source.time).toBe(START + 99_000);
	});
});

describe("SimSource in real time", () => {
	test("max speed delivers the same telegrams as the meter, cut into UART-sized chunks, and lets the event loop run", async () => {
		const chunks: Uint8Array[] = [];
		let yielded = false;
		const done = new Promise<void>((resolve) => {
			const source = new SimSource({
				start: START,
				seed: 9,
				speed: "max",
				chunks: { min: 1, max: 64 },
				end: START + 9_999_000,
				onEnd: resolve,
			});
			source.start((c) => chunks.push(Uint8Array.from(c)));
			setImmediate(() => (yielded = source.time < START + 9_999_000));
		});
		await done;
		expect(yielded).toBe(true); // an immediate queued after start() ran before the source finished
		expect(chunks.reduce((m, c) => Math.max(m, c.length), 0)).toBeLessThanOrEqual(64);
		expect(new Set(chunks.map((c) => c.length)).size).toBeGreaterThan(30);
		const got = telegrams(chunks);
		expect(got.length).toBe(10_000);
		const meter = new SimMeter({ start: START, seed: 9 });
		for (let i = 0; i < got.length; i += 997) {
			for (let k = i === 0 ? 0 : i - 996; k < i; k++) meter.next();
			expect(got[i]).toBe(Buffer.from(meter.next()).toString("latin1"));
		}
	});

	test("any start: just before the autumn DST change", async () => {
		const stamps: string[] = [];
		await new Promise<void>((resolve) => {
			const source = new SimSource({
				start: Date.parse("2026-10-25T02:59:58+02:00"),
				speed: "max",
				end: Date.parse("2026-10-25T02:00:01+01:00"),
				onEnd: resolve,
			});
			source.start((c) => stamps.push(value(read(c), "0-0:1.0.0")));
		});
		expect(stamps).toEqual(["261025025958S", "261025025959S", "261025020000W", "261025020001W"]);
	});

	test("rejects a speed that is not positive", () => {
		expect(() => new SimSource({ speed: 0 })).toThrow(RangeError);
		expect(() => new SimSource({ speed: -1 })).toThrow(RangeError);
	});
});
