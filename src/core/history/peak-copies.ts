// The month peaks in flash: two copies that take turns, each written atomically and numbered, so
// even a copy destroyed at rest leaves the other; the year summaries on the card are the last
// resort. Keeps the newest copy in memory, so an unchanged set is not written again.

import type { FileStore } from "../ports";
import type { MonthPeak } from "../quarters/records";
import { writeAtomic } from "./atomic";
import type { RecoveryReport } from "./report";
import { note, setAsideReported } from "./report";
import type { PeaksCopy } from "./state-files";
import { PEAKS_PATHS, PEAKS_VERSION, peaksFromText, peaksOk, peaksText } from "./state-files";

/** A valid copy and the slot (index in PEAKS_PATHS) it was read from. */
export interface SlotCopy {
	copy: PeaksCopy;
	slot: number;
}

export class PeakCopies {
	#state: FileStore;
	#fromCard: () => MonthPeak[];
	#peaks: MonthPeak[] | undefined;
	#json = "";
	#seq = -1;
	#slot = -1;

	/** `fromCard`: the peaks rebuilt from the card, when neither copy in flash is usable. */
	constructor(state: FileStore, fromCard: () => MonthPeak[]) {
		this.#state = state;
		this.#fromCard = fromCard;
	}

	write(peaks: readonly MonthPeak[]): void {
		if (!peaksOk(peaks)) throw new TypeError("bad peaks");
		if (this.#peaks === undefined) this.read();
		const json = JSON.stringify(peaks);
		if (json === this.#json && this.#slot >= 0) return;
		const seq = this.#seq + 1;
		const slot = this.#slot === 0 ? 1 : 0;
		writeAtomic(this.#state, PEAKS_PATHS[slot], peaksText(seq, peaks));
		this.#use(JSON.parse(json) as MonthPeak[], json, seq, slot);
	}

	/** The newer valid copy in flash, else rebuilt from the card ([] when nothing is known). */
	read(): MonthPeak[] {
		if (this.#peaks === undefined) {
			const best = this.#newest(undefined);
			if (best) this.#useCopy(best);
			else {
				let peaks: MonthPeak[];
				try {
					peaks = this.#fromCard();
				} catch {
					return []; // no card (yet): nothing known, and the card is asked again next time
				}
				this.#use(peaks, JSON.stringify(peaks), -1, -1);
			}
		}
		return (this.#peaks as MonthPeak[]).slice();
	}

	/** Whatever is known, without the card fallback (that reads the summaries being written): for the meter's peak in month summaries. */
	known(): MonthPeak[] | undefined {
		if (this.#peaks === undefined) {
			const best = this.#newest(undefined);
			if (!best) return undefined;
			this.#useCopy(best);
		}
		return this.#peaks;
	}

	/** Boot, first: drops what is in memory and takes the newest valid copy, setting bad copies aside. */
	load(r: RecoveryReport): SlotCopy | undefined {
		this.#peaks = undefined;
		const best = this.#newest(r);
		if (best) this.#useCopy(best);
		return best;
	}

	/** Boot, last: rewrites a missing or bad copy from the survivor `best`, or both from the card when there was none. */
	repair(best: SlotCopy | undefined, r: RecoveryReport): void {
		const state = this.#state;
		if (best) {
			r.peaks = "ok";
			const other = best.slot === 0 ? 1 : 0;
			const otherText = state.read(PEAKS_PATHS[other]);
			if (peaksFromText(otherText) === undefined) {
				const seq = best.copy.seq + 1;
				writeAtomic(state, PEAKS_PATHS[other], peaksText(seq, best.copy.peaks));
				this.#seq = seq;
				this.#slot = other;
				// after the very first write the second copy was never made: that is no damage to report
				if (otherText === undefined && best.copy.seq === 0) return;
				r.peaks = "repaired";
				note(r, "peaks: rewrote " + PEAKS_PATHS[other] + " from " + PEAKS_PATHS[best.slot]);
			}
			if (best.copy.v !== PEAKS_VERSION || peaksFromText(state.read(PEAKS_PATHS[other]))?.v !== PEAKS_VERSION) {
				// an older firmware's format: both copies once again in this one, the newer last
				for (let k = 1; k <= 2; k++) {
					const slot = this.#slot === 0 ? 1 : 0;
					const seq = this.#seq + 1;
					writeAtomic(state, PEAKS_PATHS[slot], peaksText(seq, best.copy.peaks));
					this.#seq = seq;
					this.#slot = slot;
				}
				note(r, "peaks: rewrote both copies in format " + PEAKS_VERSION);
			}
			return;
		}
		const peaks = this.#fromCard();
		const json = JSON.stringify(peaks);
		this.#use(peaks, json, -1, -1);
		if (peaks.length === 0) return;
		for (let slot = 0; slot < PEAKS_PATHS.length; slot++) writeAtomic(state, PEAKS_PATHS[slot], peaksText(slot, peaks));
		this.#use(peaks, json, PEAKS_PATHS.length - 1, PEAKS_PATHS.length - 1);
		r.peaks = "rebuilt";
		note(r, "peaks: rebuilt " + peaks.length + " months from the year summaries");
	}

	/** The newer valid copy; with a report, copies that do not validate are set aside. */
	#newest(r: RecoveryReport | undefined): SlotCopy | undefined {
		let best: SlotCopy | undefined;
		for (let slot = 0; slot < PEAKS_PATHS.length; slot++) {
			const text = this.#state.read(PEAKS_PATHS[slot]);
			const copy = peaksFromText(text);
			if (copy) {
				if (!best || copy.seq > best.copy.seq) best = { copy, slot };
			} else if (text !== undefined && r)
				setAsideReported(this.#state, PEAKS_PATHS[slot], "peaks copy does not validate", r);
		}
		return best;
	}

	#useCopy(best: SlotCopy): void {
		this.#use(best.copy.peaks, JSON.stringify(best.copy.peaks), best.copy.seq, best.slot);
	}

	#use(peaks: MonthPeak[], json: string, seq: number, slot: number): void {
		this.#peaks = peaks;
		this.#json = json;
		this.#seq = seq;
		this.#slot = slot;
	}
}

Object.freeze(PeakCopies.prototype);
