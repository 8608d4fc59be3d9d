// Requests/s and latency of API routes on the running PC host, one route at a time, with
// autocannon's programmatic API (keep-alive connections, one request in flight on each).
// Latency percentiles are computed here from every response's own time (autocannon's 'response'
// event, in fractional ms): its histogram keeps whole milliseconds, too coarse for a 5 ms goal.

import autocannon, { type Result } from "autocannon";
import { get } from "../../test/e2e/host";
import type { ServingHost } from "./api-host";
import type { BenchRoute } from "./api-routes";

export interface HttpFigures {
	route: BenchRoute;
	/** Status of a single probe request; the route is only loaded when it is 200. */
	status: number;
	perSecond: number;
	p50: number;
	p99: number;
	requests: number;
	errors: number;
	non2xx: number;
}

/** The q-quantile (0..1) of `values` by the nearest rank. */
export function quantile(values: Float64Array, q: number): number {
	if (values.length === 0) return NaN;
	const sorted = values.slice().sort();
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export interface LoadOptions {
	connections: number;
	seconds: number;
	/** Paths cycled through by every connection, in order. */
	paths: string[];
}

export interface LoadResult {
	result: Result;
	/** Every response's time, ms. */
	latencies: Float64Array;
}

/** One autocannon run against the host. */
export async function load(host: ServingHost, options: LoadOptions): Promise<LoadResult> {
	let times = new Float64Array(1 << 16);
	let n = 0;
	const instance = autocannon({
		url: host.base,
		connections: options.connections,
		duration: options.seconds,
		headers: { authorization: host.auth },
		requests: options.paths.map((path) => ({ path })),
		timeout: 10,
	});
	instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
		if (n === times.length) {
			const grown = new Float64Array(times.length * 2);
			grown.set(times);
			times = grown;
		}
		times[n++] = ms;
	});
	const result = await instance;
	return { result, latencies: times.subarray(0, n) };
}

/**
 * Each route for `seconds` at `connections`, after a probe that it answers 200 and one second of
 * warm-up over all of them (the host's JIT compiles the request path once, not inside the first row).
 */
export async function measureRoutes(
	host: ServingHost,
	routes: readonly BenchRoute[],
	connections: number,
	seconds: number,
): Promise<HttpFigures[]> {
	const rows: HttpFigures[] = [];
	for (const route of routes) {
		const { status } = await get(host.base + route.target, host.auth);
		rows.push({ route, status, perSecond: NaN, p50: NaN, p99: NaN, requests: 0, errors: 0, non2xx: 0 });
	}
	const served = rows.filter((row) => row.status === 200);
	if (served.length > 0) await load(host, { connections, seconds: 1, paths: served.map((row) => row.route.target) });
	for (const row of served) {
		const { result, latencies } = await load(host, { connections, seconds, paths: [row.route.target] });
		row.requests = result.requests.total;
		row.perSecond = result.requests.total / result.duration;
		row.p50 = quantile(latencies, 0.5);
		row.p99 = quantile(latencies, 0.99);
		row.errors = result.errors + result.timeouts;
		row.non2xx = result.non2xx;
	}
	return rows;
}
