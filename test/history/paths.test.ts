import { setAsideName, tmpPathOf } from "../../src/core/history/atomic";
import { dayPath, MAX_PATH, monthPath, parseMeterPath, quarterPath, yearPath } from "../../src/core/history/paths";
import { quarterStartUtc, validQuarterId } from "../../src/core/quarters/quarter-id";
import { utcToLocal } from "../../src/core/time/brussels";
import { idOf, localMidnight, QUARTER_MS } from "./factory";

describe("quarter paths", () => {
	test("a quarter's path follows YYYY/MM/DD/HHMM{S|W}.json from its id", () => {
		expect(quarterPath(idOf(2026, 3, 29, 1, 45, false))).toBe("/meter/2026/03/29/0145W.json");
		expect(quarterPath(idOf(2026, 3, 29, 3, 0, true))).toBe("/meter/2026/03/29/0300S.json");
		expect(quarterPath(idOf(2025, 12, 1, 23, 45, false))).toBe("/meter/2025/12/01/2345W.json");
	});

	test("the repeated autumn hour gets two distinct files", () => {
		const s = quarterPath(idOf(2025, 10, 26, 2, 15, true));
		const w = quarterPath(idOf(2025, 10, 26, 2, 15, false));
		expect(s).toBe("/meter/2025/10/26/0215S.json");
		expect(w).toBe("/meter/2025/10/26/0215W.json");
	});

	test("summary paths", () => {
		expect(dayPath(2026, 3, 9)).toBe("/meter/2026/03/09/day.json");
		expect(monthPath(2026, 3)).toBe("/meter/2026/03/month.json");
		expect(yearPath(2026)).toBe("/meter/2026/year.json");
	});

	test("every path, temporary and set-aside name fits the FAT rename buffer with the /sd mount point", () => {
		const longest = [
			quarterPath(idOf(2026, 12, 31, 23, 45, false)),
			dayPath(2026, 12, 31),
			monthPath(2026, 12),
			yearPath(2026),
		];
		for (const p of longest) {
			const name = p.slice(p.lastIndexOf("/") + 1);
			const all = [
				p,
				tmpPathOf(p),
				p.slice(0, p.lastIndexOf("/") + 1) + setAsideName([], name),
				p.slice(0, p.lastIndexOf("/") + 1) +
					setAsideName(
						[
							name.replace(".json", ".bad"),
							...Array.from({ length: 98 }, (_, i) => name.replace(".json", ".b" + String(i + 1).padStart(2, "0"))),
						],
						name,
					),
			];
			for (const q of all) {
				expect(q.length).toBeLessThanOrEqual(MAX_PATH);
				expect(("/sd" + q).length).toBeLessThanOrEqual(31);
			}
		}
	});

	test("every quarter of the DST days of 2025 and 2026 has a valid id whose start is its own instant", () => {
		for (const [y, m, d, count] of [
			[2025, 3, 30, 92],
			[2025, 10, 26, 100],
			[2026, 3, 29, 92],
			[2026, 10, 25, 100],
		]) {
			const t0 = localMidnight(y, m, d);
			const t1 = localMidnight(y, m, d + 1);
			expect((t1 - t0) / QUARTER_MS).toBe(count);
			const paths = new Set<string>();
			for (let t = t0; t < t1; t += QUARTER_MS) {
				const l = utcToLocal(t);
				const id = idOf(l.year, l.month, l.day, l.hour, l.minute, l.summer);
				expect(validQuarterId(id)).toBe(true);
				expect(quarterStartUtc(id)).toBe(t);
				paths.add(quarterPath(id));
				expect(parseMeterPath(quarterPath(id))).toEqual({ kind: "quarter", year: y, month: m, day: d, quarterId: id });
			}
			expect(paths.size).toBe(count);
		}
	});

	test("ids the calendar does not have are invalid", () => {
		expect(validQuarterId(idOf(2026, 3, 29, 2, 15, false))).toBe(false); // skipped spring hour
		expect(validQuarterId(idOf(2026, 3, 29, 2, 15, true))).toBe(false);
		expect(validQuarterId(idOf(2026, 1, 15, 12, 0, true))).toBe(false); // S in January
		expect(validQuarterId(idOf(2026, 7, 15, 12, 0, false))).toBe(false); // W in July
		expect(validQuarterId(idOf(2026, 2, 29, 12, 0, false))).toBe(false); // not a leap year
		expect(validQuarterId(idOf(2026, 1, 15, 12, 0, false) + 4 * 13)).toBe(false); // hour 25
		expect(validQuarterId(-1)).toBe(false);
		expect(validQuarterId(1.5)).toBe(false);
		expect(validQuarterId(NaN)).toBe(false);
	});
});

