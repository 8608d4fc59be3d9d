// Day, month and year summaries: one small file per dashboard view. They are column-oriented
// (one array per field, index i = i-th entry in time order) because that is the shape a chart
// takes as it is, and it stores each key once instead of once per quarter.
// Every total is derived from the columns, and an entry is keyed by quarter_id / day / month,
// so merging the same input twice yields the same text: writes are idempotent, and a summary can
// always be rebuilt from the level below.

import { idDay, idMonth, idYear, quarterStartUtc } from "../quarters/quarter-id";
import type { MonthPeak, QuarterRecord } from "../quarters/records";
import { SLOTS } from "../quarters/records";
import { validLocal } from "../time/brussels";
import { dateKey, monthKey } from "../time/keys";
import { finiteOrNull, isFiniteNumber, isNullableNumber, isObject } from "../util/values";

export const SUMMARY_VERSION = 1;
/** 25 hours on the autumn DST day. */
export const MAX_QUARTERS_PER_DAY = 100;

/** /meter/YYYY/MM/DD/day.json */
export interface DaySummary {
	version: number;
	/** "YYYY-MM-DD", Brussels local date. */
	date: string;
	/** Sum of the quarters' energy (energy_avg_w / 4), kWh with Wh resolution; quarters without register data count 0. */
	import_kwh: number;
	export_kwh: number;
	/** Highest energy_avg_w of the day (W) and its quarter; null when no quarter has register data. */
	peak_w: number | null;
	peak_quarter_id: number | null;
	/** UTC start of the peak quarter, unix seconds. */
	peak_start_s: number | null;
	/** Columns, one entry per quarter, ordered by UTC start (keeps the repeated autumn hour in order). */
	quarter_id: number[];
	/** UTC start of the quarter, unix seconds (what a chart's time axis takes). */
	start_s: number[];
	consumed_power_avg: (number | null)[];
	energy_avg_w: (number | null)[];
	energy_produced_avg_w: (number | null)[];
	/**
	 * Energy per tariff (1 = day, 2 = night), kWh with Wh resolution; null unless every quarter
	 * whose import (export) energy is known and not 0 also knows it per tariff, and one does. So
	 * when not null, t1 + t2 is exactly import_kwh (export_kwh): a day partly recorded by a firmware
	 * without per-tariff registers shows no per-tariff split rather than one that does not add up.
	 */
	import_t1_kwh: number | null;
	import_t2_kwh: number | null;
	export_t1_kwh: number | null;
	export_t2_kwh: number | null;
	/** Columns: each quarter's energy per tariff, Wh; null when unknown (older quarter files, a bound without a telegram). */
	import_t1_wh: (number | null)[];
	import_t2_wh: (number | null)[];
	export_t1_wh: (number | null)[];
	export_t2_wh: (number | null)[];
}

/** /meter/YYYY/MM/month.json */
export interface MonthSummary {
	version: number;
	/** "YYYY-MM" */
	month: string;
	import_kwh: number;
	export_kwh: number;
	/** Own month peak: the highest energy-based quarter average of the month. */
	peak_w: number | null;
	peak_quarter_id: number | null;
	peak_start_s: number | null;
	/** The meter's own month peak (1-0:1.6.0), W, and when its quarter ended (ISO UTC), as last reported. */
	meter_peak_w: number | null;
	meter_peak_time: string | null;
	/** Columns, one entry per day with data, ascending. */
	day: number[];
	day_import_kwh: number[];
	day_export_kwh: number[];
	day_peak_w: (number | null)[];
	day_peak_quarter_id: (number | null)[];
	/** Energy per tariff, kWh: as DaySummary.import_t1_kwh, over the days (a day without the split counts only when its energy is 0). */
	import_t1_kwh: number | null;
	import_t2_kwh: number | null;
	export_t1_kwh: number | null;
	export_t2_kwh: number | null;
	/** Columns: each day's import_t1_kwh ... export_t2_kwh. */
	day_import_t1_kwh: (number | null)[];
	day_import_t2_kwh: (number | null)[];
	day_export_t1_kwh: (number | null)[];
	day_export_t2_kwh: (number | null)[];
}

