// <prefix>/export.csv: the stored quarters of a day, a month or a range of days as CSV, for a
// spreadsheet. The body is streamed (chunks.ts): one row is made at a time from one quarter file,
// and only the current day's file names are held, so a year's export needs what a row needs.
//
// Query: exactly one of `date=YYYY-MM-DD`, `month=YYYY-MM`, `from=YYYY-MM-DD&to=YYYY-MM-DD`
// (Brussels calendar days, both included, at most MAX_DAYS), and optionally `sep`:
// - `sep=semicolon` (the default): `;` between fields and `,` as decimal mark, what Excel and
//   LibreOffice expect in a Belgian (nl-BE, fr-BE) or other continental locale: double-click opens it;
// - `sep=comma`: `,` between fields and `.` as decimal mark (RFC 4180, English locales, scripts).
// Columns (one header line, then one line per stored quarter in time order, CRLF line ends):
//   local_start     Brussels local start, "YYYY-MM-DD HH:MM"
//   dst             S (summer time, UTC+2) or W (winter time, UTC+1): tells the repeated autumn hour apart
//   utc_start       UTC start, ISO 8601 "YYYY-MM-DDTHH:MM:SSZ"
//   billed_avg_w    the quarter's average power from the energy registers (energy_avg_w), W: what Fluvius bills
//   import_kwh      energy drawn in the quarter, kWh (3 decimals): end minus begin of the import registers
//   export_kwh      energy returned, kWh, likewise
//   meter_demand_w  the meter's own 1-0:1.4.0 at the end of the quarter, W
//   complete        1 when no telegram was missing at either end (the average is exact), else 0
//   import_t1_kwh   energy drawn on tariff 1 (1-0:1.8.1, "dagtarief": day / peak), kWh, end minus begin of that register
//   import_t2_kwh   energy drawn on tariff 2 (1-0:1.8.2, "nachttarief": night / off-peak), kWh
//   export_t1_kwh   energy returned on tariff 1 (1-0:2.8.1), kWh
//   export_t2_kwh   energy returned on tariff 2 (1-0:2.8.2), kWh
// The per-tariff columns come last so that scripts reading the earlier ones by position keep
// working; import_t1_kwh + import_t2_kwh = import_kwh when all are known. They are empty for
// quarters stored before the firmware kept per-tariff registers (older files and the original's).
// An empty field is a figure not known (a bound without a telegram).
// A store failure part-way cuts the response short (the client sees an incomplete transfer).

import { dayDir, quarterFileName } from "../history/paths";
import {
	dayQuarterIds,
	idDay,
	idHour,
	idMinute,
	idMonth,
	idSummer,
	idYear,
	quarterStartUtc,
} from "../quarters/quarter-id";
import type { QuarterRecord } from "../quarters/records";
import { type CivilDate, civilFromDays, validLocal } from "../time/brussels";
import { isoUtc } from "../time/iso";
import { pad2 } from "../time/keys";
import { TextChunks } from "./chunks";
import { Cache, errorMessage } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

/** Longest range one request may ask for, days. */
export const MAX_DAYS = 366;

export const CSV_COLUMNS: readonly string[] = Object.freeze([
	"local_start",
	"dst",
	"utc_start",
	"billed_avg_w",
	"import_kwh",
	"export_kwh",
	"meter_demand_w",
	"complete",
	"import_t1_kwh",
	"import_t2_kwh",
	"export_t1_kwh",
	"export_t2_kwh",
]);

export interface CsvFormat {
	readonly separator: string;
	readonly decimal: string;
}

const FORMATS: Readonly<Record<string, CsvFormat>> = Object.freeze({
	semicolon: Object.freeze({ separator: ";", decimal: "," }),
	comma: Object.freeze({ separator: ",", decimal: "." }),
});

const FORMAT_NAMES: readonly string[] = Object.freeze(Object.keys(FORMATS));
const PARAMETERS: readonly string[] = Object.freeze(["date", "month", "from", "to", "sep"]);
const DAY_MS = 86400000;
const MIN_YEAR = 2000; // quarter ids hold the year in 8 bits from 2000
const MAX_YEAR = 2255;

