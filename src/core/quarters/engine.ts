// The quarter engine: one Reading per telegram in, closed quarters and month peaks out.
//
// Rules (see also the test file for each):
// - The meter's timestamp is the clock. A telegram without a valid time, or one not later than
//   the last accepted telegram (duplicate, out of order), is ignored and counted.
// - A quarter closes when the first telegram of a later quarter arrives. Quarters without any
//   telegram (meter unplugged) are not invented: the open one closes with empty slots as null.
// - Energy average = (import register at end - at start) x 4. The register at a bound is that of
//   the telegram stamped exactly at the bound, else the nearer of the last telegram before and the
//   first after, within 5 s (the earlier on a tie); the same value closes one quarter and opens
//   the next, so adjacent quarters share their bound. Without such a telegram the bound is
//   unknown: energy_avg_w null, complete false. Each tariff's registers at a bound come from the
//   same telegram as the sums (the *_t1_wh / *_t2_wh keys), so the tariffs' energies add up to it.
// - The meter's own figures of a closed quarter (1.4.0, 1.6.0) are those of the telegram stamped
//   on its end: the meter reports the second before its stamp, so that telegram carries the
//   quarter's final 1.4.0 and a peak the quarter set. Without it, the nearer telegram within 5 s;
//   but 1.4.0 only from one before the end (after it the meter counts the next quarter) and 1.6.0
//   only when it is still the quarter's month's (else the month's entry in 98.1.0). None: null.
// - A telegram's 1.6.0 and 98.1.0 are taken in before the quarter it closes is emitted, so the
//   month peaks handed out with a closed quarter already hold what that quarter set.
// - A register that goes backwards or rises faster than any connection can draw (meter swap,
//   clock set back) is a discontinuity: that quarter's energy is unknown, never negative.
// - Clock set back: telegrams behind the last accepted time are ignored. Only after 60 of them in
//   a row, all over a minute behind and rising, is the new clock believed; the open quarter then
//   closes (its end unknown) and quarters already closed are never reopened or emitted twice:
//   telegrams that fall in them are skipped until time passes the last closed quarter.
// - Month peaks reset with the local month (the quarter's start decides its month).
//
// update() allocates nothing in steady state: numbers live in fields and typed arrays; objects
// are built only when a quarter closes, a month peak changes, or current()/status() is called.

import type { Reading } from "../dsmr/reading";
import { newLocalTime, utcToLocal } from "../time/brussels";
import { isoUtc } from "../time/iso";
import { monthIndex, monthKeyOfIndex } from "../time/keys";
import { numberOrNaN as j2n, nanToNull as n2j } from "../util/values";
import { checkpointFromV1 } from "./checkpoint-v1";
import type { CapacityEstimate, PeakSources } from "./month-peaks";
import { MonthPeaks } from "./month-peaks";
import { QUARTER_MS, quarterIdAt } from "./quarter-id";
import type { MonthPeak, QuarterRecord } from "./records";
import { INTERVAL_SECS } from "./records";
import { AFTER, BOUND_TOLERANCE_MS, boundSide, NEITHER, registerContinuous, sideValue } from "./registers";
import type { SlotsJSON } from "./slots";
import { Slots, slotsJsonOk } from "./slots";
import { capacityTariff, DEFAULT_AREA, MINIMUM_PEAK_W } from "./tariffs";

const SLOT_MS = INTERVAL_SECS * 1000;
const CLOCK_BACK_MS = 60000;
const CLOCK_BACK_RUN = 60;
/** Our energy average and the meter's 1.4.0 agree when within 20 W + 2 % (register rounding, last second). */
const AGREE_W = 20;
const AGREE_FRACTION = 0.02;
/** Format of checkpoint(): 2 = named fields (1 = positional arrays, still read: checkpoint-v1.ts). */
export const CHECKPOINT_VERSION = 2;
const COUNTER_NAMES: readonly (keyof QuarterCounters)[] = Object.freeze([
	"duplicates",
	"out_of_order",
	"no_time",
	"gaps",
	"clock_back",
	"register_breaks",
	"skipped",
]);

