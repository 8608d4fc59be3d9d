// GET /v1/capacity over a year driven through the real quarter engine (capacity-year.ts): every
// expected figure is recomputed here from the hand-written plan.

import { handle } from "../../src/core/api/handle";
import type { ApiContext } from "../../src/core/api/types";
import { QuarterEngine } from "../../src/core/quarters/engine";
import { engineContext, LOGIN, PLAN, simulateYear } from "./capacity-year";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

const IMEWO_2026 = 57.45; // EUR/kW/year incl. 6 % VAT, Eneco card April 2026 (54.20 excl. VAT x 1.06)
const FLOOR = 2500;

interface Row {
	month: string;
	own_w: number | null;
	own_quarter_id: number | null;
	meter_w: number | null;
	meter_time: string | null;
	history_w: number | null;
	history_time: string | null;
	counts: string;
	counted_w: number | null;
	floored: boolean;
	billed_w: number | null;
	in_average: boolean;
	diff_w: number | null;
	beyond_rounding: boolean | null;
}

function capacityOf(context: ApiContext) {
	const response = handle(get("/v1/capacity", LOGIN), context);
	expect(response.status).toBe(200);
	expect(response.headers["cache-control"]).toBe("no-store");
	return JSON.parse(text(response.body));
}

describe.each([
	["every quarter of the year", false],
	["only the peak quarters' bounds", true],
])("a simulated year (%s)", (_name, sparse) => {
	const body = capacityOf(engineContext(simulateYear(sparse)));

	test("the running month, the area's price incl. VAT, the floor, the rounding tolerance", () => {
		expect(body.month).toBe("2026-11");
		expect(body.area).toBe("imewo");
		expect(body.tariff_year).toBe(2026);
		expect(body.eur_per_kw_year).toBe(IMEWO_2026);
		expect(body.vat_included).toBe(true);
		expect(body.vat_rate).toBe(0.06);
		expect(body.floor_w).toBe(FLOOR);
		expect(body.rounding_w).toBe(5);
	});

	test("13 months, oldest first, each with its three figures apart", () => {
		expect(body.months.map((m: Row) => m.month)).toEqual(PLAN.map((p) => p.month));
		body.months.forEach((row: Row, i: number) => {
			const p = PLAN[i];
			expect(row.own_w).toBe(p.own);
			expect(row.own_quarter_id).toBe(p.id);
			expect(row.meter_w).toBe(p.meter);
			expect(row.meter_time).toBe(
				p.meter === null ? null : new Date(p.start + 900000).toISOString().replace(".000", ""),
			);
			expect(row.history_w).toBe(p.history);
			expect(row.history_time).toBe(
				p.history === null ? null : new Date(p.start + 900000).toISOString().replace(".000", ""),
			);
		});
	});

	test("which figure counts and why, the floor, and the reconciliation", () => {
		body.months.forEach((row: Row, i: number) => {
			const p = PLAN[i];
			const counted = p.history ?? p.meter ?? p.own;
			const reason = p.history !== null ? "meter_history" : p.meter !== null ? "meter_running" : "own_quarters";
			expect([row.month, row.counts, row.counted_w]).toEqual([p.month, reason, counted]);
			expect(row.floored).toBe(counted < 2500);
			expect(row.billed_w).toBe(counted < 2500 ? 2500 : counted);
			expect(row.in_average).toBe(i >= 1);
			const meter = p.history ?? p.meter;
			expect(row.diff_w).toBe(meter === null ? null : p.own - meter);
			expect(row.beyond_rounding).toBe(meter === null ? null : Math.abs(p.own - meter) > 5);
		});
	});

	test("by hand: the floored months, the flagged ones, the DST peaks", () => {
		const floored = body.months.filter((m: Row) => m.floored).map((m: Row) => m.month);
		expect(floored).toEqual(["2025-11", "2026-02", "2026-04", "2026-08"]);
		const flagged = body.months.filter((m: Row) => m.beyond_rounding).map((m: Row) => m.month);
		expect(flagged).toEqual(["2026-05", "2026-07"]); // 10 W and 40 W apart
		expect(body.months[4].own_quarter_id).toBe(0x1a031d8c); // 29 Mar 2026 03:00 S
		expect(body.months[11].own_quarter_id).toBe(0x1a0a1909); // 25 Oct 2026 02:15 W, not 02:15 S (0x1a0a1989)
	});

	test("the 12-month average and its cost, recomputed", () => {
		const billed = PLAN.slice(1).map((p) => Math.max(p.history ?? p.meter ?? p.own, FLOOR));
		const average = billed.reduce((a, b) => a + b, 0) / 12;
		// by hand: 3600+5197+2500+4402+2500+3010+2796+5960+2500+3200+3997+2600 = 42262 W / 12
		expect(average).toBeCloseTo(42262 / 12, 9);
		expect(body.average_months).toBe(12);
		expect(body.average_w).toBe(Math.round(42262 / 12)); // 3522
		const perYear = Math.round((42262 / 12 / 1000) * IMEWO_2026 * 100) / 100; // 3.52183 kW x 57.45 = 202.33
		expect(perYear).toBe(202.33);
		expect(body.eur_per_year).toBe(perYear);
		expect(body.eur_per_month).toBe(16.86); // 202.33 / 12 = 16.8608
	});
});

describe("capacity edge cases", () => {
	test("before the first telegram: 503, no figures made up", () => {
		const response = handle(get("/v1/capacity", LOGIN), engineContext(new QuarterEngine()));
		expect(response.status).toBe(503);
		expect(JSON.parse(text(response.body))).toEqual({ error: "no reading yet" });
	});

	test("a month the engine does not hold is a row of nulls, outside the average", () => {
		const context = fakeContext();
		const response = handle(get("/v1/capacity", basic(SSID, WIFI_PASSWORD)), context);
		expect(response.status).toBe(200);
		const first = JSON.parse(text(response.body)).months[0];
		expect(first).toEqual({
			month: "2025-02",
			own_w: null,
			own_quarter_id: null,
			meter_w: null,
			meter_time: null,
			history_w: null,
			history_time: null,
			counts: "no_data",
			counted_w: null,
			floored: false,
			billed_w: null,
			in_average: false,
			diff_w: null,
			beyond_rounding: null,
		});
	});

	test("only GET and HEAD", () => {
		const response = handle(get("/v1/capacity", LOGIN, "POST"), engineContext(simulateYear(true)));
		expect(response.status).toBe(405);
		expect(response.headers.allow).toBe("GET, HEAD");
	});
});
