// Boot recovery, bounded to the files history relies on: completes or drops interrupted writes,
// validates the checkpoint, the peaks, and the quarter files and summaries of the last day
// written (and of today, given the clock), sets corrupt files aside and rebuilds what they held.
// Never throws: every part runs in its own step, so a bad card can never cause a boot loop.

import type { FileStore } from "../ports";
import { utcToLocal, validLocal } from "../time/brussels";
import { dateKey } from "../time/keys";
import { targetOfTmp } from "./atomic";
import { dayDir, dayPath, monthDir, monthPath, parseMeterPath, yearDir, yearPath } from "./paths";
import type { PeakCopies, SlotCopy } from "./peak-copies";
import type { RecoveryReport } from "./report";
import { finishReported, newReport, note, setAsideReported, step } from "./report";
import type { Day } from "./state-files";
import {
	CHECKPOINT_PATH,
	checkpointFromText,
	LAST_DAY_PATH,
	lastDayFromText,
	PEAKS_PATHS,
	parseJson,
	peaksFromText,
} from "./state-files";
import type { DaySummary, MonthSummary } from "./summaries";
import {
	dayFromJson,
	mergeDay,
	mergeMeterPeak,
	mergeMonth,
	mergeQuarter,
	monthFromJson,
	quarterFromJson,
	yearFromJson,
} from "./summaries";
import type { Loaded, SummaryFiles } from "./summary-files";
import { KIND_QUARTER } from "./summary-files";

/** What recovery works on: the two stores and History's views of them. */
export interface RecoveryParts {
	sd: FileStore;
	state: FileStore;
	files: SummaryFiles;
	peaks: PeakCopies;
}

export interface Recovered {
	report: RecoveryReport;
	/** The last day written, as found (undefined when there is none). */
	lastDay: Day | undefined;
	/** False when reading it failed: the next write reads the note in flash again. */
	lastDayKnown: boolean;
}

export function recover(parts: RecoveryParts, nowUtcMs?: number): Recovered {
	const r = newReport();
	const state = parts.state;
	let lastDay: Day | undefined;
	let lastDayKnown = false;
	step(r, "state", () => {
		finishReported(state, LAST_DAY_PATH, (t) => lastDayFromText(t) !== undefined, r);
		finishReported(state, CHECKPOINT_PATH, (t) => checkpointFromText(t) !== undefined, r);
		for (let i = 0; i < PEAKS_PATHS.length; i++)
			finishReported(state, PEAKS_PATHS[i], (t) => peaksFromText(t) !== undefined, r);
	});
	step(r, "checkpoint", () => {
		const text = state.read(CHECKPOINT_PATH);
		if (text === undefined) r.checkpoint = "missing";
		else if (checkpointFromText(text)) r.checkpoint = "ok";
		else {
			setAsideReported(state, CHECKPOINT_PATH, "checkpoint does not validate", r);
			r.checkpoint = "set-aside";
		}
	});
	// peaks from flash first: the month summaries take the meter's peak from them
	let best: SlotCopy | undefined;
	step(r, "peaks", () => {
		best = parts.peaks.load(r);
	});
	step(r, "last day", () => {
		lastDay = lastDayOf(parts, r);
		lastDayKnown = true;
	});
	const days = daysToCheck(lastDay, nowUtcMs);
	if (days.length > 0) r.day = dateKey(days[0].year, days[0].month, days[0].day);
	for (let i = 0; i < days.length; i++) {
		const { year, month, day } = days[i];
		let d: DaySummary | undefined;
		let m: MonthSummary | undefined;
		step(r, "day", () => {
			d = recoverDay(parts, year, month, day, r);
		});
		step(r, "month", () => {
			m = recoverMonth(parts, year, month, d, r);
		});
		step(r, "year", () => {
			recoverYear(parts, year, m, r);
		});
	}
	if (best) {
		// summaries written before a month's final meter peak was known (older firmware: a quarter late)
		step(r, "meter peaks", () => {
			const months = parts.files.refreshMeterPeaks(parts.peaks.known() ?? [], undefined, r);
			for (let i = 0; i < months.length; i++) note(r, "meter peak of " + months[i] + " corrected in its summaries");
		});
	}
	step(r, "peaks", () => {
		parts.peaks.repair(best, r);
	});
	return { report: r, lastDay, lastDayKnown };
}