/** /meter/YYYY/year.json */
export interface YearSummary {
	version: number;
	year: number;
	import_kwh: number;
	export_kwh: number;
	peak_w: number | null;
	peak_quarter_id: number | null;
	peak_start_s: number | null;
	/** Columns, one entry per month with data, ascending. */
	month: number[];
	month_import_kwh: number[];
	month_export_kwh: number[];
	month_peak_w: (number | null)[];
	month_peak_quarter_id: (number | null)[];
	month_meter_peak_w: (number | null)[];
	month_meter_peak_time: (string | null)[];
}

/** What a summary needs of a quarter: the stored record or one read back from its file. */
export type QuarterFacts = Pick<
	QuarterRecord,
	"quarter_id" | "consumed_power_avg" | "energy_avg_w" | "energy_produced_avg_w" | TariffKey
>;

type TariffKey =
	| "begin_consumed_t1_wh"
	| "begin_consumed_t2_wh"
	| "begin_produced_t1_wh"
	| "begin_produced_t2_wh"
	| "end_consumed_t1_wh"
	| "end_consumed_t2_wh"
	| "end_produced_t1_wh"
	| "end_produced_t2_wh";

/** The quarter file's per-tariff register keys, begin then end, in the order import T1, T2, export T1, T2. */
const TARIFF_BEGIN: readonly TariffKey[] = Object.freeze([
	"begin_consumed_t1_wh",
	"begin_consumed_t2_wh",
	"begin_produced_t1_wh",
	"begin_produced_t2_wh",
]);
const TARIFF_END: readonly TariffKey[] = Object.freeze([
	"end_consumed_t1_wh",
	"end_consumed_t2_wh",
	"end_produced_t1_wh",
	"end_produced_t2_wh",
]);

/** The DaySummary columns of the per-tariff energies, in the same order. */
type TariffColumn = "import_t1_wh" | "import_t2_wh" | "export_t1_wh" | "export_t2_wh";
const TARIFF_COLUMNS: readonly TariffColumn[] = Object.freeze([
	"import_t1_wh",
	"import_t2_wh",
	"export_t1_wh",
	"export_t2_wh",
]);

/**
 * Quarter `q`'s energy on tariff register `i` (TARIFF_BEGIN order), Wh: end minus begin; null when
 * a bound is unknown, when the summed energy of that direction is (a register break), or when
 * the register went back.
 */
export function tariffWh(q: QuarterFacts, i: number): number | null {
	const begin = q[TARIFF_BEGIN[i]],
		end = q[TARIFF_END[i]];
	if ((i < 2 ? q.energy_avg_w : q.energy_produced_avg_w) === null) return null;
	if (!isFiniteNumber(begin) || !isFiniteNumber(end) || end < begin) return null;
	return end - begin;
}

/** True when `a` is an array of `n` entries that all pass `ok`. */
function column(a: unknown, n: number, ok: (v: unknown) => boolean): boolean {
	if (!Array.isArray(a) || a.length !== n) return false;
	for (let i = 0; i < n; i++) if (!ok(a[i])) return false;
	return true;
}
function strOrNullOk(v: unknown): boolean {
	return v === null || typeof v === "string";
}

/** True when each of `keys` is absent from `v` (a file written before it was added) or a column of `n` nullable numbers. */
function optionalColumnsOk(v: Record<string, unknown>, keys: readonly string[], n: number): boolean {
	for (let c = 0; c < keys.length; c++)
		if (v[keys[c]] !== undefined && !column(v[keys[c]], n, isNullableNumber)) return false;
	return true;
}

/** Copies the columns `keys` (checked by optionalColumnsOk) from `v` into `into`; an absent one as `n` nulls. */
function loadOptionalColumns<K extends string>(
	into: Record<K, (number | null)[]>,
	v: Record<string, unknown>,
	keys: readonly K[],
	n: number,
): void {
	for (let c = 0; c < keys.length; c++) {
		const a = v[keys[c]] as (number | null)[] | undefined;
		into[keys[c]] = a === undefined ? new Array<number | null>(n).fill(null) : a.slice();
	}
}