/** What a valid query asks for: calendar days [first, last] as day numbers since 1970-01-01, the format, the file name. */
export interface ExportQuery {
	first: number;
	last: number;
	format: CsvFormat;
	fileName: string;
}

/** The query of `target` read strictly; a string is the message of the 400. */
export function readExportQuery(target: string): ExportQuery | string {
	const given: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
	const q = target.indexOf("?");
	if (q >= 0 && q + 1 < target.length) {
		const parts = target.slice(q + 1).split("&");
		for (let i = 0; i < parts.length; i++) {
			const eq = parts[i].indexOf("=");
			if (eq <= 0) return "malformed query";
			const k = PARAMETERS.indexOf(parts[i].slice(0, eq));
			if (k < 0) return "unknown parameter";
			if (given[k] !== undefined) return PARAMETERS[k] + " given twice";
			given[k] = parts[i].slice(eq + 1);
		}
	}
	const [date, month, from, to, sep] = given;
	const formatName = sep ?? "semicolon";
	if (FORMAT_NAMES.indexOf(formatName) < 0) return "sep must be semicolon or comma";
	const format = FORMATS[formatName];
	const forms = (date === undefined ? 0 : 1) + (month === undefined ? 0 : 1) + (from === undefined ? 0 : 1);
	if (forms !== 1 || (from === undefined) !== (to === undefined)) return "give date, month, or from and to";
	if (date !== undefined) {
		const day = dayNumber(date);
		return day < 0 ? "date must be a day YYYY-MM-DD" : { first: day, last: day, format, fileName: date };
	}
	if (month !== undefined) {
		const first = month.length === 7 ? dayNumber(month + "-01") : -1;
		if (first < 0) return "month must be YYYY-MM";
		const next = civilFromDays(first + 31, scratch); // the 1st of the next month is 28-31 days on
		return { first, last: first + 31 - next.day, format, fileName: month };
	}
	const first = dayNumber(from as string);
	const last = dayNumber(to as string);
	if (first < 0 || last < 0) return "from and to must be days YYYY-MM-DD";
	if (last < first) return "to is before from";
	if (last - first + 1 > MAX_DAYS) return "range longer than " + MAX_DAYS + " days";
	return { first, last, format, fileName: from + "_" + to };
}

const scratch: CivilDate = { year: 0, month: 0, day: 0 };

/** Days since 1970-01-01 of "YYYY-MM-DD", -1 when it is not exactly that or not a real date in range. */
function dayNumber(text: string): number {
	if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return -1;
	const year = digits(text, 0, 4);
	const month = digits(text, 5, 7);
	const day = digits(text, 8, 10);
	if (year < MIN_YEAR || year > MAX_YEAR || !validLocal(year, month, day, 0, 0, 0)) return -1;
	return Date.UTC(year, month - 1, day) / DAY_MS;
}

function digits(text: string, start: number, end: number): number {
	let n = 0;
	for (let i = start; i < end; i++) {
		const d = text.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return -1;
		n = n * 10 + d;
	}
	return n;
}

/** <prefix>/export.csv (columns and options above). */
export function exportCsv(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const query = readExportQuery(request.target);
	if (typeof query === "string") return errorMessage(400, query);
	const rows = new CsvRows(context, query.first, query.last, query.format);
	return {
		status: 200,
		headers: {
			"content-type": "text/csv; charset=utf-8",
			"content-disposition": 'attachment; filename="digimon-' + query.fileName + '.csv"',
			"cache-control": Cache.Revalidate,
			"x-content-type-options": "nosniff",
		},
		body: new TextChunks(() => rows.next()),
	};
}

/**
 * The lines of an export, one per call: the header, then the stored quarters of each day in time
 * order. Holds the current day's file names and nothing of the rows already given.
 */
export class CsvRows {
	#context: ApiContext;
	#day: number;
	#last: number;
	#format: CsvFormat;
	#header = true;
	/** The day's quarter ids in time order, and which of them have a file. */
	#ids: number[] = [];
	#names: string[] = [];
	#at = 0;

