// The logic of the Meter, Settings, Update, Export and Setup views without a browser, checked
// against the real API (core routes with a fake context) where the API is what they read.

import { readFileSync } from "node:fs";
import path from "node:path";
import { MAX_DAYS, readExportQuery } from "../../src/core/api/export-csv";
import { handle } from "../../src/core/api/handle";
import { MAX_FIRMWARE_BYTES as API_MAX_FIRMWARE_BYTES } from "../../src/core/api/update";
import { type DecodedTelegram, decodeStream } from "../../src/core/dsmr/decode";
import { hexDecoded } from "../../src/core/util/hex";
import { exportUrl, MAX_EXPORT_DAYS } from "../../web/export-url";
import { firmwareError, MAX_FIRMWARE_BYTES, uploadResult } from "../../web/firmware";
import { apiMessage, chooseLanguage, formatAge, PAGE_TEXT, TEXT } from "../../web/i18n";
import {
	deviceRows,
	fieldsIn,
	formatReading,
	mbusOf,
	meterState,
	type Obj,
	phasesOf,
	type Status,
} from "../../web/meter-read";
import {
	changesOf,
	draftOf,
	fieldsOf,
	isShown,
	parseNumber,
	refusal,
	type Settings,
	savedSentences,
} from "../../web/settings-form";
import { basic, fakeContext, get, SSID, saving, text, WIFI_PASSWORD } from "../api/fake-context";

const NBSP = "\u00a0";
const LOGIN = basic(SSID, WIFI_PASSWORD);

function api(method: "GET" | "POST", body?: unknown, context = saving(fakeContext())) {
	const request = get("/v1/settings", LOGIN, method, method === "POST" ? { "content-type": "application/json" } : {});
	if (body !== undefined) request.body = new TextEncoder().encode(JSON.stringify(body));
	const response = handle(request, context);
	return { status: response.status, body: JSON.parse(text(response.body)) as Record<string, unknown> };
}

describe("language", () => {
	test("a stored choice wins, then the first browser language we have", () => {
		expect(chooseLanguage("en", ["nl-BE"])).toBe("en");
		expect(chooseLanguage(null, ["fr-BE", "en-US", "nl"])).toBe("en");
		expect(chooseLanguage(null, ["de-DE", "nl-NL"])).toBe("nl");
	});
	test("a browser asking for neither: Dutch when set up for Belgium or silent, else English", () => {
		expect(chooseLanguage(null, ["fr-BE", "fr"])).toBe("nl");
		expect(chooseLanguage(null, ["de-be"])).toBe("nl");
		expect(chooseLanguage(null, [])).toBe("nl");
		expect(chooseLanguage(null, ["fr-FR", "fr"])).toBe("en");
		expect(chooseLanguage("xx", ["de-DE"])).toBe("en");
	});
});