/** True when `id` is an integer quarter_id of that date with a slot below 24 h. */
function idOnDay(id: unknown, year: number, month: number, day: number): boolean {
	return (
		Number.isInteger(id) &&
		(id as number) >= 0 &&
		idYear(id as number) === year &&
		idMonth(id as number) === month &&
		idDay(id as number) === day &&
		((id as number) & 0x7f) < 96
	);
}

function kwh(wh: number): number {
	return Math.round(wh) / 1000;
}
function wh(kwhValue: number): number {
	return Math.round(kwhValue * 1000);
}
function startSeconds(id: number | null): number | null {
	return id === null ? null : quarterStartUtc(id) / 1000;
}

/**
 * The one merge of all three summaries: writes `row` as one entry of `columns` (`columns[c][i] =
 * row[c]`, the key in column 0), over the entry with the same key or inserted in time order.
 * `order` is the column that sorts and `at` the row's value in it: the key itself for days and
 * months, start_s for quarters (their ids do not sort across the repeated autumn hour).
 */
function putRow(columns: readonly unknown[][], row: readonly unknown[], order: readonly number[], at: number): void {
	let i = columns[0].indexOf(row[0]);
	if (i < 0) {
		i = 0;
		while (i < order.length && order[i] < at) i++;
		for (let c = 0; c < columns.length; c++) columns[c].splice(i, 0, row[c]);
		return;
	}
	for (let c = 1; c < columns.length; c++) columns[c][i] = row[c];
}

/** What month and year summaries derive from their entries: totals and the highest peak. */
interface Totals {
	import_kwh: number;
	export_kwh: number;
	peak_w: number | null;
	peak_quarter_id: number | null;
	peak_start_s: number | null;
}

/** Totals of a month from its days or of a year from its months (sums in Wh, so rounding does not drift). */
function sumEntries(
	into: Totals,
	imports: readonly number[],
	exports: readonly number[],
	peaks: readonly (number | null)[],
	peakIds: readonly (number | null)[],
): void {
	let imp = 0,
		exp = 0,
		peak: number | null = null,
		peakId: number | null = null;
	for (let i = 0; i < imports.length; i++) {
		imp += wh(imports[i]);
		exp += wh(exports[i]);
		const p = peaks[i];
		if (p !== null && (peak === null || p > peak)) {
			peak = p;
			peakId = peakIds[i];
		}
	}
	into.import_kwh = kwh(imp);
	into.export_kwh = kwh(exp);
	into.peak_w = peak;
	into.peak_quarter_id = peakId;
	into.peak_start_s = startSeconds(peakId);
}

// ---------------------------------------------------------------- day

export function newDay(year: number, month: number, day: number): DaySummary {
	return {
		version: SUMMARY_VERSION,
		date: dateKey(year, month, day),
		import_kwh: 0,
		export_kwh: 0,
		peak_w: null,
		peak_quarter_id: null,
		peak_start_s: null,
		quarter_id: [],
		start_s: [],
		consumed_power_avg: [],
		energy_avg_w: [],
		energy_produced_avg_w: [],
		import_t1_kwh: null,
		import_t2_kwh: null,
		export_t1_kwh: null,
		export_t2_kwh: null,
		import_t1_wh: [],
		import_t2_wh: [],
		export_t1_wh: [],
		export_t2_wh: [],
	};
}

