// The summaries on the card as files: loading one, rebuilding it from the level below when it is
// missing or does not validate (setting the bad file aside), and writing it back only when its
// text changed. Writes (writeQuarter), boot recovery and serving all go through here.

import type { FileStore } from "../ports";
import { validQuarterId } from "../quarters/quarter-id";
import type { MonthPeak } from "../quarters/records";
import { validLocal } from "../time/brussels";
import { writeAtomic } from "./atomic";
import { dayDir, dayPath, dirNumber, METER_DIR, monthDir, monthPath, parseMeterPath, yearDir, yearPath } from "./paths";
import type { RecoveryReport } from "./report";
import { setAsideReported } from "./report";
import type { Day } from "./state-files";
import { parseJson } from "./state-files";
import type { DaySummary, MonthSummary, QuarterFacts, YearSummary } from "./summaries";
import {
	dayFromJson,
	mergeDay,
	mergeMeterPeak,
	mergeMonth,
	mergeQuarter,
	monthFromJson,
	newDay,
	newMonth,
	newYear,
	peaksOfYear,
	quarterFromJson,
	yearFromJson,
} from "./summaries";

/** A summary as loaded: `text` is the file's text when it was valid (so an unchanged summary is not rewritten). */
export interface Loaded<T> {
	value: T;
	text: string | undefined;
}

export type AnySummary = DaySummary | MonthSummary | YearSummary;

export const KIND_QUARTER = "quarter";

export class SummaryFiles {
	#sd: FileStore;
	#peaks: () => readonly MonthPeak[] | undefined;

	/** `peaks`: the month peaks known so far, for the meter's peak in month summaries. */
	constructor(sd: FileStore, peaks: () => readonly MonthPeak[] | undefined) {
		this.#sd = sd;
		this.#peaks = peaks;
	}

