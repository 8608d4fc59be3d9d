// Where the navigation buttons go, as hashes: a quarter by its Brussels date and file name
// ("#/quarter/2026-10-25/0215W", the S/W flag keeping the repeated autumn hour apart), a day, a
// month, a year. Pure, on the core's own Brussels rules (no zone database, right on DST days).

import {
	idDay,
	idHour,
	idMinute,
	idMonth,
	idSummer,
	idYear,
	quarterIdAt,
	quarterName,
	quarterStartUtc,
} from "../src/core/quarters/quarter-id";
import { localToUtc, utcToLocal } from "../src/core/time/brussels";
import { dateKey, monthKey } from "../src/core/time/keys";
import { hashOf } from "./router";

export function quarterHash(id: number): string {
	return hashOf("quarter", dateKey(idYear(id), idMonth(id), idDay(id)), quarterName(id));
}

/** The quarter_id of ["2026-10-25", "0215W"]; undefined unless that quarter exists on the calendar. */
export function quarterOfArgs(args: readonly string[]): number | undefined {
	const date = /^(\d{4})-(\d\d)-(\d\d)$/.exec(args[0] ?? "");
	const name = /^(\d\d)(\d\d)([SW])$/.exec(args[1] ?? "");
	if (date === null || name === null) return undefined;
	const [y, m, d, h, min] = [date[1], date[2], date[3], name[1], name[2]].map(Number);
	if (y < 2000 || y > 2255 || min % 15 !== 0) return undefined;
	const id = ((y - 2000) << 24) | (m << 16) | (d << 8) | (h * 4 + min / 15) | (name[3] === "S" ? 0x80 : 0);
	return Number.isFinite(quarterStartUtc(id >>> 0)) ? id >>> 0 : undefined;
}

/** The quarter `n` quarters later (earlier when negative), in real time: 02:45 summer time is followed by 02:00 winter time. */
export function quarterStep(id: number, n: number): number {
	return quarterIdAt(quarterStartUtc(id) + n * 900000);
}

/**
 * The same wall-clock quarter `n` days later: the same S/W flag when that day repeats the hour,
 * the other when only it exists, and the first quarter after the spring jump (03:15 for 02:15).
 */
export function dayStep(id: number, n: number): number {
	const day = new Date(Date.UTC(idYear(id), idMonth(id) - 1, idDay(id) + n));
	const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
	const [h, min] = [idHour(id), idMinute(id)];
	const found = quarterIdAt(localToUtc(y, m, d, h, min, 0, idSummer(id)));
	if (idHour(found) === h && idDay(found) === d) return found;
	return quarterIdAt(localToUtc(y, m, d, h, min, 0, false)); // skipped hour: clocks read an hour later
}

/** "2026-10-25" shifted by `n` days. */
export function shiftDate(date: string, n: number): string {
	const [y, m, d] = date.split("-").map(Number);
	const t = new Date(Date.UTC(y, m - 1, d + n));
	return dateKey(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** "2026-10" shifted by `n` months. */
export function shiftMonth(month: string, n: number): string {
	const [y, m] = month.split("-").map(Number);
	const i = y * 12 + m - 1 + n;
	return monthKey(Math.floor(i / 12), (i % 12) + 1);
}

/** The Brussels date ("2026-10-25") of UTC ms. */
export function localDate(ms: number): string {
	const t = utcToLocal(ms);
	return dateKey(t.year, t.month, t.day);
}

export function idDate(id: number): string {
	return dateKey(idYear(id), idMonth(id), idDay(id));
}

export function idMonthKey(id: number): string {
	return monthKey(idYear(id), idMonth(id));
}

/** Index of the x nearest to `v`; -1 for no x. */
export function nearestIndex(xs: readonly number[], v: number): number {
	let best = -1;
	for (let i = 0; i < xs.length; i++) if (best < 0 || Math.abs(xs[i] - v) < Math.abs(xs[best] - v)) best = i;
	return best;
}

/**
 * The stored summary of a day ("2026-10-25"), month ("2026-10") or year ("2026") under /meter.
 * The views read these rather than /v1/day: the stored columns carry UTC starts, which is all a
 * chart needs, at 3.3 KB for a day against 7.9 KB with /v1/day's local and UTC text columns.
 */
export function summaryPath(key: string): string {
	const kind = key.length === 10 ? "day" : key.length === 7 ? "month" : "year";
	return "/meter/" + key.replace(/-/g, "/") + "/" + kind + ".json";
}
