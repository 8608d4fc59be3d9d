// The API routes that `npm run bench` measures and the load test (test/e2e/load.test.ts) cycles
// through, one row each: adding a route to both is adding a row. Every row is answered from the
// same simulated winter day, written by the PC host itself (api-host.ts).

import { PREFIX } from "../../src/core/api/live";

/** The simulated day: the PC host runs the meter from `start` to `until` at full speed first. */
export const BENCH_DAY = Object.freeze({
	start: "2026-01-14T00:00:00+01:00",
	until: "2026-01-15T00:00:00+01:00",
	seed: 1,
});

export interface BenchRoute {
	readonly name: string;
	/** The request-target, as a client sends it. */
	readonly target: string;
	/** A streamed export: its XS memory is judged per chunk, not by the 200-slot goal. */
	readonly export?: boolean;
}

export const BENCH_ROUTES: readonly BenchRoute[] = Object.freeze([
	{ name: "now", target: `${PREFIX}now` },
	{ name: "capacity", target: `${PREFIX}capacity` },
	{ name: "day view", target: `${PREFIX}day?date=2026-01-14` },
	{ name: "current quarter", target: "/current/quarter" },
	{ name: "month peak", target: "/current/month/peak" },
	{ name: "day file", target: "/meter/2026/01/14/day.json" },
	{ name: "quarter file", target: "/meter/2026/01/14/1800W.json" },
	{ name: "historic days", target: "/historic/days?year=2026&month=1" },
	{ name: "historic quarters", target: "/historic/quarters?year=2026&month=1&day=14" },
	{ name: "HomeWizard data", target: "/api/v1/data" },
	{ name: "HomeWizard device", target: "/api" },
	{ name: "metrics", target: "/metrics" },
]);
