// History on two stores: `sd` holds /meter (quarter files and summaries, FAT on the device),
// `state` holds what must survive anything (LittleFS flash on the device): the open quarter's
// checkpoint, two copies of the month peaks, and the last day written, which bounds the work
// recover() does at boot. Every file is replaced atomically (atomic.ts); a file that does not
// validate is renamed aside, never deleted, and a summary is rebuilt from the level below.
// Nothing here throws on bad data; store failures propagate from writes (the caller logs them)
// and are caught and reported by recover(), so a bad card can never cause a boot loop.

import type { FileStore, Log } from "../ports";
import type { MonthPeak, QuarterRecord } from "../quarters/records";
import { utcToLocal, validLocal } from "../time/brussels";
import { finishAtomic, setAside, targetOfTmp, writeAtomic } from "./atomic";
import {
	dayDir, dayPath, METER_DIR, monthDir, monthPath, parseMeterPath, quarterPath, yearDir, yearPath,
} from "./paths";
import { idDay, idMonth, idYear, validQuarterId } from "../quarters/quarter-id";
import type { Day, PeaksCopy } from "./state-files";
import {
	CHECKPOINT_PATH, checkpointFromText, checkpointText, LAST_DAY_PATH, lastDayFromText, lastDayText, parseJson, peaksFromText, peaksOk, peaksText, PEAKS_PATHS,
} from "./state-files";
import type { DaySummary, MonthSummary, QuarterFacts, YearSummary } from "./summaries";
import {
	dayFromJson, mergeDay, mergeMeterPeak, mergeMonth, mergeQuarter, monthFromJson, newDay, newMonth, newYear, peaksOfYear, quarterFromJson, quarterText, yearFromJson,
} from "./summaries";

export interface HistoryOptions {
	/** /meter history (the SD card). */
	sd: FileStore;
	/** Checkpoint, month peaks, last day written (flash). */
	state: FileStore;
	/** Told about files set aside outside recover(). */
	log?: Log;
}

export interface SetAside {
	/** The corrupt file as it was named. */
	path: string;
	/** Where it is now. */
	to: string;
	reason: string;
}

export interface RecoveryReport {
	/** The day whose files were checked ("YYYY-MM-DD"), null when there was none. */
	day: string | null;
	/** Interrupted atomic writes completed (target paths). */
	finished: string[];
	/** Torn temporaries removed (their targets were intact). */
	discarded: string[];
	/** Corrupt files renamed out of the way. */
	setAside: SetAside[];
	/** Summaries (re)written from their sources. */
	rebuilt: string[];
	checkpoint: "ok" | "missing" | "set-aside";
	/** "repaired": one copy was bad or missing and was rewritten from the other; "rebuilt": from the SD card. */
	peaks: "ok" | "repaired" | "rebuilt" | "missing";
	/** Store failures caught so that boot goes on. */
	errors: string[];
	/** Everything above as lines, in the order it happened, for the log. */
	actions: string[];
}