export interface QuarterEngineOptions {
	onQuarterClosed?(this: QuarterEngine, record: QuarterRecord): void;
	onMonthPeak?(this: QuarterEngine, peak: MonthPeak): void;
	/** Allowance threshold, W; 0 or absent: the month peak so far, at least 2500 W. */
	targetW?: number;
	/** Fluvius grid area key of tariffs.ts (default DEFAULT_AREA). */
	area?: string;
	/** Overrides the area's price, EUR/kW/year. */
	eurPerKwYear?: number;
}

export interface QuarterCounters {
	duplicates: number;
	out_of_order: number;
	no_time: number;
	/** Pauses between accepted telegrams longer than one slot (5 s). */
	gaps: number;
	/** Times the meter clock was believed to have been set back. */
	clock_back: number;
	/** Register discontinuities (backwards or impossibly fast). */
	register_breaks: number;
	/** Telegrams dropped because their quarter was already closed (after a clock set back). */
	skipped: number;
}

export interface QuarterStatus {
	quarter_id: number | null;
	start: string | null;
	end: string | null;
	elapsed_s: number | null;
	/** Import energy so far in the quarter, Wh (registers, else the meter's 1.4.0 / 4). */
	energy_wh: number | null;
	/** Last 1-0:1.7.0 and 1-0:2.7.0, W. */
	current_w: number | null;
	current_export_w: number | null;
	/** Expected final average: (energy so far + current power x remaining time) x 4, W. */
	projection_w: number | null;
	/** Average power that can still be drawn for the rest of the quarter without its average passing threshold_w. */
	allowance_w: number | null;
	threshold_w: number;
	target_w: number | null;
	month: string | null;
	month_peak_own_w: number | null;
	month_peak_meter_w: number | null;
	/** The meter's running 1.4.0, W. */
	meter_demand_w: number | null;
	/** Last closed quarter: our energy average against the meter's 1.4.0 at its end. */
	meter_check: {
		quarter_id: number;
		energy_avg_w: number;
		meter_demand_w: number;
		diff_w: number;
		agree: boolean;
	} | null;
	capacity: CapacityEstimate & { area: string; year: number | null };
	counters: QuarterCounters;
}

export class QuarterEngine {
	#onClosed: QuarterEngineOptions["onQuarterClosed"];
	#onPeak: QuarterEngineOptions["onMonthPeak"];
	#targetW = 0;
	#area = DEFAULT_AREA;
	#price = NaN;
	#lt = newLocalTime();
	#slots = new Slots();
	#peaks = new MonthPeaks();

	// open quarter
	#open = NaN; // UTC block number, NaN when none
	#id = NaN;
	#start = NaN;
	#monthKey = NaN;
	#beginImp = NaN;
	#beginExp = NaN;
	#beginImpT1 = NaN;
	#beginImpT2 = NaN;
	#beginExpT1 = NaN;
	#beginExpT2 = NaN;
	// end bounds of the quarter being closed, set just before #close()
	#endImp = NaN;
	#endExp = NaN;
	#endImpT1 = NaN;
	#endImpT2 = NaN;
	#endExpT1 = NaN;
	#endExpT2 = NaN;
	#impBroken = false;
	#expBroken = false;
	#samples = 0;
	#demandW = NaN; // last 1.4.0 in the quarter
	#meterPeakW = NaN; // last 1.6.0 in the quarter
	#lastClosed = -Infinity;

	// last accepted telegram
	#lastT = NaN;
	#lastImp = NaN;
	#lastExp = NaN;
	#lastImpT1 = NaN;
	#lastImpT2 = NaN;
	#lastExpT1 = NaN;
	#lastExpT2 = NaN;
	#lastImportW = NaN;
	#lastExportW = NaN;
	#lastDemandW = NaN;

	// clock set back detection
	#backRun = 0;
	#backT = NaN;

	// last closed quarter, for the meter check
	#checkId = NaN;
	#checkOwn = NaN;
	#checkMeter = NaN;

	#duplicates = 0;
	#outOfOrder = 0;
	#noTime = 0;
	#gaps = 0;
	#clockBack = 0;
	#registerBreaks = 0;
	#skipped = 0;

	constructor(options: QuarterEngineOptions = {}) {
		this.#onClosed = options.onQuarterClosed;
		this.#onPeak = options.onMonthPeak;
		this.configure(options);
	}

