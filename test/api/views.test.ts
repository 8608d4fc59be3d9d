// GET /v1/day, /v1/month, /v1/year and /v1/quarter: the stored file passed through byte for
// byte, each entry's start in Brussels local time and UTC (written here by hand, DST days
// included), strict queries, and clear errors.

import { isChunkSource } from "../../src/core/api/chunks";
import { handle } from "../../src/core/api/handle";
import type { ApiResponse } from "../../src/core/api/types";
import { Monitor } from "../../src/core/monitor";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../helpers/memory-store";
import { basic, fakeContext, get, quarter, SSID, text, WIFI_PASSWORD, wifiConfig } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

/** quarter_id by hand. */
function qid(y: number, mo: number, d: number, h: number, mi: number, summer: boolean): number {
	return (((y - 2000) << 24) | (mo << 16) | (d << 8) | (h * 4 + mi / 15) | (summer ? 0x80 : 0)) >>> 0;
}

const S0200 = qid(2026, 10, 25, 2, 0, true);
const S0215 = qid(2026, 10, 25, 2, 15, true);
const W0200 = qid(2026, 10, 25, 2, 0, false);
const W0215 = qid(2026, 10, 25, 2, 15, false);

// The autumn DST day as history writes it, shortened to the repeated hour (ordered by UTC start).
const AUTUMN_DAY = JSON.stringify({
	version: 1,
	date: "2026-10-25",
	import_kwh: 0.5,
	export_kwh: 0,
	peak_w: 600,
	peak_quarter_id: W0215,
	peak_start_s: Date.UTC(2026, 9, 25, 1, 15) / 1000,
	quarter_id: [S0200, S0215, W0200, W0215],
	start_s: [0, 15, 60, 75].map((m) => Date.UTC(2026, 9, 25, 0, m) / 1000),
	consumed_power_avg: [400, 400, 400, 600],
	energy_avg_w: [400, 400, 400, 600],
	energy_produced_avg_w: [0, 0, 0, 0],
});

const MARCH = JSON.stringify({
	version: 1,
	month: "2026-03",
	import_kwh: 30,
	export_kwh: 0,
	peak_w: 4400,
	peak_quarter_id: qid(2026, 3, 29, 3, 0, true),
	peak_start_s: Date.UTC(2026, 2, 29, 1) / 1000,
	meter_peak_w: 4402,
	meter_peak_time: "2026-03-29T01:15:00Z",
	day: [28, 29, 30],
	day_import_kwh: [10, 10, 10],
	day_export_kwh: [0, 0, 0],
	day_peak_w: [400, 4400, 400],
	day_peak_quarter_id: [qid(2026, 3, 28, 0, 0, false), qid(2026, 3, 29, 3, 0, true), qid(2026, 3, 30, 0, 0, true)],
});

const YEAR = JSON.stringify({
	version: 1,
	year: 2026,
	import_kwh: 90,
	export_kwh: 0,
	peak_w: 4400,
	peak_quarter_id: qid(2026, 3, 29, 3, 0, true),
	peak_start_s: Date.UTC(2026, 2, 29, 1) / 1000,
	month: [3, 4, 11],
	month_import_kwh: [30, 30, 30],
	month_export_kwh: [0, 0, 0],
	month_peak_w: [4400, 400, 400],
	month_peak_quarter_id: [qid(2026, 3, 29, 3, 0, true), null, null],
	month_meter_peak_w: [4402, null, null],
	month_meter_peak_time: ["2026-03-29T01:15:00Z", null, null],
});

const QUARTER_S = '{"quarter_id":' + S0215 + ',"energy_avg_w":400}';
const QUARTER_W = '{"quarter_id":' + W0215 + ',"energy_avg_w":600}';

