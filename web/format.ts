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

function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
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

/** Energy in kWh with three decimals ("0,375 kWh"). */
export function formatEnergy(wh: number | null | undefined, lang: Lang): string {
	if (wh === null || wh === undefined || !Number.isFinite(wh)) return DASH;
	return numberFormat(lang, 3).format(wh / 1000) + NBSP + "kWh";
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