	constructor(context: ApiContext, first: number, last: number, format: CsvFormat) {
		this.#context = context;
		this.#day = first - 1;
		this.#last = last;
		this.#format = format;
	}

	/** The next line with its CRLF; undefined after the last. Throws when the store fails. */
	next(): string | undefined {
		if (this.#header) {
			this.#header = false;
			return CSV_COLUMNS.join(this.#format.separator) + "\r\n";
		}
		for (;;) {
			while (this.#at < this.#ids.length) {
				const id = this.#ids[this.#at++];
				if (this.#names.indexOf(quarterFileName(id)) < 0) continue;
				const record = this.#read(id);
				if (record !== undefined) return csvRow(record, id, this.#format);
			}
			if (this.#day >= this.#last) {
				this.#ids = this.#names = [];
				return undefined;
			}
			this.#openDay(++this.#day);
		}
	}

	/** Characters of text the producer holds between calls (its file names), for the memory test. */
	heldChars(): number {
		let n = 0;
		for (let i = 0; i < this.#names.length; i++) n += this.#names[i].length;
		return n + this.#ids.length * 8;
	}

	#openDay(day: number): void {
		const date = civilFromDays(day, scratch);
		this.#names = this.#context.listMeterDir(dayDir(date.year, date.month, date.day));
		this.#ids = this.#names.length === 0 ? [] : dayQuarterIds(date.year, date.month, date.day);
		this.#at = 0;
	}

	/** A quarter file as a record; undefined when it is damaged (set aside by history) or not a quarter of that id. */
	#read(id: number): QuarterRecord | undefined {
		const text = this.#context.readMeterFile(dayDir(idYear(id), idMonth(id), idDay(id)) + quarterFileName(id));
		if (typeof text !== "string") return undefined;
		try {
			const record = JSON.parse(text) as QuarterRecord;
			return record !== null && typeof record === "object" && record.quarter_id === id ? record : undefined;
		} catch {
			return undefined;
		}
	}
}

/** One quarter as a CSV line (columns above). */
export function csvRow(record: QuarterRecord, id: number, format: CsvFormat): string {
	const s = format.separator;
	const d = format.decimal;
	return (
		idYear(id) +
		"-" +
		pad2(idMonth(id)) +
		"-" +
		pad2(idDay(id)) +
		" " +
		pad2(idHour(id)) +
		":" +
		pad2(idMinute(id)) +
		s +
		(idSummer(id) ? "S" : "W") +
		s +
		isoUtc(quarterStartUtc(id)) +
		s +
		decimal(record.energy_avg_w, d) +
		s +
		kwh(record.begin_consumed_wh, record.end_consumed_wh, d) +
		s +
		kwh(record.begin_produced_wh, record.end_produced_wh, d) +
		s +
		decimal(record.meter_demand_w, d) +
		s +
		(record.complete === true ? "1" : "0") +
		s +
		kwh(record.begin_consumed_t1_wh, record.end_consumed_t1_wh, d) +
		s +
		kwh(record.begin_consumed_t2_wh, record.end_consumed_t2_wh, d) +
		s +
		kwh(record.begin_produced_t1_wh, record.end_produced_t1_wh, d) +
		s +
		kwh(record.begin_produced_t2_wh, record.end_produced_t2_wh, d) +
		"\r\n"
	);
}

/** A number with the format's decimal mark; "" when unknown. */
function decimal(v: number | null | undefined, mark: string): string {
	if (typeof v !== "number" || !Number.isFinite(v)) return "";
	const text = String(v);
	return mark === "." ? text : text.replace(".", mark);
}

/** (end - begin) Wh as kWh with exactly 3 decimals, by integer arithmetic (no float rounding); "" when a bound is unknown. */
function kwh(begin: number | null | undefined, end: number | null | undefined, mark: string): string {
	if (typeof begin !== "number" || typeof end !== "number" || !Number.isFinite(begin) || !Number.isFinite(end))
		return "";
	const wh = Math.round(end - begin);
	const abs = wh < 0 ? -wh : wh;
	const frac = abs % 1000;
	return (wh < 0 ? "-" : "") + Math.floor(abs / 1000) + mark + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
}
