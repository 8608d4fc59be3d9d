// The wait before the next attempt after `failures` failed ones in a row: doubling from
// `firstMs`, capped at `maxMs`. One rule for every retry on the device (WiFi station, SD card
// mount), so none of them hammers a broken peer and none waits longer than its cap.

export interface Backoff {
	readonly firstMs: number;
	readonly maxMs: number;
}

/** ms to wait after the `failures`-th failure in a row (1 = the first); 0 for none. */
export function backoffMs(failures: number, b: Backoff): number {
	if (!(failures >= 1)) return 0;
	// 2^30 already exceeds every cap; stop doubling before the number grows without bound
	const doubled = b.firstMs * 2 ** Math.min(failures - 1, 30);
	return doubled < b.maxMs ? doubled : b.maxMs;
}