function newReport(): RecoveryReport {
	return { day: null, finished: [], discarded: [], setAside: [], rebuilt: [], checkpoint: "missing", peaks: "missing", errors: [], actions: [] };
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** A summary as loaded: `text` is the file's text when it was valid (so an unchanged summary is not rewritten). */
interface Loaded<T> {
	value: T;
	text: string | undefined;
}

const KIND_QUARTER = "quarter";

export class History {
	#sd: FileStore;
	#state: FileStore;
	#log: Log | undefined;
	#lastDay: Day | undefined;
	#lastDayKnown = false;
	#peaks: MonthPeak[] | undefined;
	#peaksJson = "";
	#peakSeq = -1;
	#peakSlot = -1;

	constructor(options: HistoryOptions) {
		this.#sd = options.sd;
		this.#state = options.state;
		this.#log = options.log;
	}

	// ------------------------------------------------------------ writing

	/** Stores a closed quarter and folds it into its day, month and year summaries. Idempotent. */
	writeQuarter(record: QuarterRecord): void {
		const id = record.quarter_id;
		if (!validQuarterId(id)) throw new RangeError("bad quarter");
		const year = idYear(id), month = idMonth(id), day = idDay(id);
		this.#noteDay(year, month, day);
		const sd = this.#sd;
		const path = quarterPath(id);
		const text = quarterText(record);
		if (sd.read(path) !== text) writeAtomic(sd, path, text);
		const report = newReport();
		const d = this.#loadDay(year, month, day, report);
		mergeQuarter(d.value, record);
		this.#put(dayPath(year, month, day), d, report);
		const m = this.#loadMonth(year, month, report, true);
		mergeMeterPeak(mergeDay(m.value, d.value), this.#peaksForSummaries());
		this.#put(monthPath(year, month), m, report);
		const y = this.#loadYear(year, report);
		mergeMonth(y.value, m.value);
		this.#put(yearPath(year), y, report);
		const log = this.#log;
		if (log) for (let i = 0; i < report.actions.length; i++) log.warn(report.actions[i]);
	}

	/** Saves the open quarter's state (an opaque JSON-able value) in flash. */
	writeCheckpoint(data: unknown): void {
		writeAtomic(this.#state, CHECKPOINT_PATH, checkpointText(data));
	}

	/** The last checkpoint written, undefined when there is none or it does not validate. */
	readCheckpoint(): unknown {
		return checkpointFromText(this.#state.read(CHECKPOINT_PATH))?.data;
	}

	/**
	 * Saves the month peaks. Two copies take turns, each written atomically and numbered, so even
	 * a copy destroyed at rest leaves the other; the SD summaries are the last resort.
	 */
	writePeaks(peaks: readonly MonthPeak[]): void {
		if (!peaksOk(peaks)) throw new TypeError("bad peaks");
		if (this.#peaks === undefined) this.readPeaks();
		const json = JSON.stringify(peaks);
		if (json === this.#peaksJson && this.#peakSlot >= 0) return;
		const seq = this.#peakSeq + 1;
		const slot = this.#peakSlot === 0 ? 1 : 0;
		writeAtomic(this.#state, PEAKS_PATHS[slot], peaksText(seq, peaks));
		this.#usePeaks(JSON.parse(json) as MonthPeak[], json, seq, slot);
	}

	/** The month peaks: the newer valid copy in flash, else rebuilt from the year summaries on the card ([] when nothing is known). */
	readPeaks(): MonthPeak[] {
		if (this.#peaks === undefined) {
			const best = this.#newestPeaks(undefined);
			if (best) this.#usePeaks(best.copy.peaks, JSON.stringify(best.copy.peaks), best.copy.seq, best.slot);
			else {
				const peaks = this.#peaksFromCard();
				this.#usePeaks(peaks, JSON.stringify(peaks), -1, -1);
			}
		}
		return (this.#peaks as MonthPeak[]).slice();
	}

	/** Text of a /meter file named by the path grammar (nothing else is ever read), undefined when absent. */
	readMeterFile(path: string): string | undefined {
		return parseMeterPath(path) === undefined ? undefined : this.#sd.read(path);
	}

	// ------------------------------------------------------------ recovery

	/**
	 * Boot-time check, bounded to the files history relies on: completes or drops interrupted
	 * writes, validates checkpoint, peaks, the quarter files and summaries of the last day written
	 * (and of today, given `nowUtcMs`), sets corrupt files aside and rebuilds what they held.
	 * Never throws.
	 */
	recover(nowUtcMs?: number): RecoveryReport {
		const r = newReport();
		const state = this.#state;
		this.#peaks = undefined;
		this.#lastDayKnown = false;
		this.#step(r, "state", () => {
			this.#finish(state, LAST_DAY_PATH, (t) => lastDayFromText(t) !== undefined, r);
			this.#finish(state, CHECKPOINT_PATH, (t) => checkpointFromText(t) !== undefined, r);
			for (let i = 0; i < PEAKS_PATHS.length; i++) this.#finish(state, PEAKS_PATHS[i], (t) => peaksFromText(t) !== undefined, r);
		});
		this.#step(r, "checkpoint", () => {
			const text = state.read(CHECKPOINT_PATH);
			if (text === undefined) r.checkpoint = "missing";
			else if (checkpointFromText(text)) r.checkpoint = "ok";
			else {
				this.#setAside(state, CHECKPOINT_PATH, "checkpoint does not validate", r);
				r.checkpoint = "set-aside";
			}
		});
		// peaks from flash first: the month summaries take the meter's peak from them
		let best: { copy: PeaksCopy; slot: number } | undefined;
		this.#step(r, "peaks", () => {
			best = this.#newestPeaks(r);
			if (best) this.#usePeaks(best.copy.peaks, JSON.stringify(best.copy.peaks), best.copy.seq, best.slot);
		});
		const days: Day[] = [];
		this.#step(r, "last day", () => {
			const text = state.read(LAST_DAY_PATH);
			let last = lastDayFromText(text);
			if (last && !validLocal(last.year, last.month, last.day, 0, 0, 0)) last = undefined;
			if (text !== undefined && last === undefined) this.#setAside(state, LAST_DAY_PATH, "last day does not validate", r);
			if (last === undefined) last = this.#latestDayOnCard();
			this.#lastDay = last;
			this.#lastDayKnown = true;
			if (last) days.push(last);
		});
		if (nowUtcMs !== undefined && Number.isFinite(nowUtcMs)) {
			const t = utcToLocal(nowUtcMs);
			const last = days[0];
			if (!last || last.year !== t.year || last.month !== t.month || last.day !== t.day) days.push({ year: t.year, month: t.month, day: t.day });
		}
		if (days.length > 0) r.day = dayKeyOf(days[0]);
		for (let i = 0; i < days.length; i++) {
			const { year, month, day } = days[i];
			let d: DaySummary | undefined;
			let m: MonthSummary | undefined;
			this.#step(r, "day", () => {
				d = this.#recoverDay(year, month, day, r);
			});
			this.#step(r, "month", () => {
				m = this.#recoverMonth(year, month, d, r);
			});
			this.#step(r, "year", () => {
				this.#recoverYear(year, m, r);
			});
		}
		this.#step(r, "peaks", () => {
			if (best) {
				r.peaks = "ok";
				const other = best.slot === 0 ? 1 : 0;
				const otherText = state.read(PEAKS_PATHS[other]);
				if (peaksFromText(otherText) === undefined) {
					// keep two copies: rewrite the missing one from the survivor
					const seq = best.copy.seq + 1;
					writeAtomic(state, PEAKS_PATHS[other], peaksText(seq, best.copy.peaks));
					this.#peakSeq = seq;
					this.#peakSlot = other;
					// after the very first write the second copy was never made: that is no damage to report
					if (otherText === undefined && best.copy.seq === 0) return;
					r.peaks = "repaired";
					note(r, "peaks: rewrote " + PEAKS_PATHS[other] + " from " + PEAKS_PATHS[best.slot]);
				}
				return;
			}
			const peaks = this.#peaksFromCard();
			this.#usePeaks(peaks, JSON.stringify(peaks), -1, -1);
			if (peaks.length === 0) return;
			for (let slot = 0; slot < PEAKS_PATHS.length; slot++) writeAtomic(state, PEAKS_PATHS[slot], peaksText(slot, peaks));
			this.#usePeaks(peaks, JSON.stringify(peaks), PEAKS_PATHS.length - 1, PEAKS_PATHS.length - 1);
			r.peaks = "rebuilt";
			note(r, "peaks: rebuilt " + peaks.length + " months from the year summaries");
		});
		return r;
	}

	// ------------------------------------------------------------ internals

	#step(r: RecoveryReport, what: string, run: () => void): void {
		try {
			run();
		}
		catch (e) {
			const line = what + ": " + message(e);
			r.errors.push(line);
			r.actions.push("error " + line);
		}
	}

	#finish(store: FileStore, path: string, complete: (text: string) => boolean, r: RecoveryReport): void {
		const result = finishAtomic(store, path, complete);
		if (result === "finished") {
			r.finished.push(path);
			note(r, "finished interrupted write of " + path);
		}
		else if (result === "discarded") {
			r.discarded.push(path);
			note(r, "dropped torn write of " + path);
		}
	}

	#setAside(store: FileStore, path: string, reason: string, r: RecoveryReport): void {
		const to = setAside(store, path);
		r.setAside.push({ path, to, reason });
		note(r, "set aside " + path + " as " + to + ": " + reason);
	}

	/** Writes a summary when its text changed; an empty summary that never existed is not created. */
	#put(path: string, loaded: Loaded<DaySummary | MonthSummary | YearSummary>, r: RecoveryReport): void {
		const text = JSON.stringify(loaded.value);
		if (text === loaded.text) return;
		if (loaded.text === undefined && entries(loaded.value) === 0) return;
		writeAtomic(this.#sd, path, text);
		loaded.text = text;
		if (r.rebuilt.indexOf(path) < 0) r.rebuilt.push(path);
	}

	/** Records the day being written before touching its files, so recover() knows where to look. */
	#noteDay(year: number, month: number, day: number): void {
		if (!this.#lastDayKnown) {
			const last = lastDayFromText(this.#state.read(LAST_DAY_PATH));
			this.#lastDay = last;
			this.#lastDayKnown = true;
		}
		const last = this.#lastDay;
		if (last && last.year === year && last.month === month && last.day === day) return;
		const next = { year, month, day };
		try {
			writeAtomic(this.#state, LAST_DAY_PATH, lastDayText(next));
			this.#lastDay = next;
		}
		catch (e) {
			// failing flash must not stop history on the card: recover() then falls back to the newest directory
			this.#log?.warn("history: last day not saved: " + message(e));
		}
	}

	#loadDay(year: number, month: number, day: number, r: RecoveryReport): Loaded<DaySummary> {
		const path = dayPath(year, month, day);
		const text = this.#sd.read(path);
		if (text !== undefined) {
			const value = dayFromJson(parseJson(text), year, month, day);
			if (value) return { value, text };
			this.#setAside(this.#sd, path, "day summary does not validate", r);
		}
		return { value: this.#rebuildDay(year, month, day, r), text: undefined };
	}

	/** A day from its quarter files, setting corrupt ones aside. */
	#rebuildDay(year: number, month: number, day: number, r: RecoveryReport): DaySummary {
		const d = newDay(year, month, day);
		this.#eachQuarterFile(year, month, day, r, (q) => {
			mergeQuarter(d, q);
		});
		return d;
	}

	#eachQuarterFile(year: number, month: number, day: number, r: RecoveryReport, onQuarter: (q: QuarterFacts) => void): void {
		const sd = this.#sd;
		const dir = dayDir(year, month, day);
		const names = sd.list(dir).sort();
		for (let i = 0; i < names.length; i++) {
			const path = dir + names[i];
			const p = parseMeterPath(path);
			if (!p || p.kind !== KIND_QUARTER || !validQuarterId(p.quarterId)) continue; // not ours (or an original file with a wrong S/W flag)
			const q = quarterFromJson(parseJson(sd.read(path)), p.quarterId);
			if (q) onQuarter(q);
			else this.#setAside(sd, path, "quarter file does not validate", r);
		}
	}

	#readDay(year: number, month: number, day: number): DaySummary | undefined {
		return dayFromJson(parseJson(this.#sd.read(dayPath(year, month, day))), year, month, day);
	}

	/** `deep`: rebuild missing or corrupt day summaries from their quarter files while rebuilding the month. */
	#loadMonth(year: number, month: number, r: RecoveryReport, deep: boolean): Loaded<MonthSummary> {
		const sd = this.#sd;
		const path = monthPath(year, month);
		const text = sd.read(path);
		if (text !== undefined) {
			const value = monthFromJson(parseJson(text), year, month);
			if (value) return { value, text };
			this.#setAside(sd, path, "month summary does not validate", r);
		}
		const m = newMonth(year, month);
		const names = sd.list(monthDir(year, month)).sort();
		for (let i = 0; i < names.length; i++) {
			const day = names[i].length === 3 ? dirNumber(names[i]) : -1;
			if (day < 1 || !validLocal(year, month, day, 0, 0, 0)) continue;
			let d = this.#readDay(year, month, day);
			if (!d && deep) {
				const loaded = this.#loadDay(year, month, day, r);
				this.#put(dayPath(year, month, day), loaded, r);
				d = loaded.value;
			}
			if (d && d.quarter_id.length > 0) mergeDay(m, d);
		}
		mergeMeterPeak(m, this.#peaksForSummaries());
		return { value: m, text: undefined };
	}

	#loadYear(year: number, r: RecoveryReport): Loaded<YearSummary> {
		const sd = this.#sd;
		const path = yearPath(year);
		const text = sd.read(path);
		if (text !== undefined) {
			const value = yearFromJson(parseJson(text), year);
			if (value) return { value, text };
			this.#setAside(sd, path, "year summary does not validate", r);
		}
		const y = newYear(year);
		const names = sd.list(yearDir(year)).sort();
		for (let i = 0; i < names.length; i++) {
			const month = names[i].length === 3 ? dirNumber(names[i]) : -1;
			if (month < 1 || month > 12) continue;
			const loaded = this.#loadMonth(year, month, r, false);
			this.#put(monthPath(year, month), loaded, r);
			if (loaded.value.day.length > 0) mergeMonth(y, loaded.value);
		}
		return { value: y, text: undefined };
	}

	#finishSummaryTmps(dir: string, r: RecoveryReport): void {
		const sd = this.#sd;
		const names = sd.list(dir);
		for (let i = 0; i < names.length; i++) {
			const target = targetOfTmp(names[i]);
			if (target === undefined) continue;
			const path = dir + target;
			const p = parseMeterPath(path);
			if (!p) continue; // not a name of ours: leave it alone
			this.#finish(sd, path, (t) => {
				const v = parseJson(t);
				if (p.kind === KIND_QUARTER) return quarterFromJson(v, p.quarterId) !== undefined;
				if (p.kind === "day") return dayFromJson(v, p.year, p.month, p.day) !== undefined;
				if (p.kind === "month") return monthFromJson(v, p.year, p.month) !== undefined;
				return yearFromJson(v, p.year) !== undefined;
			}, r);
		}
	}

	#recoverDay(year: number, month: number, day: number, r: RecoveryReport): DaySummary {
		this.#finishSummaryTmps(dayDir(year, month, day), r);
		const path = dayPath(year, month, day);
		const text = this.#sd.read(path);
		let d: Loaded<DaySummary>;
		const value = text === undefined ? undefined : dayFromJson(parseJson(text), year, month, day);
		if (value) {
			d = { value, text };
			// a cut between the quarter file and its day summary leaves the quarter out: merge them all
			this.#eachQuarterFile(year, month, day, r, (q) => {
				mergeQuarter(value, q);
			});
		}
		else d = this.#loadDay(year, month, day, r);
		this.#put(path, d, r);
		return d.value;
	}

	#recoverMonth(year: number, month: number, d: DaySummary | undefined, r: RecoveryReport): MonthSummary {
		this.#finishSummaryTmps(monthDir(year, month), r);
		const m = this.#loadMonth(year, month, r, true);
		if (d && d.quarter_id.length > 0) mergeDay(m.value, d);
		mergeMeterPeak(m.value, this.#peaksForSummaries());
		this.#put(monthPath(year, month), m, r);
		return m.value;
	}

	#recoverYear(year: number, m: MonthSummary | undefined, r: RecoveryReport): void {
		this.#finishSummaryTmps(yearDir(year), r);
		const y = this.#loadYear(year, r);
		if (m && m.day.length > 0) mergeMonth(y.value, m);
		this.#put(yearPath(year), y, r);
	}

	/** The newest day directory on the card (three listings), for when flash forgot the last day. */
	#latestDayOnCard(): Day | undefined {
		const sd = this.#sd;
		const year = maxDir(sd.list(METER_DIR), 4, 2000, 2255);
		if (year < 0) return undefined;
		const month = maxDir(sd.list(yearDir(year)), 2, 1, 12);
		if (month < 0) return undefined;
		const day = maxDir(sd.list(monthDir(year, month)), 2, 1, 31);
		if (day < 0 || !validLocal(year, month, day, 0, 0, 0)) return undefined;
		return { year, month, day };
	}

	/** The newer valid copy of the peaks; with a report, copies that do not validate are set aside. */
	#newestPeaks(r: RecoveryReport | undefined): { copy: PeaksCopy; slot: number } | undefined {
		let best: { copy: PeaksCopy; slot: number } | undefined;
		for (let slot = 0; slot < PEAKS_PATHS.length; slot++) {
			const text = this.#state.read(PEAKS_PATHS[slot]);
			const copy = peaksFromText(text);
			if (copy) {
				if (!best || copy.seq > best.copy.seq) best = { copy, slot };
			}
			else if (text !== undefined && r) this.#setAside(this.#state, PEAKS_PATHS[slot], "peaks copy does not validate", r);
		}
		return best;
	}

	#usePeaks(peaks: MonthPeak[], json: string, seq: number, slot: number): void {
		this.#peaks = peaks;
		this.#peaksJson = json;
		this.#peakSeq = seq;
		this.#peakSlot = slot;
	}

	/** Peaks for the meter's peak in month summaries: whatever is known, without a card fallback (that reads the summaries being written). */
	#peaksForSummaries(): MonthPeak[] | undefined {
		if (this.#peaks === undefined) {
			const best = this.#newestPeaks(undefined);
			if (!best) return undefined;
			this.#usePeaks(best.copy.peaks, JSON.stringify(best.copy.peaks), best.copy.seq, best.slot);
		}
		return this.#peaks;
	}

	/** Last resort: the peaks of the two newest year summaries on the card, at most the last 13 months. */
	#peaksFromCard(): MonthPeak[] {
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

Object.freeze(History.prototype);

function note(r: RecoveryReport, line: string): void {
	r.actions.push(line);
}

function dayKeyOf(d: Day): string {
	return d.year + "-" + (d.month < 10 ? "0" : "") + d.month + "-" + (d.day < 10 ? "0" : "") + d.day;
}

function entries(v: DaySummary | MonthSummary | YearSummary): number {
	if ("quarter_id" in v) return v.quarter_id.length;
	if ("day" in v) return v.day.length;
	return v.month.length;
}

/** The number a directory entry "07/" or "2026/" names, -1 for anything else. */
function dirNumber(name: string): number {
	const n = name.length - 1;
	if (n < 1 || name.charCodeAt(n) !== 47) return -1;
	let v = 0;
	for (let i = 0; i < n; i++) {
		const c = name.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	return v;
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
