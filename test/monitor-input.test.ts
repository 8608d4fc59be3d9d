// The monitor fed what a faulty meter or line might send (issue 8): one telegram with values no
// household connection can carry must not move a quarter's average or the month's peak, and a
// telegram that lost its CRC is dropped; both are counted.

import { defaultConfig } from "../src/core/config/schema";
import { crc16 } from "../src/core/dsmr/crc16";
import { Monitor } from "../src/core/monitor";
import type { QuarterRecord } from "../src/core/quarters/records";
import { SimMeter } from "../src/sim/meter";
import { MemoryStore } from "./helpers/memory-store";

const START = Date.UTC(2026, 0, 14, 17, 0); // 18:00 Brussels, a quarter's start
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

function monitor(quarters: QuarterRecord[], sd = new MemoryStore()): Monitor {
	const m = new Monitor({
		sd,
		state: new MemoryStore(),
		log: { info: () => {}, warn: () => {} },
		config: defaultConfig,
		now: () => 0,
		onQuarter: (q) => quarters.push(q),
	});
	m.start();
	return m;
}

/** One object's value replaced, the CRC made valid again. */
function withValue(bytes: Uint8Array, obis: string, groups: string): Uint8Array {
	const t = text(bytes);
	const body = t
		.slice(0, t.lastIndexOf("!") + 1)
		.replace(new RegExp(`^${obis.replace(/\./g, "\\.")}\\(.*$`, "m"), obis + groups + "\r");
	return bytesOf(body + crc16(bytesOf(body)).toString(16).toUpperCase().padStart(4, "0") + "\r\n");
}

/** 16 minutes from START, telegram `at` changed by `change`: the first quarter closes. */
function run(change?: (t: Uint8Array) => Uint8Array, at = 300): { m: Monitor; quarters: QuarterRecord[] } {
	const quarters: QuarterRecord[] = [];
	const m = monitor(quarters);
	const meter = new SimMeter({ start: START, seed: 3 });
	for (let i = 0; i < 16 * 60; i++) {
		const t = meter.next();
		m.push(i === at && change ? change(t) : t);
	}
	return { m, quarters };
}

test("a telegram with 1.7.0 and 1.6.0 at 99,999 kW changes neither the quarter's average nor the month's peak", () => {
	const clean = run();
	const faulty = run((t) =>
		withValue(withValue(t, "1-0:1.7.0", "(99999.000*kW)"), "1-0:1.6.0", "(260114180000W)(99999.000*kW)"),
	);
	expect(faulty.quarters.length).toBe(1);
	expect(faulty.quarters[0].consumed_power_avg).toBe(clean.quarters[0].consumed_power_avg);
	expect(faulty.quarters[0].consumed_power_avg).toBeLessThan(20_000);
	expect(faulty.m.monthPeak()).toEqual(clean.m.monthPeak());
	expect(faulty.m.status()).toEqual(clean.m.status());
	expect(faulty.m.counters.rejectedValues).toBe(2);
	expect(clean.m.counters.rejectedValues).toBe(0);
	expect(faulty.m.counters.telegrams).toBe(16 * 60);
});

test("a telegram whose CRC digits are missing is dropped and counted", () => {
	const clean = run();
	const faulty = run((t) => bytesOf(text(t).replace(/!([0-9A-F]{4})/, "!")));
	expect(faulty.m.counters.crcMissing).toBe(1);
	expect(faulty.m.counters.crcErrors).toBe(0);
	expect(faulty.m.counters.telegrams).toBe(16 * 60 - 1);
	expect(clean.m.counters.crcMissing).toBe(0);
});

// The telegram stamped on a quarter's end carries the meter's figures for it (architecture: "the
// meter's month peak is taken from the telegram that ends a quarter"): 00:00:00 ends January's last
// quarter, and from 00:00:01 this meter moves January into 98.1.0, whose entry wins.
test.each([
	["00:00:00, the board losing power right after it", 601],
	["00:00:00, the meter moving January into 98.1.0 a second later", 1200],
])("99,999 kW in 1.6.0 at %s: the month's and the year's summaries are those of a run without it", (_, count) => {
	const start = Date.UTC(2026, 0, 31, 22, 50); // 23:50 Brussels
	const at = 600;
	const summaries = (change?: (t: Uint8Array) => Uint8Array) => {
		const sd = new MemoryStore();
		const m = monitor([], sd);
		const meter = new SimMeter({ start, seed: 3 });
		for (let i = 0; i < count; i++) {
			const t = meter.next();
			if (i === at) expect(text(t)).toMatch(/^0-0:1\.0\.0\(260201000000W\)/m);
			m.push(i === at && change ? change(t) : t);
		}
		const files = [...sd.files.keys()].filter((f) => f.startsWith("/meter/2026/") && !/\d{4}[SW]\.json$/.test(f));
		return { m, text: files.map((f) => [f, sd.read(f)]) };
	};
	const clean = summaries();
	const faulty = summaries((t) => withValue(t, "1-0:1.6.0", "(260131234500W)(99999.000*kW)"));
	const names = clean.text.map(([f]) => f);
	expect(names).toEqual(expect.arrayContaining(["/meter/2026/01/month.json", "/meter/2026/year.json"]));
	expect(faulty.text).toEqual(clean.text);
	expect(JSON.stringify(faulty.text)).not.toContain("99999");
	expect(faulty.m.counters.rejectedValues).toBe(1);
});
