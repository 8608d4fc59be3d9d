// The dashboard's logic without a browser: numbers, Brussels time, the allowance, the language.

import { formatEnergy, formatPower, formatSeconds, formatTime } from "../../web/format";
import { allowanceSentence, chooseLanguage } from "../../web/i18n";
import { hashOf, parseHash } from "../../web/router";
import { quarterSeries, zoneColour, zoneStops } from "../../web/zones";

const NBSP = "\u00a0";

describe("power and energy", () => {
	test.each([
		[850, "nl", "850 W"],
		[850, "en", "850 W"],
		[999.4, "nl", "999 W"],
		[0, "nl", "0 W"],
		[1000, "nl", "1,00 kW"],
		[2345, "nl", "2,35 kW"],
		[2345, "en", "2.35 kW"],
		[12345, "nl", "12,35 kW"],
		[1234567, "nl", "1.234,57 kW"],
		[1234567, "en", "1,234.57 kW"],
		[-1500, "en", "-1.50 kW"],
	] as const)("%d W in %s is %s", (w, lang, text) => {
		expect(formatPower(w, lang)).toBe(text.replace(" ", NBSP));
	});

	test("unknown values are a dash", () => {
		expect(formatPower(null, "nl")).toBe("–");
		expect(formatPower(NaN, "en")).toBe("–");
		expect(formatEnergy(undefined, "nl")).toBe("–");
	});

	test("energy in kWh with three decimals", () => {
		expect(formatEnergy(375, "nl")).toBe("0,375" + NBSP + "kWh");
		expect(formatEnergy(12500, "en")).toBe("12.500" + NBSP + "kWh");
	});

	test("seconds as m:ss", () => {
		expect(formatSeconds(425)).toBe("7:05");
		expect(formatSeconds(900)).toBe("15:00");
		expect(formatSeconds(0)).toBe("0:00");
		expect(formatSeconds(null)).toBe("–");
	});
});

describe("Brussels time from UTC instants", () => {
	// CET is UTC+1, CEST UTC+2; the change is at 01:00 UTC both days (EU rule).
	test.each([
		["2026-02-10T17:15:00Z", "18:15"],
		["2026-03-29T00:45:00Z", "01:45"], // last CET quarter
		["2026-03-29T00:59:59Z", "01:59"],
		["2026-03-29T01:00:00Z", "03:00"], // 02:00 local does not exist
		["2026-03-29T01:15:00Z", "03:15"],
		["2026-10-25T00:30:00Z", "02:30"], // first 02:30 (CEST)
		["2026-10-25T00:59:00Z", "02:59"],
		["2026-10-25T01:00:00Z", "02:00"], // back to CET: 02:00 again
		["2026-10-25T01:30:00Z", "02:30"], // second 02:30
		["2026-10-25T02:00:00Z", "03:00"],
		["2026-07-01T22:00:00.000Z", "00:00"],
	])("%s is %s", (iso, local) => {
		expect(formatTime(iso, "nl")).toBe(local);
		expect(formatTime(iso, "en")).toBe(local);
	});

	test("no instant, no time", () => {
		expect(formatTime(null, "nl")).toBe("–");
		expect(formatTime("not a date", "nl")).toBe("–");
	});
});

describe("the allowance sentence", () => {
	test("what can still be switched on, until the quarter's end in Brussels time", () => {
		expect(allowanceSentence(1250, "2026-02-10T17:45:00Z", "nl")).toBe(
			`Je kan nog 1,25${NBSP}kW bijschakelen tot 18:45.`,
		);
		expect(allowanceSentence(1250, "2026-02-10T17:45:00Z", "en")).toBe(
			`You can still switch on 1.25${NBSP}kW until 18:45.`,
		);
		expect(allowanceSentence(640, "2026-10-25T01:15:00Z", "nl")).toBe(`Je kan nog 640${NBSP}W bijschakelen tot 02:15.`);
	});

	test("nothing left says so", () => {
		expect(allowanceSentence(0, "2026-02-10T17:45:00Z", "nl")).toBe(
			"Schakel niets meer bij tot 18:45: dit kwartier zit aan de grens.",
		);
		expect(allowanceSentence(-300, "2026-02-10T17:45:00Z", "en")).toBe(
			"Switch nothing more on until 18:45: this quarter is at the limit.",
		);
	});

	test("unknown: no sentence", () => {
		expect(allowanceSentence(null, "2026-02-10T17:45:00Z", "nl")).toBe("");
		expect(allowanceSentence(1000, null, "en")).toBe("");
	});
});

