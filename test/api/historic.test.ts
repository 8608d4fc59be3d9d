// The original's lists of stored history, against the fake card of fake-context (DIRS): only
// names of the /meter grammar, ascending (quarters in the order they happened), and strict query
// parameters that are refused before the card is touched.

import { handle } from "../../src/core/api/handle";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

function answer(
	target: string,
	context = fakeContext(),
): { status: number; body: unknown; lists: string[]; cache: string } {
	const response = handle(get(target, LOGIN), context);
	return {
		status: response.status,
		body: JSON.parse(text(response.body)),
		lists: context.lists,
		cache: response.headers["cache-control"],
	};
}

/** quarter_id by hand: YY<<24 | MM<<16 | DD<<8 | hour*4+q | 0x80 for summer time. */
function id(month: number, day: number, hour: number, minute: number, summer: boolean): number {
	return (26 << 24) | (month << 16) | (day << 8) | (hour * 4 + minute / 15) | (summer ? 0x80 : 0);
}

describe("lists of what is stored", () => {
	test("years: the year directories only (not 1999, lost+found, 20261/, abcd/, a file named 2026)", () => {
		const a = answer("/historic/years");
		expect(a).toEqual({ status: 200, body: { years: [2025, 2026] }, lists: ["/meter/"], cache: "private, no-cache" });
	});

	test("months of a year: 01..12 directories, not 00, 13, 1 or year.json", () => {
		const a = answer("/historic/months?year=2026");
		expect(a.status).toBe(200);
		expect(a.body).toEqual({ year: 2026, months: [1, 2, 3] });
		expect(a.lists).toEqual(["/meter/2026/"]);
	});

	test("days of a month: real dates only (no 29 or 30 February 2026), no tmp/ or month.json", () => {
		const a = answer("/historic/days?year=2026&month=2");
		expect(a.body).toEqual({ year: 2026, month: 2, days: [1, 15, 28] });
		expect(a.lists).toEqual(["/meter/2026/02/"]);
	});

	test("quarters of a day: ids of the quarter files only, in time order", () => {
		const a = answer("/historic/quarters?year=2026&month=3&day=29");
		// 0000W, 0100W, 0245S, 0300S; not day.json, 0210S (no quarter), .tmp, .bad, 2400W, 0130X, sub/
		expect(a.body).toEqual({
			year: 2026,
			month: 3,
			day: 29,
			quarters: [id(3, 29, 0, 0, false), id(3, 29, 1, 0, false), id(3, 29, 2, 45, true), id(3, 29, 3, 0, true)],
		});
		expect(a.lists).toEqual(["/meter/2026/03/29/"]);
	});

	test("the repeated autumn hour: 02:00S..02:45S come before 02:00W", () => {
		const a = answer("/historic/quarters?day=25&month=10&year=2026");
		expect(a.body).toEqual({
			year: 2026,
			month: 10,
			day: 25,
			quarters: [
				id(10, 25, 1, 45, true),
				id(10, 25, 2, 0, true),
				id(10, 25, 2, 45, true),
				id(10, 25, 2, 0, false),
				id(10, 25, 2, 45, false),
				id(10, 25, 3, 0, false),
			],
		});
	});

	test("a directory that does not exist is an empty list with the same shape", () => {
		expect(answer("/historic/months?year=2024").body).toEqual({ year: 2024, months: [] });
		expect(answer("/historic/days?year=2024&month=01").body).toEqual({ year: 2024, month: 1, days: [] });
		expect(answer("/historic/quarters?year=2024&month=2&day=29").body).toEqual({
			year: 2024,
			month: 2,
			day: 29,
			quarters: [],
		});
	});

	test("a failing card is a 503, not an empty list", () => {
		const context = fakeContext();
		context.listMeterDir = () => {
			throw new Error("EIO /sd/meter: card removed");
		};
		const response = handle(get("/historic/years", LOGIN), context);
		expect(response.status).toBe(503);
		expect(text(response.body)).toBe('{"error":"storage unavailable"}');
	});
});

describe("query parameters are strict", () => {
	test.each([
		["/historic/months", "year missing"],
		["/historic/months?", "year missing"],
		["/historic/months?year=1999", "year out of range"],
		["/historic/months?year=2256", "year out of range"],
		["/historic/months?year=0000002026", "year out of range"],
		["/historic/months?year=20x6", "year must be a whole number"],
		["/historic/months?year=", "year must be a whole number"],
		["/historic/months?year=-2026", "year must be a whole number"],
		["/historic/months?year=%32026", "year must be a whole number"],
		["/historic/months?year=2026.0", "year must be a whole number"],
		["/historic/months?year=2026&year=2025", "year given twice"],
		["/historic/months?year=2026&x=1", "unknown parameter"],
		["/historic/months?Year=2026", "unknown parameter"],
		["/historic/months?year", "malformed query"],
		["/historic/months?year=2026&", "malformed query"],
		["/historic/months?&year=2026", "malformed query"],
		["/historic/years?year=2026", "unknown parameter"],
		["/historic/days?year=2026", "month missing"],
		["/historic/days?year=2026&month=0", "month out of range"],
		["/historic/days?year=2026&month=13", "month out of range"],
		["/historic/quarters?year=2026&month=3", "day missing"],
		["/historic/quarters?year=2026&month=3&day=0", "day out of range"],
		["/historic/quarters?year=2026&month=3&day=32", "day out of range"],
		["/historic/quarters?year=2026&month=2&day=29", "day out of range"],
		["/historic/quarters?year=2026&month=4&day=31", "day out of range"],
	])("%s: 400 %s, and the card is not touched", (target, message) => {
		const a = answer(target);
		expect(a.status).toBe(400);
		expect(a.body).toEqual({ error: message });
		expect(a.lists).toEqual([]);
	});

	test("29 February of a leap year is a day", () => {
		expect(answer("/historic/quarters?year=2028&month=2&day=29").status).toBe(200);
	});
});
