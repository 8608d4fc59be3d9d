// The two languages: which one to show, and every text of the app. Pure, so jest tests it.

import { formatPower, formatTime, type Lang } from "./format";

export const LANGS: readonly Lang[] = Object.freeze(["nl", "en"]);
export const STORAGE_KEY = "digimon.lang";

/** A stored choice first, then the first of the browser's languages we have, then Dutch. */
export function chooseLanguage(stored: string | null | undefined, browser: readonly string[]): Lang {
	if (isLang(stored)) return stored;
	for (const tag of browser) {
		const primary = tag.toLowerCase().split("-")[0];
		if (isLang(primary)) return primary;
	}
	return "nl";
}

function isLang(v: string | null | undefined): v is Lang {
	return v === "nl" || v === "en";
}

/**
 * Above this the allowance is shown as "more than 10 kW". It is (limit x 900 s - energy so far) /
 * seconds left, so it grows without bound in a quarter's last seconds (47 kW with 10 s left at
 * 2 kW against 2.5 kW); beyond what a household switches on at once (oven, heat pump and a
 * 7.4 kW car charger together stay under it) a figure only misleads.
 */
export const ALLOWANCE_CAP_W = 10000;

/** "You can still switch on X until 18:45", or that nothing more fits; "" while unknown. */
export function allowanceSentence(allowanceW: number | null, endIso: string | null, lang: Lang): string {
	if (allowanceW === null || endIso === null || !Number.isFinite(allowanceW)) return "";
	const t = TEXT[lang];
	const until = formatTime(endIso, lang);
	if (allowanceW <= 0) return t.nothingMore(until);
	const capped = allowanceW > ALLOWANCE_CAP_W;
	return t.canStill((capped ? t.moreThan : "") + formatPower(capped ? ALLOWANCE_CAP_W : allowanceW, lang), until);
}

export interface Texts {
	title: string;
	now: string;
	importing: string;
	exporting: string;
	phase: (n: number) => string;
	average: string;
	projected: string;
	left: string;
	monthPeak: string;
	target: string;
	limit: string;
	energy: string;
	canStill: (power: string, until: string) => string;
	moreThan: string;
	nothingMore: (until: string) => string;
	warning: (limit: string) => string;
	noData: string;
	notLoggedIn: string;
	unreachable: string;
	failed: (status: number) => string;
	quarter: (from: string, to: string) => string;
	consumption: string;
	production: string;
	floor: string;
	language: string;
	notFound: string;
}

export const TEXT: Readonly<Record<Lang, Texts>> = Object.freeze({
	nl: Object.freeze({
		title: "Digitale Meter Monitor",
		now: "Nu",
		importing: "Verbruik",
		exporting: "Injectie",
		phase: (n: number) => "Fase " + n,
		average: "Gemiddelde tot nu",
		projected: "Verwacht kwartiergemiddelde",
		left: "Nog in dit kwartier",
		monthPeak: "Maandpiek",
		target: "Doel",
		limit: "Grens",
		energy: "Verbruik dit kwartier",
		canStill: (power: string, until: string) => `Je kan nog ${power} bijschakelen tot ${until}.`,
		moreThan: "meer dan ",
		nothingMore: (until: string) => `Schakel niets meer bij tot ${until}: dit kwartier zit aan de grens.`,
		warning: (limit: string) => `Opgelet: dit kwartier wordt een nieuwe piek (boven ${limit}). Schakel iets uit!`,
		noData: "Nog geen gegevens: de monitor wacht op het eerste telegram van de meter.",
		notLoggedIn: "Niet aangemeld: herlaad de pagina en meld je aan.",
		unreachable: "De monitor is niet bereikbaar. Staat hij aan en is je wifi verbonden?",
		failed: (status: number) => `De monitor antwoordde met een fout (${status}).`,
		quarter: (from: string, to: string) => `Kwartier ${from}–${to}`,
		consumption: "Verbruik",
		production: "Injectie",
		floor: "2,5 kW",
		language: "Taal",
		notFound: "Deze pagina bestaat niet.",
	}),
	en: Object.freeze({
		title: "Digital Meter Monitor",
		now: "Now",
		importing: "Drawing",
		exporting: "Returning",
		phase: (n: number) => "Phase " + n,
		average: "Average so far",
		projected: "Projected quarter average",
		left: "Left in this quarter",
		monthPeak: "Month peak",
		target: "Target",
		limit: "Limit",
		energy: "Drawn this quarter",
		canStill: (power: string, until: string) => `You can still switch on ${power} until ${until}.`,
		moreThan: "more than ",
		nothingMore: (until: string) => `Switch nothing more on until ${until}: this quarter is at the limit.`,
		warning: (limit: string) =>
			`Warning: this quarter is heading for a new peak (above ${limit}). Switch something off!`,
		noData: "No data yet: the monitor is waiting for the meter's first telegram.",
		notLoggedIn: "Not logged in: reload the page and log in.",
		unreachable: "The monitor cannot be reached. Is it on, and is your WiFi connected?",
		failed: (status: number) => `The monitor answered with an error (${status}).`,
		quarter: (from: string, to: string) => `Quarter ${from}–${to}`,
		consumption: "Consumption",
		production: "Production",
		floor: "2.5 kW",
		language: "Language",
		notFound: "This page does not exist.",
	}),
});
