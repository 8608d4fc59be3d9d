// History on two stores: `sd` holds /meter (quarter files and summaries, FAT on the device),
// `state` holds what must survive anything (LittleFS flash on the device): the open quarter's
// checkpoint, two copies of the month peaks (peak-copies.ts), and the last day written, which
// bounds the work recover() (recovery.ts) does at boot. Every file is replaced atomically
// (atomic.ts); a file that does not validate is renamed aside, never deleted, and a summary is
// rebuilt from the level below (summary-files.ts). A file that does not parse is never served:
// it is found when asked for, set aside and, for a summary, rebuilt. Each quarter written also
// sweeps a few older directories for leftovers of failed writes (sweep.ts). Nothing here throws
// on bad data; store failures propagate from writes (the caller logs them) and are caught and
// reported by recover(), so a bad card can never cause a boot loop.

import type { FileStore, Log } from "../ports";
import { idDay, idMonth, idYear, validQuarterId } from "../quarters/quarter-id";
import type { MonthPeak, QuarterRecord } from "../quarters/records";
import { isJsonText } from "../util/json-check";
import { writeAtomic } from "./atomic";
import { dayPath, dirOf, monthPath, parseMeterPath, quarterPath, yearPath } from "./paths";
import { PeakCopies } from "./peak-copies";
import { recover } from "./recovery";
import type { RecoveryReport, SetAside } from "./report";
import { message, newReport, setAsideReported } from "./report";
import type { Day } from "./state-files";
import {
	CHECKPOINT_PATH,
	checkpointFromText,
	checkpointText,
	LAST_DAY_PATH,
	lastDayFromText,
	lastDayText,
} from "./state-files";
import { mergeDay, mergeMeterPeak, mergeMonth, mergeQuarter, quarterText } from "./summaries";
import type { AnySummary, Loaded } from "./summary-files";
import { KIND_QUARTER, SummaryFiles } from "./summary-files";
import { sweepStep } from "./sweep";

export type { RecoveryReport, SetAside } from "./report";

/** What history found wrong since boot outside recover(), for the status. */
export interface HistoryHealth {
	/** Files set aside while writing or serving. */
	setAside: number;
	/** The latest of them, oldest first, at most RECENT_SET_ASIDE. */
	recent: SetAside[];
	/** Temporaries of failed writes finished or dropped by the sweep. */
	tmpCleaned: number;
}

export const RECENT_SET_ASIDE = 8;

export interface HistoryOptions {
	/** /meter history (the SD card). */
	sd: FileStore;
	/** Checkpoint, month peaks, last day written (flash). */
	state: FileStore;
	/** Told about files set aside outside recover(). */
	log?: Log;
}

export class History {
	#sd: FileStore;
	#state: FileStore;
	#log: Log | undefined;
	#files: SummaryFiles;
	#peaks: PeakCopies;
	#lastDay: Day | undefined;
	#lastDayKnown = false;
	#health: HistoryHealth = { setAside: 0, recent: [], tmpCleaned: 0 };

	constructor(options: HistoryOptions) {
		const sd = options.sd;
		this.#sd = sd;
		this.#state = options.state;
		this.#log = options.log;
		const peaks: PeakCopies = new PeakCopies(options.state, (): MonthPeak[] => files.peaksFromCard());
		const files: SummaryFiles = new SummaryFiles(sd, (): MonthPeak[] | undefined => peaks.known());
		this.#peaks = peaks;
		this.#files = files;
	}

