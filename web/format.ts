// Numbers and times as a Flemish or English reader expects them. Pure: no DOM, so jest tests it.

export type Lang = "nl" | "en";

/** The locale per language: Belgian Dutch groups thousands with "." and writes decimals with ",". */
const LOCALES: Readonly<Record<Lang, string>> = Object.freeze({ nl: "nl-BE", en: "en-GB" });
export const TIME_ZONE = "Europe/Brussels";
/** A non-breaking space: "2,35 kW" never wraps between number and unit. */
const NBSP = "\u00a0";
const DASH = "–";

const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<Lang, Intl.DateTimeFormat>();
const otherFormats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** An Intl format made once per language and kind. */
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
	let f = otherFormats.get(key);
	if (f === undefined) otherFormats.set(key, (f = make()));
	return f as T;
}

export function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
	const key = lang + digits;
	let f = numberFormats.get(key);
	if (f === undefined) {
		f = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
		numberFormats.set(key, f);
	}
	return f;
}

/** Power: watts below 1 kW ("850 W"), kW with two decimals from there ("2,35 kW"); a dash when unknown. */
export function formatPower(w: number | null | undefined, lang: Lang): string {
	if (w === null || w === undefined || !Number.isFinite(w)) return DASH;
	if (Math.abs(w) < 1000) return numberFormat(lang, 0).format(Math.round(w)) + NBSP + "W";
	return numberFormat(lang, 2).format(w / 1000) + NBSP + "kW";
}

/** Energy in kWh, three decimals unless told ("0,375 kWh"; a month's days with one: "185,1 kWh"). */
export function formatEnergy(wh: number | null | undefined, lang: Lang, digits = 3): string {
	if (wh === null || wh === undefined || !Number.isFinite(wh)) return DASH;
	return numberFormat(lang, digits).format(wh / 1000) + NBSP + "kWh";
}

/** The wall-clock time in Brussels ("18:45") of a UTC instant as the API gives it. */
export function formatTime(iso: string | null | undefined, lang: Lang): string {
	return iso === null || iso === undefined ? DASH : formatClock(Date.parse(iso), lang);
}

/** The 24-hour Brussels time ("18:45") of UTC ms, whatever the browser's own zone and clock style. */
export function formatClock(ms: number, lang: Lang): string {
	if (!Number.isFinite(ms)) return DASH;
	let f = timeFormats.get(lang);
	if (f === undefined) {
		f = new Intl.DateTimeFormat(LOCALES[lang], {
			timeZone: TIME_ZONE,
			hour: "2-digit",
			minute: "2-digit",
			hourCycle: "h23",
		});
		timeFormats.set(lang, f);
	}
	return f.format(ms);
}

/** Labels of a chart's time axis: ticks in unix seconds as Brussels wall-clock times. */
export function axisTimes(ticks: readonly number[], lang: Lang): string[] {
	return ticks.map((s) => formatClock(s * 1000, lang));
}

/** Seconds as "m:ss" ("7:05"). */
export function formatSeconds(s: number | null | undefined): string {
	if (s === null || s === undefined || !Number.isFinite(s) || s < 0) return DASH;
	const whole = Math.round(s);
	const rest = whole % 60;
	return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
}

/** Euros with cents ("€ 123,45" in Dutch, "€123.45" in English). */
export function formatEuro(eur: number | null | undefined, lang: Lang): string {
	if (eur === null || eur === undefined || !Number.isFinite(eur)) return DASH;
	return cached("e" + lang, () => new Intl.NumberFormat(LOCALES[lang], { style: "currency", currency: "EUR" })).format(
		eur,
	);
}

/** A calendar date "2026-10-25" as words ("zo 25 okt. 2026"); the text itself when it is no date. */
export function formatDate(date: string, lang: Lang): string {
	const [y, m, d] = date.split("-").map(Number);
	const ms = Date.UTC(y, m - 1, d);
	if (!Number.isFinite(ms)) return date;
	const f = cached(
		"d" + lang,
		() =>
			new Intl.DateTimeFormat(LOCALES[lang], {
				timeZone: "UTC",
				weekday: "short",
				day: "numeric",
				month: "short",
				year: "numeric",
			}),
	);
	return f.format(ms);
}

/** A month's name ("oktober 2026", or "okt." with `short` and no year). */
export function formatMonth(year: number, month: number, lang: Lang, short = false): string {
	const f = cached(
		"m" + short + lang,
		() =>
			new Intl.DateTimeFormat(
				LOCALES[lang],
				short ? { timeZone: "UTC", month: "short" } : { timeZone: "UTC", month: "long", year: "numeric" },
			),
	);
	return f.format(Date.UTC(year, month - 1, 1));
}
