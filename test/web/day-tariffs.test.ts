// The Day view's per-tariff energy rows: labels in both languages, kWh as each language writes
// it, and nothing shown for a day summary without per-tariff figures.

import { tariffRows } from "../../web/day-tariffs";

const NBSP = "\u00a0";

test("the four figures in Dutch: day and night tariff, decimal comma", () => {
	const s = { import_t1_kwh: 3.25, import_t2_kwh: 1.5, export_t1_kwh: 0.042, export_t2_kwh: 0 };
	expect(tariffRows(s, "nl")).toEqual([
		["Afname dagtarief", `3,250${NBSP}kWh`],
		["Afname nachttarief", `1,500${NBSP}kWh`],
		["Injectie dagtarief", `0,042${NBSP}kWh`],
		["Injectie nachttarief", `0,000${NBSP}kWh`],
	]);
});

test("in English with a decimal point", () => {
	const s = { import_t1_kwh: 1234.5, import_t2_kwh: 0.001, export_t1_kwh: 2, export_t2_kwh: 0.5 };
	expect(tariffRows(s, "en")).toEqual([
		["Imported, day tariff", `1,234.500${NBSP}kWh`],
		["Imported, night tariff", `0.001${NBSP}kWh`],
		["Exported, day tariff", `2.000${NBSP}kWh`],
		["Exported, night tariff", `0.500${NBSP}kWh`],
	]);
});

test("no rows for a summary without per-tariff figures; a dash for one unknown among known ones", () => {
	expect(tariffRows({ import_kwh: 4 }, "nl")).toEqual([]); // a day file of the firmware before
	expect(
		tariffRows({ import_t1_kwh: null, import_t2_kwh: null, export_t1_kwh: null, export_t2_kwh: null }, "en"),
	).toEqual([]);
	const rows = tariffRows({ import_t1_kwh: null, import_t2_kwh: null, export_t1_kwh: 0.2, export_t2_kwh: 0.1 }, "en");
	expect(rows.map((r) => r[1])).toEqual(["–", "–", `0.200${NBSP}kWh`, `0.100${NBSP}kWh`]);
});
