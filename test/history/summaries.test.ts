import { History } from "../../src/core/history/history";
import { dayPath, monthPath, quarterPath, yearPath } from "../../src/core/history/paths";
import type { DaySummary, MonthSummary, YearSummary } from "../../src/core/history/summaries";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { utcToLocal } from "../../src/core/time/brussels";
import { MemoryStore } from "../helpers/memory-store";
import { localMidnight, monthPeak, QUARTER_MS, quarterRecord, rng, series } from "./factory";

function setup() {
	const sd = new MemoryStore();
	const state = new MemoryStore();
	return { sd, state, history: new History({ sd, state }) };
}

function json<T>(store: MemoryStore, path: string): T {
	const text = store.read(path);
	if (text === undefined) throw new Error("missing " + path);
	return JSON.parse(text) as T;
}

/** Independent expectations from the records themselves. */
function expectDay(d: DaySummary, records: QuarterRecord[]) {
	const sorted = records.slice().sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
	expect(d.quarter_id).toEqual(sorted.map((r) => r.quarter_id));
	expect(d.start_s).toEqual(sorted.map((r) => Date.parse(r.start) / 1000));
	expect(d.consumed_power_avg).toEqual(sorted.map((r) => r.consumed_power_avg));
	expect(d.energy_avg_w).toEqual(sorted.map((r) => r.energy_avg_w));
	expect(d.energy_produced_avg_w).toEqual(sorted.map((r) => r.energy_produced_avg_w));
	const known = sorted.filter((r) => r.energy_avg_w !== null);
	const importWh = known.reduce((s, r) => s + ((r.end_consumed_wh as number) - (r.begin_consumed_wh as number)), 0);
	const exportWh = known.reduce((s, r) => s + ((r.end_produced_wh as number) - (r.begin_produced_wh as number)), 0);
	expect(d.import_kwh).toBe(importWh / 1000);
	expect(d.export_kwh).toBe(exportWh / 1000);
	const peak = known.reduce<QuarterRecord | undefined>(
		(best, r) => (best === undefined || (r.energy_avg_w as number) > (best.energy_avg_w as number) ? r : best),
		undefined,
	);
	expect(d.peak_w).toBe(peak ? peak.energy_avg_w : null);
	expect(d.peak_quarter_id).toBe(peak ? peak.quarter_id : null);
	expect(d.peak_start_s).toBe(peak ? Date.parse(peak.start) / 1000 : null);
}

describe("quarter files", () => {
	test("hold the record as JSON with the original keys first", () => {
		const { sd, history } = setup();
		const r = series(localMidnight(2026, 1, 15), localMidnight(2026, 1, 15) + QUARTER_MS, 1).records[0];
		history.writeQuarter(r);
		const text = sd.read("/meter/2026/01/15/0000W.json")!;
		expect(JSON.parse(text)).toEqual(r);
		expect(Object.keys(JSON.parse(text)).slice(0, 7)).toEqual([
			"quarter_id",
			"consumed_power_avg",
			"begin_consumed_wh",
			"begin_produced_wh",
			"interval_secs",
			"consumed_power_interval_avgs",
			"produced_power_interval_avgs",
		]);
	});

	test("a record with an id the calendar does not have is refused before anything is written", () => {
		const { sd, state, history } = setup();
		const r = series(localMidnight(2026, 1, 15), localMidnight(2026, 1, 15) + QUARTER_MS, 1).records[0];
		expect(() => history.writeQuarter({ ...r, quarter_id: r.quarter_id | 0x80 })).toThrow(RangeError);
		expect(sd.files.size + state.files.size).toBe(0);
	});
});

