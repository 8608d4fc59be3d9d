// The Now view's known bugs, reproduced as logic: the chart's time axis and the allowance near a
// quarter's end. (The phone chart without bars was uPlot filling narrow bars with the stroke
// colour; it is a drawing matter, checked in a browser.)

import { axisTimes } from "../../web/format";
import { ALLOWANCE_CAP_W, allowanceSentence } from "../../web/i18n";

const NBSP = "\u00a0";

describe("the chart's time axis", () => {
	// 2026-11-29 is CET (UTC+1): 17:00 UTC is 18:00 in Brussels, written on a 24-hour clock.
	const t = Date.UTC(2026, 10, 29, 17, 0, 0) / 1000;
	test("24-hour Brussels time, whatever the browser's zone and language", () => {
		expect(axisTimes([t, t + 300, t + 600], "en")).toEqual(["18:00", "18:05", "18:10"]);
		expect(axisTimes([t + 3600 * 6], "nl")).toEqual(["00:00"]);
	});
	test("the repeated autumn hour shows 02:00 twice (00:00 and 01:00 UTC on 2026-10-25)", () => {
		const summer = Date.UTC(2026, 9, 25, 0, 0, 0) / 1000;
		expect(axisTimes([summer, summer + 3600, summer + 7200], "nl")).toEqual(["02:00", "02:00", "03:00"]);
	});
});

describe("the allowance near the quarter's end", () => {
	// 2 kW averaged for 890 s against a 2.5 kW limit: (2500 x 900 - 2000 x 890) / 10 s = 47 kW.
	const huge = (2500 * 900 - 2000 * 890) / 10;
	test("above the cap it says 'more than' the cap instead of a number no household can switch on", () => {
		expect(huge).toBeGreaterThan(ALLOWANCE_CAP_W);
		expect(allowanceSentence(huge, "2026-02-10T17:45:00Z", "nl")).toBe(
			`Je kan nog meer dan 10,00${NBSP}kW bijschakelen tot 18:45.`,
		);
		expect(allowanceSentence(huge, "2026-02-10T17:45:00Z", "en")).toBe(
			`You can still switch on more than 10.00${NBSP}kW until 18:45.`,
		);
	});
	test("at the cap and below it the figure is shown", () => {
		expect(allowanceSentence(10000, "2026-02-10T17:45:00Z", "en")).toBe(
			`You can still switch on 10.00${NBSP}kW until 18:45.`,
		);
	});
	test("a limit above the cap raises it: early in a quarter the allowance is about the limit", () => {
		// month peak 11.81 kW, 30 s drawn at 300 W: (11810 x 900 - 300 x 30) / 870 s = 12207 W
		const early = (11810 * 900 - 300 * 30) / 870;
		expect(allowanceSentence(early, "2026-10-27T11:15:00Z", "en", 11810)).toBe(
			`You can still switch on more than 11.81${NBSP}kW until 12:15.`,
		);
		expect(allowanceSentence(11500, "2026-10-27T11:15:00Z", "nl", 11810)).toBe(
			`Je kan nog 11,50${NBSP}kW bijschakelen tot 12:15.`,
		);
		expect(allowanceSentence(huge, "2026-10-27T11:15:00Z", "nl", 2500)).toBe(
			`Je kan nog meer dan 10,00${NBSP}kW bijschakelen tot 12:15.`,
		);
	});
});
