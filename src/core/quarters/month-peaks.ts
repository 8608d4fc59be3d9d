// Monthly peaks from three sources, kept per Brussels month in a small ring of typed arrays:
// our own closed quarters, the meter's running 1-0:1.6.0 and its 13-month history 0-0:98.1.0.
// The capacity tariff is billed on the meter's values, so for the estimate the history wins,
// then 1.6.0, then our own figure.

import { isoUtc } from "../time/iso";
import { monthKeyOfIndex } from "../time/keys";
import { nanToNull as jnum, numberOrNaN as num } from "../util/values";
import type { MonthPeak } from "./records";
import { MINIMUM_PEAK_W } from "./tariffs";

const RING = 15; // 13 months of history + the running month + one spare across a rollover

export interface CapacityEstimate {
	/** Months used, oldest first ("YYYY-MM"), at most 12, only months with a known peak. */
	months: string[];
	/** Their peaks, W, each floored at 2500 W. */
	values_w: number[];
	/** Average of values_w, W; null without any month. */
	average_w: number | null;
	eur_per_kw_year: number;
	/** average (kW) x price, EUR per year, rounded to cents; null without any month. */
	eur_per_year: number | null;
}

/** The three figures of one month kept apart (NaN = not known): what the capacity view reconciles. */
export interface PeakSources {
	ownW: number;
	ownQuarterId: number;
	/** The last 1-0:1.6.0 and the end of its quarter, UTC ms. */
	meterW: number;
	meterT: number;
	/** The month's 0-0:98.1.0 entry and the end of its peak quarter, UTC ms. */
	historyW: number;
	historyT: number;
}

export function newPeakSources(): PeakSources {
	return { ownW: NaN, ownQuarterId: NaN, meterW: NaN, meterT: NaN, historyW: NaN, historyT: NaN };
}

/** MonthPeaks in a checkpoint: one column per field, index i = i-th month held (oldest first). */
export interface MonthPeaksJSON {
	/** Month keys (monthKey()). */
	key: number[];
	ownW: (number | null)[];
	ownQuarterId: (number | null)[];
	/** The last 1-0:1.6.0 and the end of its quarter, UTC seconds. */
	meterW: (number | null)[];
	meterS: (number | null)[];
	/** The month's 0-0:98.1.0 entry and the end of its peak quarter, UTC seconds. */
	historyW: (number | null)[];
	historyS: (number | null)[];
}

export class MonthPeaks {
	#key = new Float64Array(RING).fill(NaN);
	#ownW = new Float64Array(RING).fill(NaN);
	#ownId = new Float64Array(RING).fill(NaN);
	#meterW = new Float64Array(RING).fill(NaN);
	#meterT = new Float64Array(RING).fill(NaN);
	#histW = new Float64Array(RING).fill(NaN);
	#histT = new Float64Array(RING).fill(NaN);
	#newest = -Infinity;

