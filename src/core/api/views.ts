// <prefix>day?date=YYYY-MM-DD, month?month=YYYY-MM, year?year=YYYY: the stored summaries
// (history/summaries.ts) with each entry's start, and the peak's, in Brussels local time and UTC.
//
// Answer: {"summary":<the stored file, byte for byte>,"local":[..],"utc":[..],"peak_local",
// "peak_utc"} (month adds "meter_peak_local"), local[i] and utc[i] being entry i's start. The
// stored text is streamed as it is, never re-serialized; the added columns are produced one
// entry per piece. The file itself is held whole: the store reads whole files, and
// readMeterFile parses it to set a damaged one aside; one more native parse gives the entries.

import { dayPath, monthPath, yearPath } from "../history/paths";
import { quarterStartUtc } from "../quarters/quarter-id";
import type { LocalTime } from "../time/brussels";
import { localToUtc, newLocalTime, validLocal } from "../time/brussels";
import { charCode } from "../util/chars";
import { firstElement, nextElement, numberAt, stringAt, valueAt } from "../util/json-scan";
import { TextChunks } from "./chunks";
import { localText, utcText } from "./json-text";
import { readQueryText } from "./query";
import { Cache, errorMessage, JSON_TYPE } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

/** Index of the view in VIEWS. */
const Kind = Object.freeze({ Day: 0, Month: 1, Year: 2 });
type Kind = number;

interface View {
	readonly kind: Kind;
	readonly field: readonly { readonly name: string }[];
	/** Text a valid value has: "YYYY-MM-DD", "YYYY-MM", "YYYY". */
	readonly length: number;
	readonly malformed: string;
	readonly missing: string;
	/** Key of the column whose entries are listed, quoted as in the text. */
	readonly column: string;
}

const VIEWS: readonly View[] = Object.freeze([
	view(Kind.Day, "date", 10, "date must be YYYY-MM-DD", "no data for this day", '"quarter_id"'),
	view(Kind.Month, "month", 7, "month must be YYYY-MM", "no data for this month", '"day"'),
	view(Kind.Year, "year", 4, "year must be YYYY", "no data for this year", '"month"'),
]);

/** Entries of the added columns produced per piece (about 25 bytes each). */
const ENTRIES_PER_PIECE = 16;

const PEAK_QUARTER_ID = '"peak_quarter_id"';
const METER_PEAK_TIME = '"meter_peak_time"';

/** The damaged-file answer of /meter: a file that does not parse is set aside, never served. */
const DAMAGED = "damaged file set aside";

export function dayView(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	return answer(VIEWS[Kind.Day], context, request);
}

export function monthView(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	return answer(VIEWS[Kind.Month], context, request);
}

export function yearView(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	return answer(VIEWS[Kind.Year], context, request);
}

// The query of the request being answered and the date read from it (one request at a time).
const values: (string | undefined)[] = [undefined, undefined, undefined];
/** [year, month, day] of the last readDate(); 0 for parts the text does not have. */
export const date: number[] = [0, 0, 0];

function answer(v: View, context: ApiContext, request: ApiRequest): ApiResponse {
	const refused = readQueryText(request.target, v.field, values);
	if (refused !== undefined) return errorMessage(400, refused);
	const text = values[0];
	if (text === undefined) return errorMessage(400, v.field[0].name + " missing");
	if (text.length !== v.length || !readDate(text)) return errorMessage(400, v.malformed);
	const year = date[0],
		month = date[1];
	const path =
		v.kind === Kind.Day
			? dayPath(year, month, date[2])
			: v.kind === Kind.Month
				? monthPath(year, month)
				: yearPath(year);
	const stored = context.readMeterFile(path);
	if (stored === undefined) return errorMessage(404, v.missing);
	if (stored === null) return errorMessage(500, DAMAGED);
	// read where the stored text says, not from a parsed tree (util/json-scan.ts says why)
	const tail =
		v.kind === Kind.Month
			? ',"meter_peak_local":' + localText(isoMs(stringAt(stored, valueAt(stored, METER_PEAK_TIME)))) + "}"
			: "}";
	const peak = quarterStart(numberAt(stored, valueAt(stored, PEAK_QUARTER_ID)));
	const body = new ViewBody(stored, valueAt(stored, v.column), v.kind, year, month, peak, tail);
	return {
		status: 200,
		headers: {
			"content-type": JSON_TYPE,
			"cache-control": Cache.Revalidate, // a summary grows during its day, month, year
			"x-content-type-options": "nosniff",
		},
		body: new TextChunks(() => body.piece()),
	};
}

