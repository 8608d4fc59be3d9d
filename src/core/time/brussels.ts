// Europe/Brussels civil time without a time-zone database: CET (UTC+1) in winter, CEST (UTC+2)
// from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (EU rule
// since 1996). Neither XS on the device nor a PC's locale can be trusted to know it.

const HOUR = 3600000;
const DAY = 86400000;

/** UTC ms of 01:00 UTC on the last Sunday of `month0` (0-based) in `year`. */
function lastSunday0100(year: number, month0: number): number {
	const lastDay = Date.UTC(year, month0 + 1, 0);
	const dow = Math.floor(lastDay / DAY + 4) % 7; // 1970-01-01 was a Thursday (4)
	return lastDay - dow * DAY + HOUR;
}

export function summerStartUtc(year: number): number {
	return lastSunday0100(year, 2);
}

export function summerEndUtc(year: number): number {
	return lastSunday0100(year, 9);
}

/** A calendar date (proleptic Gregorian). */
export interface CivilDate {
	year: number;
	month: number; // 1-12
	day: number;
}

/** Calendar date of a day count since 1970-01-01 (H. Hinnant's civil_from_days): pure arithmetic, so no Date object per call. */
export function civilFromDays(days: number, out: CivilDate): CivilDate {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	out.month = mp < 10 ? mp + 3 : mp - 9;
	out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
	return out;
}

/** UTC year of an instant, without allocating (the per-telegram DST test needs only the year). */
export function utcYear(utcMs: number): number {
	const days = Math.floor(utcMs / DAY);
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	return yoe + era * 400 + (doy >= 306 ? 1 : 0);
}

/** True when the instant falls in CEST. */
export function isSummer(utcMs: number): boolean {
	const y = utcYear(utcMs);
	return utcMs >= summerStartUtc(y) && utcMs < summerEndUtc(y);
}

/** Offset of local time from UTC at that instant, in ms (3600000 or 7200000). */
export function offsetMs(utcMs: number): number {
	return isSummer(utcMs) ? 2 * HOUR : HOUR;
}

const DAYS_IN_MONTH = Object.freeze([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);

/** True when the fields name a real calendar moment (month 1-12, day within the month, ...). */
export function validLocal(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number,
): boolean {
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
	if (day > DAYS_IN_MONTH[month - 1]) return false;
	return !(month === 2 && day === 29 && (year % 4 !== 0 || (year % 100 === 0 && year % 400 !== 0)));
}

/**
 * UTC ms of a Brussels wall-clock time. `summer` (the meter's S/W flag: true, false, or
 * undefined when the meter sends none) only decides the repeated autumn hour and the skipped
 * spring hour; everywhere else the calendar rule wins, since meters have been seen to send
 * a flag that contradicts the date. NaN for a time that does not exist on the calendar.
 */
export function localToUtc(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number,
	summer?: boolean,
): number {
	if (!validLocal(year, month, day, hour, minute, second)) return NaN;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	const asSummer = wall - 2 * HOUR;
	const asWinter = wall - HOUR;
	// the local year's bounds serve both candidates: no DST change lies near the year's turn
	const start = summerStartUtc(year);
	const end = summerEndUtc(year);
	const summerFits = asSummer >= start && asSummer < end;
	const winterFits = asWinter < start || asWinter >= end;
	if (summerFits && winterFits) return summer === false ? asWinter : asSummer; // repeated hour
	if (summerFits) return asSummer;
	if (winterFits) return asWinter;
	return summer === false ? asWinter : asSummer; // skipped hour: the meter should never send it
}

/** Brussels wall-clock fields of an instant; `summer` tells which offset applies. */
export interface LocalTime {
	year: number;
	month: number; // 1-12
	day: number;
	hour: number;
	minute: number;
	second: number;
	summer: boolean;
}

export function newLocalTime(): LocalTime {
	return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, summer: false };
}

/** Fills `out` (reused, to keep the per-telegram path free of garbage) and returns it. */
export function utcToLocal(utcMs: number, out: LocalTime = newLocalTime()): LocalTime {
	const summer = isSummer(utcMs);
	const local = utcMs + (summer ? 2 * HOUR : HOUR);
	const days = Math.floor(local / DAY);
	civilFromDays(days, out);
	const secs = Math.floor((local - days * DAY) / 1000);
	out.hour = Math.floor(secs / 3600);
	out.minute = Math.floor(secs / 60) % 60;
	out.second = secs % 60;
	out.summer = summer;
	return out;
}
