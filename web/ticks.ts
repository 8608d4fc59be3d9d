// Axis ticks of the bar chart. Pure, so jest tests it: kW steps for the power axis, and for the
// time axis instants whose Brussels wall-clock time is a whole multiple of the step (18:00,
// 18:05; on the autumn DST day 02:00 comes twice, an hour apart in real time).

import { offsetMs } from "../src/core/time/brussels";

/** Steps of the time axis, seconds: the smallest that leaves room for its labels is taken. */
const TIME_STEPS: readonly number[] = Object.freeze([60, 300, 900, 1800, 3600, 7200, 10800, 21600, 43200]);
/** Steps of the power axis, W. */
const POWER_STEPS: readonly number[] = Object.freeze([100, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000]);

/**
 * Instants (unix s) in [from, to] whose Brussels wall-clock time is a multiple of a step, the step
 * chosen so that at most `count` ticks fit. Candidates are whole minutes (local minutes are UTC
 * minutes: Brussels offsets are whole hours).
 */
export function timeTicks(from: number, to: number, count: number): number[] {
	const span = to - from;
	const step = TIME_STEPS.find((s) => span / s <= count) ?? TIME_STEPS[TIME_STEPS.length - 1];
	const ticks: number[] = [];
	for (let t = Math.ceil(from / 60) * 60; t <= to; t += 60) {
		const local = t + offsetMs(t * 1000) / 1000;
		if (local % step === 0) ticks.push(t);
	}
	return ticks;
}

/** Multiples of a power step covering [min, max] W, at most about `count` of them. */
export function powerTicks(min: number, max: number, count: number): number[] {
	const step = POWER_STEPS.find((s) => (max - min) / s <= count) ?? POWER_STEPS[POWER_STEPS.length - 1];
	const ticks: number[] = [];
	for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push(v);
	return ticks;
}

/** Every k-th of `n` category entries, k the smallest of 1, 2, 3, 5, 10 that keeps at most `count`. */
export function categoryEvery(n: number, count: number): number {
	return [1, 2, 3, 5, 10].find((k) => n / k <= count) ?? 10;
}