/** The last day noted in flash, else the newest day directory on the card; a bad note is set aside. */
function lastDayOf(parts: RecoveryParts, r: RecoveryReport): Day | undefined {
	const text = parts.state.read(LAST_DAY_PATH);
	let last = lastDayFromText(text);
	if (last && !validLocal(last.year, last.month, last.day, 0, 0, 0)) last = undefined;
	if (text !== undefined && last === undefined)
		setAsideReported(parts.state, LAST_DAY_PATH, "last day does not validate", r);
	return last ?? parts.files.latestDay();
}

/** The last day written, and today when the clock knows it and it is another day. */
function daysToCheck(last: Day | undefined, nowUtcMs: number | undefined): Day[] {
	const days: Day[] = [];
	if (last) days.push(last);
	if (nowUtcMs !== undefined && Number.isFinite(nowUtcMs)) {
		const t = utcToLocal(nowUtcMs);
		if (!last || last.year !== t.year || last.month !== t.month || last.day !== t.day)
			days.push({ year: t.year, month: t.month, day: t.day });
	}
	return days;
}

/** Completes or drops the interrupted writes of history files in `dir`; temporaries of other names are left alone. */
export function finishTmps(sd: FileStore, dir: string, r: RecoveryReport): void {
	finishTmpsIn(sd, dir, sd.list(dir), r);
}

/** finishTmps() given the listing of `dir`. */
export function finishTmpsIn(sd: FileStore, dir: string, names: readonly string[], r: RecoveryReport): void {
	for (let i = 0; i < names.length; i++) {
		const target = targetOfTmp(names[i]);
		if (target === undefined) continue;
		const path = dir + target;
		const p = parseMeterPath(path);
		if (!p) continue; // not a name of ours: leave it alone
		finishReported(
			sd,
			path,
			(t) => {
				const v = parseJson(t);
				if (p.kind === KIND_QUARTER) return quarterFromJson(v, p.quarterId) !== undefined;
				if (p.kind === "day") return dayFromJson(v, p.year, p.month, p.day) !== undefined;
				if (p.kind === "month") return monthFromJson(v, p.year, p.month) !== undefined;
				return yearFromJson(v, p.year) !== undefined;
			},
			r,
		);
	}
}

function recoverDay(parts: RecoveryParts, year: number, month: number, day: number, r: RecoveryReport): DaySummary {
	const { sd, files } = parts;
	finishTmps(sd, dayDir(year, month, day), r);
	const path = dayPath(year, month, day);
	const text = sd.read(path);
	let d: Loaded<DaySummary>;
	const value = text === undefined ? undefined : dayFromJson(parseJson(text), year, month, day);
	if (value) {
		d = { value, text };
		// a cut between the quarter file and its day summary leaves the quarter out: merge them all
		files.eachQuarterFile(year, month, day, r, (q) => {
			mergeQuarter(value, q);
		});
	} else d = files.loadDay(year, month, day, r);
	files.put(path, d, r);
	return d.value;
}

function recoverMonth(
	parts: RecoveryParts,
	year: number,
	month: number,
	d: DaySummary | undefined,
	r: RecoveryReport,
): MonthSummary {
	const { sd, files } = parts;
	finishTmps(sd, monthDir(year, month), r);
	const m = files.loadMonth(year, month, r, true);
	if (d && d.quarter_id.length > 0) mergeDay(m.value, d);
	mergeMeterPeak(m.value, parts.peaks.known());
	files.put(monthPath(year, month), m, r);
	return m.value;
}

function recoverYear(parts: RecoveryParts, year: number, m: MonthSummary | undefined, r: RecoveryReport): void {
	const { sd, files } = parts;
	finishTmps(sd, yearDir(year), r);
	const y = files.loadYear(year, r);
	if (m && m.day.length > 0) mergeMonth(y.value, m);
	files.put(yearPath(year), y, r);
}
