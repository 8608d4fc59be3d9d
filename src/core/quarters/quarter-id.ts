// Quarter identity: the fixed clock quarters (:00, :15, :30, :45) of Brussels local time, named
// as the original firmware did. Brussels offsets are whole hours, so a local quarter is also a
// fixed 15-minute block of UTC: the engine works on UTC block numbers and only turns them into
// ids (with the S/W bit that keeps the repeated autumn hour apart) when a quarter opens.

import type { LocalTime } from "../time/brussels";
import { localToUtc, newLocalTime, utcToLocal } from "../time/brussels";
import { pad2 } from "../time/keys";

export const QUARTER_MS = 900000;

/** Number of the 15-minute UTC block an instant falls in (same block = same local quarter). */
export function quarterIndex(utcMs: number): number {
	return Math.floor(utcMs / QUARTER_MS);
}

/** Calendar fields of a quarter_id: (YY << 24) | (MM << 16) | (DD << 8) | (hour * 4 + q) | 0x80 when summer. */
export function idYear(id: number): number {
	return 2000 + ((id >>> 24) & 0xff);
}
export function idMonth(id: number): number {
	return (id >>> 16) & 0xff;
}
export function idDay(id: number): number {
	return (id >>> 8) & 0xff;
}
export function idHour(id: number): number {
	return (id & 0x7f) >> 2;
}
export function idMinute(id: number): number {
	return (id & 3) * 15;
}
export function idSummer(id: number): boolean {
	return (id & 0x80) !== 0;
}

export function makeQuarterId(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	summer: boolean,
): number {
	return (
		((year - 2000) << 24) | (month << 16) | (day << 8) | (hour * 4 + Math.floor(minute / 15)) | (summer ? 0x80 : 0)
	);
}

/** quarter_id of the quarter an instant falls in; `scratch` avoids an allocation on hot paths. NaN for NaN. */
export function quarterIdAt(utcMs: number, scratch: LocalTime = newLocalTime()): number {
	if (!Number.isFinite(utcMs)) return NaN;
	const t = utcToLocal(utcMs, scratch);
	return makeQuarterId(t.year, t.month, t.day, t.hour, t.minute, t.summer);
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
	return {
		year: idYear(id),
		month: idMonth(id),
		day: idDay(id),
		hour: idHour(id),
		minute: idMinute(id),
		quarter: id & 3,
		summer: idSummer(id),
	};
}

/** UTC ms at which the quarter starts; NaN for an id that names no real quarter (skipped spring hour, wrong S/W flag, bad date). */
export function quarterStartUtc(id: number, scratch: LocalTime = newLocalTime()): number {
	if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) return NaN;
	const start = localToUtc(idYear(id), idMonth(id), idDay(id), idHour(id), idMinute(id), 0, idSummer(id));
	if (start !== start) return NaN;
	return quarterIdAt(start, scratch) === id ? start : NaN; // the round trip rejects ids the calendar does not have
}

export function validQuarterId(id: number): boolean {
	const t = quarterStartUtc(id);
	return t === t;
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

/** File name without extension, as the original: "HHMM" + "S" (summer) or "W" (winter), e.g. "0245S". */
export function quarterName(id: number): string {
	return pad2(idHour(id)) + pad2(idMinute(id)) + (idSummer(id) ? "S" : "W");
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
		ids.push(makeQuarterId(lt.year, lt.month, lt.day, lt.hour, lt.minute, lt.summer));
		t += QUARTER_MS;
	}
}
