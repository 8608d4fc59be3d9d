// Calendar keys shared by history (file names, summary keys) and the quarter engine (month index).

import { dateKey, monthIndex, monthKey, monthKeyOfIndex, pad2 } from "../../src/core/time/keys";

test("zero padding and the text keys", () => {
	expect([pad2(0), pad2(7), pad2(10), pad2(31)]).toEqual(["00", "07", "10", "31"]);
	expect(dateKey(2026, 3, 9)).toBe("2026-03-09");
	expect(monthKey(2026, 12)).toBe("2026-12");
});

test("consecutive months are consecutive indexes, across year ends, and map back to their key", () => {
	expect(monthIndex(2026, 1) - monthIndex(2025, 12)).toBe(1);
	expect(monthIndex(2026, 12) - monthIndex(2026, 1)).toBe(11);
	for (let y = 2000; y <= 2255; y += 17)
		for (let m = 1; m <= 12; m++) expect(monthKeyOfIndex(monthIndex(y, m))).toBe(`${y}-${m < 10 ? "0" : ""}${m}`);
});
