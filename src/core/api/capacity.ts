// <prefix>capacity: the capacity tariff month by month. For each of the last 13 months the three
// figures the monitor knows (our own quarters, the meter's running 1-0:1.6.0, its 13-month
// history 0-0:98.1.0), which one counts and why, the 2.5 kW floor, and our figure reconciled
// against the meter's; then the 12-month average and its cost, as the quarter engine computes
// them (month-peaks.ts capacity()). Built as one string: no object tree per request.

import { newPeakSources } from "../quarters/month-peaks";
import { MINIMUM_PEAK_W } from "../quarters/tariffs";
import { monthKeyOfIndex } from "../time/keys";
import { num, str, utcText } from "./json-text";
import { Cache, errorMessage, jsonResponse } from "./responses";
import type { ApiContext, ApiResponse } from "./types";

/** The running month and the 12 before it: 98.1.0 holds 13 months, the average takes 12. */
const MONTHS = 13;
const AVERAGED = 12;

/**
 * Largest |ours - meter| that rounding explains, W. Our figure is (end - start register) x 4 with
 * registers in whole Wh, each truncated: the difference is off by less than 1 Wh, so ours by
 * less than 4 W; the meter truncates its average to the watt (less than 1 W). Together under 5 W.
 */
export const ROUNDING_W = 5;

/**
 * Prices (tariffs.ts, or the configured price) include VAT: 6 % on electricity for households,
 * permanent since 1 April 2023 (Belgian Chamber, 16 March 2023; applies to residential
 * contracts, professional ones pay 21 %).
 */
export const VAT_RATE = 0.06;

/**
 * Which figure counts for a month, in the order the grid operator's own figures are trusted:
 * the meter's closed-month history, its running peak, then our own quarters.
 */
const COUNTS = Object.freeze({
	History: '"meter_history"',
	Meter: '"meter_running"',
	Own: '"own_quarters"',
	None: '"no_data"',
});

const sources = newPeakSources(); // reused: requests are answered one at a time

export function capacity(_path: string, context: ApiContext): ApiResponse {
	const s = context.status();
	const month = s.month;
	if (month === null) return errorMessage(503, "no reading yet");
	const key = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
	const c = s.capacity;
	const perYear = c.eur_per_year;
	let rows = "";
	for (let k = key - MONTHS + 1; k <= key; k++)
		rows += (rows === "" ? "" : ",") + monthRow(context, k, k > key - AVERAGED);
	const body =
		'{"month":' +
		str(month) +
		',"area":' +
		str(c.area) +
		',"tariff_year":' +
		num(c.year) +
		',"eur_per_kw_year":' +
		num(c.eur_per_kw_year) +
		',"vat_included":true,"vat_rate":' +
		VAT_RATE +
		',"floor_w":' +
		MINIMUM_PEAK_W +
		',"rounding_w":' +
		ROUNDING_W +
		',"average_w":' +
		num(c.average_w) +
		',"average_months":' +
		c.months.length +
		',"eur_per_year":' +
		num(perYear) +
		',"eur_per_month":' +
		(perYear === null ? "null" : String(Math.round((perYear * 100) / 12) / 100)) +
		',"months":[' +
		rows +
		"]}";
	return jsonResponse(200, body, Cache.None);
}

/** One month's figures; `averaged`: the month lies in the 12 the average takes. */
function monthRow(context: ApiContext, k: number, averaged: boolean): string {
	const p = sources;
	if (!context.peakSources(k, p)) p.ownW = p.ownQuarterId = p.meterW = p.meterT = p.historyW = p.historyT = NaN;
	const meter = p.historyW === p.historyW ? p.historyW : p.meterW; // the meter's final word on the month
	const counts =
		p.historyW === p.historyW
			? COUNTS.History
			: p.meterW === p.meterW
				? COUNTS.Meter
				: p.ownW === p.ownW
					? COUNTS.Own
					: COUNTS.None;
	const counted = meter === meter ? meter : p.ownW;
	const known = counted === counted;
	const diff = p.ownW - meter;
	return (
		'{"month":"' +
		monthKeyOfIndex(k) +
		'","own_w":' +
		num(p.ownW) +
		',"own_quarter_id":' +
		num(p.ownQuarterId) +
		',"meter_w":' +
		num(p.meterW) +
		',"meter_time":' +
		utcText(p.meterT) +
		',"history_w":' +
		num(p.historyW) +
		',"history_time":' +
		utcText(p.historyT) +
		',"counts":' +
		counts +
		',"counted_w":' +
		num(counted) +
		',"floored":' +
		(known && counted < MINIMUM_PEAK_W) +
		',"billed_w":' +
		(known ? String(Math.max(counted, MINIMUM_PEAK_W)) : "null") +
		',"in_average":' +
		(averaged && known) +
		',"diff_w":' +
		num(diff) +
		',"beyond_rounding":' +
		(diff === diff ? String(Math.abs(diff) > ROUNDING_W) : "null") +
		"}"
	);
}