	/** Writes a summary when its text changed; an empty summary that never existed is not created. */
	put(path: string, loaded: Loaded<AnySummary>, r: RecoveryReport): void {
		const text = JSON.stringify(loaded.value);
		if (text === loaded.text) return;
		if (loaded.text === undefined && entries(loaded.value) === 0) return;
		writeAtomic(this.#sd, path, text);
		loaded.text = text;
		if (r.rebuilt.indexOf(path) < 0) r.rebuilt.push(path);
	}

	loadDay(year: number, month: number, day: number, r: RecoveryReport): Loaded<DaySummary> {
		const path = dayPath(year, month, day);
		const text = this.#sd.read(path);
		if (text !== undefined) {
			const value = dayFromJson(parseJson(text), year, month, day);
			if (value) return { value, text };
			setAsideReported(this.#sd, path, "day summary does not validate", r);
		}
		return { value: this.#rebuildDay(year, month, day, r), text: undefined };
	}

	/** A day from its quarter files, setting corrupt ones aside. */
	#rebuildDay(year: number, month: number, day: number, r: RecoveryReport): DaySummary {
		const d = newDay(year, month, day);
		this.eachQuarterFile(year, month, day, r, (q) => {
			mergeQuarter(d, q);
		});
		return d;
	}

	/** Every valid quarter file of a day, in name order; the others are set aside. */
	eachQuarterFile(
		year: number,
		month: number,
		day: number,
		r: RecoveryReport,
		onQuarter: (q: QuarterFacts) => void,
	): void {
		const sd = this.#sd;
		const dir = dayDir(year, month, day);
		const names = sd.list(dir).sort();
		for (let i = 0; i < names.length; i++) {
			const path = dir + names[i];
			const p = parseMeterPath(path);
			if (!p || p.kind !== KIND_QUARTER || !validQuarterId(p.quarterId)) continue; // not ours (or an original file with a wrong S/W flag)
			const q = quarterFromJson(parseJson(sd.read(path)), p.quarterId);
			if (q) onQuarter(q);
			else setAsideReported(sd, path, "quarter file does not validate", r);
		}
	}

	/** `deep`: rebuild missing or corrupt day summaries from their quarter files while rebuilding the month. */
	loadMonth(year: number, month: number, r: RecoveryReport, deep: boolean): Loaded<MonthSummary> {
		const sd = this.#sd;
		const path = monthPath(year, month);
		const text = sd.read(path);
		if (text !== undefined) {
			const value = monthFromJson(parseJson(text), year, month);
			if (value) return { value, text };
			setAsideReported(sd, path, "month summary does not validate", r);
		}
		const m = newMonth(year, month);
		const names = sd.list(monthDir(year, month)).sort();
		for (let i = 0; i < names.length; i++) {
			const day = names[i].length === 3 ? dirNumber(names[i]) : -1;
			if (day < 1 || !validLocal(year, month, day, 0, 0, 0)) continue;
			let d = dayFromJson(parseJson(sd.read(dayPath(year, month, day))), year, month, day);
			if (!d && deep) {
				const loaded = this.loadDay(year, month, day, r);
				this.put(dayPath(year, month, day), loaded, r);
				d = loaded.value;
			}
			if (d && d.quarter_id.length > 0) mergeDay(m, d);
		}
		mergeMeterPeak(m, this.#peaks());
		return { value: m, text: undefined };
	}

	/**
	 * Month summaries (and their year's month column) whose meter peak differs from `peaks`,
	 * rewritten: the meter's figure for a month can change after its last quarter was stored
	 * (the peak its last quarter set, a 98.1.0 entry). `before`: the peaks the summaries were
	 * written with; only months whose meter figure differs from those are looked at. Returns the
	 * months ("YYYY-MM") whose summary changed.
	 */
	refreshMeterPeaks(
		peaks: readonly MonthPeak[],
		before: readonly MonthPeak[] | undefined,
		r: RecoveryReport,
	): string[] {
		const rewritten: string[] = [];
		for (let i = 0; i < peaks.length; i++) {
			const p = peaks[i];
			if (p.meter_w === null || sameMeterPeak(before, p)) continue;
			const year = +p.month.slice(0, 4),
				month = +p.month.slice(5, 7);
			const m = this.loadMonth(year, month, r, false);
			if (m.value.day.length === 0) continue; // nothing stored of that month: no summary to correct
			const text = m.text;
			mergeMeterPeak(m.value, peaks);
			this.put(monthPath(year, month), m, r);
			const y = this.loadYear(year, r);
			mergeMonth(y.value, m.value);
			this.put(yearPath(year), y, r);
			if (m.text !== text) rewritten.push(p.month);
		}
		return rewritten;
	}

	loadYear(year: number, r: RecoveryReport): Loaded<YearSummary> {
		const sd = this.#sd;
		const path = yearPath(year);
		const text = sd.read(path);
		if (text !== undefined) {
			const value = yearFromJson(parseJson(text), year);
			if (value) return { value, text };
			setAsideReported(sd, path, "year summary does not validate", r);
		}
		const y = newYear(year);
		const names = sd.list(yearDir(year)).sort();
		for (let i = 0; i < names.length; i++) {
			const month = names[i].length === 3 ? dirNumber(names[i]) : -1;
			if (month < 1 || month > 12) continue;
			const loaded = this.loadMonth(year, month, r, false);
			this.put(monthPath(year, month), loaded, r);
			if (loaded.value.day.length > 0) mergeMonth(y, loaded.value);
		}
		return { value: y, text: undefined };
	}

	/** The newest day directory on the card (three listings), for when flash forgot the last day. */
	latestDay(): Day | undefined {
		const sd = this.#sd;
		const year = maxDir(sd.list(METER_DIR), 4, 2000, 2255);
		if (year < 0) return undefined;
		const month = maxDir(sd.list(yearDir(year)), 2, 1, 12);
		if (month < 0) return undefined;
		const day = maxDir(sd.list(monthDir(year, month)), 2, 1, 31);
		if (day < 0 || !validLocal(year, month, day, 0, 0, 0)) return undefined;
		return { year, month, day };
	}

	/** Last resort for the month peaks: those of the two newest year summaries, at most the last 13 months. */
	peaksFromCard(): MonthPeak[] {
		const sd = this.#sd;
		const years: number[] = [];
		const names = sd.list(METER_DIR);
		for (let i = 0; i < names.length; i++) {
			const y = names[i].length === 5 ? dirNumber(names[i]) : -1;
			if (y >= 2000 && y <= 2255) years.push(y);
		}
		years.sort((a, b) => a - b);
		const peaks: MonthPeak[] = [];
		for (let i = Math.max(0, years.length - 2); i < years.length; i++) {
			const y = yearFromJson(parseJson(sd.read(yearPath(years[i]))), years[i]);
			if (y) peaksOfYear(y, peaks);
		}
		return peaks.length > 13 ? peaks.slice(peaks.length - 13) : peaks;
	}
}

Object.freeze(SummaryFiles.prototype);

function entries(v: AnySummary): number {
	if ("quarter_id" in v) return v.quarter_id.length;
	if ("day" in v) return v.day.length;
	return v.month.length;
}

function maxDir(names: readonly string[], width: number, lo: number, hi: number): number {
	let best = -1;
	for (let i = 0; i < names.length; i++) {
		if (names[i].length !== width + 1) continue;
		const v = dirNumber(names[i]);
		if (v >= lo && v <= hi && v > best) best = v;
	}
	return best;
}

/** True when `peaks` holds the same meter figure for p's month. */
function sameMeterPeak(peaks: readonly MonthPeak[] | undefined, p: MonthPeak): boolean {
	if (peaks)
		for (let i = 0; i < peaks.length; i++) {
			const q = peaks[i];
			if (q.month === p.month) return q.meter_w === p.meter_w && q.meter_time === p.meter_time;
		}
	return false;
}
