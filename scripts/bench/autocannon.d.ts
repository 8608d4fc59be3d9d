// Just enough typing for autocannon's programmatic API as the API bench and the load test use it.

declare module "autocannon" {
	import type { EventEmitter } from "node:events";

	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		headers?: Record<string, string>;
		requests?: { path: string }[];
		timeout?: number;
	}
	interface Histogram {
		average: number;
		p50: number;
		p99: number;
		max: number;
	}
	export interface Result {
		requests: Histogram & { total: number };
		latency: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		mismatches: number;
		duration: number;
		statusCodeStats: Record<string, { count: number }>;
	}
	interface Instance extends EventEmitter, PromiseLike<Result> {
		stop(): void;
	}
	export default function autocannon(options: Options): Instance;
}
