// Trusting the meter's clock. The meter's timestamp is the monitor's only clock, so one
// CRC-valid telegram stamped in the future (a clock glitch, a replayed capture) would close the
// open quarter, open one years ahead and make every later telegram look late. The guard stands
// between the parser and the quarter engine and believes a jump only when the telegrams after it
// confirm it:
//
// - A telegram continues the stream when it is 0 < dt <= STEP_MS after the last one the engine
//   took: a few telegrams lost to CRC errors, nothing more. It passes at once.
// - A telegram at or behind the engine's last time passes too: the engine has its own rule for a
//   clock set back (60 in a row before it believes it), and a past outlier harms nothing.
// - Anything else is a jump: forward by more than STEP_MS, before `floor` (the restored
//   checkpoint's quarter, see monitor.ts), or with nothing to compare to (first telegram after a
//   boot without checkpoint). A jump is held, with the telegrams that continue it in 1..STEP_MS
//   steps, until CONFIRM_RUN of them form a run: then they are all given to the engine, oldest
//   first, exactly as they came (the engine ends in the same state as if it had believed the
//   jump at once, so a real gap costs CONFIRM_RUN seconds of latency and no data; dropping them
//   instead would lose those seconds' slots and, after a gap ending near a quarter bound, the
//   register that opens the quarter, making its billed average unknown). When the
//   stream continues from the trusted time instead, or another jump starts, the held telegrams
//   are dropped and counted as rejected.
//
// Times are UTC instants, so the DST change (local time jumps an hour, the instants do not) is
// continuous here. The host's wall clock is not consulted: the device may have no network, and
// the meter's clock is the one Fluvius bills by; continuity is the only evidence used.
//
// check() runs every second: it compares a few numbers and, for a held telegram, copies the
// fields the engine reads into a preallocated Float64Array (9 rows of 50 numbers, 3.6 KB, the
// 98.1.0 table included so a replay is exact even across a month roll). Nothing is allocated
// per telegram. Held telegrams live only in RAM: a restart while a jump is being confirmed
// loses them, as it loses any telegram sent while the board is down.

import { newReading } from "../dsmr/parse";
import type { Reading } from "../dsmr/reading";
import { HISTORY_SIZE } from "../dsmr/reading";

/** Largest step between two telegrams that continue one another, ms. */
export const STEP_MS = 10000;
/** Telegrams in a row, the jump included, that make a jump believed. */
export const CONFIRM_RUN = 10;

/** check(): give the telegram to the engine. */
export const PASS = 0;
/** check(): the telegram is held; nothing to do. */
export const HOLD = 1;
/** check(): the jump is confirmed; give replay(0 .. heldCount - 1), then the telegram, to the engine, then clear(). */
export const CONFIRMED = 2;

export type Verdict = typeof PASS | typeof HOLD | typeof CONFIRMED;

export interface ClockCounters {
	/** Telegrams held because their time jumped. */
	held: number;
	/** Held telegrams dropped: the stream did not continue from their time. */
	rejected: number;
	/** Jumps believed after confirmation. */
	jumps: number;
}

// one held telegram: the scalars the engine reads, then the 98.1.0 table
const TIME = 0,
	IMP1 = 1,
	IMP2 = 2,
	EXP1 = 3,
	EXP2 = 4,
	IMP_W = 5,
	EXP_W = 6,
	DEMAND = 7,
	PEAK_W = 8,
	PEAK_T = 9,
	HIST_N = 10,
	HIST = 11;
const ROW = HIST + 3 * HISTORY_SIZE;
const HELD_MAX = CONFIRM_RUN - 1;

export class ClockGuard {
	#rows = new Float64Array(HELD_MAX * ROW);
	#count = 0;
	#runLast = NaN; // time of the newest telegram of the run being confirmed
	#replay: Reading = newReading();
	#held = 0;
	#rejected = 0;
	#jumps = 0;

	/**
	 * What to do with `r`, given the time of the last telegram the engine took (NaN: none) and a
	 * floor below which a time is a jump back (-Infinity: none).
	 */
	check(r: Reading, last: number, floor: number): Verdict {
		const t = r.time;
		if (t !== t) return PASS; // the engine counts telegrams without a time
		const ahead = t - last;
		if (ahead > 0 && ahead <= STEP_MS) {
			this.#drop();
			return PASS;
		}
		if (ahead <= 0 && t >= floor) return PASS;
		const step = t - this.#runLast;
		if (step === 0) {
			// a repeat inside the run: neither continues nor breaks it
			this.#held++;
			this.#rejected++;
			return HOLD;
		}
		if (!(step > 0 && step <= STEP_MS)) this.#drop();
		this.#runLast = t;
		if (this.#count + 1 >= CONFIRM_RUN) {
			this.#jumps++;
			return CONFIRMED;
		}
		this.#hold(r);
		return HOLD;
	}

	/** Telegrams held for the run just confirmed. */
	get heldCount(): number {
		return this.#count;
	}

	/** Time of the first telegram of the run held (NaN when none): where a confirmed jump lands. */
	get runStart(): number {
		return this.#count > 0 ? this.#rows[TIME] : NaN;
	}

	/** Held telegram `i` (oldest first), in a Reading reused by every call. */
	replay(i: number): Reading {
		const row = this.#rows,
			at = i * ROW,
			r = this.#replay;
		r.time = row[at + TIME];
		r.importT1Wh = row[at + IMP1];
		r.importT2Wh = row[at + IMP2];
		r.exportT1Wh = row[at + EXP1];
		r.exportT2Wh = row[at + EXP2];
		r.importW = row[at + IMP_W];
		r.exportW = row[at + EXP_W];
		r.demandW = row[at + DEMAND];
		r.monthPeakW = row[at + PEAK_W];
		r.monthPeakTime = row[at + PEAK_T];
		const n = row[at + HIST_N];
		r.historyCount = n;
		for (let k = 0, h = at + HIST; k < n; k++, h += 3) {
			const e = r.history[k];
			e.period = row[h];
			e.time = row[h + 1];
			e.w = row[h + 2];
		}
		return r;
	}

	/** Forgets the held telegrams once they have been replayed. */
	clear(): void {
		this.#count = 0;
		this.#runLast = NaN;
	}

	get counters(): ClockCounters {
		return { held: this.#held, rejected: this.#rejected, jumps: this.#jumps };
	}

	#drop(): void {
		this.#rejected += this.#count;
		this.clear();
	}

	#hold(r: Reading): void {
		const row = this.#rows,
			at = this.#count * ROW;
		row[at + TIME] = r.time;
		row[at + IMP1] = r.importT1Wh;
		row[at + IMP2] = r.importT2Wh;
		row[at + EXP1] = r.exportT1Wh;
		row[at + EXP2] = r.exportT2Wh;
		row[at + IMP_W] = r.importW;
		row[at + EXP_W] = r.exportW;
		row[at + DEMAND] = r.demandW;
		row[at + PEAK_W] = r.monthPeakW;
		row[at + PEAK_T] = r.monthPeakTime;
		const n = r.historyCount < HISTORY_SIZE ? r.historyCount : HISTORY_SIZE;
		row[at + HIST_N] = n;
		for (let k = 0, h = at + HIST; k < n; k++, h += 3) {
			const e = r.history[k];
			row[h] = e.period;
			row[h + 1] = e.time;
			row[h + 2] = e.w;
		}
		this.#count++;
		this.#held++;
	}
}
