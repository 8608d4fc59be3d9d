// The months a simulated meter "lived" before the simulation starts: believable peak quarters
// for its 0-0:98.1.0 history and for the part of the running month already gone, so a fresh
// simulation looks like a meter that has been on the wall for years.

import { localToUtc, newLocalTime, utcToLocal } from "../core/time/brussels";
import type { ResolvedHousehold } from "./plan";
import type { Rng } from "./random";
import { winterness } from "./weather";

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { floor, max, round } = Math;

const QUARTER = 900000;
const WEEK_QUARTERS = 96 * 7;

export interface PeakEntry {
	/** UTC ms of 00:00 local on the 1st of the following month (the meter's period stamp). */
	period: number;
	/** UTC ms of the peak quarter's end, NaN when the month has none. */
	time: number;
	w: number;
}

export interface PastPeaks {
	/** Oldest first, `months` entries. */
	history: PeakEntry[];
	/** This month's peak so far, undefined when no quarter of it has closed yet. */
	current: PeakEntry | undefined;
}

/** Peaks for the `months` months before the one `s0 - 1 ms` falls in, and for that month up to `s0`. */
export function pastPeaks(s0: number, months: number, house: ResolvedHousehold, rng: Rng): PastPeaks {
	const evKw = house.ev === "3phase" ? 11 : house.ev === "1phase" ? 7.4 : 0;
	const lt = newLocalTime();
	const starts: number[] = [];
	utcToLocal(s0 - 1, lt);
	let y = lt.year;
	let m = lt.month;
	for (let k = 0; k <= months; k++) {
		starts.unshift(localToUtc(y, m, 1, 0, 0, 0));
		m--;
		if (m === 0) {
			m = 12;
			y--;
		}
	}
	const peakFor = (from: number, to: number): PeakEntry => {
		const quarters = floor((to - from) / QUARTER);
		const w = winterness(from + (to - from) / 2);
		let kw = 3 + 1.6 * w + rng.range(-0.6, 1.2) + (evKw > 0 && rng.chance(0.85) ? evKw * rng.range(0.75, 0.95) : 0);
		if (quarters < WEEK_QUARTERS) kw *= 0.45 + (0.55 * quarters) / WEEK_QUARTERS; // a month barely started has not peaked yet
		// Peaks happen at dinner, when the car starts on the night tariff, or at a weekend lunch.
		const r = rng.next();
		const targetH =
			r < 0.6 ? rng.range(17.25, 20.5) : r < 0.85 && evKw > 0 ? rng.range(22.25, 23.5) : rng.range(11.75, 13.25);
		let end = from + rng.int(1, max(1, quarters)) * QUARTER;
		utcToLocal(end, lt);
		const shift = round((targetH - lt.hour - lt.minute / 60) * 4) * QUARTER;
		if (end + shift > from && end + shift <= to) end += shift;
		return { period: to, time: end, w: round(kw * 1000) };
	};
	const history: PeakEntry[] = [];
	for (let k = 0; k < months; k++) history.push(peakFor(starts[k], starts[k + 1]));
	const monthStart = starts[months];
	const closed = floor((s0 - monthStart) / QUARTER);
	return { history, current: closed >= 1 ? peakFor(monthStart, monthStart + closed * QUARTER) : undefined };
}