describe("settings form", () => {
	const settings = api("GET").body as Settings;
	const fields = fieldsOf(settings);
	const kind = (id: string) => fields.find((f) => f.id === id)?.kind;

	test("every setting of the API is a field of the right kind; passwords are secret fields", () => {
		expect(fields.map((f) => f.id)).toEqual(
			Object.keys(settings).flatMap((s) =>
				Object.keys(settings[s]).map((k) => s + "." + (k === "password_set" ? "password" : k)),
			),
		);
		expect(kind("network.dhcp")).toBe("bool");
		expect(kind("network.ip")).toBe("text");
		expect(kind("mqtt.port")).toBe("number");
		expect(kind("tariff.target_w")).toBe("number"); // null in the answer
		expect(kind("wifi.password")).toBe("secret");
		expect(kind("auth.password")).toBe("secret");
		expect(kind("mqtt.password")).toBe("secret");
		for (const f of fields) expect(PAGE_TEXT.nl.fields[f.id]).toBeDefined();
	});

	test("the draft holds no password, and posting it unchanged sends nothing", () => {
		const draft = draftOf(settings, fields, "nl");
		expect(draft["wifi.password"]).toBe("");
		expect(Object.values(draft)).not.toContain(WIFI_PASSWORD);
		expect(changesOf(fields, settings, draft, "nl")).toEqual({ body: {}, invalid: [] });
	});

	test("only what changed is posted: typed numbers as numbers, empty as null, a typed password", () => {
		const draft = {
			...draftOf(settings, fields, "nl"),
			"network.device_name": "keuken",
			"network.dhcp": false,
			"tariff.target_w": " 4000 ",
			"tariff.price_eur_kw_year": "",
			"mqtt.port": "1884",
			"auth.password": "nieuw-en-lang",
		};
		expect(changesOf(fields, settings, draft, "nl")).toEqual({
			body: {
				network: { device_name: "keuken", dhcp: false },
				tariff: { target_w: 4000 },
				mqtt: { port: 1884 },
				auth: { password: "nieuw-en-lang" },
			},
			invalid: [],
		});
		expect(changesOf(fields, settings, { ...draft, "tariff.target_w": "4 kW" }, "nl").invalid).toEqual([
			"tariff.target_w",
		]);
	});

	test("numbers as a Flemish or English reader types them", () => {
		const nl: [string, number][] = [
			["53,26", 53.26],
			["53.26", 53.26], // a phone's keypad may offer only the point
			["4.000", 4000],
			["1.234,5", 1234.5],
			["4 000", 4000],
			["-1", -1],
			["0", 0],
		];
		for (const [text, n] of nl) expect(parseNumber(text, "nl")).toBe(n);
		const en: [string, number][] = [
			["1,234.5", 1234.5],
			["4,000", 4000],
			["0,5", 0.5],
			["12.5", 12.5],
		];
		for (const [text, n] of en) expect(parseNumber(text, "en")).toBe(n);
		for (const bad of ["4 kW", "1,2,3", "", ",5", "5,", "1.23.4", "0x10", "1e3"])
			expect(parseNumber(bad, "nl")).toBeNaN();
	});

	test("a stored number is shown with the reader's decimal mark and reads back the same", () => {
		const priced = { ...settings, tariff: { ...settings.tariff, price_eur_kw_year: 53.26 } };
		const nl = draftOf(priced, fields, "nl");
		expect(nl["tariff.price_eur_kw_year"]).toBe("53,26");
		expect(draftOf(priced, fields, "en")["tariff.price_eur_kw_year"]).toBe("53.26");
		expect(changesOf(fields, priced, nl, "nl")).toEqual({ body: {}, invalid: [] });
		expect(changesOf(fields, priced, { ...nl, "tariff.price_eur_kw_year": "57,45" }, "nl").body).toEqual({
			tariff: { price_eur_kw_year: 57.45 },
		});
	});

	test("a static address is asked only without DHCP, MQTT details only with MQTT on", () => {
		const draft = draftOf(settings, fields, "nl");
		expect(isShown("network.ip", draft)).toBe(false);
		expect(isShown("network.ip", { ...draft, "network.dhcp": false })).toBe(true);
		expect(isShown("mqtt.host", draft)).toBe(false);
		expect(isShown("network.device_name", draft)).toBe(true);
	});

	test("the API's refusals land on their field, in Dutch", () => {
		const cases: [unknown, string, string][] = [
			[{ network: { dhcp: false, ip: "192.168.1.300" } }, "network.ip", "Geef een IPv4-adres zoals 192.168.1.20."],
			[{ network: { dhcp: false, ip: "192.168.1.20" } }, "network.subnet", "Nodig voor een vast adres."],
			[
				{ network: { dhcp: false, ip: "10.0.0.2", subnet: "255.255.255.0", gateway: "10.0.1.1" } },
				"network.gateway",
				"Moet in het subnet van het IP-adres liggen.",
			],
			[
				{ network: { device_name: "-keuken" } },
				"network.device_name",
				"1 tot 63 letters, cijfers of '-', niet met '-' vooraan of achteraan.",
			],
			[
				{ wifi: { password: "kort" } },
				"wifi.password",
				"8 tot 63 gewone tekens (ASCII) of 64 hexadecimale cijfers; leeg voor een open netwerk.",
			],
			[{ tariff: { target_w: -1 } }, "tariff.target_w", "Een getal van 0 tot 1000000, of leeg."],
			[{ mqtt: { port: 70000 } }, "mqtt.port", "Een geheel getal van 1 tot 65535."],
			[{ mqtt: { enabled: true } }, "mqtt.host", "Nodig zolang MQTT aan staat."],
			[{ auth: { user: "a:b" } }, "auth.user", "Tekst van hoogstens 32 bytes, zonder ':'."],
			[{ auth: { user: "jan" } }, "auth.password", "Nodig zolang er een gebruikersnaam is."],
			[{ wifi: { ssid: "x".repeat(33) } }, "wifi.ssid", "Tekst van hoogstens 32 bytes."],
		];
		for (const [body, field, nl] of cases) {
			const answer = api("POST", body);
			expect(answer.status).toBe(400);
			expect(refusal(answer.status, answer.body, "nl")).toEqual({ field, text: nl });
		}
		const area = api("POST", { tariff: { grid_area: "gent" } });
		const dutch = refusal(area.status, area.body, "nl").text;
		expect(dutch).toMatch(/^Leeg \(standaard\) of een van: .*imewo/);
	});

	test("in English the API's words are kept, as a sentence; an unknown message too", () => {
		const answer = api("POST", { network: { dhcp: false, ip: "192.168.1.300" } });
		expect(refusal(answer.status, answer.body, "en")).toEqual({
			field: "network.ip",
			text: "Must be an IPv4 address like 192.168.1.20.",
		});
		expect(apiMessage("something new", "nl")).toBe("Something new.");
	});

	test("refusals without a field: unreachable, not logged in, a host that cannot store", () => {
		expect(refusal(0, {}, "nl")).toEqual({ field: "", text: PAGE_TEXT.nl.unsaved });
		expect(refusal(401, {}, "en")).toEqual({ field: "", text: PAGE_TEXT.en.loginFirst });
		const readOnly = fakeContext(); // no saveConfig: the API answers 501
		const answer = api("POST", { network: { device_name: "keuken" } }, readOnly as ReturnType<typeof saving>);
		expect(answer.status).toBe(501);
		expect(refusal(answer.status, answer.body, "nl")).toEqual({ field: "", text: PAGE_TEXT.nl.readOnly });
		expect(refusal(500, { error: "settings could not be stored; nothing changed" }, "en").text).toBe(
			"Error 500: settings could not be stored; nothing changed.",
		);
	});

	test("after a save: what waits for a restart, by its label, and a new login", () => {
		const label = (id: string) => PAGE_TEXT.nl.fields[id];
		const answer = api("POST", {
			network: { dhcp: false, ip: "192.168.1.20", subnet: "255.255.255.0" },
			tariff: { target_w: 3000 },
		});
		expect(answer.status).toBe(200);
		expect(savedSentences(answer.body, label, "nl")).toEqual([
			"Opgeslagen.",
			"Van kracht na een herstart van de monitor: Adres automatisch (DHCP), IP-adres, Subnetmasker.",
		]);
		const login = api("POST", { auth: { user: "jan", password: "apart-en-lang" } });
		expect(savedSentences(login.body, label, "en")).toEqual(["Saved.", "The login changed: log in again."]);
		expect(savedSentences(api("POST", {}).body, label, "nl")).toEqual(["Niets gewijzigd."]);
	});
});