const FILES: Readonly<Record<string, string>> = Object.freeze({
	"/meter/2026/10/25/day.json": AUTUMN_DAY,
	"/meter/2026/03/month.json": MARCH,
	"/meter/2026/year.json": YEAR,
	"/meter/2026/10/25/0215S.json": QUARTER_S,
	"/meter/2026/10/25/0215W.json": QUARTER_W,
	"/meter/2026/07/01/1200S.json": '{"quarter_id":1}',
	"/meter/2026/01/02/day.json": "{broken",
});

function ask(target: string, files = FILES, current?: QuarterRecord): ApiResponse {
	const context = fakeContext(wifiConfig(), {}, files);
	if (current !== undefined) context.currentQuarter = () => current;
	return handle(get(target, LOGIN), context);
}

function json(response: ApiResponse): Record<string, unknown> {
	return JSON.parse(text(response.body));
}

describe("day, month, year views", () => {
	test("the autumn DST day: the stored file as it is, starts in local time and UTC, in time order", () => {
		const response = ask("/v1/day?date=2026-10-25");
		expect(response.status).toBe(200);
		expect(isChunkSource(response.body)).toBe(true);
		expect(response.headers["content-length"]).toBeUndefined();
		expect(response.headers["cache-control"]).toBe("private, no-cache");
		const body = text(response.body);
		expect(body.startsWith('{"summary":' + AUTUMN_DAY + ",")).toBe(true);
		expect(JSON.parse(body)).toEqual({
			summary: JSON.parse(AUTUMN_DAY),
			local: ["2026-10-25T02:00+02:00", "2026-10-25T02:15+02:00", "2026-10-25T02:00+01:00", "2026-10-25T02:15+01:00"],
			utc: ["2026-10-25T00:00:00Z", "2026-10-25T00:15:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:15:00Z"],
			peak_local: "2026-10-25T02:15+01:00",
			peak_utc: "2026-10-25T01:15:00Z",
		});
	});

	test("a month across the spring change: each day's midnight, and the meter's peak in local time", () => {
		expect(json(ask("/v1/month?month=2026-03"))).toEqual({
			summary: JSON.parse(MARCH),
			local: ["2026-03-28T00:00+01:00", "2026-03-29T00:00+01:00", "2026-03-30T00:00+02:00"],
			utc: ["2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"],
			peak_local: "2026-03-29T03:00+02:00",
			peak_utc: "2026-03-29T01:00:00Z",
			meter_peak_local: "2026-03-29T03:15+02:00",
		});
	});

	test("a year: each month's first midnight", () => {
		expect(json(ask("/v1/year?year=2026"))).toEqual({
			summary: JSON.parse(YEAR),
			local: ["2026-03-01T00:00+01:00", "2026-04-01T00:00+02:00", "2026-11-01T00:00+01:00"],
			utc: ["2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z", "2026-10-31T23:00:00Z"],
			peak_local: "2026-03-29T03:00+02:00",
			peak_utc: "2026-03-29T01:00:00Z",
		});
	});

	test.each([
		["/v1/day?date=2026-10-24", "no data for this day"],
		["/v1/month?month=2026-04", "no data for this month"],
		["/v1/year?year=2025", "no data for this year"],
	])("%s without data: 404 with a JSON error", (target, error) => {
		const response = ask(target);
		expect(response.status).toBe(404);
		expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
		expect(json(response)).toEqual({ error });
	});

	test("a file history found damaged: 500, never served", () => {
		const context = fakeContext(wifiConfig(), {}, FILES);
		context.readMeterFile = () => null;
		const response = handle(get("/v1/day?date=2026-10-25", LOGIN), context);
		expect(response.status).toBe(500);
		expect(json(response)).toEqual({ error: "damaged file set aside" });
	});

	test.each([
		["/v1/day", "date missing"],
		["/v1/day?", "date missing"],
		["/v1/day?date=2026-3-29", "date must be YYYY-MM-DD"],
		["/v1/day?date=2026-02-29", "date must be YYYY-MM-DD"],
		["/v1/day?date=1999-12-31", "date must be YYYY-MM-DD"],
		["/v1/day?date=2026-10-25T", "date must be YYYY-MM-DD"],
		["/v1/day?date=2026/10/25", "date malformed"],
		["/v1/day?date=2026-10-25&date=2026-10-25", "date given twice"],
		["/v1/day?date=2026-10-25&x=1", "unknown parameter"],
		["/v1/day?month=2026-10", "unknown parameter"],
		["/v1/day?date", "malformed query"],
		["/v1/day?date=%32026-10-25", "date malformed"],
		["/v1/day?date=", "date malformed"],
		["/v1/month?month=2026-13", "month must be YYYY-MM"],
		["/v1/month?month=2026-10-01", "month must be YYYY-MM"],
		["/v1/year?year=26", "year must be YYYY"],
		["/v1/year?year=2256", "year must be YYYY"],
	])("%s: 400 %s, nothing read", (target, error) => {
		const context = fakeContext(wifiConfig(), {}, FILES);
		const response = handle(get(target, LOGIN), context);
		expect([response.status, json(response)]).toEqual([400, { error }]);
		expect(context.reads).toEqual([]);
	});
});