	/** Ring index for a month, claiming (and clearing) the slot for a newer month; -1 when too old to keep. */
	#slot(key: number): number {
		if (key <= this.#newest - RING) return -1;
		if (key > this.#newest) this.#newest = key;
		const i = key % RING;
		if (this.#key[i] !== key) {
			if (this.#key[i] > key) return -1;
			this.#key[i] = key;
			this.#ownW[i] = NaN;
			this.#ownId[i] = NaN;
			this.#meterW[i] = NaN;
			this.#meterT[i] = NaN;
			this.#histW[i] = NaN;
			this.#histT[i] = NaN;
		}
		return i;
	}

	#find(key: number): number {
		const i = key % RING;
		return this.#key[i] === key ? i : -1;
	}

	/** A closed quarter's energy average; true when it raised the month's own peak. */
	own(key: number, w: number, id: number): boolean {
		const i = this.#slot(key);
		if (i < 0 || !(w > this.#ownW[i] || this.#ownW[i] !== this.#ownW[i])) return false;
		this.#ownW[i] = w;
		this.#ownId[i] = id;
		return true;
	}

	/** The meter's 1-0:1.6.0; true when it changed. */
	meter(key: number, w: number, time: number): boolean {
		return this.#put(this.#meterW, this.#meterT, key, w, time);
	}

	/** A 0-0:98.1.0 entry (the meter's final peak of a past month); true when it changed. */
	history(key: number, w: number, time: number): boolean {
		return this.#put(this.#histW, this.#histT, key, w, time);
	}

	/** Stores a meter-reported peak and its time (NaN = none) unless it is already held. */
	#put(ws: Float64Array, ts: Float64Array, key: number, w: number, time: number): boolean {
		const i = this.#slot(key);
		if (i < 0 || (ws[i] === w && (ts[i] === time || (time !== time && ts[i] !== ts[i])))) return false;
		ws[i] = w;
		ts[i] = time;
		return true;
	}

	ownW(key: number): number {
		const i = this.#find(key);
		return i < 0 ? NaN : this.#ownW[i];
	}

	/** The meter's view of the month: its 98.1.0 final value when known, else the last 1.6.0. */
	meterW(key: number): number {
		const i = this.#find(key);
		if (i < 0) return NaN;
		return this.#histW[i] === this.#histW[i] ? this.#histW[i] : this.#meterW[i];
	}

	/** The value the grid operator is expected to bill for the month: meter first, own quarters as fallback. */
	billedW(key: number): number {
		const m = this.meterW(key);
		return m === m ? m : this.ownW(key);
	}

	peak(key: number): MonthPeak {
		const i = this.#find(key);
		const hist = i >= 0 && this.#histW[i] === this.#histW[i];
		const mt = i < 0 ? NaN : hist ? this.#histT[i] : this.#meterT[i];
		return {
			month: monthKeyOfIndex(key),
			own_w: i < 0 ? null : jnum(this.#ownW[i]),
			own_quarter_id: i < 0 ? null : jnum(this.#ownId[i]),
			meter_w: i < 0 ? null : jnum(hist ? this.#histW[i] : this.#meterW[i]),
			meter_time: mt === mt ? isoUtc(mt) : null,
		};
	}

	/** Fills `out` (reused: no garbage per request) with month `key`'s figures; false (all NaN) when the month is not held. */
	sources(key: number, out: PeakSources): boolean {
		const i = this.#find(key);
		out.ownW = i < 0 ? NaN : this.#ownW[i];
		out.ownQuarterId = i < 0 ? NaN : this.#ownId[i];
		out.meterW = i < 0 ? NaN : this.#meterW[i];
		out.meterT = i < 0 ? NaN : this.#meterT[i];
		out.historyW = i < 0 ? NaN : this.#histW[i];
		out.historyT = i < 0 ? NaN : this.#histT[i];
		return i >= 0;
	}

	/** Every month held, oldest first. */
	all(): MonthPeak[] {
		const keys: number[] = [];
		for (let i = 0; i < RING; i++) if (this.#key[i] === this.#key[i]) keys.push(this.#key[i]);
		keys.sort((a, b) => a - b);
		return keys.map((k) => this.peak(k));
	}

	/** Capacity-tariff estimate over the 12 months ending with `key`, at `price` EUR/kW/year. */
	capacity(key: number, price: number): CapacityEstimate {
		const months: string[] = [];
		const values: number[] = [];
		let sum = 0;
		for (let k = key - 11; k <= key; k++) {
			const w = this.billedW(k);
			if (w !== w) continue;
			const v = Math.max(w, MINIMUM_PEAK_W);
			months.push(monthKeyOfIndex(k));
			values.push(v);
			sum += v;
		}
		const avg = values.length ? sum / values.length : NaN;
		return {
			months,
			values_w: values,
			average_w: avg === avg ? Math.round(avg) : null,
			eur_per_kw_year: price,
			eur_per_year: avg === avg ? Math.round((avg / 1000) * price * 100) / 100 : null,
		};
	}

	/** The months held as named columns (checkpoint format 2), one entry per month, oldest first; times in whole seconds. */
	toJSON(): MonthPeaksJSON {
		const json: MonthPeaksJSON = {
			key: [],
			ownW: [],
			ownQuarterId: [],
			meterW: [],
			meterS: [],
			historyW: [],
			historyS: [],
		};
		const newest = this.#newest;
		if (newest === -Infinity) return json;
		for (let k = newest - RING + 1; k <= newest; k++) {
			const i = this.#find(k);
			if (i < 0) continue;
			json.key.push(k);
			json.ownW.push(jnum(this.#ownW[i]));
			json.ownQuarterId.push(jnum(this.#ownId[i]));
			json.meterW.push(jnum(this.#meterW[i]));
			json.meterS.push(jnum(this.#meterT[i] / 1000));
			json.historyW.push(jnum(this.#histW[i]));
			json.historyS.push(jnum(this.#histT[i] / 1000));
		}
		return json;
	}

	/** Replaces the months held with a toJSON() value, or with the positional rows of checkpoint format 1. */
	load(json: unknown): void {
		this.#key.fill(NaN);
		this.#newest = -Infinity;
		if (Array.isArray(json)) {
			for (const r of json) if (Array.isArray(r)) this.#loadMonth(r[0], r[1], r[2], r[3], num(r[4]), r[5], num(r[6])); // [key, ownW, ownId, meterW, meterMs, histW, histMs]
			return;
		}
		if (typeof json !== "object" || json === null) return;
		const c = json as Record<string, unknown>;
		const col = (name: string, i: number): unknown => (Array.isArray(c[name]) ? (c[name] as unknown[])[i] : null);
		const keys = Array.isArray(c.key) ? c.key : [];
		for (let i = 0; i < keys.length; i++)
			this.#loadMonth(
				keys[i],
				col("ownW", i),
				col("ownQuarterId", i),
				col("meterW", i),
				num(col("meterS", i)) * 1000,
				col("historyW", i),
				num(col("historyS", i)) * 1000,
			);
	}

	#loadMonth(
		key: unknown,
		ownW: unknown,
		ownId: unknown,
		meterW: unknown,
		meterT: number,
		histW: unknown,
		histT: number,
	): void {
		if (typeof key !== "number" || !Number.isInteger(key)) return;
		const i = this.#slot(key);
		if (i < 0) return;
		this.#ownW[i] = num(ownW);
		this.#ownId[i] = num(ownId);
		this.#meterW[i] = num(meterW);
		this.#meterT[i] = meterT;
		this.#histW[i] = num(histW);
		this.#histT[i] = histT;
	}
}