function dayTotals(d: DaySummary): DaySummary {
	let imp = 0,
		exp = 0,
		peak: number | null = null,
		at = -1;
	for (let i = 0; i < d.quarter_id.length; i++) {
		const e = d.energy_avg_w[i];
		if (e !== null) {
			imp += e / 4;
			if (peak === null || e > peak) {
				peak = e;
				at = i;
			}
		}
		const p = d.energy_produced_avg_w[i];
		if (p !== null) exp += p / 4;
	}
	d.import_kwh = kwh(imp);
	d.export_kwh = kwh(exp);
	d.peak_w = peak;
	d.peak_quarter_id = at < 0 ? null : d.quarter_id[at];
	d.peak_start_s = at < 0 ? null : d.start_s[at];
	d.import_t1_kwh = tariffTotal(d.energy_avg_w, d.import_t1_wh, d.import_t2_wh, 1);
	d.import_t2_kwh = tariffTotal(d.energy_avg_w, d.import_t2_wh, d.import_t1_wh, 1);
	d.export_t1_kwh = tariffTotal(d.energy_produced_avg_w, d.export_t1_wh, d.export_t2_wh, 1);
	d.export_t2_kwh = tariffTotal(d.energy_produced_avg_w, d.export_t2_wh, d.export_t1_wh, 1);
	return d;
}

/**
 * Sum of one tariff's entries `own` (Wh x `whPer`), kWh, under the rule of DaySummary.import_t1_kwh:
 * an entry that lacks either tariff (`own` or `other`) is fine only when its energy (`total`) is
 * unknown or 0, else the total is unknown too; null as well when no entry has the split.
 */
function tariffTotal(
	total: readonly (number | null)[],
	own: readonly (number | null)[],
	other: readonly (number | null)[],
	whPer: number,
): number | null {
	let sum = 0,
		any = false;
	for (let i = 0; i < total.length; i++) {
		const v = own[i];
		if (v === null || other[i] === null) {
			if (total[i] === null || total[i] === 0) continue;
			return null;
		}
		sum += Math.round(v * whPer);
		any = true;
	}
	return any ? kwh(sum) : null;
}

/** Puts one quarter into its day (replacing an entry with the same quarter_id); the quarter must belong to that day. */
export function mergeQuarter(d: DaySummary, q: QuarterFacts): DaySummary {
	const start = quarterStartUtc(q.quarter_id) / 1000;
	putRow(
		[
			d.quarter_id,
			d.start_s,
			d.consumed_power_avg,
			d.energy_avg_w,
			d.energy_produced_avg_w,
			d.import_t1_wh,
			d.import_t2_wh,
			d.export_t1_wh,
			d.export_t2_wh,
		],
		[
			q.quarter_id,
			start,
			finiteOrNull(q.consumed_power_avg),
			finiteOrNull(q.energy_avg_w),
			finiteOrNull(q.energy_produced_avg_w),
			tariffWh(q, 0),
			tariffWh(q, 1),
			tariffWh(q, 2),
			tariffWh(q, 3),
		],
		d.start_s,
		start,
	);
	return dayTotals(d);
}

/** A DaySummary in canonical key order with recomputed totals, or undefined when `v` is not the day file of that date. */
export function dayFromJson(v: unknown, year: number, month: number, day: number): DaySummary | undefined {
	if (!isObject(v) || v.version !== SUMMARY_VERSION || v.date !== dateKey(year, month, day)) return undefined;
	const ids = v.quarter_id;
	if (!Array.isArray(ids) || ids.length > MAX_QUARTERS_PER_DAY) return undefined;
	const n = ids.length;
	if (
		!column(v.start_s, n, isFiniteNumber) ||
		!column(v.consumed_power_avg, n, isNullableNumber) ||
		!column(v.energy_avg_w, n, isNullableNumber) ||
		!column(v.energy_produced_avg_w, n, isNullableNumber)
	)
		return undefined;
	if (!optionalColumnsOk(v, TARIFF_COLUMNS, n)) return undefined;
	// structural checks only: the full calendar round trip per entry costs too much on XS for a file read every quarter
	const starts = v.start_s as number[];
	for (let i = 0; i < n; i++) {
		if (!idOnDay(ids[i], year, month, day)) return undefined;
		if (starts[i] % 900 !== 0 || (i > 0 && starts[i] <= starts[i - 1])) return undefined;
	}
	const d = newDay(year, month, day);
	d.quarter_id = ids.slice() as number[];
	d.start_s = starts.slice();
	d.consumed_power_avg = (v.consumed_power_avg as (number | null)[]).slice();
	d.energy_avg_w = (v.energy_avg_w as (number | null)[]).slice();
	d.energy_produced_avg_w = (v.energy_produced_avg_w as (number | null)[]).slice();
	loadOptionalColumns(d, v, TARIFF_COLUMNS, n);
	return dayTotals(d);
}