describe("export link", () => {
	test.each([
		["date", "2026-03-29", "", "semicolon", "/v1/export.csv?date=2026-03-29&sep=semicolon"],
		["month", "2026-02", "", "comma", "/v1/export.csv?month=2026-02&sep=comma"],
		["range", "2024-01-01", "2024-12-31", "semicolon", "/v1/export.csv?from=2024-01-01&to=2024-12-31&sep=semicolon"],
		["range", "2026-10-25", "2026-10-25", "comma", "/v1/export.csv?from=2026-10-25&to=2026-10-25&sep=comma"],
	] as const)("%s %s %s %s", (period, from, to, sep, url) => {
		expect(exportUrl(period, from, to, sep)).toBe(url);
		expect(typeof readExportQuery(url)).toBe("object"); // the API takes it
	});

	test("the API reads the range asked for: 366 days of 2024 (a leap year)", () => {
		const url = exportUrl("range", "2024-01-01", "2024-12-31", "comma") as string;
		const q = readExportQuery(url);
		expect(typeof q === "object" && q.last - q.first + 1).toBe(366);
		expect(typeof q === "object" && q.format.separator).toBe(",");
	});

	test.each([
		["date", "2026-02-30", "", "incomplete"],
		["date", "", "", "incomplete"],
		["month", "2026-13", "", "incomplete"],
		["range", "2026-03-02", "2026-03-01", "backwards"],
		["range", "2025-01-01", "2026-01-02", "tooLong"], // 367 days
		["range", "2026-03-01", "", "incomplete"],
	] as const)("%s %s..%s: %s", (period, from, to, error) => {
		expect(exportUrl(period, from, to, "semicolon")).toEqual({ error });
	});

	test("the longest range is the API's", () => {
		expect(MAX_EXPORT_DAYS).toBe(MAX_DAYS);
	});
});

