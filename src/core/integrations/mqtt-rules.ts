// When to publish and when to try the broker again: pure rules, the same for every host.

/** First wait after a lost or refused connection, and the longest, ms. */
export const RECONNECT_MIN_MS = 1000;
export const RECONNECT_MAX_MS = 300000;

/**
 * Wait before connection attempt number `failures` + 1 after `failures` failed ones in a row:
 * doubling from 1 s up to 5 min, of which a random half (`random` in [0, 1)) is taken off so that
 * monitors that lost the same broker do not all come back in the same second.
 */
export function reconnectDelayMs(failures: number, random: number): number {
	const n = failures > 0 ? failures - 1 : 0;
	const full = n >= 20 ? RECONNECT_MAX_MS : Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** n);
	const r = random >= 0 && random < 1 ? random : 0;
	return Math.round(full / 2 + (full / 2) * r);
}

/**
 * Whether the state topics are due at `nowMs` (the host's monotonic clock): at the first chance,
 * every `intervalMs` after the last publication, and at once when something happened that a
 * subscriber must see without waiting (a quarter closed, the peak warning started or ended).
 */
export function publishDue(nowMs: number, lastMs: number, intervalMs: number, event: boolean): boolean {
	return event || lastMs !== lastMs || nowMs - lastMs >= intervalMs || nowMs < lastMs;
}
