// What a restart may believe of the stored state when the meter's clock disagrees with it.
// Before the clock guard existed, one telegram from the future could leave a checkpoint and
// month peaks in the future; the meter's confirmed time then decides:
// - a checkpoint whose quarter starts more than SLACK_MS after the meter's time is not resumed
//   (the monitor sets it aside and starts from the meter): resuming it would close a quarter in
//   the future and skip every real quarter until that time came;
// - a month peak of a month after the meter's month cannot be real: it is dropped, otherwise it
//   would block that month's true peak when the month comes (a peak only rises) and, more than
//   15 months ahead, push every real month out of the month ring.

import { QUARTER_MS } from "../quarters/quarter-id";
import type { MonthPeak } from "../quarters/records";
import { monthKeyOfIndex } from "./keys";

/** How far before the checkpoint's quarter the meter may be and the checkpoint still be resumed: the engine's own clock-set-back margin. */
export const SLACK_MS = 60000;

/** Meter times below this make the checkpoint whose last telegram was at `lastTime` untrusted (-Infinity when it has none). */
export function checkpointFloor(lastTime: number): number {
	return lastTime === lastTime ? Math.floor(lastTime / QUARTER_MS) * QUARTER_MS - SLACK_MS : -Infinity;
}

/** The peaks of months up to `monthKey` (year * 12 + month - 1). */
export function peaksUpTo(peaks: readonly MonthPeak[], monthKey: number): MonthPeak[] {
	const last = monthKeyOfIndex(monthKey);
	return peaks.filter((p) => p.month <= last);
}

/** Months of `peaks` after `monthKey`, "YYYY-MM". */
export function monthsAfter(peaks: readonly MonthPeak[], monthKey: number): string[] {
	const last = monthKeyOfIndex(monthKey);
	const out: string[] = [];
	for (let i = 0; i < peaks.length; i++) if (peaks[i].month > last) out.push(peaks[i].month);
	return out;
}

/**
 * The engine's checkpoint without the months after `monthKey`. Its `months` is MonthPeaks.toJSON():
 * named columns with the month keys in `key` (format 2), or rows whose first number is the month
 * key (format 1, still read).
 */
export function checkpointUpTo(cp: object, monthKey: number): object {
	const months = (cp as { months?: unknown }).months;
	if (Array.isArray(months))
		return {
			...cp,
			months: months.filter((row) => !(Array.isArray(row) && typeof row[0] === "number" && row[0] > monthKey)),
		};
	if (typeof months !== "object" || months === null) return cp;
	const columns = months as Record<string, unknown>;
	const keys = columns.key;
	if (!Array.isArray(keys)) return cp;
	const kept: Record<string, unknown[]> = {};
	for (const name in columns) {
		const column = columns[name];
		if (Array.isArray(column))
			kept[name] = column.filter((_, i) => !(typeof keys[i] === "number" && keys[i] > monthKey));
	}
	return { ...cp, months: kept };
}