// ---------------------------------------------------------------- month

export function newMonth(year: number, month: number): MonthSummary {
	return {
		version: SUMMARY_VERSION,
		month: monthKey(year, month),
		import_kwh: 0,
		export_kwh: 0,
		peak_w: null,
		peak_quarter_id: null,
		peak_start_s: null,
		meter_peak_w: null,
		meter_peak_time: null,
		day: [],
		day_import_kwh: [],
		day_export_kwh: [],
		day_peak_w: [],
		day_peak_quarter_id: [],
		import_t1_kwh: null,
		import_t2_kwh: null,
		export_t1_kwh: null,
		export_t2_kwh: null,
		day_import_t1_kwh: [],
		day_import_t2_kwh: [],
		day_export_t1_kwh: [],
		day_export_t2_kwh: [],
	};
}

/** The MonthSummary columns of the days' per-tariff totals. */
const MONTH_TARIFF_COLUMNS: readonly (
	| "day_import_t1_kwh"
	| "day_import_t2_kwh"
	| "day_export_t1_kwh"
	| "day_export_t2_kwh"
)[] = Object.freeze(["day_import_t1_kwh", "day_import_t2_kwh", "day_export_t1_kwh", "day_export_t2_kwh"]);

function monthTotals(m: MonthSummary): MonthSummary {
	sumEntries(m, m.day_import_kwh, m.day_export_kwh, m.day_peak_w, m.day_peak_quarter_id);
	m.import_t1_kwh = tariffTotal(m.day_import_kwh, m.day_import_t1_kwh, m.day_import_t2_kwh, 1000);
	m.import_t2_kwh = tariffTotal(m.day_import_kwh, m.day_import_t2_kwh, m.day_import_t1_kwh, 1000);
	m.export_t1_kwh = tariffTotal(m.day_export_kwh, m.day_export_t1_kwh, m.day_export_t2_kwh, 1000);
	m.export_t2_kwh = tariffTotal(m.day_export_kwh, m.day_export_t2_kwh, m.day_export_t1_kwh, 1000);
	return m;
}

/** Puts a day's totals into its month, keyed by day of month. */
export function mergeDay(m: MonthSummary, d: DaySummary): MonthSummary {
	const dayNumber = +d.date.slice(8, 10);
	putRow(
		[
			m.day,
			m.day_import_kwh,
			m.day_export_kwh,
			m.day_peak_w,
			m.day_peak_quarter_id,
			m.day_import_t1_kwh,
			m.day_import_t2_kwh,
			m.day_export_t1_kwh,
			m.day_export_t2_kwh,
		],
		[
			dayNumber,
			d.import_kwh,
			d.export_kwh,
			d.peak_w,
			d.peak_quarter_id,
			d.import_t1_kwh,
			d.import_t2_kwh,
			d.export_t1_kwh,
			d.export_t2_kwh,
		],
		m.day,
		dayNumber,
	);
	return monthTotals(m);
}

/** Takes the meter's own peak of this month from the engine's peaks, when it reported one. */
export function mergeMeterPeak(m: MonthSummary, peaks: readonly MonthPeak[] | undefined): MonthSummary {
	if (peaks === undefined) return m;
	for (let i = 0; i < peaks.length; i++) {
		const p = peaks[i];
		if (p.month === m.month && p.meter_w !== null) {
			m.meter_peak_w = p.meter_w;
			m.meter_peak_time = p.meter_time;
		}
	}
	return m;
}

