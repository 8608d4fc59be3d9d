// The 180 five-second slots of one quarter: running sums and counts in typed arrays allocated
// once, so adding a telegram creates nothing. Means are only computed when a record is built.

import { SLOTS } from "./records";

/**
 * The slots in a checkpoint (format 2): sums and counts per slot, up to the last slot with data.
 * A count list is a string of one digit per slot while no count passes 9 (a telegram a second
 * gives 5), else an array; producedCount is left out when it equals consumedCount (a Fluvius
 * meter sends 1.7.0 and 2.7.0 in every telegram). The checkpoint is written every minute.
 */
export interface SlotsJSON {
	consumedSum: number[];
	consumedCount: string | number[];
	producedSum: number[];
	producedCount?: string | number[];
}

/** Format 1 (before checkpoint version 2): the same as four arrays. */
export interface SlotsJSONv1 {
	cs: number[];
	cn: number[];
	ps: number[];
	pn: number[];
}

function countsJson(counts: Uint16Array): string | number[] {
	let text = "";
	for (let i = 0; i < counts.length; i++) {
		if (counts[i] > 9) return Array.from(counts);
		text += counts[i];
	}
	return text;
}

function countAt(counts: string | number[], i: number): number {
	return typeof counts === "string" ? counts.charCodeAt(i) - 48 : +counts[i];
}

function validCounts(v: unknown): v is string | number[] {
	if (typeof v === "string") return /^[0-9]*$/.test(v);
	return Array.isArray(v);
}

/** True when `v` is slots JSON of either format. */
export function slotsJsonOk(v: unknown): v is SlotsJSON | SlotsJSONv1 {
	if (typeof v !== "object" || v === null) return false;
	const s = v as Record<string, unknown>;
	if (Array.isArray(s.cs)) return Array.isArray(s.cn) && Array.isArray(s.ps) && Array.isArray(s.pn);
	return (
		Array.isArray(s.consumedSum) &&
		Array.isArray(s.producedSum) &&
		validCounts(s.consumedCount) &&
		(s.producedCount === undefined || validCounts(s.producedCount))
	);
}

export class Slots {
	#cSum = new Float64Array(SLOTS);
	#cCount = new Uint16Array(SLOTS);
	#pSum = new Float64Array(SLOTS);
	#pCount = new Uint16Array(SLOTS);
	#used = 0; // 1 + the highest slot holding data

	reset(): void {
		this.#cSum.fill(0);
		this.#cCount.fill(0);
		this.#pSum.fill(0);
		this.#pCount.fill(0);
		this.#used = 0;
	}

	/** Adds one telegram's powers (W, NaN when not sent) to a slot 0..179. */
	add(slot: number, consumedW: number, producedW: number): void {
		if (!(slot >= 0 && slot < SLOTS)) return;
		let any = false;
		if (consumedW === consumedW && this.#cCount[slot] < 65535) {
			this.#cSum[slot] += consumedW;
			this.#cCount[slot]++;
			any = true;
		}
		if (producedW === producedW && this.#pCount[slot] < 65535) {
			this.#pSum[slot] += producedW;
			this.#pCount[slot]++;
			any = true;
		}
		if (any && slot >= this.#used) this.#used = slot + 1;
	}

	get used(): number {
		return this.#used;
	}

	/**
	 * Mean consumed power per slot (W, to the nearest watt), null without data; trailing empty
	 * slots left out. The original firmware truncated (integer division), which puts every mean
	 * up to 1 W low; the nearest watt is the unbiased figure, and a file reads the same either way.
	 */
	consumed(): (number | null)[] {
		const out: (number | null)[] = [];
		for (let i = 0; i < this.#used; i++) out.push(this.#cCount[i] ? Math.round(this.#cSum[i] / this.#cCount[i]) : null);
		return out;
	}

	/** Mean produced power per slot as a negative number (the original's convention), null without data. */
	produced(): (number | null)[] {
		const out: (number | null)[] = [];
		for (let i = 0; i < this.#used; i++) {
			if (!this.#pCount[i]) {
				out.push(null);
				continue;
			}
			const w = Math.round(this.#pSum[i] / this.#pCount[i]);
			out.push(w === 0 ? 0 : -w); // never -0 in JSON or comparisons
		}
		return out;
	}

	/** Rounded mean of the slot means of the slots with consumption data (the original's consumed_power_avg); 0 without any. */
	consumedAverage(): number {
		let sum = 0;
		let n = 0;
		for (let i = 0; i < this.#used; i++) {
			if (!this.#cCount[i]) continue;
			sum += Math.round(this.#cSum[i] / this.#cCount[i]);
			n++;
		}
		return n ? Math.round(sum / n) : 0;
	}

	toJSON(): SlotsJSON {
		const n = this.#used;
		const cn = countsJson(this.#cCount.subarray(0, n));
		const pn = countsJson(this.#pCount.subarray(0, n));
		const json: SlotsJSON = {
			consumedSum: Array.from(this.#cSum.subarray(0, n)),
			consumedCount: cn,
			producedSum: Array.from(this.#pSum.subarray(0, n)),
		};
		if (typeof cn !== "string" || cn !== pn) json.producedCount = pn;
		return json;
	}

	/** Loads slots JSON of either format (check it with slotsJsonOk first). */
	load(json: SlotsJSON | SlotsJSONv1): void {
		this.reset();
		const v1 = "cs" in json;
		const cs = v1 ? json.cs : json.consumedSum;
		const cn = v1 ? json.cn : json.consumedCount;
		const ps = v1 ? json.ps : json.producedSum;
		const pn = v1 ? json.pn : (json.producedCount ?? json.consumedCount);
		const n = Math.min(SLOTS, cs.length, cn.length, ps.length, pn.length);
		for (let i = 0; i < n; i++) {
			this.#cSum[i] = +cs[i] || 0;
			this.#cCount[i] = countAt(cn, i) || 0;
			this.#pSum[i] = +ps[i] || 0;
			this.#pCount[i] = countAt(pn, i) || 0;
			if (this.#cCount[i] || this.#pCount[i]) this.#used = i + 1;
		}
	}
}