	/** Changes the target, area or price at run time (absent keys are left as they are). */
	configure(options: { targetW?: number; area?: string; eurPerKwYear?: number }): void {
		if (options.targetW !== undefined) this.#targetW = options.targetW > 0 ? options.targetW : 0;
		if (options.area !== undefined) {
			if (!capacityTariff(options.area, Infinity)) throw new RangeError("unknown area");
			this.#area = options.area;
		}
		if (options.eurPerKwYear !== undefined) this.#price = options.eurPerKwYear > 0 ? options.eurPerKwYear : NaN;
	}

	update(r: Reading): void {
		const t = r.time;
		if (!Number.isFinite(t)) {
			this.#noTime++;
			return;
		}
		if (t <= this.#lastT) {
			this.#behind(r, t);
			return;
		}
		this.#backRun = 0;
		this.#accept(r, t);
	}

	#behind(r: Reading, t: number): void {
		if (t === this.#lastT) this.#duplicates++;
		else this.#outOfOrder++;
		if (this.#lastT - t <= CLOCK_BACK_MS) {
			this.#backRun = 0;
			return;
		}
		this.#backRun = this.#backRun > 0 && t > this.#backT ? this.#backRun + 1 : 1;
		this.#backT = t;
		if (this.#backRun < CLOCK_BACK_RUN) return;
		// the meter's clock really went back: finish the open quarter, then follow the new clock
		this.#clockBack++;
		this.#backRun = 0;
		if (this.#open === this.#open) {
			this.#setEnd(NEITHER, NEITHER, r); // where the old clock's quarter ended is unknown
			this.#close(NaN, NaN);
		}
		this.#lastT = NaN;
		this.#lastImp = NaN;
		this.#lastExp = NaN;
		this.#lastImpT1 = this.#lastImpT2 = this.#lastExpT1 = this.#lastExpT2 = NaN;
		this.#accept(r, t);
	}

	#accept(r: Reading, t: number): void {
		const imp = r.importT1Wh + r.importT2Wh;
		const exp = r.exportT1Wh + r.exportT2Wh;
		const lastT = this.#lastT;
		const impOk = registerContinuous(lastT, this.#lastImp, t, imp);
		const expOk = registerContinuous(lastT, this.#lastExp, t, exp);
		if (!impOk || !expOk) this.#registerBreaks++;
		if (t - lastT > SLOT_MS) this.#gaps++;
		this.#meterPeaks(r, t);
		const block = Math.floor(t / QUARTER_MS);
		if (block !== this.#open) {
			const start = block * QUARTER_MS;
			// which telegram gives each bound: the previous one (BEFORE), this one (AFTER) or NEITHER
			let beginImp = t - start <= BOUND_TOLERANCE_MS ? AFTER : NEITHER;
			let beginExp = beginImp;
			if (this.#open === this.#open) {
				const end = this.#start + QUARTER_MS;
				let endImp = boundSide(end - lastT, this.#lastImp, Infinity, NaN);
				let endExp = boundSide(end - lastT, this.#lastExp, Infinity, NaN);
				if (block === this.#open + 1) {
					// adjacent: one shared bound value
					if (impOk) endImp = beginImp = boundSide(end - lastT, this.#lastImp, t - end, imp);
					if (expOk) endExp = beginExp = boundSide(end - lastT, this.#lastExp, t - end, exp);
				}
				this.#setEnd(endImp, endExp, r);
				this.#close(this.#endDemand(end, r, t), this.#endPeak(end, r, t));
			} else if (block === this.#lastClosed + 1 && lastT === lastT) {
				// after a skip: the previous telegram can still give the bound
				if (impOk) beginImp = boundSide(start - lastT, this.#lastImp, t - start, imp);
				if (expOk) beginExp = boundSide(start - lastT, this.#lastExp, t - start, exp);
			}
			if (block > this.#lastClosed) this.#openQuarter(block, r, beginImp, beginExp);
		} else {
			if (!impOk) this.#impBroken = true;
			if (!expOk) this.#expBroken = true;
		}
		if (block === this.#open) {
			this.#slots.add(Math.floor((t - this.#start) / SLOT_MS), r.importW, r.exportW);
			this.#samples++;
			if (r.demandW === r.demandW) this.#demandW = r.demandW;
			if (r.monthPeakW === r.monthPeakW) this.#meterPeakW = r.monthPeakW;
		} else this.#skipped++;
		this.#lastT = t;
		this.#lastImp = imp;
		this.#lastExp = exp;
		this.#lastImpT1 = r.importT1Wh;
		this.#lastImpT2 = r.importT2Wh;
		this.#lastExpT1 = r.exportT1Wh;
		this.#lastExpT2 = r.exportT2Wh;
		this.#lastImportW = r.importW;
		this.#lastExportW = r.exportW;
		this.#lastDemandW = r.demandW;
	}

	/** The meter's 1.4.0 for the open quarter ending at `end`, given the telegram `r` stamped `t` at or after the end. */
	#endDemand(end: number, r: Reading, t: number): number {
		if (t === end) return r.demandW;
		return end - this.#lastT <= BOUND_TOLERANCE_MS ? this.#lastDemandW : NaN; // after the end, 1.4.0 already counts the next quarter
	}

	/** The meter's 1.6.0 after the open quarter ending at `end` (the nearer telegram, as for the registers), given `r` stamped `t` at or after the end. */
	#endPeak(end: number, r: Reading, t: number): number {
		const dBefore = end - this.#lastT;
		const dAfter = t - end;
		const before = dBefore <= BOUND_TOLERANCE_MS;
		const after = dAfter === 0 || (dAfter <= BOUND_TOLERANCE_MS && !(before && dBefore <= dAfter));
		const w = after ? this.#monthPeakIn(r, this.#monthKey) : NaN;
		return w === w ? w : before ? this.#meterPeakW : NaN;
	}

	/** What `r` reports as the peak of month `key`: its 1.6.0 while that is the month's, else the month's 98.1.0 entry; NaN when neither. */
	#monthPeakIn(r: Reading, key: number): number {
		const w = r.monthPeakW,
			pt = r.monthPeakTime;
		if (w === w && pt === pt && this.#monthOf(pt - 1000) === key) return w;
		for (let i = 0; i < r.historyCount; i++) {
			const e = r.history[i];
			if (e.period === e.period && e.w === e.w && this.#monthOf(e.period - 1000) === key) return e.w;
		}
		return NaN;
	}

	#monthOf(utcMs: number): number {
		const lt = utcToLocal(utcMs, this.#lt);
		return monthIndex(lt.year, lt.month);
	}

	#meterPeaks(r: Reading, t: number): void {
		const w = r.monthPeakW;
		if (w === w) {
			const pt = r.monthPeakTime;
			// the stamp is the end of the peak quarter: one second earlier lies inside it, in its month
			const key = this.#monthOf(pt === pt ? pt - 1000 : t);
			if (this.#peaks.meter(key, w, pt)) this.#emitPeak(key);
		}
		for (let i = 0; i < r.historyCount; i++) {
			const e = r.history[i];
			if (!(e.period === e.period && e.w === e.w)) continue;
			const key = this.#monthOf(e.period - 1000); // stamped 00:00 on the 1st of the next month
			if (this.#peaks.history(key, e.w, e.time)) this.#emitPeak(key);
		}
	}

	#emitPeak(key: number): void {
		this.#onPeak?.call(this, this.#peaks.peak(key));
	}

	/** Opens quarter `block` with its begin registers from the telegram `impSide` / `expSide` name (`r` is the one after). */
	#openQuarter(block: number, r: Reading, impSide: number, expSide: number): void {
		this.#open = block;
		this.#start = block * QUARTER_MS;
		this.#id = quarterIdAt(this.#start, this.#lt);
		this.#monthKey = monthIndex(this.#lt.year, this.#lt.month);
		this.#beginImp = sideValue(impSide, this.#lastImp, r.importT1Wh + r.importT2Wh);
		this.#beginExp = sideValue(expSide, this.#lastExp, r.exportT1Wh + r.exportT2Wh);
		this.#beginImpT1 = sideValue(impSide, this.#lastImpT1, r.importT1Wh);
		this.#beginImpT2 = sideValue(impSide, this.#lastImpT2, r.importT2Wh);
		this.#beginExpT1 = sideValue(expSide, this.#lastExpT1, r.exportT1Wh);
		this.#beginExpT2 = sideValue(expSide, this.#lastExpT2, r.exportT2Wh);
		this.#impBroken = false;
		this.#expBroken = false;
		this.#samples = 0;
		this.#demandW = NaN;
		this.#meterPeakW = NaN;
		this.#slots.reset();
	}

	/** The open quarter's end registers from the telegram `impSide` / `expSide` name (`r` is the one after). */
	#setEnd(impSide: number, expSide: number, r: Reading): void {
		this.#endImp = sideValue(impSide, this.#lastImp, r.importT1Wh + r.importT2Wh);
		this.#endExp = sideValue(expSide, this.#lastExp, r.exportT1Wh + r.exportT2Wh);
		this.#endImpT1 = sideValue(impSide, this.#lastImpT1, r.importT1Wh);
		this.#endImpT2 = sideValue(impSide, this.#lastImpT2, r.importT2Wh);
		this.#endExpT1 = sideValue(expSide, this.#lastExpT1, r.exportT1Wh);
		this.#endExpT2 = sideValue(expSide, this.#lastExpT2, r.exportT2Wh);
	}

	/** Emits the open quarter with the end registers #setEnd() took and the meter's figures for it (NaN: unknown). */
	#close(demandW: number, peakW: number): void {
		const record = this.#record(true, demandW, peakW);
		this.#lastClosed = this.#open;
		this.#open = NaN;
		this.#id = NaN;
		const own = record.energy_avg_w;
		if (own !== null && record.meter_demand_w !== null) {
			this.#checkId = record.quarter_id;
			this.#checkOwn = own;
			this.#checkMeter = record.meter_demand_w;
		}
		this.#onClosed?.call(this, record);
		if (own !== null && this.#peaks.own(this.#monthKey, own, record.quarter_id)) this.#emitPeak(this.#monthKey);
	}

	/** The open quarter as a record; with `ended` false its end registers are unknown (still open). */
	#record(ended: boolean, demandW: number, peakW: number): QuarterRecord {
		const endImp = ended ? this.#endImp : NaN;
		const endExp = ended ? this.#endExp : NaN;
		const impKnown = !this.#impBroken && this.#beginImp === this.#beginImp && endImp === endImp;
		const expKnown = !this.#expBroken && this.#beginExp === this.#beginExp && endExp === endExp;
		return {
			quarter_id: this.#id,
			consumed_power_avg: this.#slots.consumedAverage(),
			begin_consumed_wh: n2j(this.#beginImp),
			begin_produced_wh: n2j(this.#beginExp),
			interval_secs: INTERVAL_SECS,
			consumed_power_interval_avgs: this.#slots.consumed(),
			produced_power_interval_avgs: this.#slots.produced(),
			start: isoUtc(this.#start),
			end: isoUtc(this.#start + QUARTER_MS),
			end_consumed_wh: n2j(endImp),
			end_produced_wh: n2j(endExp),
			energy_avg_w: impKnown ? Math.max(0, (endImp - this.#beginImp) * 4) : null,
			energy_produced_avg_w: expKnown ? Math.max(0, (endExp - this.#beginExp) * 4) : null,
			meter_demand_w: n2j(demandW),
			meter_month_peak_w: n2j(peakW),
			samples: this.#samples,
			complete: impKnown,
			begin_consumed_t1_wh: n2j(this.#beginImpT1),
			begin_consumed_t2_wh: n2j(this.#beginImpT2),
			begin_produced_t1_wh: n2j(this.#beginExpT1),
			begin_produced_t2_wh: n2j(this.#beginExpT2),
			end_consumed_t1_wh: ended ? n2j(this.#endImpT1) : null,
			end_consumed_t2_wh: ended ? n2j(this.#endImpT2) : null,
			end_produced_t1_wh: ended ? n2j(this.#endExpT1) : null,
			end_produced_t2_wh: ended ? n2j(this.#endExpT2) : null,
		};
	}

	/** Import energy of the open quarter so far, Wh: from the registers, else from the meter's 1.4.0; NaN when unknown. */
	#energySoFar(): number {
		if (!this.#impBroken && this.#beginImp === this.#beginImp && this.#lastImp === this.#lastImp)
			return this.#lastImp - this.#beginImp;
		return this.#demandW === this.#demandW ? this.#demandW / 4 : NaN;
	}

	/** The running quarter as a quarter file would hold it; energy_avg_w is the energy so far x 4 (as the meter's 1.4.0), end_* null. */
	current(): QuarterRecord | undefined {
		if (this.#open !== this.#open) return undefined;
		const rec = this.#record(false, this.#demandW, this.#meterPeakW);
		const e = this.#energySoFar();
		rec.energy_avg_w = e === e ? Math.max(0, e * 4) : null;
		const ex = this.#expBroken || this.#beginExp !== this.#beginExp ? NaN : this.#lastExp - this.#beginExp;
		rec.energy_produced_avg_w = ex === ex ? Math.max(0, ex * 4) : null;
		rec.complete = false;
		return rec;
	}

	/** Threshold of the allowance: the target when set, else the month's peak so far, at least 2500 W. */
	#threshold(key: number): number {
		if (this.#targetW > 0) return this.#targetW;
		let w = MINIMUM_PEAK_W;
		const own = this.#peaks.ownW(key);
		const meter = this.#peaks.meterW(key);
		if (own > w) w = own;
		if (meter > w) w = meter;
		return w;
	}

	#priceAndYear(year: number): { price: number; year: number | null } {
		if (this.#price === this.#price) return { price: this.#price, year: null };
		const t = capacityTariff(this.#area, year);
		return t ? { price: t.eurPerKwYear, year: t.year } : { price: NaN, year: null };
	}

	status(): QuarterStatus {
		const key = this.#currentMonth();
		const year = key === key ? Math.floor(key / 12) : Infinity; // no date yet: the newest tariff
		const threshold = this.#thresholdOf(key);
		let elapsed = NaN;
		let energy = NaN;
		let projection = NaN;
		let allowance = NaN;
		const open = this.#open === this.#open;
		if (open) {
			elapsed = (this.#lastT - this.#start) / 1000;
			const remaining = QUARTER_MS / 1000 - elapsed;
			energy = this.#energySoFar();
			if (energy === energy) {
				projection = this.#project(energy, remaining);
				const left = threshold / 4 - energy;
				allowance = remaining > 0 ? Math.max(0, Math.floor((left * 3600) / remaining)) : 0;
			}
		}
		const pricing = this.#priceAndYear(year);
		const capacity =
			key === key
				? this.#peaks.capacity(key, pricing.price)
				: { months: [], values_w: [], average_w: null, eur_per_kw_year: pricing.price, eur_per_year: null };
		const diff = this.#checkOwn - this.#checkMeter;
		return {
			quarter_id: n2j(this.#id),
			start: open ? isoUtc(this.#start) : null,
			end: open ? isoUtc(this.#start + QUARTER_MS) : null,
			elapsed_s: n2j(elapsed),
			energy_wh: n2j(energy),
			current_w: n2j(this.#lastImportW),
			current_export_w: n2j(this.#lastExportW),
			projection_w: n2j(projection),
			allowance_w: n2j(allowance),
			threshold_w: threshold,
			target_w: this.#targetW > 0 ? this.#targetW : null,
			month: key === key ? monthKeyOfIndex(key) : null,
			month_peak_own_w: key === key ? n2j(this.#peaks.ownW(key)) : null,
			month_peak_meter_w: key === key ? n2j(this.#peaks.meterW(key)) : null,
			meter_demand_w: open ? n2j(this.#lastDemandW) : null,
			meter_check:
				this.#checkId === this.#checkId
					? {
							quarter_id: this.#checkId,
							energy_avg_w: this.#checkOwn,
							meter_demand_w: this.#checkMeter,
							diff_w: diff,
							agree: Math.abs(diff) <= AGREE_W + AGREE_FRACTION * Math.max(this.#checkOwn, this.#checkMeter),
						}
					: null,
			capacity: {
				...capacity,
				eur_per_kw_year: pricing.price,
				area: this.#price === this.#price ? "custom" : this.#area,
				year: pricing.year,
			},
			counters: this.counters,
		};
	}

	get counters(): QuarterCounters {
		return {
			duplicates: this.#duplicates,
			out_of_order: this.#outOfOrder,
			no_time: this.#noTime,
			gaps: this.#gaps,
			clock_back: this.#clockBack,
			register_breaks: this.#registerBreaks,
			skipped: this.#skipped,
		};
	}

	/** Id of the open quarter, NaN when none. */
	get quarterId(): number {
		return this.#id;
	}

	/** status().projection_w without building the status (the peak warning steps on it every telegram); NaN when unknown. */
	projectionW(): number {
		if (this.#open !== this.#open) return NaN;
		const energy = this.#energySoFar();
		return energy === energy ? this.#project(energy, QUARTER_MS / 1000 - (this.#lastT - this.#start) / 1000) : NaN;
	}

	/** status().threshold_w without building the status. */
	thresholdW(): number {
		return this.#thresholdOf(this.#currentMonth());
	}

	/** The open quarter's month, else the last telegram's; NaN before any. */
	#currentMonth(): number {
		return this.#open === this.#open ? this.#monthKey : this.#lastT === this.#lastT ? this.#monthOf(this.#lastT) : NaN;
	}

	/** The quarter's expected average if the last power holds for the `remaining` seconds, W. */
	#project(energyWh: number, remaining: number): number {
		const w = this.#lastImportW === this.#lastImportW ? this.#lastImportW : 0;
		return Math.round((energyWh + (w * remaining) / 3600) * 4);
	}

	#thresholdOf(key: number): number {
		return key === key ? this.#threshold(key) : this.#targetW > 0 ? this.#targetW : MINIMUM_PEAK_W;
	}

	/** UTC ms of the newest telegram taken in (NaN before the first): where a restart resumes. */
	get lastTime(): number {
		return this.#lastT;
	}

	/** Every month peak held (up to 15 months), oldest first: what History keeps in flash. */
	monthPeaks(): MonthPeak[] {
		return this.#peaks.all();
	}

	/** Month `key`'s own, 1.6.0 and 98.1.0 figures kept apart, into `out`; false when the month is not held. */
	peakSources(key: number, out: PeakSources): boolean {
		return this.#peaks.sources(key, out);
	}

	/**
	 * Seeds the month peaks from what History kept in flash, for a boot without a usable
	 * checkpoint: the month's own peak must not restart from zero after a lost checkpoint.
	 * Values already held win only where they are higher.
	 */
	adoptMonthPeaks(peaks: readonly MonthPeak[]): void {
		for (let i = 0; i < peaks.length; i++) {
			const p = peaks[i];
			const year = Number(p.month.slice(0, 4)),
				month = Number(p.month.slice(5, 7));
			if (!(year > 2000 && month >= 1 && month <= 12)) continue;
			const key = monthIndex(year, month);
			if (p.own_w !== null && p.own_quarter_id !== null) this.#peaks.own(key, p.own_w, p.own_quarter_id);
			if (p.meter_w !== null) this.#peaks.meter(key, p.meter_w, p.meter_time === null ? NaN : Date.parse(p.meter_time));
		}
	}

	/**
	 * Small JSON-able state: with restore() a restart resumes the open quarter exactly. Format 2:
	 * named fields; a field at its default (null, false, 0) is left out, as the device writes it
	 * to flash every minute.
	 */
	checkpoint(): object {
		const cp: Record<string, unknown> = { v: CHECKPOINT_VERSION };
		if (this.#open === this.#open) {
			const q: Record<string, unknown> = {
				block: this.#open,
				beginImpWh: n2j(this.#beginImp),
				beginExpWh: n2j(this.#beginExp),
				samples: this.#samples,
				demandW: n2j(this.#demandW),
				peakW: n2j(this.#meterPeakW),
				slots: this.#slots.toJSON(),
				beginImpT1Wh: n2j(this.#beginImpT1),
				beginImpT2Wh: n2j(this.#beginImpT2),
				beginExpT1Wh: n2j(this.#beginExpT1),
				beginExpT2Wh: n2j(this.#beginExpT2),
			};
			if (this.#impBroken) q.impBroken = true;
			if (this.#expBroken) q.expBroken = true;
			cp.quarter = q;
		}
		if (Number.isFinite(this.#lastClosed)) cp.closed = this.#lastClosed;
		if (this.#lastT === this.#lastT) {
			cp.last = {
				t: this.#lastT,
				impWh: n2j(this.#lastImp),
				expWh: n2j(this.#lastExp),
				importW: n2j(this.#lastImportW),
				exportW: n2j(this.#lastExportW),
				demandW: n2j(this.#lastDemandW),
				impT1Wh: n2j(this.#lastImpT1),
				impT2Wh: n2j(this.#lastImpT2),
				expT1Wh: n2j(this.#lastExpT1),
				expT2Wh: n2j(this.#lastExpT2),
			};
		}
		if (this.#backRun > 0) cp.back = { run: this.#backRun, t: n2j(this.#backT) };
		if (this.#checkId === this.#checkId)
			cp.check = { quarterId: this.#checkId, ownW: this.#checkOwn, meterW: this.#checkMeter };
		const counters = this.counters as unknown as Record<string, number>;
		const nonZero: Record<string, number> = {};
		let any = false;
		for (let i = 0; i < COUNTER_NAMES.length; i++) {
			const k = COUNTER_NAMES[i];
			if (counters[k]) {
				nonZero[k] = counters[k];
				any = true;
			}
		}
		if (any) cp.counters = nonZero;
		cp.months = this.#peaks.toJSON();
		return cp;
	}

	/**
	 * Resumes from a checkpoint() of this format or of format 1 (throws "bad checkpoint" when it is
	 * neither). A quarter that has ended since closes on the next telegram. Returns the format read,
	 * so the caller can write an old one again in the current format.
	 */
	restore(cp: object): number {
		let c = cp as Record<string, unknown>;
		if (!c || typeof c !== "object") throw new Error("bad checkpoint");
		const version = c.v;
		if (version === 1) c = checkpointFromV1(c);
		else if (version !== CHECKPOINT_VERSION) throw new Error("bad checkpoint");
		const q = part(c.quarter);
		const last = part(c.last);
		const back = part(c.back);
		const check = part(c.check);
		const counters = part(c.counters);
		const open = q ? j2n(q.block) : NaN;
		if (q && (!Number.isInteger(open) || !slotsJsonOk(q.slots))) throw new Error("bad checkpoint");
		this.#slots.reset();
		if (q) {
			this.#slots.load(q.slots as SlotsJSON);
			this.#open = open;
			this.#start = open * QUARTER_MS;
			this.#id = quarterIdAt(this.#start, this.#lt);
			this.#monthKey = monthIndex(this.#lt.year, this.#lt.month);
		} else {
			this.#open = NaN;
			this.#id = NaN;
			this.#start = NaN;
			this.#monthKey = NaN;
		}
		this.#beginImp = j2n(q?.beginImpWh);
		this.#beginExp = j2n(q?.beginExpWh);
		// per-tariff registers came with a later firmware: without them they are unknown
		this.#beginImpT1 = j2n(q?.beginImpT1Wh);
		this.#beginImpT2 = j2n(q?.beginImpT2Wh);
		this.#beginExpT1 = j2n(q?.beginExpT1Wh);
		this.#beginExpT2 = j2n(q?.beginExpT2Wh);
		this.#impBroken = q?.impBroken === true;
		this.#expBroken = q?.expBroken === true;
		this.#samples = j2n(q?.samples) || 0;
		this.#demandW = j2n(q?.demandW);
		this.#meterPeakW = j2n(q?.peakW);
		const closed = j2n(c.closed);
		this.#lastClosed = closed === closed ? closed : -Infinity;
		this.#lastT = j2n(last?.t);
		this.#lastImp = j2n(last?.impWh);
		this.#lastExp = j2n(last?.expWh);
		this.#lastImpT1 = j2n(last?.impT1Wh);
		this.#lastImpT2 = j2n(last?.impT2Wh);
		this.#lastExpT1 = j2n(last?.expT1Wh);
		this.#lastExpT2 = j2n(last?.expT2Wh);
		this.#lastImportW = j2n(last?.importW);
		this.#lastExportW = j2n(last?.exportW);
		this.#lastDemandW = j2n(last?.demandW);
		this.#backRun = j2n(back?.run) || 0;
		this.#backT = j2n(back?.t);
		this.#checkId = j2n(check?.quarterId);
		this.#checkOwn = j2n(check?.ownW);
		this.#checkMeter = j2n(check?.meterW);
		const count = (k: string) => j2n(counters?.[k]) || 0;
		this.#duplicates = count("duplicates");
		this.#outOfOrder = count("out_of_order");
		this.#noTime = count("no_time");
		this.#gaps = count("gaps");
		this.#clockBack = count("clock_back");
		this.#registerBreaks = count("register_breaks");
		this.#skipped = count("skipped");
		this.#peaks.load(c.months);
		return version;
	}
}

/** An optional object part of a checkpoint: undefined when absent, "bad checkpoint" when not an object. */
function part(v: unknown): Record<string, unknown> | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== "object" || Array.isArray(v)) throw new Error("bad checkpoint");
	return v as Record<string, unknown>;
}
