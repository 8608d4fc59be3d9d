// Calendar keys as text and as numbers: the "YYYY-MM-DD" / "YYYY-MM" stored in summaries and
// month peaks, the zero-padded directory and file names, and the month number used as an index.

// Zero padding by comparison: `.length` or padStart on a string boxes it on XS, 2 heap slots a call.

/** "07" for 7: two digits, for months, days, hours, minutes and seconds. */
export function pad2(n: number): string {
	return n < 10 ? "0" + n : "" + n;
}

/** "0987" for 987: four digits, for years. */
export function pad4(n: number): string {
	return (n < 10 ? "000" : n < 100 ? "00" : n < 1000 ? "0" : "") + n;
}

/** "2026-03-29": the date key stored inside day summaries. */
export function dateKey(year: number, month: number, day: number): string {
	return year + "-" + pad2(month) + "-" + pad2(day);
}

/** "2026-03": the month key of summaries and MonthPeak.month. */
export function monthKey(year: number, month: number): string {
	return year + "-" + pad2(month);
}

/** Months since year 0 (year * 12 + month - 1, month 1-12): consecutive months are consecutive numbers. */
export function monthIndex(year: number, month: number): number {
	return year * 12 + month - 1;
}

/** The month key ("2026-03") of a monthIndex. */
export function monthKeyOfIndex(index: number): string {
	return monthKey(Math.floor(index / 12), (index % 12) + 1);
}
