// The two languages: which one to show, and every text of the app. Pure, so jest tests it.

import { formatPower, formatTime, type Lang } from "./format";

export const LANGS: readonly Lang[] = Object.freeze(["nl", "en"]);
export const STORAGE_KEY = "digimon.lang";

/**
 * A stored choice first, then the first of the browser's languages we have. A browser that asks
 * for neither gets Dutch when it is set up for Belgium (fr-BE: the language of Fluvius in
 * Flanders, where these meters are) or says nothing, else English (de-DE, fr-FR: more likely read).
 */
export function chooseLanguage(stored: string | null | undefined, browser: readonly string[]): Lang {
	if (isLang(stored)) return stored;
	for (const tag of browser) {
		const primary = tag.toLowerCase().split("-")[0];
		if (isLang(primary)) return primary;
	}
	return browser.length === 0 || browser.some((tag) => /-be$/i.test(tag)) ? "nl" : "en";
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
	/** Import and export per tariff (1-0:1.8.1, 1.8.2, 2.8.1, 2.8.2: tariff 1 is day, 2 night on Belgian meters). */
	tariffs: readonly string[];
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
		tariffs: Object.freeze([
			"Afname dagtarief",
			"Afname nachttarief",
			"Injectie dagtarief",
			"Injectie nachttarief",
		]) as [string, string, string, string],
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
		tariffs: Object.freeze([
			"Imported, day tariff",
			"Imported, night tariff",
			"Exported, day tariff",
			"Exported, night tariff",
		]) as [string, string, string, string],
	}),
});

// The Meter, Settings, Update, Export and Setup views.

export interface PageTexts {
	meter: string;
	settings: string;
	update: string;
	export: string;
	setup: string;
	never: string;
	silent: (age: string) => string;
	consent: (fields: string) => string;
	absent: (fields: string) => string;
	sending: string;
	status: string;
	telegrams: string;
	counts: (ok: string, bad: string, missing: string, dropped: string) => string;
	lastTelegram: string;
	ago: (age: string) => string;
	model: string;
	protocol: string;
	serial: string;
	ean: string;
	clock: string;
	clockOffset: (offset: number, size: string) => string;
	storage: string;
	storageState: (errors: number, setAside: number, free: string) => string;
	/** The device's SD card (GET /v1/status `device.card`), its WiFi and the P1 UART. */
	card: string;
	cardState: (state: string, retry: string | null) => string;
	cardTrouble: (state: string, error: string) => string;
	wifi: string;
	wifiState: (mode: string, rssi: number | null) => string;
	uartLost: (bytes: number) => string;
	version: string;
	uptime: string;
	electricity: string;
	obis: Readonly<Record<string, string>>;
	phaseHead: readonly string[];
	gas: string;
	water: string;
	allFields: string;
	rawTelegram: string;
	log: string;
	logEmpty: string;
	sections: Readonly<Record<string, string>>;
	fields: Readonly<Record<string, string>>;
	hints: Readonly<Record<string, string>>;
	passwordSet: (set: boolean) => string;
	keepPassword: string;
	save: string;
	saving: string;
	notNumber: string;
	unsaved: string;
	loginFirst: string;
	readOnly: string;
	error: (status: number, message: string) => string;
	unchanged: string;
	saved: string;
	afterRestart: (list: string) => string;
	newLogin: string;
	exportIntro: string;
	periods: Readonly<Record<"date" | "month" | "range", string>>;
	from: string;
	to: string;
	separators: Readonly<Record<"semicolon" | "comma", string>>;
	download: string;
	exportErrors: Readonly<Record<"incomplete" | "backwards" | "tooLong", string>>;
	updateIntro: string;
	upload: string;
	uploading: (percent: number) => string;
	updated: string;
	firmwareErrors: Readonly<Record<"empty" | "tooLarge" | "notImage", string>>;
	notHere: string;
	setupIntro: string;
	networks: string;
	typeNetwork: string;
	otherNetwork: string;
	scanAgain: string;
	reachAs: (name: string) => string;
}

