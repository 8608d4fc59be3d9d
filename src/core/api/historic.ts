// The original firmware's lists of what is stored: which years, months of a year, days of a month
// and quarters of a day have files under /meter. Shapes as the original's, so its scripts keep
// working: {"years":[..]}, {"year","months":[..]}, {"year","month","days":[..]},
// {"year","month","day","quarters":[quarter_id..]}, ascending. Only names of the /meter grammar
// are listed (never a temporary or a set-aside file); a directory that does not exist is an
// empty list, as an empty one is.

import { dayDir, METER_DIR, meterQuarterId, monthDir, yearDir } from "../history/paths";
import { idHour, idMinute, idSummer } from "../quarters/quarter-id";
import { validLocal } from "../time/brussels";
import type { QueryField } from "./query";
import { readQuery } from "./query";
import { Cache, errorMessage, jsonResponse } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

const YEAR: QueryField = Object.freeze({ name: "year", min: 2000, max: 2255 }); // YY is 8 bits in quarter_id
const MONTH: QueryField = Object.freeze({ name: "month", min: 1, max: 12 });
const DAY: QueryField = Object.freeze({ name: "day", min: 1, max: 31 });
const NO_FIELDS: readonly QueryField[] = Object.freeze([]);
const YEAR_FIELDS: readonly QueryField[] = Object.freeze([YEAR]);
const MONTH_FIELDS: readonly QueryField[] = Object.freeze([YEAR, MONTH]);
const DAY_FIELDS: readonly QueryField[] = Object.freeze([YEAR, MONTH, DAY]);

export function historicYears(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const refused = query(request, NO_FIELDS);
	if (refused !== undefined) return refused;
	const years = numberedDirs(context, METER_DIR, 4, YEAR.min, YEAR.max, 0, 0);
	return years === undefined ? unavailable() : answer('{"years":[' + years + "]}");
}

export function historicMonths(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const refused = query(request, YEAR_FIELDS);
	if (refused !== undefined) return refused;
	const year = values[0];
	const months = numberedDirs(context, yearDir(year), 2, 1, 12, 0, 0);
	return months === undefined ? unavailable() : answer('{"year":' + year + ',"months":[' + months + "]}");
}

export function historicDays(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const refused = query(request, MONTH_FIELDS);
	if (refused !== undefined) return refused;
	const year = values[0],
		month = values[1];
	const days = numberedDirs(context, monthDir(year, month), 2, 1, 31, year, month);
	return days === undefined
		? unavailable()
		: answer('{"year":' + year + ',"month":' + month + ',"days":[' + days + "]}");
}

export function historicQuarters(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const refused = query(request, DAY_FIELDS);
	if (refused !== undefined) return refused;
	const year = values[0],
		month = values[1],
		day = values[2];
	if (!validLocal(year, month, day, 0, 0, 0)) return errorMessage(400, "day out of range");
	const dir = dayDir(year, month, day);
	const names = listing(context, dir);
	if (names === undefined) return unavailable();
	const inOrder = (ids ??= new Int32Array(24 * 4 * 2));
	let n = 0;
	for (let i = 0; i < names.length; i++) {
		const id = meterQuarterId(dir + names[i]);
		if (id !== -1) n = insertInTimeOrder(inOrder, id, n);
	}
	let out = "";
	for (let i = 0; i < n; i++) out += (i === 0 ? "" : ",") + inOrder[i];
	return answer('{"year":' + year + ',"month":' + month + ',"day":' + day + ',"quarters":[' + out + "]}");
}

/**
 * The quarter ids of the day being listed, kept in time order by insertion: a typed array in the
 * module rather than an array sorted per request, which cost about 400 slots per request on XS.
 * The grammar of quarter names allows 192 per day (HHMM with S or W), so none is ever left out.
 * Made at the first listing: a buffer made while the firmware preloads this module stays in
 * flash, read-only.
 */
let ids: Int32Array | undefined;

/** Inserts `id` among the first `n` of `ids` (in time order, listings come nearly sorted); the new count. */
function insertInTimeOrder(ids: Int32Array, id: number, n: number): number {
	let i = n;
	for (; i > 0 && inTimeOrder(ids[i - 1], id) > 0; i--) ids[i] = ids[i - 1];
	ids[i] = id;
	return n + 1;
}

/**
 * Quarters of one day in the order they happened: by UTC minute of the day, local minus the
 * offset of the S/W flag, so the repeated autumn hour lists 02:00S..02:45S before 02:00W.
 */
function inTimeOrder(a: number, b: number): number {
	return utcMinute(a) - utcMinute(b);
}

function utcMinute(id: number): number {
	return idHour(id) * 60 + idMinute(id) - (idSummer(id) ? 120 : 60);
}

// The parsed query of the request being answered (requests are answered one at a time).
const values: number[] = [0, 0, 0];

function query(request: ApiRequest, fields: readonly QueryField[]): ApiResponse | undefined {
	const message = readQuery(request.target, fields, values);
	return message === undefined ? undefined : errorMessage(400, message);
}

/**
 * The numbers named by the subdirectories "N../" of `dir` (exactly `digits` digits, within
 * [min, max]; for days, real dates of `year`-`month`), ascending and comma-separated; undefined
 * when the store failed.
 */
function numberedDirs(
	context: ApiContext,
	dir: string,
	digits: number,
	min: number,
	max: number,
	year: number,
	month: number,
): string | undefined {
	const names = listing(context, dir);
	if (names === undefined) return undefined;
	const sorted = names.slice().sort(); // fixed width: text order is number order
	let out = "";
	for (let i = 0; i < sorted.length; i++) {
		const name = sorted[i];
		if (name.length !== digits + 1 || name.charCodeAt(digits) !== 0x2f) continue;
		let n = 0;
		for (let k = 0; k < digits && n >= 0; k++) {
			const d = name.charCodeAt(k) - 48;
			n = d >= 0 && d <= 9 ? n * 10 + d : -1;
		}
		if (n < min || n > max || (year !== 0 && !validLocal(year, month, n, 0, 0, 0))) continue;
		out += (out === "" ? "" : ",") + n;
	}
	return out;
}

/** Names in `dir` (the store's, not to be changed); undefined when the store failed (card removed). */
function listing(context: ApiContext, dir: string): readonly string[] | undefined {
	try {
		return context.listMeterDir(dir);
	} catch {
		return undefined;
	}
}

function answer(body: string): ApiResponse {
	return jsonResponse(200, body, Cache.Revalidate);
}

function unavailable(): ApiResponse {
	return errorMessage(503, "storage unavailable");
}
