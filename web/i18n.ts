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
 * The allowance is (limit x 900 s - energy so far) / seconds left, so it grows without bound in a
 * quarter's last seconds (47 kW with 10 s left at 2 kW against 2.5 kW). Above the larger of this
 * and the quarter's limit it reads "more than ...": at a quarter's start the allowance is about
 * the limit itself, so figures up to it are ones a household can use; beyond both only the
 * shrinking time left speaks, and 10 kW is already more than a household switches on at once
 * (oven, heat pump and a 7.4 kW car charger together stay under it).
 */
export const ALLOWANCE_CAP_W = 10000;

/** "You can still switch on X until 18:45", or that nothing more fits; "" while unknown. */
export function allowanceSentence(
	allowanceW: number | null,
	endIso: string | null,
	lang: Lang,
	limitW: number | null = null,
): string {
	if (allowanceW === null || endIso === null || !Number.isFinite(allowanceW)) return "";
	const t = TEXT[lang];
	const until = formatTime(endIso, lang);
	if (allowanceW <= 0) return t.nothingMore(until);
	const cap = Math.max(ALLOWANCE_CAP_W, limitW ?? 0);
	return t.canStill((allowanceW > cap ? t.moreThan : "") + formatPower(Math.min(allowanceW, cap), lang), until);
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
	day: string;
	month: string;
	year: string;
	quarterWord: string;
	pickDay: string;
	/** "No data for that quarter/day/month/year", by view name. */
	missing: Readonly<Record<string, string>>;
	dst: (summer: boolean) => string;
	running: string;
	billed: string;
	meanPower: string;
	incomplete: string;
	imported: string;
	exported: string;
	peak: string;
	meterPeak: string;
	meter: string;
	diff: (w: string) => string;
	peakAt: (power: string, when: string) => string;
	avg12: string;
	perYear: string;
	perMonth: string;
	floorNote: (floor: string) => string;
	priceNote: (area: string, price: string, year: string) => string;
	noPeak: string;
	theme: string;
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
		day: "Dag",
		month: "Maand",
		year: "Jaar",
		quarterWord: "Kwartier",
		pickDay: "Kies een dag",
		missing: Object.freeze({
			quarter: "Geen gegevens voor dat kwartier.",
			day: "Geen gegevens voor die dag.",
			month: "Geen gegevens voor die maand.",
			year: "Geen gegevens voor dat jaar.",
		}),
		dst: (summer: boolean) => (summer ? "zomeruur" : "winteruur"),
		running: "Dit kwartier loopt nog.",
		billed: "Kwartiergemiddelde (aangerekend)",
		meanPower: "Gemiddeld vermogen",
		incomplete: "Onvolledig: er ontbraken telegrammen, het gemiddelde is bij benadering.",
		imported: "Afname",
		exported: "Injectie",
		peak: "Piek",
		meterPeak: "Piek volgens de meter",
		meter: "Meter",
		diff: (w: string) => `verschil ${w}`,
		peakAt: (power: string, when: string) => `${power} om ${when}`,
		avg12: "Gemiddelde maandpiek (12 maanden)",
		perYear: "Capaciteitstarief per jaar",
		perMonth: "Per maand",
		floorNote: (floor: string) => `Elke maand telt voor minstens ${floor}, ook als je piek lager lag.`,
		priceNote: (area: string, price: string, year: string) =>
			`In netgebied ${area} kost elke kW gemiddelde maandpiek ${price} per jaar (tarief ${year}, btw inbegrepen).`,
		noPeak: "Nog geen maandpiek.",
		theme: "Licht of donker",
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
		day: "Day",
		month: "Month",
		year: "Year",
		quarterWord: "Quarter",
		pickDay: "Pick a day",
		missing: Object.freeze({
			quarter: "No data for that quarter.",
			day: "No data for that day.",
			month: "No data for that month.",
			year: "No data for that year.",
		}),
		dst: (summer: boolean) => (summer ? "summer time" : "winter time"),
		running: "This quarter is still running.",
		billed: "Quarter average (billed)",
		meanPower: "Mean power",
		incomplete: "Incomplete: telegrams were missing, the average is approximate.",
		imported: "Imported",
		exported: "Exported",
		peak: "Peak",
		meterPeak: "Peak according to the meter",
		meter: "Meter",
		diff: (w: string) => `difference ${w}`,
		peakAt: (power: string, when: string) => `${power} at ${when}`,
		avg12: "Average monthly peak (12 months)",
		perYear: "Capacity tariff per year",
		perMonth: "Per month",
		floorNote: (floor: string) => `Every month counts as at least ${floor}, even when your peak was lower.`,
		priceNote: (area: string, price: string, year: string) =>
			`In grid area ${area} each kW of average monthly peak costs ${price} a year (${year} tariff, VAT included).`,
		noPeak: "No month peak yet.",
		theme: "Light or dark",
	}),
});
