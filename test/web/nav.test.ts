// Navigation targets: the quarter, day, month and year a button leads to, on DST days too.
// Quarter ids are built here from the documented layout (YY<<24 | MM<<16 | DD<<8 | h*4+q | 0x80 summer).

import {
	dayStep,
	localDate,
	nearestIndex,
	quarterHash,
	quarterOfArgs,
	quarterStep,
	shiftDate,
	shiftMonth,
} from "../../web/nav";

function qid(y: number, m: number, d: number, h: number, min: number, summer: boolean): number {
	return (y - 2000) * 2 ** 24 + m * 2 ** 16 + d * 2 ** 8 + h * 4 + min / 15 + (summer ? 128 : 0);
}

describe("a quarter in the address", () => {
	test("date and file name, the S/W flag telling the repeated hour apart", () => {
		expect(quarterHash(qid(2026, 10, 25, 2, 15, false))).toBe("#/quarter/2026-10-25/0215W");
		expect(quarterHash(qid(2026, 10, 25, 2, 15, true))).toBe("#/quarter/2026-10-25/0215S");
		expect(quarterHash(qid(2026, 1, 5, 0, 0, false))).toBe("#/quarter/2026-01-05/0000W");
	});
	test("read back, only when the quarter exists", () => {
		expect(quarterOfArgs(["2026-10-25", "0215W"])).toBe(qid(2026, 10, 25, 2, 15, false));
		expect(quarterOfArgs(["2026-10-25", "0215S"])).toBe(qid(2026, 10, 25, 2, 15, true));
		expect(quarterOfArgs(["2026-11-29", "1845W"])).toBe(qid(2026, 11, 29, 18, 45, false));
		expect(quarterOfArgs(["2026-03-29", "0215W"])).toBeUndefined(); // skipped by the spring change
		expect(quarterOfArgs(["2026-03-29", "0215S"])).toBeUndefined();
		expect(quarterOfArgs(["2026-07-01", "1000W"])).toBeUndefined(); // July is summer time
		expect(quarterOfArgs(["2026-07-01", "1010S"])).toBeUndefined(); // not a quarter's start
		expect(quarterOfArgs(["2026-02-30", "1000W"])).toBeUndefined();
		expect(quarterOfArgs(["2026-07-01"])).toBeUndefined();
		expect(quarterOfArgs(["x", "1000S"])).toBeUndefined();
	});
});

describe("previous and next quarter", () => {
	test("through the repeated autumn hour: 02:45 summer, then 02:00 winter", () => {
		expect(quarterStep(qid(2026, 10, 25, 2, 45, true), 1)).toBe(qid(2026, 10, 25, 2, 0, false));
		expect(quarterStep(qid(2026, 10, 25, 2, 0, false), -1)).toBe(qid(2026, 10, 25, 2, 45, true));
		expect(quarterStep(qid(2026, 10, 25, 2, 45, false), 1)).toBe(qid(2026, 10, 25, 3, 0, false));
	});
	test("over the skipped spring hour and midnight", () => {
		expect(quarterStep(qid(2026, 3, 29, 1, 45, false), 1)).toBe(qid(2026, 3, 29, 3, 0, true));
		expect(quarterStep(qid(2026, 3, 29, 3, 0, true), -1)).toBe(qid(2026, 3, 29, 1, 45, false));
		expect(quarterStep(qid(2026, 12, 31, 23, 45, false), 1)).toBe(qid(2027, 1, 1, 0, 0, false));
	});
});

describe("previous and next day", () => {
	test("the same wall-clock quarter", () => {
		expect(dayStep(qid(2026, 11, 29, 18, 45, false), 1)).toBe(qid(2026, 11, 30, 18, 45, false));
		expect(dayStep(qid(2026, 3, 1, 12, 0, false), -1)).toBe(qid(2026, 2, 28, 12, 0, false));
		expect(dayStep(qid(2026, 10, 24, 18, 0, true), 1)).toBe(qid(2026, 10, 25, 18, 0, false));
	});
	test("into the repeated hour it keeps the flag; out of it, the flag that exists", () => {
		expect(dayStep(qid(2026, 10, 24, 2, 15, true), 1)).toBe(qid(2026, 10, 25, 2, 15, true));
		expect(dayStep(qid(2026, 10, 26, 2, 15, false), -1)).toBe(qid(2026, 10, 25, 2, 15, false));
		expect(dayStep(qid(2026, 10, 25, 2, 15, false), -1)).toBe(qid(2026, 10, 24, 2, 15, true));
		expect(dayStep(qid(2026, 10, 25, 2, 15, true), 1)).toBe(qid(2026, 10, 26, 2, 15, false));
	});
	test("into the skipped spring hour: the quarter the clock shows an hour later", () => {
		expect(dayStep(qid(2026, 3, 28, 2, 15, false), 1)).toBe(qid(2026, 3, 29, 3, 15, true));
		expect(dayStep(qid(2026, 3, 30, 2, 15, true), -1)).toBe(qid(2026, 3, 29, 3, 15, true));
	});
});

describe("days, months and dates", () => {
	test("shifted over month and year ends", () => {
		expect(shiftDate("2026-10-31", 1)).toBe("2026-11-01");
		expect(shiftDate("2026-01-01", -1)).toBe("2025-12-31");
		expect(shiftDate("2028-02-28", 1)).toBe("2028-02-29");
		expect(shiftMonth("2026-01", -1)).toBe("2025-12");
		expect(shiftMonth("2026-12", 1)).toBe("2027-01");
		expect(shiftMonth("2026-05", 12)).toBe("2027-05");
	});
	test("the Brussels date of an instant", () => {
		expect(localDate(Date.UTC(2026, 9, 24, 22, 30))).toBe("2026-10-25"); // 00:30 CEST
		expect(localDate(Date.UTC(2026, 9, 25, 22, 30))).toBe("2026-10-25"); // 23:30 CET
		expect(localDate(Date.UTC(2026, 9, 25, 23, 30))).toBe("2026-10-26");
	});
});

describe("a tap on a bar", () => {
	test("picks the nearest bar's index", () => {
		expect(nearestIndex([1, 2, 3, 4], 2.4)).toBe(1);
		expect(nearestIndex([1, 2, 3, 4], 9)).toBe(3);
		expect(nearestIndex([100, 1000, 1900], 1400)).toBe(1);
		expect(nearestIndex([], 1)).toBe(-1);
	});
});
