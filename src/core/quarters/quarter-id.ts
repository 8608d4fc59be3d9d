// Quarter identity: the fixed clock quarters (:00, :15, :30, :45) of Brussels local time, named
// as the original firmware did. Brussels offsets are whole hours, so a local quarter is also a
// fixed 15-minute block of UTC: the engine works on UTC block numbers and only turns them into
// ids (with the S/W bit that keeps the repeated autumn hour apart) when a quarter opens.

import { localToUtc, newLocalTime, utcToLocal } from "../time/brussels";
import type { LocalTime } from "../time/brussels";

export const QUARTER_MS = 900000;

/** Number of the 15-minute UTC block an instant falls in (same block = same local quarter). */
export function quarterIndex(utcMs: number): number {
	return Math.floor(utcMs / QUARTER_MS);
}

function makeId(year: number, month: number, day: number, hour: number, minute: number, summer: boolean): number {
	return ((year - 2000) << 24) | (month << 16) | (day << 8) | (hour * 4 + Math.floor(minute / 15)) | (summer ? 0x80 : 0);
}

/** quarter_id of the quarter an instant falls in; `scratch` avoids an allocation on hot paths. NaN for NaN. */
export function quarterIdAt(utcMs: number, scratch: LocalTime = newLocalTime()): number {
	if (!Number.isFinite(utcMs)) return NaN;
	const t = utcToLocal(utcMs, scratch);
	return makeId(t.year, t.month, t.day, t.hour, t.minute, t.summer);
}

/** Local fields encoded in an id (no validation: see quarterStartUtc). */
export interface QuarterLocal {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	/** 0-3 within the hour. */
	quarter: number;
	summer: boolean;
}

export function quarterLocal(id: number): QuarterLocal {
	const slot = id & 0x7f;
	return {
		year: 2000 + ((id >>> 24) & 0xff),
		month: (id >>> 16) & 0xff,
		day: (id >>> 8) & 0xff,
		hour: slot >> 2,
		minute: (slot & 3) * 15,
		quarter: slot & 3,
		summer: (id & 0x80) !== 0,
	};
}

/** UTC ms at which the quarter starts; NaN for an id that names no real quarter (skipped spring hour, wrong S/W flag, bad date). */
export function quarterStartUtc(id: number, scratch: LocalTime = newLocalTime()): number {
	if (!Number.isInteger(id) || id < 0) return NaN;
	const slot = id & 0x7f;
	const start = localToUtc(2000 + ((id >>> 24) & 0xff), (id >>> 16) & 0xff, (id >>> 8) & 0xff, slot >> 2, (slot & 3) * 15, 0, (id & 0x80) !== 0);
	if (start !== start) return NaN;
	return quarterIdAt(start, scratch) === id ? start : NaN; // the round trip rejects ids the calendar does not have
}

export function quarterEndUtc(id: number): number {
	return quarterStartUtc(id) + QUARTER_MS;
}

export function nextQuarterId(id: number): number {
	return quarterIdAt(quarterStartUtc(id) + QUARTER_MS);
}

export function previousQuarterId(id: number): number {
	return quarterIdAt(quarterStartUtc(id) - QUARTER_MS);
}

function pad2(n: number): string {
	return n < 10 ? "0" + n : "" + n;
}

/** File name without extension, as the original: "HHMM" + "S" (summer) or "W" (winter), e.g. "0245S". */
export function quarterName(id: number): string {
	const slot = id & 0x7f;
	return pad2(slot >> 2) + pad2((slot & 3) * 15) + ((id & 0x80) !== 0 ? "S" : "W");
}

/** Directory of the quarter's local day, "YYYY/MM/DD" (the history module puts it under /meter). */
export function quarterDir(id: number): string {
	return (2000 + ((id >>> 24) & 0xff)) + "/" + pad2((id >>> 16) & 0xff) + "/" + pad2((id >>> 8) & 0xff);
}

/** "YYYY/MM/DD/HHMM{S|W}": the quarter file's path without root and extension. */
export function quarterPath(id: number): string {
	return quarterDir(id) + "/" + quarterName(id);
}

/** The ids of all quarters of a local calendar day, in time order: 96, 92 on the spring DST day, 100 on the autumn one. */
export function dayQuarterIds(year: number, month: number, day: number): number[] {
	const ids: number[] = [];
	let t = localToUtc(year, month, day, 0, 0, 0);
	if (t !== t) return ids;
	const lt = newLocalTime();
	for (;;) {
		utcToLocal(t, lt);
		if (lt.day !== day || lt.month !== month || lt.year !== year) return ids;
		ids.push(makeId(lt.year, lt.month, lt.day, lt.hour, lt.minute, lt.summer));
		t += QUARTER_MS;
	}
}
