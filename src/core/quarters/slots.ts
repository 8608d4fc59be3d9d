// The 180 five-second slots of one quarter: running sums and counts in typed arrays allocated
// once, so adding a telegram creates nothing. Means are only computed when a record is built.

import { SLOTS } from "./records";

export interface SlotsJSON {
	/** Consumed sum, consumed count, produced sum, produced count per slot, up to the last slot with data. */
	cs: number[];
	cn: number[];
	ps: number[];
	pn: number[];
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

	/** Mean consumed power per slot (rounded W), null without data; trailing empty slots left out. */
	consumed(): (number | null)[] {
		const out: (number | null)[] = [];
		for (let i = 0; i < this.#used; i++)
			out.push(this.#cCount[i] ? Math.round(this.#cSum[i] / this.#cCount[i]) : null);
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
		return {
			cs: Array.from(this.#cSum.subarray(0, n)),
			cn: Array.from(this.#cCount.subarray(0, n)),
			ps: Array.from(this.#pSum.subarray(0, n)),
			pn: Array.from(this.#pCount.subarray(0, n)),
		};
	}

	load(json: SlotsJSON): void {
		this.reset();
		const n = Math.min(SLOTS, json.cs.length, json.cn.length, json.ps.length, json.pn.length);
		for (let i = 0; i < n; i++) {
			this.#cSum[i] = +json.cs[i] || 0;
			this.#cCount[i] = +json.cn[i] || 0;
			this.#pSum[i] = +json.ps[i] || 0;
			this.#pCount[i] = +json.pn[i] || 0;
			if (this.#cCount[i] || this.#pCount[i]) this.#used = i + 1;
		}
	}
}