describe("language choice", () => {
	test("a stored choice wins", () => {
		expect(chooseLanguage("en", ["nl-BE"])).toBe("en");
		expect(chooseLanguage("nl", ["en-US"])).toBe("nl");
	});
	test("then the first browser language we have", () => {
		expect(chooseLanguage(null, ["en-US", "nl"])).toBe("en");
		expect(chooseLanguage(null, ["fr-BE", "nl-BE", "en"])).toBe("nl");
		expect(chooseLanguage("de", ["EN-gb"])).toBe("en");
	});
	test("then Dutch", () => {
		expect(chooseLanguage(null, [])).toBe("nl");
		expect(chooseLanguage(undefined, ["fr-BE", "de"])).toBe("nl");
	});
});

describe("chart zones", () => {
	test("colours by power: green below 2.5 kW, orange below 5, red below 7.5, purple above", () => {
		expect([0, 2499, 2500, 4999, 5000, 7499, 7500, 20000].map(zoneColour)).toEqual([
			"#2e9d4a",
			"#2e9d4a",
			"#f08c00",
			"#f08c00",
			"#d63a2f",
			"#d63a2f",
			"#8e3fbf",
			"#8e3fbf",
		]);
	});

	test("gradient stops switch sharply at each boundary inside the scale", () => {
		expect(zoneStops(10000)).toEqual([
			{ offset: 0, colour: "#2e9d4a" },
			{ offset: 0.25, colour: "#2e9d4a" },
			{ offset: 0.25, colour: "#f08c00" },
			{ offset: 0.5, colour: "#f08c00" },
			{ offset: 0.5, colour: "#d63a2f" },
			{ offset: 0.75, colour: "#d63a2f" },
			{ offset: 0.75, colour: "#8e3fbf" },
			{ offset: 1, colour: "#8e3fbf" },
		]);
		expect(zoneStops(4000)).toEqual([
			{ offset: 0, colour: "#2e9d4a" },
			{ offset: 0.625, colour: "#2e9d4a" },
			{ offset: 0.625, colour: "#f08c00" },
			{ offset: 1, colour: "#f08c00" },
		]);
	});

	test("the quarter's slots padded to 180, production below zero, x every 5 s", () => {
		const [xs, c, p] = quarterSeries("2026-03-29T00:45:00.000Z", 5, [400, null, 430], [0, 10, -20], 180);
		const start = Date.UTC(2026, 2, 29, 0, 45) / 1000;
		expect(xs.length).toBe(180);
		expect(xs[0]).toBe(start);
		expect(xs[179]).toBe(start + 895);
		expect(c.slice(0, 4)).toEqual([400, null, 430, null]);
		expect(p.slice(0, 4)).toEqual([0, -10, -20, null]);
		expect(c[179]).toBeNull();
	});
});

describe("hash router", () => {
	test.each([
		["", "now", []],
		["#", "now", []],
		["#/", "now", []],
		["#/now", "now", []],
		["#/day/2026-03-29", "day", ["2026-03-29"]],
		["#/quarter/2026-10-25/02%3A30", "quarter", ["2026-10-25", "02:30"]],
	])("%s", (hash, view, args) => {
		expect(parseHash(hash)).toEqual({ view, args });
	});
	test("hashOf is parseHash's inverse", () => {
		expect(parseHash(hashOf("quarter", "2026-10-25", "02:30 W"))).toEqual({
			view: "quarter",
			args: ["2026-10-25", "02:30 W"],
		});
	});
});
