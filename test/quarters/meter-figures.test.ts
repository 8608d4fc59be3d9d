// The meter's own figures of a closed quarter (1-0:1.4.0 and 1-0:1.6.0) come from the telegram
// stamped on the quarter's end: that one reports the whole quarter. Expected values are
// recomputed here from the power profile fed to the fake meter, quarter by quarter.

import { QuarterEngine } from "../../src/core/quarters/engine";
import { quarterName } from "../../src/core/quarters/quarter-id";
import type { QuarterRecord } from "../../src/core/quarters/records";
import type { MonthRoll } from "./helpers";
import { FakeMeter, local, Q } from "./helpers";

/** Watts drawn in the second ending at `t` (UTC ms): a base with ripple, and `bumps` (quarter start -> W) on top. */
function profile(bumps: Map<number, number>): (t: number) => number {
	return (t) => 600 + ((t / 1000) % 13) * 17 + (bumps.get(Math.floor((t - 1000) / Q) * Q) ?? 0);
}

interface Expected {
	demand: number;
	peak: number;
}

/** What the meter reports at each quarter end, from the profile alone: floor(energy / 900 s), and the running month maximum. */
function expectedFigures(
	power: (t: number) => number,
	from: number,
	to: number,
	monthOf: (t: number) => string,
): Map<number, Expected> {
	const out = new Map<number, Expected>();
	let month = "",
		peak = -1;
	for (let q = from; q < to; q += Q) {
		let ws = 0;
		for (let t = q + 1000; t <= q + Q; t += 1000) ws += power(t);
		const demand = Math.floor(ws / 900);
		if (monthOf(q) !== month) {
			month = monthOf(q);
			peak = -1;
		}
		peak = Math.max(peak, demand);
		out.set(q, { demand, peak });
	}
	return out;
}

function feed(
	engine: QuarterEngine,
	meter: FakeMeter,
	power: (t: number) => number,
	until: number,
	lost?: (t: number) => boolean,
): void {
	while (meter.t < until) {
		const r = meter.tick(power(meter.t + 1000));
		if (!lost?.(r.time)) engine.update(r);
	}
}

function collect(): { engine: QuarterEngine; records: QuarterRecord[] } {
	const records: QuarterRecord[] = [];
	return { engine: new QuarterEngine({ onQuarterClosed: (r) => records.push(r) }), records };
}

const brusselsMonth = (t: number) => new Date(t + 3600000).toISOString().slice(0, 7); // UTC+1 decides October/November here

describe.each<MonthRoll>(["after", "on"])("meter figures of a quarter, month rolled %s 00:00:00", (roll) => {
	test("a month end with the peak in the month's last quarter", () => {
		const from = local(2026, 10, 31, 22, 0),
			to = local(2026, 11, 1, 1, 0);
		const bumps = new Map([
			[local(2026, 10, 31, 22, 30), 4400],
			[local(2026, 10, 31, 23, 45), 8400],
			[local(2026, 11, 1, 0, 15), 1500],
		]);
		const power = profile(bumps);
		const { engine, records } = collect();
		const meter = new FakeMeter(from - 1000, 5000000, 100000, roll);
		feed(engine, meter, power, to);
		const expected = expectedFigures(power, from, to, brusselsMonth);
		expect(records.length).toBe(expected.size);
		for (const r of records) {
			const e = expected.get(Date.parse(r.start))!;
			expect([quarterName(r.quarter_id), r.meter_demand_w, r.meter_month_peak_w]).toEqual([
				quarterName(r.quarter_id),
				e.demand,
				e.peak,
			]);
		}
		// the month's final peak, set in its last quarter, is the one the 23:45 quarter carries
		const last = records.find((r) => Date.parse(r.end) === local(2026, 11, 1))!;
		expect(last.meter_month_peak_w).toBe(expected.get(local(2026, 10, 31, 23, 45))!.peak);
		expect(last.meter_month_peak_w).toBeGreaterThan(8400);
	});

	test("the autumn DST night: the repeated hour's quarters each get their own figures", () => {
		const from = local(2026, 10, 25, 1, 0, 0, true),
			to = local(2026, 10, 25, 4, 0, 0, false);
		const bumps = new Map([
			[local(2026, 10, 25, 2, 15, 0, true), 3000],
			[local(2026, 10, 25, 2, 15, 0, false), 5200],
		]);
		const power = profile(bumps);
		const { engine, records } = collect();
		const meter = new FakeMeter(from - 1000, 5000000, 100000, roll);
		feed(engine, meter, power, to);
		const expected = expectedFigures(power, from, to, () => "2026-10");
		expect(records.map((r) => quarterName(r.quarter_id)).slice(4, 13)).toEqual([
			"0200S",
			"0215S",
			"0230S",
			"0245S",
			"0200W",
			"0215W",
			"0230W",
			"0245W",
			"0300W",
		]);
		for (const r of records) {
			const e = expected.get(Date.parse(r.start))!;
			expect([quarterName(r.quarter_id), r.meter_demand_w, r.meter_month_peak_w]).toEqual([
				quarterName(r.quarter_id),
				e.demand,
				e.peak,
			]);
		}
	});
});

