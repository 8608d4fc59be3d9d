// The day summary's per-tariff energies: each quarter's end minus begin per tariff register,
// totals only when every quarter with a known energy also knows it per tariff. Expectations are
// the register figures written below, subtracted by hand.

import {
	dayFromJson,
	mergeDay,
	mergeQuarter,
	monthFromJson,
	newDay,
	newMonth,
	quarterFromJson,
} from "../../src/core/history/summaries";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { idOf, localMidnight, QUARTER_MS, quarterRecord } from "./factory";

const DAY = localMidnight(2026, 3, 10);

/** Quarter `n` of the day with import `imp` = [T1, T2] and export `exp` Wh, registers counting from fixed values. */
function quarter(n: number, imp: [number, number], exp: [number, number], tariffs = true): QuarterRecord {
	const begin = [4000000 + n * 1000, 2000000 + n * 1000, 300000 + n * 100, 100000 + n * 100];
	const r = quarterRecord({
		startMs: DAY + n * QUARTER_MS,
		beginImport: begin[0] + begin[1],
		beginExport: begin[2] + begin[3],
		importWh: imp[0] + imp[1],
		exportWh: exp[0] + exp[1],
	});
	if (!tariffs) return r;
	return {
		...r,
		begin_consumed_t1_wh: begin[0],
		begin_consumed_t2_wh: begin[1],
		begin_produced_t1_wh: begin[2],
		begin_produced_t2_wh: begin[3],
		end_consumed_t1_wh: begin[0] + imp[0],
		end_consumed_t2_wh: begin[1] + imp[1],
		end_produced_t1_wh: begin[2] + exp[0],
		end_produced_t2_wh: begin[3] + exp[1],
	};
}

function dayOf(records: QuarterRecord[], dayOfMonth = 10) {
	const d = newDay(2026, 3, dayOfMonth);
	for (const r of records) mergeQuarter(d, r);
	return d;
}

describe("per-tariff day totals", () => {
	test("each quarter's energy per tariff, and totals that add up to the day's import and export", () => {
		const d = dayOf([quarter(0, [120, 0], [0, 0]), quarter(1, [80, 45], [10, 3]), quarter(2, [0, 333], [0, 7])]);
		expect(d.import_t1_wh).toEqual([120, 80, 0]);
		expect(d.import_t2_wh).toEqual([0, 45, 333]);
		expect(d.export_t1_wh).toEqual([0, 10, 0]);
		expect(d.export_t2_wh).toEqual([0, 3, 7]);
		expect(d.import_t1_kwh).toBe(0.2);
		expect(d.import_t2_kwh).toBe(0.378);
		expect(d.export_t1_kwh).toBe(0.01);
		expect(d.export_t2_kwh).toBe(0.01);
		expect(d.import_kwh).toBe(0.578);
		expect(d.export_kwh).toBe(0.02);
	});

	test("merging twice or out of order gives the same summary", () => {
		const qs = [quarter(0, [120, 0], [0, 0]), quarter(1, [80, 45], [10, 3]), quarter(2, [0, 333], [0, 7])];
		const once = JSON.stringify(dayOf(qs));
		expect(JSON.stringify(dayOf([qs[2], qs[0], qs[1], qs[0], qs[2]]))).toBe(once);
	});

	test("a quarter without per-tariff registers makes the totals unknown; rewriting it with them brings them back", () => {
		const d = dayOf([quarter(0, [120, 0], [5, 0]), quarter(1, [80, 45], [10, 3], false)]);
		expect(d.import_t1_wh).toEqual([120, null]);
		expect(d.import_kwh).toBe(0.245); // the summed registers still count
		expect(d.import_t1_kwh).toBeNull();
		expect(d.import_t2_kwh).toBeNull();
		expect(d.export_t1_kwh).toBeNull();
		mergeQuarter(d, quarter(1, [80, 45], [10, 3]));
		expect(d.import_t1_kwh).toBe(0.2);
		expect(d.import_t2_kwh).toBe(0.045);
		expect(d.export_t1_kwh).toBe(0.015);
		expect(d.export_t2_kwh).toBe(0.003);
	});

	test("a quarter without any register data counts nowhere; a day of only those has no per-tariff totals", () => {
		const blank = quarterRecord({
			startMs: DAY + QUARTER_MS,
			beginImport: null,
			beginExport: null,
			importWh: 0,
			exportWh: 0,
		});
		const d = dayOf([quarter(0, [100, 20], [0, 4]), blank]);
		expect(d.import_t1_wh).toEqual([100, null]);
		expect(d.import_t1_kwh).toBe(0.1);
		expect(d.import_t2_kwh).toBe(0.02);
		expect(d.export_t2_kwh).toBe(0.004);
		const only = dayOf([blank]);
		expect([only.import_t1_kwh, only.import_t2_kwh, only.export_t1_kwh, only.export_t2_kwh]).toEqual([
			null,
			null,
			null,
			null,
		]);
		expect(only.import_kwh).toBe(0);
	});

	test("a tariff register that went back, or a break in the summed energy, gives no per-tariff energy", () => {
		const back = { ...quarter(0, [100, 20], [0, 0]), end_consumed_t2_wh: 1999990 };
		const broken = { ...quarter(1, [100, 20], [0, 0]), energy_avg_w: null };
		const d = dayOf([back, broken]);
		expect(d.import_t2_wh).toEqual([null, null]);
		expect(d.import_t1_wh).toEqual([100, null]);
		expect(d.import_t1_kwh).toBeNull(); // quarter 0's import is known, its night tariff is not
		expect(d.export_t1_wh).toEqual([0, 0]); // export is unaffected
		expect(d.export_t1_kwh).toBe(0);
	});

	test("a day file written before the per-tariff columns reads back with them unknown; one with them round-trips", () => {
		const d = dayOf([quarter(0, [120, 0], [0, 0]), quarter(1, [80, 45], [10, 3])]);
		const text = JSON.stringify(d);
		expect(JSON.stringify(dayFromJson(JSON.parse(text), 2026, 3, 10))).toBe(text);
		const old = JSON.parse(text);
		for (const k of ["import_t1_wh", "import_t2_wh", "export_t1_wh", "export_t2_wh"]) delete old[k];
		for (const k of ["import_t1_kwh", "import_t2_kwh", "export_t1_kwh", "export_t2_kwh"]) delete old[k];
		const read = dayFromJson(old, 2026, 3, 10)!;
		expect(read.import_t1_wh).toEqual([null, null]);
		expect(read.import_t1_kwh).toBeNull();
		expect(read.import_kwh).toBe(0.245);
		expect(dayFromJson({ ...JSON.parse(text), export_t2_wh: [1] }, 2026, 3, 10)).toBeUndefined();
		expect(dayFromJson({ ...JSON.parse(text), export_t2_wh: ["3", 1] }, 2026, 3, 10)).toBeUndefined();
	});

	test("quarter files are read with their per-tariff registers, older ones without, bad ones refused", () => {
		const r = quarter(0, [120, 7], [0, 0]);
		const id = idOf(2026, 3, 10, 0, 0, false);
		const facts = quarterFromJson(JSON.parse(JSON.stringify(r)), id)!;
		expect(dayOf([facts as QuarterRecord]).import_t2_wh).toEqual([7]);
		const old = quarterFromJson(JSON.parse(JSON.stringify(quarter(0, [120, 7], [0, 0], false))), id)!;
		expect(old.begin_consumed_t1_wh).toBeUndefined();
		expect(quarterFromJson({ ...JSON.parse(JSON.stringify(r)), end_produced_t1_wh: "5" }, id)).toBeUndefined();
	});
});

