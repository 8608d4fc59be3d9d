// The history views' text: euros, dates and months as a Flemish or English reader writes them,
// energy with fewer decimals in tables, and where each view's stored summary is read.

import { formatDate, formatEnergy, formatEuro, formatMonth } from "../../web/format";
import { summaryPath } from "../../web/nav";

const NBSP = "\u00a0";

test("euros: Belgian Dutch puts the sign before with a space and writes cents after a comma", () => {
	expect(formatEuro(524.54, "nl")).toBe(`€${NBSP}524,54`);
	expect(formatEuro(1234.5, "nl")).toBe(`€${NBSP}1.234,50`);
	expect(formatEuro(524.54, "en")).toBe("€524.54");
	expect(formatEuro(null, "nl")).toBe("–");
});

test("a date as words, the same day whatever the browser's zone (2026-10-25 was a Sunday)", () => {
	expect(formatDate("2026-10-25", "nl")).toBe("zo 25 okt 2026");
	expect(formatDate("2026-10-25", "en")).toBe("Sun, 25 Oct 2026");
	expect(formatDate("2026-03-29", "nl")).toBe("zo 29 mrt 2026");
});

test("month names, long with the year and short on the year's axis", () => {
	expect(formatMonth(2026, 10, "nl")).toBe("oktober 2026");
	expect(formatMonth(2026, 3, "en")).toBe("March 2026");
	expect(formatMonth(2000, 3, "nl", true)).toBe("mrt");
	expect(formatMonth(2000, 12, "en", true)).toBe("Dec");
});

test("energy in a table row with one decimal", () => {
	expect(formatEnergy(185085, "nl", 1)).toBe(`185,1${NBSP}kWh`);
	expect(formatEnergy(498481, "en", 1)).toBe(`498.5${NBSP}kWh`);
});

test("each view reads the stored summary of its day, month or year", () => {
	expect(summaryPath("2026-10-25")).toBe("/meter/2026/10/25/day.json");
	expect(summaryPath("2026-10")).toBe("/meter/2026/10/month.json");
	expect(summaryPath("2026")).toBe("/meter/2026/year.json");
});
