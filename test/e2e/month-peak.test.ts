// The meter's month peak (1-0:1.6.0, then 0-0:98.1.0) in month.json and in the month column of
// year.json, with a Monitor fed telegram bytes: after every telegram the summaries must hold what
// the meter has reported for that month so far. The expected peaks are recomputed here from the
// power profile, quarter by quarter, the way a Fluvius meter forms them.

import { defaultConfig } from "../../src/core/config/schema";
import { Monitor } from "../../src/core/monitor";
import { MemoryStore } from "../helpers/memory-store";
import type { MonthRoll } from "../quarters/helpers";
import { brusselsParts, FakeMeter, local, Q } from "../quarters/helpers";

const log = { info: () => {}, warn: () => {} };

/** Watts in the second ending at `t`: a base with ripple, plus `bumps` (quarter start -> W) in those quarters. */
function profile(bumps: Map<number, number>): (t: number) => number {
	return (t) => 500 + ((t / 1000) % 7) * 23 + (bumps.get(Math.floor((t - 1000) / Q) * Q) ?? 0);
}

function monthOf(t: number): string {
	const [y, m] = brusselsParts(t);
	return y + "-" + String(m).padStart(2, "0");
}

const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");

/** Per month, the meter's peak after each quarter end: floor(quarter energy / 900 s), the first highest wins. */
class MeterModel {
	readonly peaks = new Map<string, { w: number; end: number }>();

	constructor(private power: (t: number) => number) {}

	quarterEnded(end: number): void {
		let ws = 0;
		for (let t = end - Q + 1000; t <= end; t += 1000) ws += this.power(t);
		const w = Math.floor(ws / 900);
		const month = monthOf(end - Q);
		const held = this.peaks.get(month);
		if (!held || w > held.w) this.peaks.set(month, { w, end });
	}
}

interface Rig {
	sd: MemoryStore;
	monitor: Monitor;
	meter: FakeMeter;
	model: MeterModel;
	power: (t: number) => number;
}

function rig(from: number, roll: MonthRoll, power: (t: number) => number): Rig {
	const sd = new MemoryStore();
	const monitor = new Monitor({ sd, state: new MemoryStore(), log, config: defaultConfig, now: () => 0 });
	monitor.start();
	return { sd, monitor, meter: new FakeMeter(from - 1000, 6000000, 0, roll), model: new MeterModel(power), power };
}

function json(sd: MemoryStore, path: string): Record<string, unknown> | undefined {
	const text = sd.read(path);
	return text === undefined ? undefined : JSON.parse(text);
}

/** Every month summary on the card against the model, and the month's entry in year.json. */
function checkSummaries(r: Rig): void {
	for (const [month, peak] of r.model.peaks) {
		const [y, m] = month.split("-");
		const summary = json(r.sd, `/meter/${y}/${m}/month.json`);
		if (!summary) continue; // no quarter of that month stored yet
		const at = `${month} at ${iso(r.meter.t)}`;
		expect([at, summary.meter_peak_w, summary.meter_peak_time]).toEqual([at, peak.w, iso(peak.end)]);
		const year = json(r.sd, `/meter/${y}/year.json`)!;
		const i = (year.month as number[]).indexOf(Number(m));
		expect([at, (year.month_meter_peak_w as number[])[i], (year.month_meter_peak_time as string[])[i]]).toEqual([
			at,
			peak.w,
			iso(peak.end),
		]);
	}
}

/** One telegram a second up to `until`, checking the summaries after each. */
function run(r: Rig, until: number): void {
	const first = r.meter.t + 1000; // the meter was switched on a second before: it has no whole quarter before this one
	let writes = r.sd.writes; // after a gap the clock guard holds the first telegrams: nothing is taken in before a write
	while (r.meter.t < until) {
		const w = r.power(r.meter.t + 1000);
		r.meter.tick(w);
		r.monitor.push(r.meter.telegram(w));
		const ended = r.meter.t % Q === 0 && r.meter.t > first;
		if (ended) r.model.quarterEnded(r.meter.t);
		if (ended || r.sd.writes !== writes) checkSummaries(r); // nothing else can change either side
		writes = r.sd.writes;
	}
}

function summary(r: Rig, path: string): Record<string, unknown> {
	return json(r.sd, path)!;
}