describe("one quarter", () => {
	test("by id: the stored file as it is, with its start", () => {
		const response = ask("/v1/quarter?id=" + W0215);
		expect(response.status).toBe(200);
		expect(response.headers["cache-control"]).toBe("private, max-age=3600");
		const body = text(response.body);
		expect(body).toContain('"quarter":' + QUARTER_W + "}");
		expect(JSON.parse(body)).toEqual({
			quarter_id: W0215,
			running: false,
			local: "2026-10-25T02:15+01:00",
			utc: "2026-10-25T01:15:00Z",
			quarter: JSON.parse(QUARTER_W),
		});
	});

	test("by local time in the repeated hour: 409 with both candidates without the flag", () => {
		const response = ask("/v1/quarter?date=2026-10-25&time=02:20");
		expect(response.status).toBe(409);
		expect(json(response)).toEqual({
			error: "ambiguous local time: add dst=S or dst=W",
			candidates: [
				{ quarter_id: S0215, dst: "S", local: "2026-10-25T02:15+02:00", utc: "2026-10-25T00:15:00Z" },
				{ quarter_id: W0215, dst: "W", local: "2026-10-25T02:15+01:00", utc: "2026-10-25T01:15:00Z" },
			],
		});
	});

	test.each([
		["date=2026-10-25&time=02:15&dst=S", S0215, QUARTER_S],
		["date=2026-10-25&time=02:29&dst=W", W0215, QUARTER_W],
		["dst=W&time=02%3A15&date=2026-10-25", W0215, QUARTER_W],
		["date=2026-07-01&time=12:14", qid(2026, 7, 1, 12, 0, true), '{"quarter_id":1}'],
		["date=2026-07-01&time=12:00&dst=S", qid(2026, 7, 1, 12, 0, true), '{"quarter_id":1}'],
	])("by local time %s", (query, id, file) => {
		const response = ask("/v1/quarter?" + query);
		expect(response.status).toBe(200);
		const body = json(response);
		expect([body.quarter_id, body.quarter]).toEqual([id, JSON.parse(file)]);
	});

	test("the running quarter, when it is the one asked for", () => {
		const running = { ...quarter(), quarter_id: qid(2026, 7, 1, 12, 15, true) };
		const response = ask("/v1/quarter?date=2026-07-01&time=12:20", FILES, running);
		expect(response.status).toBe(200);
		expect(response.headers["cache-control"]).toBe("no-store");
		expect(json(response)).toEqual({
			quarter_id: running.quarter_id,
			running: true,
			local: "2026-07-01T12:15+02:00",
			utc: "2026-07-01T10:15:00Z",
			quarter: JSON.parse(JSON.stringify(running)),
		});
	});

	test.each([
		["/v1/quarter", 400, "give id, or date and time"],
		["/v1/quarter?date=2026-10-25", 400, "give id, or date and time"],
		["/v1/quarter?id=" + W0215 + "&date=2026-10-25", 400, "give id, or date and time, not both"],
		["/v1/quarter?id=12ab", 400, "id must be a whole number"],
		["/v1/quarter?id=99999999999", 400, "id out of range"],
		["/v1/quarter?id=1234567890123", 400, "id malformed"], // longer than any value
		["/v1/quarter?id=" + qid(2026, 3, 29, 2, 30, true), 400, "id names no quarter"], // skipped by the spring change
		["/v1/quarter?id=" + qid(2026, 7, 1, 12, 0, false), 400, "id names no quarter"], // W in July
		["/v1/quarter?date=2026-03-29&time=02:30", 400, "no such local time (skipped by the change to summer time)"],
		["/v1/quarter?date=2026-07-01&time=12:00&dst=W", 400, "dst does not match this time"],
		["/v1/quarter?date=2026-07-01&time=24:00", 400, "time must be HH:MM"],
		["/v1/quarter?date=2026-07-01&time=12:60", 400, "time must be HH:MM"],
		["/v1/quarter?date=2026-07-01&time=1200", 400, "time must be HH:MM"],
		["/v1/quarter?date=2026-07-01&time=12:00&dst=s", 400, "dst must be S or W"],
		["/v1/quarter?date=2026-07-01&time=12:00&dst=S&dst=S", 400, "dst given twice"],
		["/v1/quarter?date=2026-07-02&time=12:00", 404, "no data for this quarter"],
	])("%s: %d %s", (target, status, error) => {
		const response = ask(target);
		expect([response.status, json(response)]).toEqual([status, { error }]);
	});
});