describe("path grammar", () => {
	test("accepts the four kinds", () => {
		expect(parseMeterPath("/meter/2026/year.json")).toEqual({
			kind: "year",
			year: 2026,
			month: 0,
			day: 0,
			quarterId: 0,
		});
		expect(parseMeterPath("/meter/2026/02/month.json")).toEqual({
			kind: "month",
			year: 2026,
			month: 2,
			day: 0,
			quarterId: 0,
		});
		expect(parseMeterPath("/meter/2024/02/29/day.json")).toEqual({
			kind: "day",
			year: 2024,
			month: 2,
			day: 29,
			quarterId: 0,
		});
		expect(parseMeterPath("/meter/2026/01/15/1230W.json")?.quarterId).toBe(idOf(2026, 1, 15, 12, 30, false));
	});

	test("keeps original-firmware files readable even when their S/W flag contradicts the date", () => {
		expect(parseMeterPath("/meter/2026/01/15/1230S.json")?.kind).toBe("quarter");
	});

	const rejected = [
		"",
		"/",
		"/meter",
		"/meter/",
		"/meter/2026",
		"/meter/2026/",
		"/meter/2026/03/",
		"/meter/2026/03/29/",
		"meter/2026/year.json",
		"//meter/2026/year.json",
		"/meter//2026/year.json",
		"/meter/2026/year.json/",
		"/meter/../config.json",
		"/meter/2026/../../config.json",
		"/meter/2026/03/../year.json",
		"/meter/2026/03/29/../../../../config.json",
		"/meter/2026/03/29/..%2F..%2Fconfig.json",
		"/meter/2026%2F03%2Fmonth.json",
		"/meter/2026/03%2F29/day.json",
		"/meter/2026\\03\\month.json",
		"/meter/2026/03/29/%2e%2e/day.json",
		"/meter/2026/03/29/day.json%00",
		"/meter/2026/03/29/day.json\0",
		"/meter/2026/03/29/day.json?x=1",
		"/meter/2026/03/29/day.tmp",
		"/meter/2026/03/29/0245S.tmp",
		"/meter/2026/03/29/0245S.bad",
		"/meter/2026/03/29/0245s.json",
		"/meter/2026/03/29/0245X.json",
		"/meter/2026/03/29/0250W.json",
		"/meter/2026/03/29/2400W.json",
		"/meter/2026/03/29/245W.json",
		"/meter/2026/03/29/02450W.json",
		"/meter/2026/13/month.json",
		"/meter/2026/00/month.json",
		"/meter/2026/02/30/day.json",
		"/meter/2025/02/29/day.json",
		"/meter/2026/04/31/day.json",
		"/meter/1999/year.json",
		"/meter/2256/year.json",
		"/meter/+026/year.json",
		"/meter/2026/ 3/month.json",
		"/meter/2026/03/29/day.json.json",
		"/meter/2026/03/29/DAY.JSON",
		"/meter/2026/year.jsonx",
		"/meter/2026/03/29/0245W.json/../../../../../etc/passwd",
		"/config.json",
		"/checkpoint.json",
		"/meter/2026/03/29/" + "a".repeat(300) + ".json",
		"/meter/2026/03/29/0245W.json" + " ".repeat(10),
		"/METER/2026/year.json",
		"/meter/2026/03/29/０２４５W.json",
	];
	test.each(rejected)("rejects %j", (p) => {
		expect(parseMeterPath(p)).toBeUndefined();
	});

	test("rejects non-strings", () => {
		expect(parseMeterPath(undefined as unknown as string)).toBeUndefined();
		expect(parseMeterPath(42 as unknown as string)).toBeUndefined();
	});

	test("every accepted path is within the length limit and round-trips through the builders", () => {
		const accepted = [
			"/meter/2026/year.json",
			"/meter/2026/03/month.json",
			"/meter/2026/03/29/day.json",
			"/meter/2026/03/29/0345S.json",
		];
		for (const p of accepted) {
			const parsed = parseMeterPath(p)!;
			expect(p.length).toBeLessThanOrEqual(MAX_PATH);
			const rebuilt =
				parsed.kind === "year"
					? yearPath(parsed.year)
					: parsed.kind === "month"
						? monthPath(parsed.year, parsed.month)
						: parsed.kind === "day"
							? dayPath(parsed.year, parsed.month, parsed.day)
							: quarterPath(parsed.quarterId);
			expect(rebuilt).toBe(p);
		}
	});
});
