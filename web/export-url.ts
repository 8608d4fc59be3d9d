// The address of a CSV export (GET /v1/export.csv, src/core/api/export-csv.ts): a day, a month or
// a range of days, with `;` and decimal comma for a Belgian spreadsheet or `,` and decimal point.
// Pure, so jest tests it; the API checks the same again.

export type Period = "date" | "month" | "range";
export type Separator = "semicolon" | "comma";
/** Why no address: a day or month not written in full, or a range backwards or too long. */
export type ExportError = "incomplete" | "backwards" | "tooLong";

/** The API's longest range, days (MAX_DAYS of export-csv.ts). */
export const MAX_EXPORT_DAYS = 366;
const DAY_MS = 86400000;

/** `from` alone for a day or a month ("2026-03-29", "2026-03"); `from` and `to` for a range. */
export function exportUrl(period: Period, from: string, to: string, sep: Separator): string | { error: ExportError } {
	let query: string;
	if (period === "range") {
		const first = dayOf(from);
		const last = dayOf(to);
		if (Number.isNaN(first) || Number.isNaN(last)) return { error: "incomplete" };
		if (last < first) return { error: "backwards" };
		if (last - first + 1 > MAX_EXPORT_DAYS) return { error: "tooLong" };
		query = "from=" + from + "&to=" + to;
	} else {
		const ok = period === "date" ? !Number.isNaN(dayOf(from)) : !Number.isNaN(dayOf(from + "-01"));
		if (!ok) return { error: "incomplete" };
		query = period + "=" + from;
	}
	return "/v1/export.csv?" + query + "&sep=" + sep;
}

/** Days since 1970 of a real "YYYY-MM-DD", NaN otherwise (Date.UTC would roll 02-30 over to March). */
function dayOf(text: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (m === null) return NaN;
	const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	const back = new Date(ms);
	return back.getUTCMonth() === +m[2] - 1 && back.getUTCDate() === +m[3] ? ms / DAY_MS : NaN;
}