/** Units of time for an age: seconds, minutes, hours, days. */
const AGE_UNITS: Readonly<Record<Lang, readonly string[]>> = Object.freeze({
	nl: Object.freeze(["s", "min", "u", "dagen"]),
	en: Object.freeze(["s", "min", "h", "days"]),
});

/** An age in the largest unit that keeps it at 1 or more ("45 s", "3 min", "2 u", "4 dagen"). */
export function formatAge(s: number | null, lang: Lang): string {
	if (s === null || !Number.isFinite(s) || s < 0) return "–";
	const units = AGE_UNITS[lang];
	const steps = [1, 60, 3600, 86400];
	let i = 0;
	while (i < 3 && s >= steps[i + 1] * (i === 0 ? 1.5 : 1)) i++;
	return Math.floor(s / steps[i]) + "\u00a0" + units[i];
}

/** Dutch for the API's validation messages (src/core/config); the English originals stay as sent. */
const API_MESSAGES_NL: readonly (readonly [RegExp, string])[] = Object.freeze([
	[/^must be text of (\d+) to (\d+) bytes/, "Tekst van $1 tot $2 bytes."],
	[/^must be text of at most (\d+) bytes without/, "Tekst van hoogstens $1 bytes, zonder ':'."],
	[/^must be text of at most (\d+) bytes/, "Tekst van hoogstens $1 bytes."],
	[/^must be 1 to 63 letters/, "1 tot 63 letters, cijfers of '-', niet met '-' vooraan of achteraan."],
	[/^must be a host name/, "Geef een hostnaam of een IPv4-adres."],
	[/^must be 8 to 63/, "8 tot 63 gewone tekens (ASCII) of 64 hexadecimale cijfers; leeg voor een open netwerk."],
	[/^must be "" \(the default area\) or one of (.*)/, "Leeg (standaard) of een van: $1."],
	[/^must be an IPv4 address like (\S+)/, "Geef een IPv4-adres zoals $1."],
	[/^must be a net mask like (\S+)/, "Geef een subnetmasker zoals $1."],
	[/^must be a number from (\S+) to (\S+),/, "Een getal van $1 tot $2, of leeg."],
	[/^must be a whole number from (\S+) to (\S+)/, "Een geheel getal van $1 tot $2."],
	[/^required when dhcp/, "Nodig voor een vast adres."],
	[/^required when auth.user/, "Nodig zolang er een gebruikersnaam is."],
	[/^required when auth.password/, "Nodig zolang er een wachtwoord is."],
	[/^required when mqtt/, "Nodig zolang MQTT aan staat."],
	[/^must be in the subnet/, "Moet in het subnet van het IP-adres liggen."],
	[/^must differ from http.port/, "Moet verschillen van de poort van het dashboard."],
	[/^the change would leave no login/, "Dan kan niemand nog aanmelden: geef een gebruikersnaam en een wachtwoord."],
]);

/** An API validation message as the form shows it: in Dutch when we know it, else as sent, as a sentence. */
export function apiMessage(message: string, lang: Lang): string {
	if (lang === "nl")
		for (const [pattern, text] of API_MESSAGES_NL) {
			const match = pattern.exec(message);
			if (match !== null) return text.replace(/\$(\d)/g, (_, i: string) => match[+i]);
		}
	return message === "" ? "–" : message[0].toUpperCase() + message.slice(1) + ".";
}

const FLUVIUS = "mijn.fluvius.be";

