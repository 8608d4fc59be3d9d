// /watt and /v1/now against the fake context (expected values worked out by hand from its made-up
// engine status), the warning through the route, and /v1/now through a real Monitor fed by the
// simulated meter, checked against the rule the allowance follows.

import { handle } from "../../src/core/api/handle";
import { PREFIX } from "../../src/core/api/live";
import type { ApiResponse } from "../../src/core/api/types";
import { Monitor } from "../../src/core/monitor";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../helpers/memory-store";
import { basic, fakeContext, get, quarter, SSID, text, WIFI_PASSWORD, wifiConfig } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

function json(response: ApiResponse): Record<string, unknown> {
	return JSON.parse(text(response.body));
}

test("our prefix is /v1/ (/api stays free for the HomeWizard-compatible API)", () => {
	expect(PREFIX).toBe("/v1/");
});

describe("/watt", () => {
	test("is the running 5 s slot's consumption as plain text", () => {
		const response = handle(get("/watt", LOGIN), fakeContext());
		expect(response.status).toBe(200);
		expect(text(response.body)).toBe("430"); // the fake quarter's slots: 400, 410, null, 430
		expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
		expect(response.headers["content-length"]).toBe("3");
		expect(response.headers["cache-control"]).toBe("no-store");
	});

	test("before the first telegram, or when the slot has no consumption, it is a 503", () => {
		const context = fakeContext();
		context.currentQuarter = () => undefined;
		expect(handle(get("/watt", LOGIN), context).status).toBe(503);
		context.currentQuarter = () => ({ ...quarter(), consumed_power_interval_avgs: [400, null] });
		const response = handle(get("/watt", LOGIN), context);
		expect(response.status).toBe(503);
		expect(text(response.body)).toBe('{"error":"no reading yet"}');
	});
});

describe("/v1/now", () => {
	test("a quarter half gone at 3 kW with a 4 kW month peak: 5000 W allowance, 450 s left", () => {
		const response = handle(get("/v1/now", LOGIN), fakeContext());
		expect(response.status).toBe(200);
		expect(response.headers["cache-control"]).toBe("no-store");
		const body = json(response);
		expect(body).toEqual({
			quarter_id: (26 << 24) | (2 << 16) | (10 << 8) | (18 * 4),
			start: "2026-02-10T17:00:00Z",
			end: "2026-02-10T17:15:00Z",
			elapsed_s: 450,
			left_s: 900 - 450,
			import_w: 3000,
			export_w: 0,
			phases: [
				{ phase: 1, import_w: 1200, export_w: 0 },
				{ phase: 2, import_w: 1000, export_w: 0 },
				{ phase: 3, import_w: 800, export_w: 0 },
			],
			energy_wh: 375,
			average_w: (375 * 3600) / 450, // 3000
			projection_w: 3000,
			allowance_w: (4000 * 900 - 3000 * 450) / 450, // 5000: what keeps the quarter at 4000 W
			limit_w: 4000,
			target_w: null,
			month_peak_w: 4000, // the higher of ours (3950) and the meter's (4000)
			warning: false,
		});
		expect(Number(response.headers["content-length"])).toBeLessThan(1024);
	});

	test("a single-phase meter lists only L1; a direction the meter does not send is null", () => {
		const context = fakeContext();
		const r = context.reading();
		r.phases[1].importW = r.phases[1].exportW = NaN;
		r.phases[2].importW = r.phases[2].exportW = NaN;
		r.phases[0].exportW = NaN;
		expect(json(handle(get("/v1/now", LOGIN), context)).phases).toEqual([{ phase: 1, import_w: 1200, export_w: null }]);
	});

	test("before the first telegram every figure is null and the warning off", () => {
		const context = fakeContext();
		const s = context.status();
		Object.assign(s, {
			quarter_id: null,
			start: null,
			end: null,
			elapsed_s: null,
			energy_wh: null,
			current_w: null,
			current_export_w: null,
			projection_w: null,
			allowance_w: null,
			month_peak_own_w: null,
			month_peak_meter_w: null,
		});
		s.threshold_w = 2500;
		const body = json(handle(get("/v1/now", LOGIN), context));
		expect(body).toMatchObject({
			quarter_id: null,
			start: null,
			left_s: null,
			average_w: null,
			projection_w: null,
			allowance_w: null,
			limit_w: 2500,
			month_peak_w: null,
			warning: false,
		});
	});

	test("the warning is the monitor's state: reading it steps nothing", () => {
		const context = fakeContext();
		const s = context.status();
		s.projection_w = 9000; // far above the 4000 W limit: a route that stepped the warning would start it
		expect(json(handle(get("/v1/now", LOGIN), context)).warning).toBe(false);
		expect(context.warning.started).toBe(false);
		context.warning.active = true;
		expect(json(handle(get("/v1/now", LOGIN), context)).warning).toBe(true);
	});
});

test("every new route needs the login, and says nothing without it", () => {
	for (const target of [
		"/watt",
		"/v1/now",
		"/historic/years",
		"/historic/months?year=2026",
		"/historic/days?year=2026&month=3",
		"/historic/quarters?year=2026&month=3&day=29",
		"/historic/months?year=x",
	]) {
		for (const authorization of [undefined, basic(SSID, "wrong")]) {
			const context = fakeContext();
			const response = handle(get(target, authorization), context);
			expect(response.status).toBe(401);
			expect(text(response.body)).toBe('{"error":"login required"}');
			expect(context.lists).toEqual([]);
		}
	}
});

test("the new routes answer GET and HEAD only", () => {
	for (const target of ["/watt", "/v1/now", "/historic/years"]) {
		const post = handle(get(target, LOGIN, "POST"), fakeContext());
		expect(post.status).toBe(405);
		expect(post.headers.allow).toBe("GET, HEAD");
		const head = handle(get(target, LOGIN, "HEAD"), fakeContext());
		expect(head.status).toBe(200);
		expect(head.body).toBe("");
	}
});

test("through a Monitor: /v1/now is the engine's running quarter, and its allowance keeps the quarter at the limit", () => {
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
	for (
		let i = 0;
		i < 900 + 400;
		i++ // one whole quarter, then 400 s of the next
	)
		monitor.push(meter.next());
	const body = json(monitor.handle(get("/v1/now", LOGIN)));
	expect(body.start).toBe("2026-01-14T17:15:00Z");
	expect(body.end).toBe("2026-01-14T17:30:00Z");
	expect(body.elapsed_s).toBe(399); // the telegram stamped 17:21:39 is the 1300th
	expect(body.left_s).toBe(501);
	const energy = body.energy_wh as number;
	const limit = body.limit_w as number;
	expect(limit).toBeGreaterThanOrEqual(2500);
	// drawing the allowance for the 501 s left ends the quarter at the limit (floored to a watt)
	const allowance = body.allowance_w as number;
	const finalAverage = (w: number) => (energy + (w * 501) / 3600) * 4;
	expect(finalAverage(allowance)).toBeLessThanOrEqual(limit);
	expect(finalAverage(allowance + 1)).toBeGreaterThan(limit);
	expect(body.average_w).toBe(Math.round((energy * 3600) / 399));
	expect(body.projection_w).toBe(Math.round((energy + ((body.import_w as number) * 501) / 3600) * 4));
	expect((body.phases as unknown[]).length).toBeGreaterThanOrEqual(1);
});