export function monthFromJson(v: unknown, year: number, month: number): MonthSummary | undefined {
	if (!isObject(v) || v.version !== SUMMARY_VERSION || v.month !== monthKey(year, month)) return undefined;
	const days = v.day;
	if (!Array.isArray(days) || days.length > 31) return undefined;
	const n = days.length;
	if (
		!column(v.day_import_kwh, n, isFiniteNumber) ||
		!column(v.day_export_kwh, n, isFiniteNumber) ||
		!column(v.day_peak_w, n, isNullableNumber) ||
		!column(v.day_peak_quarter_id, n, isNullableNumber)
	)
		return undefined;
	if (!isNullableNumber(v.meter_peak_w) || !strOrNullOk(v.meter_peak_time)) return undefined;
	if (!optionalColumnsOk(v, MONTH_TARIFF_COLUMNS, n)) return undefined;
	const peakIds = v.day_peak_quarter_id as (number | null)[];
	for (let i = 0; i < n; i++) {
		const d = days[i];
		if (!Number.isInteger(d) || !validLocal(year, month, d, 0, 0, 0) || (i > 0 && d <= days[i - 1])) return undefined;
		const id = peakIds[i];
		if (id !== null && !idOnDay(id, year, month, d)) return undefined;
	}
	const m = newMonth(year, month);
	m.meter_peak_w = v.meter_peak_w as number | null;
	m.meter_peak_time = v.meter_peak_time as string | null;
	m.day = days.slice() as number[];
	m.day_import_kwh = (v.day_import_kwh as number[]).slice();
	m.day_export_kwh = (v.day_export_kwh as number[]).slice();
	m.day_peak_w = (v.day_peak_w as (number | null)[]).slice();
	m.day_peak_quarter_id = peakIds.slice();
	loadOptionalColumns(m, v, MONTH_TARIFF_COLUMNS, n);
	return monthTotals(m);
}

// ---------------------------------------------------------------- year

export function newYear(year: number): YearSummary {
	return {
		version: SUMMARY_VERSION,
		year,
		import_kwh: 0,
		export_kwh: 0,
		peak_w: null,
		peak_quarter_id: null,
		peak_start_s: null,
		month: [],
		month_import_kwh: [],
		month_export_kwh: [],
		month_peak_w: [],
		month_peak_quarter_id: [],
		month_meter_peak_w: [],
		month_meter_peak_time: [],
	};
}

function yearTotals(y: YearSummary): YearSummary {
	sumEntries(y, y.month_import_kwh, y.month_export_kwh, y.month_peak_w, y.month_peak_quarter_id);
	return y;
}

/** Puts a month's totals and peaks into its year, keyed by month number. */
export function mergeMonth(y: YearSummary, m: MonthSummary): YearSummary {
	const monthNumber = +m.month.slice(5, 7);
	putRow(
		[
			y.month,
			y.month_import_kwh,
			y.month_export_kwh,
			y.month_peak_w,
			y.month_peak_quarter_id,
			y.month_meter_peak_w,
			y.month_meter_peak_time,
		],
		[monthNumber, m.import_kwh, m.export_kwh, m.peak_w, m.peak_quarter_id, m.meter_peak_w, m.meter_peak_time],
		y.month,
		monthNumber,
	);
	return yearTotals(y);
}

export function yearFromJson(v: unknown, year: number): YearSummary | undefined {
	if (!isObject(v) || v.version !== SUMMARY_VERSION || v.year !== year) return undefined;
	const months = v.month;
	if (!Array.isArray(months) || months.length > 12) return undefined;
	const n = months.length;
	if (
		!column(v.month_import_kwh, n, isFiniteNumber) ||
		!column(v.month_export_kwh, n, isFiniteNumber) ||
		!column(v.month_peak_w, n, isNullableNumber) ||
		!column(v.month_peak_quarter_id, n, isNullableNumber) ||
		!column(v.month_meter_peak_w, n, isNullableNumber) ||
		!column(v.month_meter_peak_time, n, strOrNullOk)
	)
		return undefined;
	const peakIds = v.month_peak_quarter_id as (number | null)[];
	for (let i = 0; i < n; i++) {
		const mo = months[i];
		if (!Number.isInteger(mo) || mo < 1 || mo > 12 || (i > 0 && mo <= months[i - 1])) return undefined;
		const id = peakIds[i];
		if (id !== null && !idOnDay(id, year, mo, idDay(id))) return undefined;
	}
	const y = newYear(year);
	y.month = months.slice() as number[];
	y.month_import_kwh = (v.month_import_kwh as number[]).slice();
	y.month_export_kwh = (v.month_export_kwh as number[]).slice();
	y.month_peak_w = (v.month_peak_w as (number | null)[]).slice();
	y.month_peak_quarter_id = peakIds.slice();
	y.month_meter_peak_w = (v.month_meter_peak_w as (number | null)[]).slice();
	y.month_meter_peak_time = (v.month_meter_peak_time as (string | null)[]).slice();
	return yearTotals(y);
}

