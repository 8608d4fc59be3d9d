// <prefix>quarter?id=<quarter_id>, or ?date=YYYY-MM-DD&time=HH:MM[&dst=S|W]: one quarter, the
// stored file or the running quarter when it is the one asked for.
//
// Answer: {"quarter_id","running","local","utc","quarter":<the stored file, byte for byte, or
// the running quarter in the same shape>}, local and utc being its start. A time inside a quarter
// names that quarter (14:37 is the 14:30 quarter). S/W is needed only in the repeated autumn
// hour: without it there the answer is 409 with both candidates, never a guess. A time the
// spring change skips is a 400, as is a flag that contradicts the calendar.

import { quarterPath } from "../history/paths";
import { idSummer, quarterIdAt, quarterStartUtc } from "../quarters/quarter-id";
import type { LocalTime } from "../time/brussels";
import { localToUtc, newLocalTime } from "../time/brussels";
import { charCode } from "../util/chars";
import { TextChunks } from "./chunks";
import { localText, utcText } from "./json-text";
import { readQueryText } from "./query";
import { Cache, errorMessage, JSON_TYPE, jsonResponse } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";
import { date, digits, readDate } from "./views";

const FIELDS: readonly { readonly name: string }[] = Object.freeze([
	Object.freeze({ name: "id" }),
	Object.freeze({ name: "date" }),
	Object.freeze({ name: "time" }),
	Object.freeze({ name: "dst" }),
]);
const ID = 0,
	DATE = 1,
	TIME = 2,
	DST = 3;

const values: (string | undefined)[] = [undefined, undefined, undefined, undefined];
const lt: LocalTime = newLocalTime();

export function quarterView(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const refused = readQueryText(request.target, FIELDS, values);
	if (refused !== undefined) return errorMessage(400, refused);
	const id = values[ID] !== undefined ? byId() : byLocalTime();
	if (typeof id !== "number") return id;
	const start = quarterStartUtc(id, lt);
	const current = context.currentQuarter();
	const running = current !== undefined && current.quarter_id === id;
	const text = running ? JSON.stringify(current) : context.readMeterFile(quarterPath(id));
	if (text === undefined) return errorMessage(404, "no data for this quarter");
	if (text === null) return errorMessage(500, "damaged file set aside");
	const pieces = [
		'{"quarter_id":' +
			id +
			',"running":' +
			running +
			',"local":' +
			localText(start) +
			',"utc":' +
			utcText(start) +
			',"quarter":',
		text,
		"}",
	];
	let i = 0;
	return {
		status: 200,
		headers: {
			"content-type": JSON_TYPE,
			"cache-control": running ? Cache.None : Cache.Hour, // a closed quarter's file does not change
			"x-content-type-options": "nosniff",
		},
		body: new TextChunks(() => (i < pieces.length ? pieces[i++] : undefined)),
	};
}

/** The quarter_id of ?id=, alone; or the 400. */
function byId(): number | ApiResponse {
	const text = values[ID] as string;
	if (values[DATE] !== undefined || values[TIME] !== undefined || values[DST] !== undefined)
		return errorMessage(400, "give id, or date and time, not both");
	const id = digits(text, 0, text.length);
	if (id < 0) return errorMessage(400, "id must be a whole number");
	if (text.length > 10 || id > 0xffffffff) return errorMessage(400, "id out of range");
	const t = quarterStartUtc(id, lt);
	return t === t ? id : errorMessage(400, "id names no quarter");
}

/** The quarter_id of ?date=&time=[&dst=]; or the 400 / 409. */
function byLocalTime(): number | ApiResponse {
	const day = values[DATE],
		time = values[TIME],
		dst = values[DST];
	if (day === undefined || time === undefined) return errorMessage(400, "give id, or date and time");
	if (day.length !== 10 || !readDate(day)) return errorMessage(400, "date must be YYYY-MM-DD");
	const hour = time.length === 5 && charCode(time, 2) === 0x3a ? digits(time, 0, 2) : -1;
	const minute = hour >= 0 ? digits(time, 3, 2) : -1;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return errorMessage(400, "time must be HH:MM");
	if (dst !== undefined && dst !== "S" && dst !== "W") return errorMessage(400, "dst must be S or W");
	const y = date[0],
		m = date[1],
		d = date[2],
		q = minute - (minute % 15);
	const summer = idAt(localToUtc(y, m, d, hour, q, 0, true), y, m, d, hour, q);
	const winter = idAt(localToUtc(y, m, d, hour, q, 0, false), y, m, d, hour, q);
	if (summer < 0 && winter < 0) return errorMessage(400, "no such local time (skipped by the change to summer time)");
	if (summer >= 0 && winter >= 0 && summer !== winter) {
		if (dst === undefined) return ambiguous(summer, winter);
		return dst === "S" ? summer : winter;
	}
	const id = summer >= 0 ? summer : winter;
	if (dst !== undefined && idSummer(id) !== (dst === "S")) return errorMessage(400, "dst does not match this time");
	return id;
}

/** The id of the quarter starting at `t`, when its local time is the one asked for; -1 otherwise. */
function idAt(t: number, y: number, m: number, d: number, hour: number, minute: number): number {
	if (t !== t) return -1;
	const id = quarterIdAt(t, lt);
	return lt.year === y && lt.month === m && lt.day === d && lt.hour === hour && lt.minute === minute ? id : -1;
}

/** 409: the repeated autumn hour without its flag; both quarters, in time order. */
function ambiguous(summer: number, winter: number): ApiResponse {
	const s = quarterStartUtc(summer, lt),
		w = quarterStartUtc(winter, lt);
	return jsonResponse(
		409,
		'{"error":"ambiguous local time: add dst=S or dst=W","candidates":[{"quarter_id":' +
			summer +
			',"dst":"S","local":' +
			localText(s) +
			',"utc":' +
			utcText(s) +
			'},{"quarter_id":' +
			winter +
			',"dst":"W","local":' +
			localText(w) +
			',"utc":' +
			utcText(w) +
			"}]}",
		Cache.None,
	);
}
