// The peak warning follows the meter, not the requests: a Monitor fed telegram by telegram steps
// it once per telegram, tells onWarning of each start and end, and /v1/now reads that state
// (polling it changes nothing). The expected warning is recomputed here from /v1/now's own
// projection and limit with the rule written out: on above limit + 100 W, off below limit - 200 W,
// at most one start per quarter, off at a new quarter.

import type { Config } from "../../src/core/config/schema";
import { Monitor } from "../../src/core/monitor";
import { SimMeter } from "../../src/sim/meter";
import { basic, get, SSID, text, WIFI_PASSWORD, wifiConfig } from "../api/fake-context";
import { MemoryStore } from "../helpers/memory-store";

const LOGIN = basic(SSID, WIFI_PASSWORD);

function monitorWith(config: Config, events: boolean[]): Monitor {
	const monitor = new Monitor({
		sd: new MemoryStore(),
		state: new MemoryStore(),
		log: { info: () => {}, warn: () => {} },
		config: () => config,
		now: () => 0,
		onWarning: (active) => events.push(active),
	});
	monitor.start();
	return monitor;
}

function now(monitor: Monitor): Record<string, unknown> {
	return JSON.parse(text(monitor.handle(get("/v1/now", LOGIN)).body));
}

const TARGET_W = 1500; // a winter evening draws more than this now and then
const TELEGRAMS = 3 * 3600;

function targetConfig(): Config {
	const config = wifiConfig();
	config.tariff.target_w = TARGET_W;
	return config;
}

function meter(): SimMeter {
	return new SimMeter({ start: Date.UTC(2026, 0, 14, 16, 0), seed: 3 });
}

let polledEvents: boolean[] = [];

test("stepped per telegram against the configured target: starts, ends, once per quarter, told to onWarning", () => {
	const events: boolean[] = [];
	const monitor = monitorWith(targetConfig(), events);
	const sim = meter();
	let quarter: unknown = null;
	let on = false;
	let started = false;
	const expected: boolean[] = [];
	for (let i = 0; i < TELEGRAMS; i++) {
		monitor.push(sim.next());
		const body = now(monitor);
		const projection = body.projection_w as number | null;
		const limit = body.limit_w as number;
		expect(limit).toBe(TARGET_W); // a configured target is the limit, as for the allowance
		const was: boolean = on;
		if (body.quarter_id !== quarter) {
			quarter = body.quarter_id;
			on = started = false;
		}
		if (projection === null) on = false;
		else if (on && projection < limit - 200) on = false;
		else if (!on && !started && projection > limit + 100) on = started = true;
		if (on !== was) expected.push(on); // a warning that runs on into the next quarter's is one warning
		expect(body.warning).toBe(on);
		expect(monitor.warning).toBe(on);
	}
	expect(expected.filter((e) => e).length).toBeGreaterThanOrEqual(2);
	expect(expected).toContain(false);
	expect(events).toEqual(expected);
	polledEvents = events;
});

test("nobody polls: the same telegrams give the same warnings", () => {
	const events: boolean[] = [];
	const monitor = monitorWith(targetConfig(), events);
	const sim = meter();
	for (let i = 0; i < TELEGRAMS; i++) monitor.push(sim.next());
	expect(polledEvents.length).toBeGreaterThan(0);
	expect(events).toEqual(polledEvents);
});

test("without a target the limit is the month peak, never below 2.5 kW", () => {
	const monitor = monitorWith(wifiConfig(), []);
	const sim = meter();
	let above = false;
	for (let i = 0; i < TELEGRAMS; i++) {
		monitor.push(sim.next());
		if (i % 900 !== 899) continue;
		const body = now(monitor);
		const peak = (body.month_peak_w as number | null) ?? 0;
		expect(body.limit_w).toBe(Math.max(2500, peak));
		if (peak > 2500) above = true;
	}
	expect(above).toBe(true); // the month peak took over from the floor at some point
});