/** Month peaks as the engine keeps them, from a year summary (the fallback when both copies in flash are lost). */
export function peaksOfYear(y: YearSummary, into: MonthPeak[]): MonthPeak[] {
	for (let i = 0; i < y.month.length; i++) {
		into.push({
			month: monthKey(y.year, y.month[i]),
			own_w: y.month_peak_w[i],
			own_quarter_id: y.month_peak_quarter_id[i],
			meter_w: y.month_meter_peak_w[i],
			meter_time: y.month_meter_peak_time[i],
		});
	}
	return into;
}

// ---------------------------------------------------------------- quarter files

/** Keys of the quarter file in the original firmware's order, then ours. */
const QUARTER_KEYS: readonly string[] = Object.freeze([
	"quarter_id",
	"consumed_power_avg",
	"begin_consumed_wh",
	"begin_produced_wh",
	"interval_secs",
	"consumed_power_interval_avgs",
	"produced_power_interval_avgs",
	"start",
	"end",
	"end_consumed_wh",
	"end_produced_wh",
	"energy_avg_w",
	"energy_produced_avg_w",
	"meter_demand_w",
	"samples",
	"complete",
]);

/** The quarter file's text: the original's keys first, then ours, then anything newer the engine adds. */
export function quarterText(record: QuarterRecord): string {
	const r = record as unknown as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (let i = 0; i < QUARTER_KEYS.length; i++) {
		const k = QUARTER_KEYS[i];
		if (r[k] !== undefined) out[k] = r[k];
	}
	for (const k in r) if (out[k] === undefined && r[k] !== undefined) out[k] = r[k];
	return JSON.stringify(out);
}

function slotsOk(v: unknown): boolean {
	return v === undefined || (Array.isArray(v) && v.length <= SLOTS);
}

/**
 * What a summary needs of a parsed quarter file, or undefined when it is not the file of that
 * quarter. Keys we added are optional, so quarter files of the original firmware still count.
 */
export function quarterFromJson(v: unknown, id: number): QuarterFacts | undefined {
	if (!isObject(v) || v.quarter_id !== id || !isNullableNumber(v.consumed_power_avg)) return undefined;
	if (!slotsOk(v.consumed_power_interval_avgs) || !slotsOk(v.produced_power_interval_avgs)) return undefined;
	const e = v.energy_avg_w,
		p = v.energy_produced_avg_w;
	if ((e !== undefined && !isNullableNumber(e)) || (p !== undefined && !isNullableNumber(p))) return undefined;
	const q: QuarterFacts = {
		quarter_id: id,
		consumed_power_avg: v.consumed_power_avg as number,
		energy_avg_w: finiteOrNull(e),
		energy_produced_avg_w: finiteOrNull(p),
	};
	for (let i = 0; i < TARIFF_BEGIN.length; i++) {
		const b = v[TARIFF_BEGIN[i]],
			x = v[TARIFF_END[i]];
		if ((b !== undefined && !isNullableNumber(b)) || (x !== undefined && !isNullableNumber(x))) return undefined;
		if (b !== undefined) q[TARIFF_BEGIN[i]] = b;
		if (x !== undefined) q[TARIFF_END[i]] = x;
	}
	return q;
}
