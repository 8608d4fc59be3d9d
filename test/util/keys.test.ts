// Calendar keys shared by history (file names, summary keys) and the quarter engine (month index).

import { isoUtc } from "../../src/core/time/iso";
import { dateKey, monthIndex, monthKey, monthKeyOfIndex, pad2, pad4 } from "../../src/core/time/keys";

test("zero padding and the text keys", () => {
	expect([pad2(0), pad2(7), pad2(10), pad2(31)]).toEqual(["00", "07", "10", "31"]);
	expect([pad4(7), pad4(42), pad4(987), pad4(2026)]).toEqual(["0007", "0042", "0987", "2026"]);
	expect(dateKey(2026, 3, 9)).toBe("2026-03-09");
	expect(monthKey(2026, 12)).toBe("2026-12");
});

test("consecutive months are consecutive indexes, across year ends, and map back to their key", () => {
	expect(monthIndex(2026, 1) - monthIndex(2025, 12)).toBe(1);
	expect(monthIndex(2026, 12) - monthIndex(2026, 1)).toBe(11);
	for (let y = 2000; y <= 2255; y += 17)
		for (let m = 1; m <= 12; m++) expect(monthKeyOfIndex(monthIndex(y, m))).toBe(`${y}-${m < 10 ? "0" : ""}${m}`);
});

test("ISO text pads like Date's own, small years included", () => {
	for (const ms of [Date.UTC(2026, 2, 9, 1, 2, 3), Date.UTC(987, 0, 1, 0, 0, 0), Date.UTC(2026, 11, 31, 23, 59, 59)])
		expect(isoUtc(ms)).toBe(new Date(ms).toISOString().replace(".000Z", "Z"));
});
