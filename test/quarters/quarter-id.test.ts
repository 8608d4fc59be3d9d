import { quarterPath } from "../../src/core/history/paths";
import {
	dayQuarterIds,
	nextQuarterId,
	previousQuarterId,
	QUARTER_MS,
	quarterEndUtc,
	quarterIdAt,
	quarterLocal,
	quarterName,
	quarterStartUtc,
} from "../../src/core/quarters/quarter-id";
import { local } from "./helpers";

function id(y: number, mo: number, d: number, h: number, q: number, summer: boolean): number {
	return ((y - 2000) << 24) | (mo << 16) | (d << 8) | (h * 4 + q) | (summer ? 0x80 : 0);
}

describe("quarter id", () => {
	test("summer instant: original bit layout, name, directory, UTC bounds", () => {
		const t = local(2025, 6, 15, 14, 37, 12); // CEST: UTC+2
		const q = quarterIdAt(t);
		expect(q).toBe(id(2025, 6, 15, 14, 2, true));
		expect(quarterName(q)).toBe("1430S");
		expect(quarterPath(q)).toBe("/meter/2025/06/15/1430S.json");
		expect(quarterStartUtc(q)).toBe(Date.UTC(2025, 5, 15, 12, 30));
		expect(quarterEndUtc(q)).toBe(Date.UTC(2025, 5, 15, 12, 45));
		expect(quarterLocal(q)).toEqual({ year: 2025, month: 6, day: 15, hour: 14, minute: 30, quarter: 2, summer: true });
	});

	test("winter instant and the quarter bounds themselves", () => {
		const start = local(2026, 1, 10, 8, 0);
		expect(start).toBe(Date.UTC(2026, 0, 10, 7, 0)); // CET: UTC+1
		const q = quarterIdAt(start);
		expect(q).toBe(id(2026, 1, 10, 8, 0, false));
		expect(quarterName(q)).toBe("0800W");
		expect(quarterIdAt(start + QUARTER_MS - 1)).toBe(q);
		expect(quarterIdAt(start - 1)).toBe(id(2026, 1, 10, 7, 3, false));
		expect(quarterIdAt(NaN)).toBeNaN();
	});

	test("ids that name no real quarter give NaN", () => {
		expect(quarterStartUtc(id(2025, 3, 30, 2, 0, false))).toBeNaN(); // skipped spring hour
		expect(quarterStartUtc(id(2025, 3, 30, 2, 0, true))).toBeNaN();
		expect(quarterStartUtc(id(2025, 6, 15, 10, 0, false))).toBeNaN(); // W flag in June
		expect(quarterStartUtc(id(2025, 1, 15, 10, 0, true))).toBeNaN(); // S flag in January
		expect(quarterStartUtc(id(2025, 2, 29, 10, 0, false))).toBeNaN(); // not a leap year
		expect(quarterStartUtc(id(2025, 1, 15, 24, 0, false))).toBeNaN();
	});

	test.each([
		[2025, 3, 30, 92, "spring"],
		[2026, 3, 29, 92, "spring"],
		[2025, 10, 26, 100, "autumn"],
		[2026, 10, 25, 100, "autumn"],
		[2025, 6, 15, 96, "plain"],
		[2026, 12, 31, 96, "plain"],
	])("%i-%i-%i has %i quarters (%s)", (y, mo, d, count, kind) => {
		const ids = dayQuarterIds(y, mo, d);
		expect(ids.length).toBe(count);
		expect(new Set(ids).size).toBe(count);
		const midnight = local(y, mo, d);
		ids.forEach((q, i) => {
			// consecutive quarters are 15 minutes of UTC apart and round-trip through their start
			expect(quarterStartUtc(q)).toBe(midnight + i * QUARTER_MS);
			expect(quarterIdAt(quarterStartUtc(q))).toBe(q);
			if (i > 0) expect(previousQuarterId(q)).toBe(ids[i - 1]);
			if (i < ids.length - 1) expect(nextQuarterId(q)).toBe(ids[i + 1]);
		});
		const names = ids.map(quarterName);
		expect(new Set(names).size).toBe(count); // file names never collide, thanks to S/W
		expect(new Set(names.map((n) => n.slice(0, 4))).size).toBe(kind === "autumn" ? count - 4 : count); // only the repeated hour shares HHMM
		if (kind === "spring") {
			expect(names.some((n) => n.startsWith("02"))).toBe(false);
			expect(names.slice(6, 10)).toEqual(["0130W", "0145W", "0300S", "0315S"]);
			expect(names[0]).toBe("0000W");
			expect(names[names.length - 1]).toBe("2345S");
		}
		if (kind === "autumn") {
			expect(names.slice(8, 16)).toEqual(["0200S", "0215S", "0230S", "0245S", "0200W", "0215W", "0230W", "0245W"]);
			expect(ids[8] & 0x7f).toBe(ids[12] & 0x7f); // same local slot, told apart only by the S/W bit
			expect(ids[8]).not.toBe(ids[12]);
			expect(names[0]).toBe("0000S");
			expect(names[names.length - 1]).toBe("2345W");
		}
		// the day's quarters tile it exactly up to the next local midnight
		const next = dayQuarterIds(...nextDay(y, mo, d));
		expect(quarterStartUtc(next[0])).toBe(midnight + count * QUARTER_MS);
	});

	test("month and year ends", () => {
		const lastOfYear = id(2025, 12, 31, 23, 3, false);
		expect(nextQuarterId(lastOfYear)).toBe(id(2026, 1, 1, 0, 0, false));
		expect(previousQuarterId(id(2026, 1, 1, 0, 0, false))).toBe(lastOfYear);
		expect(nextQuarterId(id(2025, 4, 30, 23, 3, true))).toBe(id(2025, 5, 1, 0, 0, true));
		expect(nextQuarterId(id(2024, 2, 28, 23, 3, false))).toBe(id(2024, 2, 29, 0, 0, false)); // leap year
		expect(nextQuarterId(id(2025, 2, 28, 23, 3, false))).toBe(id(2025, 3, 1, 0, 0, false));
		expect(quarterPath(id(2026, 1, 1, 0, 0, false))).toBe("/meter/2026/01/01/0000W.json");
	});
});

function nextDay(y: number, mo: number, d: number): [number, number, number] {
	const t = new Date(Date.UTC(y, mo - 1, d + 1));
	return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}