describe("meter figures when the telegram on the end is lost", () => {
	const from = local(2026, 3, 10, 9, 0);
	const power = profile(new Map([[local(2026, 3, 10, 9, 15), 2000]])); // the 09:15 quarter sets the month's peak

	function runLosing(lost: (t: number) => boolean): QuarterRecord[] {
		const { engine, records } = collect();
		const meter = new FakeMeter(from - 1000, 5000000, 100000, "after");
		feed(engine, meter, power, local(2026, 3, 10, 9, 45), lost);
		return records;
	}

	/** The meter's 1.4.0 and 1.6.0 in the telegram stamped `t`, recomputed from the profile. */
	function meterAt(t: number): { demand: number; peak: number } {
		const q = Math.floor((t - 1000) / Q) * Q; // the quarter the second before t belongs to
		let ws = 0;
		for (let s = q + 1000; s <= t; s += 1000) ws += power(s);
		const quarters = expectedFigures(power, from, q, () => "2026-03");
		let peak = -1;
		for (const e of quarters.values()) peak = Math.max(peak, e.demand);
		if (t === q + Q) peak = Math.max(peak, Math.floor(ws / 900));
		return { demand: Math.floor(ws / 900), peak };
	}

	test("the nearer telegram before the end: its 1.4.0 (a little short) and its 1.6.0", () => {
		const end = local(2026, 3, 10, 9, 30);
		const records = runLosing((t) => t >= end - 1000 && t <= end + 2000); // 09:29:59 .. 09:30:02 lost
		const r = records[1];
		expect(r.meter_demand_w).toBe(meterAt(end - 2000).demand);
		expect(r.meter_month_peak_w).toBe(meterAt(end - 2000).peak);
	});

	test("the nearer telegram after the end: its 1.6.0 (which counts the quarter), but never its 1.4.0", () => {
		const end = local(2026, 3, 10, 9, 30);
		const records = runLosing((t) => t >= end - 3000 && t <= end); // 09:29:57 .. 09:30:00 lost
		const r = records[1];
		expect(r.meter_month_peak_w).toBe(meterAt(end).peak); // the 09:30:01 telegram shows the peak this quarter set
		expect(r.meter_month_peak_w).toBeGreaterThan(2600);
		expect(r.meter_demand_w).toBe(meterAt(end - 4000).demand); // 09:29:56: 1.4.0 after the end is the next quarter's
	});

	test("nothing within 5 s of the end: missing, like the end register", () => {
		const end = local(2026, 3, 10, 9, 30);
		const records = runLosing((t) => t >= end - 6000 && t <= end + 6000);
		const r = records[1];
		expect(r.end_consumed_wh).toBeNull();
		expect(r.meter_demand_w).toBeNull();
		expect(r.meter_month_peak_w).toBeNull();
	});
});
