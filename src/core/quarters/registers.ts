// Which register reading stands for a quarter bound, and when two readings of a register cannot
// belong to one continuous meter (register reset, meter swap, clock set back).

/** A bound is "known" when a telegram lies within one slot of it (records.ts: `complete`). */
export const BOUND_TOLERANCE_MS = 5000;
/** No household connection draws this much; a faster register rise means a discontinuity. */
export const MAX_PLAUSIBLE_W = 150000;

/** True unless the register went backwards or rose faster than any connection can draw. NaN on either side proves nothing. */
export function registerContinuous(prevT: number, prevWh: number, t: number, wh: number): boolean {
	if (prevWh !== prevWh || wh !== wh || prevT !== prevT) return true;
	const d = wh - prevWh;
	return d >= 0 && d <= (MAX_PLAUSIBLE_W * (t - prevT)) / 3600000 + 2; // +2 Wh: register rounding on both sides
}

/** Which reading boundSide() chose: the one before the boundary, the one at or after it, or neither. */
export const BEFORE = -1;
export const AFTER = 1;
export const NEITHER = 0;

/**
 * Which reading stands for a boundary between a reading `dBefore` ms before it and one `dAfter`
 * ms at or after it: the exact one (dAfter = 0) or the nearer within the tolerance, the earlier
 * on a tie; NEITHER when neither is close enough. The side, not the value, so that every register
 * of a bound (the sums and each tariff's) comes from the same telegram.
 */
export function boundSide(dBefore: number, before: number, dAfter: number, after: number): number {
	const beforeOk = before === before && dBefore <= BOUND_TOLERANCE_MS;
	const afterOk = after === after && dAfter <= BOUND_TOLERANCE_MS;
	if (beforeOk && (!afterOk || dBefore <= dAfter)) return BEFORE;
	return afterOk ? AFTER : NEITHER;
}

/** `before` or `after` as `side` says; NaN for NEITHER. */
export function sideValue(side: number, before: number, after: number): number {
	return side === BEFORE ? before : side === AFTER ? after : NaN;
}