export const PAGE_TEXT: Readonly<Record<Lang, PageTexts>> = Object.freeze({
	nl: Object.freeze({
		meter: "Meter",
		settings: "Instellingen",
		update: "Firmware",
		export: "Export",
		setup: "Wifi",
		never: `De meter stuurt niets. De P1-poort van een digitale meter staat standaard dicht: open ze op ${FLUVIUS} (je digitale meter, poorten beheren). Dat kan enkele dagen duren. Zit de kabel goed in de P1-poort?`,
		silent: (age: string) =>
			`De meter stuurt al ${age} niets meer. Zit de kabel nog goed in de P1-poort? Staat de poort nog open op ${FLUVIUS}?`,
		consent: (fields: string) =>
			`De meter stuurt ${fields} niet meer: je toestemming voor de P1-poort bij Fluvius is wellicht verlopen. Vernieuw ze op ${FLUVIUS}. Kwartieren en pieken berekent de monitor intussen zelf uit de tellerstanden.`,
		absent: (fields: string) =>
			`De meter stuurt ${fields} niet: een oudere meter, of geen toestemming voor de P1-poort (aan te vragen op ${FLUVIUS}). Kwartieren en pieken berekent de monitor zelf uit de tellerstanden.`,
		sending: "De meter stuurt telegrammen.",
		status: "Toestand",
		telegrams: "Telegrammen",
		counts: (ok: string, bad: string, missing: string, dropped: string) =>
			`${ok} goed, ${bad} met foute CRC, ${missing} zonder CRC, ${dropped} waarden geweigerd`,
		lastTelegram: "Laatste telegram",
		ago: (age: string) => `${age} geleden`,
		model: "Metertype",
		protocol: "Protocol",
		serial: "Meternummer",
		ean: "EAN",
		clock: "Klok van de meter",
		clockOffset: (offset: number, size: string) =>
			offset === 0 ? "gelijk met de monitor" : `${size} ${offset > 0 ? "voor op" : "achter op"} de monitor`,
		storage: "Opslag",
		storageState: (errors: number, setAside: number, free: string) =>
			`${errors === 0 && setAside === 0 ? "in orde" : `${errors} schrijffouten, ${setAside} bestanden apart gezet`}, ${free} vrij`,
		card: "SD-kaart",
		cardState: (state: string, retry: string | null) =>
			(state === "mounted" ? "in gebruik" : state === "missing" ? "geen kaart gevonden" : "kaart werkt niet") +
			(retry === null ? "" : `, nieuwe poging over ${retry}`),
		cardTrouble: (state: string, error: string) =>
			(state === "missing"
				? "Geen SD-kaart gevonden: de kwartieren worden niet bewaard tot er een kaart in zit."
				: "De SD-kaart werkt niet: de kwartieren worden niet bewaard.") +
			(error === "" ? "" : ` (${error})`) +
			" De meter wordt wel gelezen en de live gegevens blijven komen.",
		wifi: "WiFi",
		wifiState: (mode: string, rssi: number | null) =>
			(mode === "online"
				? "verbonden"
				: mode === "setup"
					? "instelmodus (toegangspunt DigitaleMeterMonitor)"
					: mode === "connecting"
						? "verbinden…"
						: "wacht op een nieuwe poging") + (rssi === null ? "" : `, signaal ${rssi} dBm`),
		uartLost: (bytes: number) => `${bytes} bytes van de meter verloren`,
		version: "Versie",
		uptime: "Draait al",
		electricity: "Elektriciteit",
		obis: Object.freeze({
			"1-0:1.8.1": "Afname dag",
			"1-0:1.8.2": "Afname nacht",
			"1-0:2.8.1": "Injectie dag",
			"1-0:2.8.2": "Injectie nacht",
			"0-0:96.14.0": "Tarief nu (1 dag, 2 nacht)",
			"1-0:1.7.0": "Vermogen afname",
			"1-0:2.7.0": "Vermogen injectie",
			"1-0:1.4.0": "Gemiddelde dit kwartier",
			"1-0:1.6.0": "Piek deze maand",
		}),
		phaseHead: Object.freeze(["Fase", "Spanning", "Stroom", "Afname", "Injectie"]),
		gas: "Gas",
		water: "Water",
		allFields: "Alle velden",
		rawTelegram: "Telegram zoals verzonden",
		log: "Logboek",
		logEmpty: "Nog niets gelogd.",
		sections: Object.freeze({
			network: "Netwerk",
			wifi: "Wifi",
			auth: "Aanmelding",
			tariff: "Capaciteitstarief",
			homewizard: "HomeWizard-API",
			mqtt: "MQTT",
			raw_telegram: "Ruwe telegrammen (TCP)",
			warning: "Piekwaarschuwing",
		}),
		fields: Object.freeze({
			"network.device_name": "Naam van de monitor",
			"network.dhcp": "Adres automatisch (DHCP)",
			"network.ip": "IP-adres",
			"network.gateway": "Gateway",
			"network.subnet": "Subnetmasker",
			"network.dns": "DNS-server",
			"wifi.ssid": "Netwerk (SSID)",
			"wifi.password": "Wifi-wachtwoord",
			"auth.user": "Gebruikersnaam",
			"auth.password": "Wachtwoord",
			"tariff.grid_area": "Netgebied",
			"tariff.price_eur_kw_year": "Prijs (€/kW/jaar)",
			"tariff.target_w": "Doel (W)",
			"homewizard.enabled": "Aan",
			"mqtt.enabled": "Aan",
			"mqtt.host": "Broker",
			"mqtt.port": "Poort",
			"mqtt.user": "Gebruiker",
			"mqtt.password": "Wachtwoord",
			"mqtt.topic": "Topic",
			"mqtt.interval_s": "Elke (seconden)",
			"mqtt.discovery_prefix": "Discovery-prefix (Home Assistant)",
			"raw_telegram.enabled": "Aan",
			"raw_telegram.port": "Poort",
			"warning.url": "Melden aan (URL)",
		}),
		hints: Object.freeze({
			"homewizard.enabled": "Zonder aanmelding: iedereen op je netwerk kan dan de meter lezen.",
			"auth.user": "Leeg: de wifinaam en het wifiwachtwoord zijn de aanmelding.",
			"tariff.price_eur_kw_year": "Leeg: het gepubliceerde tarief van je netgebied, btw inbegrepen.",
			"tariff.target_w": "Leeg: de piek van deze maand.",
			"warning.url":
				"Leeg: geen. Anders krijgt dit adres een POST bij een piekwaarschuwing (bv. ntfy of een Home Assistant-webhook).",
		}),
		passwordSet: (set: boolean) => (set ? "ingesteld" : "niet ingesteld"),
		keepPassword: "leeg laten om het te behouden",
		save: "Opslaan",
		saving: "Bezig…",
		notNumber: "Geef een getal.",
		unsaved: "Niet opgeslagen: de monitor is niet bereikbaar.",
		loginFirst: "Niet aangemeld: herlaad de pagina en meld je aan.",
		readOnly: "Deze monitor kan zijn instellingen niet wijzigen.",
		error: (status: number, message: string) => `Fout ${status}${message ? `: ${message}` : ""}.`,
		unchanged: "Niets gewijzigd.",
		saved: "Opgeslagen.",
		afterRestart: (list: string) => `Van kracht na een herstart van de monitor: ${list}.`,
		newLogin: "De aanmelding is gewijzigd: meld je opnieuw aan.",
		exportIntro:
			"Eén regel per kwartier: begin (Brusselse tijd), zomer- of wintertijd, het gemiddelde vermogen dat Fluvius aanrekent, afname en injectie in kWh.",
		periods: Object.freeze({ date: "Dag", month: "Maand", range: "Periode" }),
		from: "Van",
		to: "Tot en met",
		separators: Object.freeze({
			semicolon: "Excel of LibreOffice in het Nederlands of Frans (; en decimale komma)",
			comma: "Engelstalige programma's en scripts (, en decimaal punt)",
		}),
		download: "CSV downloaden",
		exportErrors: Object.freeze({
			incomplete: "Kies een datum.",
			backwards: "De einddatum ligt voor de begindatum.",
			tooLong: "Hoogstens 366 dagen per export.",
		}),
		updateIntro: "Kies het firmwarebestand (.bin) van de monitor. Na het laden herstart hij vanzelf.",
		upload: "Laden",
		uploading: (percent: number) => `Bezig: ${percent} %`,
		updated: "De firmware is geladen. De monitor herstart: herlaad deze pagina over een minuut.",
		firmwareErrors: Object.freeze({
			empty: "Dit bestand is leeg.",
			tooLarge: "Dit bestand is te groot voor de monitor.",
			notImage: "Dit is geen firmware voor de monitor (een .bin-bestand voor de ESP32).",
		}),
		notHere: "Firmware bijwerken kan alleen op de monitor zelf, niet op deze pc-versie.",
		setupIntro:
			"Kies het wifinetwerk van je woning en geef het wachtwoord. Na het opslaan herstart de monitor en verbindt hij met dat netwerk.",
		networks: "Netwerken in de buurt",
		typeNetwork: "Typ de naam van je netwerk.",
		otherNetwork: "Ander netwerk…",
		scanAgain: "Opnieuw zoeken",
		reachAs: (name: string) => `Daarna bereikbaar als ${name}.local`,
	}),
	en: Object.freeze({
		meter: "Meter",
		settings: "Settings",
		update: "Firmware",
		export: "Export",
		setup: "WiFi",
		never: `The meter sends nothing. A digital meter's P1 port is closed until you open it at ${FLUVIUS} (your digital meter, manage ports); that can take a few days. Is the cable firmly in the P1 port?`,
		silent: (age: string) =>
			`The meter has sent nothing for ${age}. Is the cable still in the P1 port? Is the port still open at ${FLUVIUS}?`,
		consent: (fields: string) =>
			`The meter stopped sending ${fields}: your P1 port consent at Fluvius has probably lapsed. Renew it at ${FLUVIUS}. Meanwhile the monitor computes quarters and peaks itself from the energy registers.`,
		absent: (fields: string) =>
			`The meter does not send ${fields}: an older meter, or no P1 port consent (ask for it at ${FLUVIUS}). The monitor computes quarters and peaks itself from the energy registers.`,
		sending: "The meter is sending telegrams.",
		status: "Status",
		telegrams: "Telegrams",
		counts: (ok: string, bad: string, missing: string, dropped: string) =>
			`${ok} good, ${bad} with a bad CRC, ${missing} without CRC, ${dropped} values refused`,
		lastTelegram: "Last telegram",
		ago: (age: string) => `${age} ago`,
		model: "Meter model",
		protocol: "Protocol",
		serial: "Meter number",
		ean: "EAN",
		clock: "Meter clock",
		clockOffset: (offset: number, size: string) =>
			offset === 0 ? "same as the monitor" : `${size} ${offset > 0 ? "ahead of" : "behind"} the monitor`,
		storage: "Storage",
		storageState: (errors: number, setAside: number, free: string) =>
			`${errors === 0 && setAside === 0 ? "fine" : `${errors} write errors, ${setAside} files set aside`}, ${free} free`,
		card: "SD card",
		cardState: (state: string, retry: string | null) =>
			(state === "mounted" ? "in use" : state === "missing" ? "no card found" : "card not working") +
			(retry === null ? "" : `, trying again in ${retry}`),
		cardTrouble: (state: string, error: string) =>
			(state === "missing"
				? "No SD card found: quarters are not stored until a card is in."
				: "The SD card does not work: quarters are not stored.") +
			(error === "" ? "" : ` (${error})`) +
			" The meter is still read and live data keeps coming.",
		wifi: "WiFi",
		wifiState: (mode: string, rssi: number | null) =>
			(mode === "online"
				? "connected"
				: mode === "setup"
					? "setup mode (access point DigitaleMeterMonitor)"
					: mode === "connecting"
						? "connecting…"
						: "waiting to try again") + (rssi === null ? "" : `, signal ${rssi} dBm`),
		uartLost: (bytes: number) => `${bytes} bytes from the meter lost`,
		version: "Version",
		uptime: "Running for",
		electricity: "Electricity",
		obis: Object.freeze({
			"1-0:1.8.1": "Import day",
			"1-0:1.8.2": "Import night",
			"1-0:2.8.1": "Export day",
			"1-0:2.8.2": "Export night",
			"0-0:96.14.0": "Tariff now (1 day, 2 night)",
			"1-0:1.7.0": "Power drawn",
			"1-0:2.7.0": "Power returned",
			"1-0:1.4.0": "Average this quarter",
			"1-0:1.6.0": "Peak this month",
		}),
		phaseHead: Object.freeze(["Phase", "Voltage", "Current", "Drawn", "Returned"]),
		gas: "Gas",
		water: "Water",
		allFields: "All fields",
		rawTelegram: "Telegram as sent",
		log: "Log",
		logEmpty: "Nothing logged yet.",
		sections: Object.freeze({
			network: "Network",
			wifi: "WiFi",
			auth: "Login",
			tariff: "Capacity tariff",
			homewizard: "HomeWizard API",
			mqtt: "MQTT",
			raw_telegram: "Raw telegrams (TCP)",
			warning: "Peak warning",
		}),
		fields: Object.freeze({
			"network.device_name": "Monitor name",
			"network.dhcp": "Automatic address (DHCP)",
			"network.ip": "IP address",
			"network.gateway": "Gateway",
			"network.subnet": "Subnet mask",
			"network.dns": "DNS server",
			"wifi.ssid": "Network (SSID)",
			"wifi.password": "WiFi password",
			"auth.user": "User name",
			"auth.password": "Password",
			"tariff.grid_area": "Grid area",
			"tariff.price_eur_kw_year": "Price (€/kW/year)",
			"tariff.target_w": "Target (W)",
			"homewizard.enabled": "On",
			"mqtt.enabled": "On",
			"mqtt.host": "Broker",
			"mqtt.port": "Port",
			"mqtt.user": "User",
			"mqtt.password": "Password",
			"mqtt.topic": "Topic",
			"mqtt.interval_s": "Every (seconds)",
			"mqtt.discovery_prefix": "Discovery prefix (Home Assistant)",
			"raw_telegram.enabled": "On",
			"raw_telegram.port": "Port",
			"warning.url": "Notify (URL)",
		}),
		hints: Object.freeze({
			"homewizard.enabled": "No login: anyone on your network can then read the meter.",
			"auth.user": "Empty: the WiFi name and password are the login.",
			"tariff.price_eur_kw_year": "Empty: the published price of your grid area, VAT included.",
			"tariff.target_w": "Empty: this month's peak.",
			"warning.url":
				"Empty: none. Otherwise this address gets a POST on a peak warning (e.g. ntfy or a Home Assistant webhook).",
		}),
		passwordSet: (set: boolean) => (set ? "set" : "not set"),
		keepPassword: "leave empty to keep it",
		save: "Save",
		saving: "Saving…",
		notNumber: "Enter a number.",
		unsaved: "Not saved: the monitor cannot be reached.",
		loginFirst: "Not logged in: reload the page and log in.",
		readOnly: "This monitor cannot change its settings.",
		error: (status: number, message: string) => `Error ${status}${message ? `: ${message}` : ""}.`,
		unchanged: "Nothing changed.",
		saved: "Saved.",
		afterRestart: (list: string) => `Takes effect after the monitor restarts: ${list}.`,
		newLogin: "The login changed: log in again.",
		exportIntro:
			"One line per quarter: its start (Brussels time), summer or winter time, the average power Fluvius bills, energy drawn and returned in kWh.",
		periods: Object.freeze({ date: "Day", month: "Month", range: "Range" }),
		from: "From",
		to: "To (included)",
		separators: Object.freeze({
			semicolon: "Excel or LibreOffice in Dutch or French (; and decimal comma)",
			comma: "English-language programs and scripts (, and decimal point)",
		}),
		download: "Download CSV",
		exportErrors: Object.freeze({
			incomplete: "Choose a date.",
			backwards: "The end is before the start.",
			tooLong: "At most 366 days per export.",
		}),
		updateIntro: "Choose the monitor's firmware file (.bin). It restarts by itself once loaded.",
		upload: "Load",
		uploading: (percent: number) => `Loading: ${percent} %`,
		updated: "The firmware is loaded. The monitor restarts: reload this page in a minute.",
		firmwareErrors: Object.freeze({
			empty: "This file is empty.",
			tooLarge: "This file is too large for the monitor.",
			notImage: "This is no firmware for the monitor (a .bin file for the ESP32).",
		}),
		notHere: "Firmware can only be updated on the monitor itself, not on this PC version.",
		setupIntro:
			"Choose your home's WiFi network and enter its password. After saving, the monitor restarts and joins that network.",
		networks: "Networks nearby",
		typeNetwork: "Type your network's name.",
		otherNetwork: "Other network…",
		scanAgain: "Search again",
		reachAs: (name: string) => `Then reachable as ${name}.local`,
	}),
});

/** The page texts of the language `t` is the text of (the navigation hands a view's title only `t`). */
export function pageTexts(t: Texts): PageTexts {
	return t === TEXT.en ? PAGE_TEXT.en : PAGE_TEXT.nl;
}
