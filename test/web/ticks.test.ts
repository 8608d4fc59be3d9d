// The bar chart's axes: kW steps, and time ticks at whole Brussels wall-clock times on DST days.

import { axisTimes } from "../../web/format";
import { categoryEvery, powerTicks, timeTicks } from "../../web/ticks";

const s = (iso: string) => Date.parse(iso) / 1000;

describe("time ticks", () => {
	test("a quarter in five-minute steps", () => {
		const from = s("2026-11-29T17:00:00Z");
		expect(timeTicks(from, from + 900, 4)).toEqual([from, from + 300, from + 600, from + 900]);
	});
	test("the autumn DST day (25 hours) in six-hour steps of local time", () => {
		// local midnight is 22:00 UTC the day before (CEST); from 03:00 local on it is CET
		expect(timeTicks(s("2026-10-24T22:00:00Z"), s("2026-10-25T23:00:00Z"), 5)).toEqual([
			s("2026-10-24T22:00:00Z"), // 00:00
			s("2026-10-25T05:00:00Z"), // 06:00 CET
			s("2026-10-25T11:00:00Z"), // 12:00
			s("2026-10-25T17:00:00Z"), // 18:00
			s("2026-10-25T23:00:00Z"), // 00:00 the next day
		]);
	});
	test("hourly on the autumn DST day: 26 ticks, 02:00 twice", () => {
		const ticks = timeTicks(s("2026-10-24T22:00:00Z"), s("2026-10-25T23:00:00Z"), 30);
		expect(ticks).toHaveLength(26);
		expect(axisTimes(ticks.slice(0, 5), "nl")).toEqual(["00:00", "01:00", "02:00", "02:00", "03:00"]);
	});
	test("the spring DST day in two-hour steps: no 02:00, it does not exist", () => {
		const ticks = timeTicks(s("2026-03-28T23:00:00Z"), s("2026-03-29T22:00:00Z"), 12);
		expect(ticks.slice(0, 3)).toEqual([
			s("2026-03-28T23:00:00Z"),
			s("2026-03-29T02:00:00Z"),
			s("2026-03-29T04:00:00Z"),
		]);
		expect(axisTimes(ticks.slice(0, 3), "en")).toEqual(["00:00", "04:00", "06:00"]);
	});
});

describe("power ticks", () => {
	test("whole kW below 5 kW of range", () => {
		expect(powerTicks(0, 4400, 5)).toEqual([0, 1000, 2000, 3000, 4000]);
		expect(powerTicks(-1200, 4400, 6)).toEqual([-1000, 0, 1000, 2000, 3000, 4000]);
	});
	test("2.5 kW steps for a 13 kW range in at most 6", () => {
		expect(powerTicks(0, 13000, 6)).toEqual([0, 2500, 5000, 7500, 10000, 12500]);
	});
});

test("every k-th day labelled so that the labels fit", () => {
	expect(categoryEvery(31, 8)).toBe(5);
	expect(categoryEvery(12, 20)).toBe(1);
	expect(categoryEvery(12, 5)).toBe(3);
});