describe("firmware", () => {
	test("an image is checked by size and first byte before it is sent", () => {
		expect(firmwareError(0, undefined)).toBe("empty");
		expect(firmwareError(1_500_000, 0xe9)).toBeUndefined();
		expect(firmwareError(4 * 1024 * 1024, 0xe9)).toBeUndefined();
		expect(firmwareError(4 * 1024 * 1024 + 1, 0xe9)).toBe("tooLarge");
		expect(firmwareError(1000, "{".charCodeAt(0))).toBe("notImage");
		expect(MAX_FIRMWARE_BYTES).toBe(API_MAX_FIRMWARE_BYTES);
	});

	test("the device's answer as a sentence; the PC host's 501 says where updates work", () => {
		expect(uploadResult({ status: 200, error: "" }, "nl")).toEqual({ ok: true, text: PAGE_TEXT.nl.updated });
		expect(uploadResult({ status: 501, error: "not here" }, "en")).toEqual({ ok: false, text: PAGE_TEXT.en.notHere });
		expect(uploadResult({ status: 0, error: "" }, "nl").text).toBe(TEXT.nl.unreachable);
		expect(uploadResult({ status: 400, error: "image checksum wrong" }, "en").text).toBe(
			"Error 400: image checksum wrong.",
		);
	});
});

