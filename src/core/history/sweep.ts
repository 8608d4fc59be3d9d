// Leftovers of failed writes anywhere on the card. Boot recovery looks only at the last day
// written: a card with years of data holds some 35,000 files, far too many to list at each boot.
// Temporaries left elsewhere (a full card leaves one per refused write, in whatever day it was)
// are finished or dropped by a sweep that takes one small step with every quarter written: a few
// directories, walking back a month at a time from the current month to January of the oldest
// year on the card, then starting over. Where a step looks follows from the quarter's time, not
// from a cursor: nothing is saved in flash, and reboots neither restart nor stall a pass.

import type { FileStore } from "../ports";
import { idMonth, idYear, quarterIndex, quarterStartUtc } from "../quarters/quarter-id";
import { monthIndex } from "../time/keys";
import { dirNumber, METER_DIR, monthDir, yearDir } from "./paths";
import { finishTmps, finishTmpsIn } from "./recovery";
import type { RecoveryReport } from "./report";

/** Day directories listed per quarter: with the month's own listing, the root's and January's year, at most 8 listings. */
export const SWEEP_DAYS_PER_QUARTER = 5;
/** Quarters spent on one month (31 days, 5 a quarter): a pass over 3 years of data takes 37 x 7 quarters, under 3 days. */
export const SWEEP_QUARTERS_PER_MONTH = Math.ceil(31 / SWEEP_DAYS_PER_QUARTER);

/**
 * One step of the sweep, for the quarter `quarterId` just written; what it finishes or drops goes
 * into `r`. Store errors propagate (the caller logs them; the next step goes on elsewhere).
 */
export function sweepStep(sd: FileStore, quarterId: number, r: RecoveryReport): void {
	const k = quarterIndex(quarterStartUtc(quarterId));
	if (k !== k) return;
	const slot = Math.floor(k / SWEEP_QUARTERS_PER_MONTH);
	const part = k - slot * SWEEP_QUARTERS_PER_MONTH;
	const oldest = oldestYear(sd.list(METER_DIR));
	if (oldest < 0) return;
	const current = monthIndex(idYear(quarterId), idMonth(quarterId));
	const span = current - monthIndex(oldest, 1) + 1;
	if (span < 1) return;
	const target = current - (slot % span);
	const year = Math.floor(target / 12),
		month = (target % 12) + 1;
	const dir = monthDir(year, month);
	const names = sd.list(dir);
	if (part === 0) {
		finishTmpsIn(sd, dir, names, r);
		if (month === 1) finishTmps(sd, yearDir(year), r);
	}
	const days = dayDirs(names);
	const end = Math.min(days.length, (part + 1) * SWEEP_DAYS_PER_QUARTER);
	for (let i = part * SWEEP_DAYS_PER_QUARTER; i < end; i++) finishTmps(sd, dir + days[i], r);
}

function oldestYear(names: readonly string[]): number {
	let oldest = -1;
	for (let i = 0; i < names.length; i++) {
		const y = names[i].length === 5 ? dirNumber(names[i]) : -1;
		if (y >= 2000 && y <= 2255 && (oldest < 0 || y < oldest)) oldest = y;
	}
	return oldest;
}

/** The day directories ("07/") of a month's listing, in day order. */
function dayDirs(names: readonly string[]): string[] {
	const days: string[] = [];
	for (let i = 0; i < names.length; i++) {
		const d = names[i].length === 3 ? dirNumber(names[i]) : -1;
		if (d >= 1 && d <= 31) days.push(names[i]);
	}
	return days.sort();
}