describe.each<MonthRoll>(["after", "on"])(
	"the meter's month peak in the summaries, month rolled %s 00:00:00",
	(roll) => {
		test("a month whose peak falls in its very last quarter", () => {
			const from = local(2026, 10, 31, 21, 0),
				to = local(2026, 11, 1, 0, 50);
			const last = local(2026, 10, 31, 23, 45);
			const power = profile(
				new Map([
					[local(2026, 10, 31, 22, 0), 4500],
					[last, 8500],
					[local(2026, 11, 1, 0, 15), 1200],
				]),
			);
			const r = rig(from, roll, power);
			run(r, to);
			// spelled out for the case that was wrong for good: October's summary holds the last quarter's peak
			const october = r.model.peaks.get("2026-10")!;
			expect(october.end).toBe(local(2026, 11, 1));
			expect(october.w).toBeGreaterThan(9000);
			expect(summary(r, "/meter/2026/10/month.json").meter_peak_w).toBe(october.w);
			const year = summary(r, "/meter/2026/year.json");
			expect(year.month).toEqual([10, 11]);
			expect(year.month_meter_peak_w).toEqual([october.w, r.model.peaks.get("2026-11")!.w]);
			expect(year.month_meter_peak_time).toEqual([iso(local(2026, 11, 1)), iso(local(2026, 11, 1, 0, 30))]);
		});

		test("a peak set in the repeated hour of the autumn DST night", () => {
			const from = local(2026, 10, 25, 1, 0, 0, true),
				to = local(2026, 10, 25, 3, 35, 0, false);
			const winterPass = local(2026, 10, 25, 2, 15, 0, false);
			const power = profile(
				new Map([
					[local(2026, 10, 25, 2, 15, 0, true), 2500],
					[winterPass, 4100],
				]),
			);
			const r = rig(from, roll, power);
			run(r, winterPass + Q + 2000); // the summaries right after the peak quarter closed
			run(r, to);
			const peak = r.model.peaks.get("2026-10")!;
			expect(peak.end).toBe(winterPass + Q); // 02:30 winter time, 01:30 UTC
			expect(summary(r, "/meter/2026/10/month.json").meter_peak_time).toBe("2026-10-25T01:30:00Z");
			expect(r.sd.read("/meter/2026/10/25/0215W.json")).toContain(`"meter_month_peak_w":${peak.w}`);
			expect(r.sd.read("/meter/2026/10/25/0215S.json")).not.toContain(`"meter_month_peak_w":${peak.w}`);
		});

		test("a month end with a gap over midnight: the summary follows the meter's 98.1.0", () => {
			const from = local(2026, 6, 30, 22, 0),
				to = local(2026, 7, 1, 1, 0);
			const power = profile(
				new Map([
					[local(2026, 6, 30, 23, 0), 3000],
					[local(2026, 6, 30, 23, 45), 5000],
				]),
			);
			const r = rig(from, roll, power);
			run(r, local(2026, 6, 30, 23, 40));
			// the monitor hears nothing from 23:40 to 00:20; the meter goes on and rolls the month
			while (r.meter.t < local(2026, 7, 1, 0, 20)) {
				r.meter.skip(1, power(r.meter.t + 1000));
				if (r.meter.t % Q === 0) r.model.quarterEnded(r.meter.t);
			}
			run(r, to);
			const june = r.model.peaks.get("2026-06")!;
			expect(june.end).toBe(local(2026, 7, 1));
			expect(summary(r, "/meter/2026/06/month.json").meter_peak_w).toBe(june.w);
		});
	},
);

test("boot corrects a month summary an older firmware left a quarter behind the meter", () => {
	const from = local(2026, 10, 31, 21, 0);
	const last = local(2026, 10, 31, 23, 45);
	const power = profile(
		new Map([
			[local(2026, 10, 31, 22, 0), 4500],
			[last, 8500],
		]),
	);
	const state = new MemoryStore();
	const sd = new MemoryStore();
	const monitor = new Monitor({ sd, state, log, config: defaultConfig, now: () => 0 });
	monitor.start();
	const r: Rig = {
		sd,
		monitor,
		meter: new FakeMeter(from - 1000, 6000000, 0, "after"),
		model: new MeterModel(power),
		power,
	};
	run(r, local(2026, 11, 1, 0, 20));
	monitor.close();
	// what the old firmware left: October's summaries with the peak before the last quarter
	const before = new MeterModel(power);
	for (let end = from + Q; end < last + Q; end += Q) before.quarterEnded(end);
	const stale = before.peaks.get("2026-10")!;
	const month = summary(r, "/meter/2026/10/month.json");
	const year = summary(r, "/meter/2026/year.json");
	sd.write(
		"/meter/2026/10/month.json",
		JSON.stringify({ ...month, meter_peak_w: stale.w, meter_peak_time: iso(stale.end) }),
	);
	sd.write(
		"/meter/2026/year.json",
		JSON.stringify({
			...year,
			month_meter_peak_w: [stale.w, ...(year.month_meter_peak_w as number[]).slice(1)],
			month_meter_peak_time: [iso(stale.end), ...(year.month_meter_peak_time as string[]).slice(1)],
		}),
	);
	expect(stale.w).toBeLessThan(r.model.peaks.get("2026-10")!.w);

	const warnings: string[] = [];
	const again = new Monitor({
		sd,
		state,
		log: { info: () => {}, warn: (w) => warnings.push(w) },
		config: defaultConfig,
		now: () => 0,
	});
	const report = again.start();
	expect(report.actions).toContain("meter peak of 2026-10 corrected in its summaries");
	checkSummaries(r);
	expect(summary(r, "/meter/2026/10/month.json").meter_peak_w).toBe(r.model.peaks.get("2026-10")!.w);
});