/**
 * Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (by its length) into `date`; false unless every digit
 * is one and the date exists (years 2000-2255: quarter_id keeps the year in 8 bits).
 */
export function readDate(text: string): boolean {
	const n = text.length;
	if (n !== 4 && n !== 7 && n !== 10) return false;
	const year = digits(text, 0, 4);
	const month = n > 4 && charCode(text, 4) === 0x2d ? digits(text, 5, 2) : n > 4 ? -1 : 1;
	const day = n > 7 && charCode(text, 7) === 0x2d ? digits(text, 8, 2) : n > 7 ? -1 : 1;
	if (year < 2000 || year > 2255 || !validLocal(year, month, day, 0, 0, 0)) return false;
	date[0] = year;
	date[1] = n > 4 ? month : 0;
	date[2] = n > 7 ? day : 0;
	return true;
}

/** Value of `count` decimal digits at `at`, -1 when any is not a digit. */
export function digits(text: string, at: number, count: number): number {
	let v = 0;
	for (let i = at; i < at + count; i++) {
		const d = charCode(text, i) - 48;
		if (!(d >= 0 && d <= 9)) return -1;
		v = v * 10 + d;
	}
	return v;
}

const lt: LocalTime = newLocalTime();

function quarterStart(id: number): number {
	return id === id ? quarterStartUtc(id, lt) : NaN; // NaN: none
}

function isoMs(v: string | undefined): number {
	return v === undefined ? NaN : Date.parse(v);
}

/** The answer's pieces in order: head, the stored text, local starts, UTC starts, the peak. */
class ViewBody {
	#stored: string;
	/** Where the column's array starts in #stored, -1 when the summary has none. */
	#column: number;
	/** Where the next entry of the column starts, -1 after the last. */
	#next = -2;
	#kind: Kind;
	#year: number;
	#month: number;
	#peak: number;
	#tail: string;
	#step = 0; // 0 head, 1 stored, 2-3 local, 4-5 utc, 6 peak, 7 done

	constructor(stored: string, column: number, kind: Kind, year: number, month: number, peak: number, tail: string) {
		this.#stored = stored;
		this.#column = column;
		this.#kind = kind;
		this.#year = year;
		this.#month = month;
		this.#peak = peak;
		this.#tail = tail;
	}

	piece(): string | undefined {
		const step = this.#step;
		if (step === 0) {
			this.#step = 1;
			return '{"summary":';
		}
		if (step === 1) {
			this.#step = 2;
			return this.#stored;
		}
		if (step === 2 || step === 4) {
			this.#step = step + 1;
			return step === 2 ? ',"local":[' : '],"utc":[';
		}
		if (step === 3 || step === 5) {
			// a few entries a piece: fewer pieces, less per-piece work, and still a small string
			const stored = this.#stored;
			let at = this.#next === -2 ? firstElement(stored, this.#column) : this.#next;
			if (at < 0) {
				this.#next = -2;
				this.#step = step + 1;
				return "";
			}
			let out = "";
			for (let k = 0; k < ENTRIES_PER_PIECE && at >= 0; k++) {
				const ms = this.#start(numberAt(stored, at));
				out += (out === "" && this.#next === -2 ? "" : ",") + (step === 3 ? localText(ms) : utcText(ms));
				at = nextElement(stored);
			}
			this.#next = at;
			return out;
		}
		if (step === 6) {
			this.#step = 7;
			return '],"peak_local":' + localText(this.#peak) + ',"peak_utc":' + utcText(this.#peak) + this.#tail;
		}
		return undefined;
	}

	/** UTC ms at which an entry starts: a quarter (day view), a day (month view), a month (year view). */
	#start(v: number): number {
		if (v !== v) return NaN;
		if (this.#kind === Kind.Day) return quarterStart(v);
		return this.#kind === Kind.Month
			? localToUtc(this.#year, this.#month, v, 0, 0, 0)
			: localToUtc(this.#year, v, 1, 0, 0, 0);
	}
}

function view(kind: Kind, name: string, length: number, malformed: string, missing: string, column: string): View {
	return Object.freeze({ kind, field: Object.freeze([Object.freeze({ name })]), length, malformed, missing, column });
}