	/**
	 * Stores a closed quarter and folds it into its day, month and year summaries. Idempotent.
	 * `peaks`: the month peaks as they are now, when newer than those last saved (the telegram
	 * that closed the quarter may carry the peak it set).
	 */
	writeQuarter(record: QuarterRecord, peaks?: readonly MonthPeak[]): void {
		const id = record.quarter_id;
		if (!validQuarterId(id)) throw new RangeError("bad quarter");
		const year = idYear(id),
			month = idMonth(id),
			day = idDay(id);
		this.#noteDay(year, month, day);
		const sd = this.#sd;
		const files = this.#files;
		const path = quarterPath(id);
		const text = quarterText(record);
		if (sd.read(path) !== text) writeAtomic(sd, path, text);
		const report = newReport();
		const d = files.loadDay(year, month, day, report);
		mergeQuarter(d.value, record);
		files.put(dayPath(year, month, day), d, report);
		const m = files.loadMonth(year, month, report, true);
		mergeMeterPeak(mergeDay(m.value, d.value), peaks ?? this.#peaks.known());
		files.put(monthPath(year, month), m, report);
		const y = files.loadYear(year, report);
		mergeMonth(y.value, m.value);
		files.put(yearPath(year), y, report);
		this.#note(report);
		this.#sweep(id);
	}

	/** Saves the open quarter's state (an opaque JSON-able value) in flash. */
	writeCheckpoint(data: unknown): void {
		writeAtomic(this.#state, CHECKPOINT_PATH, checkpointText(data));
	}

	/** The last checkpoint written, undefined when there is none or it does not validate. */
	readCheckpoint(): unknown {
		return checkpointFromText(this.#state.read(CHECKPOINT_PATH))?.data;
	}

	/** Saves the month peaks (two copies in flash, see peak-copies.ts). */
	writePeaks(peaks: readonly MonthPeak[]): void {
		const before = this.#peaks.known();
		this.#peaks.write(peaks);
		const report = newReport();
		try {
			this.#files.refreshMeterPeaks(peaks, before, report);
		} catch (e) {
			// the peaks are saved; a summary left behind is corrected by recover() at the next boot
			report.actions.push("history: meter peak not put in the summaries: " + message(e));
		}
		this.#note(report);
	}

	/** The month peaks: the newer valid copy in flash, else rebuilt from the year summaries on the card ([] when nothing is known). */
	readPeaks(): MonthPeak[] {
		return this.#peaks.read();
	}

	/**
	 * Text of a /meter file named by the path grammar (nothing else is ever read), undefined when
	 * absent. A file that does not parse is set aside and reported; a summary is rebuilt from
	 * the level below and that is returned; null when nothing could take its place (a quarter file).
	 */
	readMeterFile(path: string): string | null | undefined {
		const p = parseMeterPath(path);
		if (p === undefined) return undefined;
		const sd = this.#sd;
		const text = sd.read(path);
		// Checked without building the tree JSON.parse would make and drop (util/json-check.ts)
		if (text === undefined || isJsonText(text)) return text;
		const r = newReport();
		setAsideReported(sd, path, p.kind + (p.kind === KIND_QUARTER ? " file" : " summary") + " does not parse", r);
		let rebuilt: Loaded<AnySummary> | undefined;
		try {
			const files = this.#files;
			if (p.kind === "day") rebuilt = files.loadDay(p.year, p.month, p.day, r);
			else if (p.kind === "month") rebuilt = files.loadMonth(p.year, p.month, r, false);
			else if (p.kind === "year") rebuilt = files.loadYear(p.year, r);
			if (rebuilt) files.put(path, rebuilt, r);
		} finally {
			this.#note(r);
		}
		return rebuilt?.text ?? null;
	}

	/** What was found wrong since boot outside recover() (a copy). */
	health(): HistoryHealth {
		const h = this.#health;
		return { setAside: h.setAside, recent: h.recent.slice(), tmpCleaned: h.tmpCleaned };
	}

	/** Boot-time check and repair (recovery.ts). Never throws. */
	recover(nowUtcMs?: number): RecoveryReport {
		this.#lastDayKnown = false;
		const done = recover({ sd: this.#sd, state: this.#state, files: this.#files, peaks: this.#peaks }, nowUtcMs);
		if (done.lastDayKnown) {
			this.#lastDay = done.lastDay;
			this.#lastDayKnown = true;
		}
		return done.report;
	}

	/** Records the day being written before touching its files, so recover() knows where to look. */
	#noteDay(year: number, month: number, day: number): void {
		if (!this.#lastDayKnown) {
			this.#lastDay = lastDayFromText(this.#state.read(LAST_DAY_PATH));
			this.#lastDayKnown = true;
		}
		const last = this.#lastDay;
		if (last && last.year === year && last.month === month && last.day === day) return;
		const next = { year, month, day };
		try {
			writeAtomic(this.#state, LAST_DAY_PATH, lastDayText(next));
			this.#lastDay = next;
		} catch (e) {
			// failing flash must not stop history on the card: recover() then falls back to the newest directory
			this.#log?.warn("history: last day not saved: " + message(e));
		}
	}

	/** Counts and logs what a write or a request repaired. */
	#note(report: RecoveryReport): void {
		const health = this.#health;
		for (let i = 0; i < report.setAside.length; i++) {
			health.setAside++;
			health.recent.push(report.setAside[i]);
			if (health.recent.length > RECENT_SET_ASIDE) health.recent.shift();
		}
		const log = this.#log;
		if (log) for (let i = 0; i < report.actions.length; i++) log.warn(report.actions[i]);
	}

	/** One step of the sweep for leftovers of failed writes; its failures are logged, never thrown (the quarter is stored). */
	#sweep(quarterId: number): void {
		const r = newReport();
		try {
			sweepStep(this.#sd, quarterId, r);
		} catch (e) {
			this.#log?.warn("history: sweep: " + message(e));
		}
		const cleaned = r.finished.concat(r.discarded);
		if (cleaned.length === 0) return;
		this.#health.tmpCleaned += cleaned.length;
		const dirs: string[] = [];
		for (let i = 0; i < cleaned.length; i++) if (dirs.indexOf(dirOf(cleaned[i])) < 0) dirs.push(dirOf(cleaned[i]));
		this.#log?.warn(
			"history: sweep finished or dropped " + cleaned.length + " temporaries of failed writes in " + dirs.join(" "),
		);
	}
}

Object.freeze(History.prototype);