describe("per-tariff month totals", () => {
	/** A day of March 2026 with one quarter of that split (its quarter_id re-dated to that day). */
	function day(n: number, imp: [number, number], exp: [number, number], tariffs = true) {
		const q = quarter(0, imp, exp, tariffs);
		const id = idOf(2026, 3, n, 0, 0, false);
		return dayOf([{ ...q, quarter_id: id, start: new Date(localMidnight(2026, 3, n)).toISOString() }], n);
	}

	test("the days' per-tariff totals add up, in any order and twice", () => {
		const days = [day(3, [1200, 300], [40, 2]), day(1, [5, 995], [0, 0]), day(2, [0, 0], [0, 0])];
		const m = newMonth(2026, 3);
		for (const d of [...days, days[0]]) mergeDay(m, d);
		expect(m.day).toEqual([1, 2, 3]);
		expect(m.day_import_t1_kwh).toEqual([0.005, 0, 1.2]);
		expect(m.import_t1_kwh).toBe(1.205);
		expect(m.import_t2_kwh).toBe(1.295);
		expect(m.export_t1_kwh).toBe(0.04);
		expect(m.export_t2_kwh).toBe(0.002);
		expect(m.import_kwh).toBe(2.5);
		const text = JSON.stringify(m);
		expect(JSON.stringify(monthFromJson(JSON.parse(text), 2026, 3))).toBe(text);
	});

	test("a day with energy but without the split makes them unknown; one without energy does not", () => {
		const m = newMonth(2026, 3);
		mergeDay(m, day(1, [100, 50], [0, 0]));
		mergeDay(m, newDay(2026, 3, 2)); // a day that has no quarter with energy
		expect(m.import_t1_kwh).toBe(0.1);
		mergeDay(m, day(3, [10, 20], [1, 0], false));
		expect(m.day_import_t1_kwh).toEqual([0.1, null, null]);
		expect([m.import_t1_kwh, m.import_t2_kwh, m.export_t1_kwh, m.export_t2_kwh]).toEqual([null, null, null, null]);
		expect(m.import_kwh).toBe(0.18);
	});

	test("a month file written before the per-tariff columns reads back with them unknown", () => {
		const m = newMonth(2026, 3);
		mergeDay(m, day(1, [100, 50], [0, 0]));
		const old = JSON.parse(JSON.stringify(m));
		for (const k of Object.keys(old)) if (/_t[12]_kwh$/.test(k)) delete old[k];
		const read = monthFromJson(old, 2026, 3)!;
		expect(read.day_import_t2_kwh).toEqual([null]);
		expect(read.import_t2_kwh).toBeNull();
		expect(read.import_kwh).toBe(0.15);
		expect(monthFromJson({ ...JSON.parse(JSON.stringify(m)), day_export_t1_kwh: [] }, 2026, 3)).toBeUndefined();
	});
});