describe("meter", () => {
	function status(change: (s: Status) => void = () => {}): Status {
		const s: Status = {
			version: "0.1.0",
			uptime_s: 3600,
			telegrams: { ok: 3598, crc_bad: 1, crc_missing: 0, values_dropped: 0, last_age_s: 0.4 },
			meter: {
				model: "FLU5\\253769484_A",
				protocol: "50217",
				equipment_id: "1SAG3101021605",
				clock_offset_s: -2,
				fields: {
					"1.4.0": { state: "sent", age_s: 0.4 },
					"1.6.0": { state: "sent", age_s: 0.4 },
					"98.1.0": { state: "sent", age_s: 0.4 },
				},
				notice: null,
			},
			storage: { store_errors: 0, set_aside: 0, free_bytes: 31914983424 },
		};
		change(s);
		return s;
	}

	test("silent before the first telegram, silent after 30 s, consent lapsed, fields never sent, well", () => {
		expect(meterState(status())).toBe("ok");
		expect(
			meterState(
				status((s) => {
					s.telegrams.ok = 0;
					s.telegrams.last_age_s = null;
				}),
			),
		).toBe("never");
		expect(meterState(status((s) => (s.telegrams.last_age_s = 30)))).toBe("ok");
		expect(meterState(status((s) => (s.telegrams.last_age_s = 31)))).toBe("silent");
		const lapsed = status((s) => {
			s.meter.fields["1.6.0"].state = "stopped";
			s.meter.fields["98.1.0"].state = "stopped";
			s.meter.notice = { code: "p1_consent_lapsed", message: "" };
		});
		expect(meterState(lapsed)).toBe("consent");
		expect(fieldsIn(lapsed, "stopped")).toBe("1.6.0, 98.1.0");
		expect(meterState(status((s) => (s.meter.notice = { code: "meter_fields_absent", message: "" })))).toBe("absent");
	});

	test("the device's card, WiFi and UART, in both languages; nothing on the PC", () => {
		expect(deviceRows(status(), "nl")).toEqual([]);
		const device = status((s) => {
			s.device = {
				card: { state: "missing", error: "no card (timeout) (0x107)", failures: 2, retry_in_s: 45 },
				wifi: { mode: "online", setup: false, rssi: -61, failures: 0, retry_in_s: null },
				uart: { lost_bytes: 0 },
			};
		});
		expect(deviceRows(device, "nl")).toEqual([
			["SD-kaart", "geen kaart gevonden, nieuwe poging over 45" + NBSP + "s"],
			["WiFi", "verbonden, signaal -61 dBm"],
		]);
		const failing = status((s) => {
			s.device = {
				card: { state: "failing", error: "write failed", failures: 1, retry_in_s: 120 },
				wifi: { mode: "setup", setup: true, rssi: null, failures: 4, retry_in_s: 300 },
				uart: { lost_bytes: 512 },
			};
		});
		expect(deviceRows(failing, "en")).toEqual([
			["SD card", "card not working, trying again in 2" + NBSP + "min"],
			["WiFi", "setup mode (access point DigitaleMeterMonitor)"],
			["P1", "512 bytes from the meter lost"],
		]);
		expect(PAGE_TEXT.en.cardTrouble("missing", "")).toBe(
			"No SD card found: quarters are not stored until a card is in. The meter is still read and live data keeps coming.",
		);
	});

	test("ages in the largest unit that keeps them at 1 or more", () => {
		expect(formatAge(45, "nl")).toBe("45" + NBSP + "s");
		expect(formatAge(89, "nl")).toBe("89" + NBSP + "s");
		expect(formatAge(90, "nl")).toBe("1" + NBSP + "min");
		expect(formatAge(3599, "en")).toBe("59" + NBSP + "min");
		expect(formatAge(7200, "nl")).toBe("2" + NBSP + "u");
		expect(formatAge(7200, "en")).toBe("2" + NBSP + "h");
		expect(formatAge(4 * 86400 + 5, "nl")).toBe("4" + NBSP + "dagen");
		expect(formatAge(null, "nl")).toBe("–");
	});

	describe("a Fluvius telegram (eMUCS 2.1.1 example)", () => {
		const file = path.join(
			__dirname,
			"../fixtures/telegrams/athombv-node-dsmr-parser/emucs-p1-v2.1.1-spec-example-1.txt",
		);
		let telegram: DecodedTelegram | undefined;
		decodeStream(new Uint8Array(readFileSync(file)), (t) => {
			telegram ??= t;
		});
		const objects = (telegram as DecodedTelegram).objects as Record<string, Obj>;

		test("readings keep the meter's decimals, in the reader's locale", () => {
			expect(formatReading(objects["1-0:1.8.2"], "nl")).toBe("15,758" + NBSP + "kWh"); // 000015.758*kWh
			expect(formatReading(objects["1-0:1.6.0"], "en")).toBe("2.589" + NBSP + "kW"); // (200509134558S)(02.589*kW)
			expect(formatReading(objects["1-0:31.7.0"], "nl")).toBe("0,00" + NBSP + "A"); // 000.00*A
			expect(formatReading({ value: 161.92, unit: "kWh", raw: ["000161.920*kWh"] }, "nl")).toBe(
				"161,920" + NBSP + "kWh",
			);
			expect(formatReading({ value: 1234.5, unit: "V", raw: ["1234.5*V"] }, "nl")).toBe("1.234,5" + NBSP + "V");
			expect(formatReading({ value: "0001", raw: ["0001"] }, "nl")).toBe("0001");
			expect(formatReading(undefined, "nl")).toBe("");
		});

		test("three phases: voltage, current, drawn, returned", () => {
			const rows = phasesOf(objects);
			expect(rows).toHaveLength(3);
			expect(rows.map((r) => formatReading(r[0], "nl"))).toEqual(
				["234,7 V", "234,7 V", "234,7 V"].map((v) => v.replace(" ", NBSP)),
			);
			expect(rows[0].map((o) => o?.unit)).toEqual(["V", "A", "kW", "kW"]);
		});

		test("gas on M-Bus 1 and water on M-Bus 2", () => {
			expect(mbusOf(objects).map((m) => [m.kind, formatReading(m.reading, "nl")])).toEqual([
				["gas", "112,384" + NBSP + "m³"],
				["water", "872,234" + NBSP + "m³"],
			]);
		});

		test("the EAN and the serial are sent as hex octets", () => {
			expect(hexDecoded(String(objects["0-0:96.1.2"].value))).toBe("541440012345678900");
			expect(hexDecoded(String(objects["0-0:96.1.1"].value))).toBe("1SAG3101021605");
			expect(hexDecoded("1SAG31")).toBe("1SAG31"); // not hex: as given
			expect(hexDecoded("0102")).toBe("0102"); // control characters: as given
		});

		test("a single-phase meter has one phase row", () => {
			const single = { "1-0:32.7.0": objects["1-0:32.7.0"], "1-0:31.7.0": objects["1-0:31.7.0"] };
			expect(phasesOf(single)).toHaveLength(1);
			expect(mbusOf(single)).toEqual([]);
		});
	});
});