describe("day summary", () => {
	test.each([
		["an ordinary day", 2026, 1, 15, 96],
		["the spring DST day 2026", 2026, 3, 29, 92],
		["the autumn DST day 2025", 2025, 10, 26, 100],
		["the autumn DST day 2026", 2026, 10, 25, 100],
		["the spring DST day 2025", 2025, 3, 30, 92],
	])("is correct over %s", (_name, y, m, d, count) => {
		const { sd, history } = setup();
		const s = series(localMidnight(y, m, d), localMidnight(y, m, d + 1), y * 100 + m);
		expect(s.records.length).toBe(count);
		for (const r of s.records) history.writeQuarter(r);
		const day = json<DaySummary>(sd, dayPath(y, m, d));
		expect(day.quarter_id.length).toBe(count);
		expectDay(day, s.records);
		// the registers across the day say the same as the sum of the quarters
		expect(day.import_kwh).toBe((s.lastImport - s.firstImport) / 1000);
		expect(day.export_kwh).toBe((s.lastExport - s.firstExport) / 1000);
		for (let i = 1; i < day.start_s.length; i++) expect(day.start_s[i] - day.start_s[i - 1]).toBe(900);
	});

	test("quarters written out of order and twice give the same files as in order", () => {
		const a = setup();
		const b = setup();
		const s = series(localMidnight(2025, 10, 26), localMidnight(2025, 10, 27), 7);
		for (const r of s.records) a.history.writeQuarter(r);
		const shuffled = s.records.slice();
		const rand = rng(3);
		for (let i = shuffled.length - 1; i > 0; i--) {
			const j = Math.floor(rand() * (i + 1));
			[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
		}
		for (const r of shuffled) b.history.writeQuarter(r);
		for (const r of shuffled.slice(0, 30)) b.history.writeQuarter(r);
		expect(b.sd.snapshot()).toEqual(a.sd.snapshot());
	});

	test("writing the same quarter again changes nothing and writes nothing", () => {
		const { sd, state, history } = setup();
		const s = series(localMidnight(2026, 6, 1), localMidnight(2026, 6, 1) + 8 * QUARTER_MS, 11);
		for (const r of s.records) history.writeQuarter(r);
		const before = sd.snapshot();
		const stateBefore = state.snapshot();
		sd.resetCounters();
		state.resetCounters();
		history.writeQuarter(s.records[3]);
		history.writeQuarter(s.records[7]);
		expect(sd.snapshot()).toEqual(before);
		expect(state.snapshot()).toEqual(stateBefore);
		expect(sd.writes + sd.renames + state.writes).toBe(0);
		// a fresh History over the same stores agrees
		new History({ sd, state }).writeQuarter(s.records[0]);
		expect(sd.writes).toBe(0);
	});

	test("a corrected quarter replaces its entry", () => {
		const { sd, history } = setup();
		const s = series(localMidnight(2026, 6, 1), localMidnight(2026, 6, 1) + 4 * QUARTER_MS, 12);
		for (const r of s.records) history.writeQuarter(r);
		const fixed = {
			...s.records[2],
			energy_avg_w: 99996,
			end_consumed_wh: (s.records[2].begin_consumed_wh as number) + 24999,
		};
		history.writeQuarter(fixed);
		const day = json<DaySummary>(sd, dayPath(2026, 6, 1));
		expectDay(day, [s.records[0], s.records[1], fixed, s.records[3]]);
		expect(day.peak_w).toBe(99996);
	});

	test("quarters without register data count nowhere but are listed", () => {
		const { sd, history } = setup();
		const s = series(
			localMidnight(2026, 2, 10),
			localMidnight(2026, 2, 11),
			5,
			1_000_000,
			200_000,
			(i) => i % 7 === 3 || (i >= 40 && i < 50),
		);
		for (const r of s.records) history.writeQuarter(r);
		const day = json<DaySummary>(sd, dayPath(2026, 2, 10));
		expect(day.energy_avg_w.filter((e) => e === null).length).toBe(
			s.records.filter((r) => r.energy_avg_w === null).length,
		);
		expectDay(day, s.records);
		expect(day.import_kwh).toBeLessThan((s.lastImport - s.firstImport) / 1000);
	});

	test("a day without any register data has no peak", () => {
		const { sd, history } = setup();
		const s = series(localMidnight(2026, 2, 10), localMidnight(2026, 2, 10) + 3 * QUARTER_MS, 5, 0, 0, () => true);
		for (const r of s.records) history.writeQuarter(r);
		const day = json<DaySummary>(sd, dayPath(2026, 2, 10));
		expect([day.import_kwh, day.export_kwh, day.peak_w, day.peak_quarter_id, day.peak_start_s]).toEqual([
			0,
			0,
			null,
			null,
			null,
		]);
	});
});

describe("month and year summaries", () => {
	test("a month (with its DST day) adds up from the inputs", () => {
		const { sd, history } = setup();
		const s = series(localMidnight(2026, 3, 1), localMidnight(2026, 4, 1), 2026);
		for (const r of s.records) history.writeQuarter(r);
		const month = json<MonthSummary>(sd, monthPath(2026, 3));
		expect(month.month).toBe("2026-03");
		expect(month.day).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
		expect(month.import_kwh).toBe((s.lastImport - s.firstImport) / 1000);
		expect(month.export_kwh).toBe((s.lastExport - s.firstExport) / 1000);
		for (let d = 1; d <= 31; d++) {
			const own = s.records.filter((r) => utcToLocal(Date.parse(r.start)).day === d);
			const day = json<DaySummary>(sd, dayPath(2026, 3, d));
			expectDay(day, own);
			expect(month.day_import_kwh[d - 1]).toBe(day.import_kwh);
			expect(month.day_export_kwh[d - 1]).toBe(day.export_kwh);
			expect(month.day_peak_w[d - 1]).toBe(day.peak_w);
			expect(month.day_peak_quarter_id[d - 1]).toBe(day.peak_quarter_id);
		}
		const peak = s.records.reduce((a, b) => ((b.energy_avg_w as number) > (a.energy_avg_w as number) ? b : a));
		expect(month.peak_w).toBe(peak.energy_avg_w);
		expect(month.peak_quarter_id).toBe(peak.quarter_id);
		expect(month.peak_start_s).toBe(Date.parse(peak.start) / 1000);
		expect(month.meter_peak_w).toBeNull();
		expect(json<DaySummary>(sd, dayPath(2026, 3, 29)).quarter_id.length).toBe(92);
	});

	test("a year adds up from the inputs, per month and in total", () => {
		const { sd, history } = setup();
		// every day of the year, a few quarters each (the first and last of the day, one at random)
		// so the test stays fast; registers still count on from quarter to quarter
		const rand = rng(99);
		const perMonth = new Map<number, { imp: number; exp: number; peak: number; peakId: number }>();
		let total = 0,
			imp = 5_000_000,
			exp = 1_000_000;
		const starts: number[] = [];
		for (let d = localMidnight(2025, 1, 1); d < localMidnight(2026, 1, 1); ) {
			const next = localMidnight(utcToLocal(d).year, utcToLocal(d).month, utcToLocal(d).day + 1);
			const quarters = (next - d) / QUARTER_MS;
			starts.push(d, d + (1 + Math.floor(rand() * (quarters - 2))) * QUARTER_MS, next - QUARTER_MS);
			d = next;
		}
		expect(starts.length).toBe(365 * 3);
		for (const t of starts) {
			const importWh = Math.floor(rand() * 1200);
			const exportWh = Math.floor(rand() * 300);
			const r = quarterRecord({ startMs: t, beginImport: imp, beginExport: exp, importWh, exportWh });
			history.writeQuarter(r);
			imp += importWh;
			exp += exportWh;
			total += importWh;
			const mo = utcToLocal(t).month;
			const e = perMonth.get(mo) ?? { imp: 0, exp: 0, peak: -1, peakId: 0 };
			e.imp += importWh;
			e.exp += exportWh;
			if (importWh * 4 > e.peak) {
				e.peak = importWh * 4;
				e.peakId = r.quarter_id;
			}
			perMonth.set(mo, e);
		}
		const year = json<YearSummary>(sd, yearPath(2025));
		expect(year.month).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		expect(year.import_kwh).toBe(total / 1000);
		expect(year.export_kwh).toBe((exp - 1_000_000) / 1000);
		let best = { peak: -1, peakId: 0 };
		for (let mo = 1; mo <= 12; mo++) {
			const e = perMonth.get(mo)!;
			expect(year.month_import_kwh[mo - 1]).toBe(e.imp / 1000);
			expect(year.month_export_kwh[mo - 1]).toBe(e.exp / 1000);
			expect(year.month_peak_w[mo - 1]).toBe(e.peak);
			expect(year.month_peak_quarter_id[mo - 1]).toBe(e.peakId);
			const month = json<MonthSummary>(sd, monthPath(2025, mo));
			expect(month.import_kwh).toBe(e.imp / 1000);
			expect(month.peak_quarter_id).toBe(e.peakId);
			if (e.peak > best.peak) best = e;
		}
		expect(year.peak_w).toBe(best.peak);
		expect(year.peak_quarter_id).toBe(best.peakId);
	}, 120000);

	test("a year end writes into two years", () => {
		const { sd, history } = setup();
		const s = series(localMidnight(2025, 12, 31) + 92 * QUARTER_MS, localMidnight(2026, 1, 1) + 4 * QUARTER_MS, 31);
		for (const r of s.records) history.writeQuarter(r);
		const y25 = json<YearSummary>(sd, yearPath(2025));
		const y26 = json<YearSummary>(sd, yearPath(2026));
		expect(y25.month).toEqual([12]);
		expect(y26.month).toEqual([1]);
		expect(y25.import_kwh + y26.import_kwh).toBeCloseTo((s.lastImport - s.firstImport) / 1000, 9);
		expect(sd.read(quarterPath(s.records[4].quarter_id))).toBeDefined();
		expect(json<DaySummary>(sd, dayPath(2026, 1, 1)).quarter_id.length).toBe(4);
	});

	test("the meter's month peak from writePeaks reaches the month and year summaries", () => {
		const { sd, history } = setup();
		const s = series(localMidnight(2026, 5, 4), localMidnight(2026, 5, 4) + 6 * QUARTER_MS, 8);
		history.writeQuarter(s.records[0]);
		expect(json<MonthSummary>(sd, monthPath(2026, 5)).meter_peak_w).toBeNull();
		history.writePeaks([
			monthPeak("2026-04", 3000, null, 3100, "2026-04-02T17:15:00.000Z"),
			monthPeak("2026-05", 4000, s.records[0].quarter_id, 4321, "2026-05-04T06:00:00.000Z"),
		]);
		history.writeQuarter(s.records[1]);
		const month = json<MonthSummary>(sd, monthPath(2026, 5));
		expect([month.meter_peak_w, month.meter_peak_time]).toEqual([4321, "2026-05-04T06:00:00.000Z"]);
		const year = json<YearSummary>(sd, yearPath(2026));
		expect([year.month_meter_peak_w[0], year.month_meter_peak_time[0]]).toEqual([4321, "2026-05-04T06:00:00.000Z"]);
	});

	test("each view reads one small file", () => {
		const { sd, history } = setup();
		const s = series(localMidnight(2025, 10, 1), localMidnight(2025, 11, 1), 77);
		let night = 1_000_000; // the night register: a third of each quarter's energy, so every per-tariff figure is a number
		for (const r of s.records) {
			const used = r.end_consumed_wh === null ? 0 : r.end_consumed_wh - (r.begin_consumed_wh as number);
			const begin = night;
			night += Math.floor(used / 3);
			history.writeQuarter({
				...r,
				begin_consumed_t1_wh: r.begin_consumed_wh === null ? null : r.begin_consumed_wh - begin,
				begin_consumed_t2_wh: begin,
				end_consumed_t1_wh: r.end_consumed_wh === null ? null : r.end_consumed_wh - night,
				end_consumed_t2_wh: night,
				begin_produced_t1_wh: r.begin_produced_wh,
				begin_produced_t2_wh: 0,
				end_produced_t1_wh: r.end_produced_wh,
				end_produced_t2_wh: 0,
			});
		}
		// the biggest day (100 quarters) and a full month stay small enough to parse on the device
		expect(json<DaySummary>(sd, dayPath(2025, 10, 26)).import_t2_kwh).not.toBeNull();
		expect(sd.read(dayPath(2025, 10, 26))!.length).toBeLessThan(6000);
		expect(sd.read(monthPath(2025, 10))!.length).toBeLessThan(2500); // 2000 before the 4 per-tariff columns
		expect(sd.read(yearPath(2025))!.length).toBeLessThan(1000);
	});
});