describe("through a Monitor over the simulated meter", () => {
	const config = wifiConfig();
	const monitor = new Monitor({
		sd: new MemoryStore(),
		state: new MemoryStore(),
		log: { info: () => {}, warn: () => {} },
		config: () => config,
		now: () => 0,
	});
	monitor.start();
	const meter = new SimMeter({ start: Date.UTC(2026, 0, 14, 17, 0), seed: 3 });
	for (let i = 0; i < 3 * 900 + 60; i++) monitor.push(meter.next()); // three closed quarters, then a minute
	const ids = [qid(2026, 1, 14, 18, 0, false), qid(2026, 1, 14, 18, 15, false), qid(2026, 1, 14, 18, 30, false)];
	const stored = ids.map((id) => json(monitor.handle(get("/v1/quarter?id=" + id, LOGIN))));

	test("each closed quarter by id is the stored file, the running one is marked running", () => {
		expect(stored.map((q) => [q.running, (q.quarter as QuarterRecord).quarter_id])).toEqual(
			ids.map((id) => [false, id]),
		);
		expect(stored.map((q) => q.utc)).toEqual(["2026-01-14T17:00:00Z", "2026-01-14T17:15:00Z", "2026-01-14T17:30:00Z"]);
		const running = json(monitor.handle(get("/v1/quarter?date=2026-01-14&time=18:45", LOGIN)));
		expect([running.running, running.local]).toEqual([true, "2026-01-14T18:45+01:00"]);
	});

	test("the day view lists those quarters; capacity's own figure is their highest, its meter figure the last 1.6.0", () => {
		const day = json(monitor.handle(get("/v1/day?date=2026-01-14", LOGIN)));
		expect(day.local).toEqual(["2026-01-14T18:00+01:00", "2026-01-14T18:15+01:00", "2026-01-14T18:30+01:00"]);
		const records = stored.map((q) => q.quarter as QuarterRecord);
		const highest = Math.max(...records.map((r) => r.energy_avg_w as number));
		const capacity = json(monitor.handle(get("/v1/capacity", LOGIN)));
		const january = (capacity.months as Record<string, unknown>[])[12];
		expect(january.month).toBe("2026-01");
		expect(january.own_w).toBe(highest);
		expect(january.own_quarter_id).toBe(records.find((r) => r.energy_avg_w === highest)?.quarter_id);
		expect(january.meter_w).toBe(records[2].meter_month_peak_w);
		expect(capacity.area).toBe("antwerpen");
	});
});
