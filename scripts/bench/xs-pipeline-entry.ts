// Bundled by xs-pipeline.mjs. In Node (before lockdown) it generates the simulated day; in XS it
// runs parse + quarters on it: Framer -> parseTelegram into one reused Reading ->
// QuarterEngine.update, exactly the Monitor's per-telegram path without the History.

import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import { QuarterEngine } from "../../src/core/quarters/engine";
import { SimMeter } from "../../src/sim/meter";

/**
 * `count` telegrams from `start` as one block per `per` telegrams:
 * [u32 n][u32 offsets x (n + 1)][telegram bytes...], the layout Pipe.hour() reads.
 */
export function generateBlocks(start: number, seed: number, count: number, per: number): Uint8Array[] {
	const meter = new SimMeter({ start, seed });
	const blocks: Uint8Array[] = [];
	for (let first = 0; first < count; first += per) {
		const n = Math.min(per, count - first);
		const parts: Uint8Array[] = [];
		let size = 0;
		for (let i = 0; i < n; i++) {
			const t = meter.next().slice();
			parts.push(t);
			size += t.length;
		}
		const head = 4 * (n + 2);
		const block = new Uint8Array(head + size);
		const words = new Uint32Array(block.buffer, 0, n + 2);
		words[0] = n;
		let at = 0;
		for (let i = 0; i < n; i++) {
			words[1 + i] = at;
			block.set(parts[i], head + at);
			at += parts[i].length;
		}
		words[1 + n] = at;
		blocks.push(block);
	}
	return blocks;
}

interface Block {
	bytes: Uint8Array;
	offsets: Uint32Array;
	n: number;
}

function openBlock(buffer: ArrayBuffer): Block {
	const n = new Uint32Array(buffer, 0, 1)[0];
	return { n, offsets: new Uint32Array(buffer, 4, n + 1), bytes: new Uint8Array(buffer, 4 * (n + 2)) };
}

export class Pipe {
	reading = newReading();
	quarters = 0;
	peaks = 0;
	frames = 0;
	engine = new QuarterEngine({
		onQuarterClosed: () => void this.quarters++,
		onMonthPeak: () => void this.peaks++,
	});
	framer = new Framer({
		onFrame: (f) => {
			this.frames++;
			if (f.crc === "invalid") return;
			const r = parseTelegram(f.bytes, f.start, f.end, f.crc, this.reading);
			if (this.#quarters) this.engine.update(r);
		},
	});
	#quarters: boolean;

	/** `quarters` false: parse only (the Reading is filled, the engine not fed), to split the cost. */
	constructor(quarters = true) {
		this.#quarters = quarters;
	}

	/** Telegram views of a loaded block, made before the measured deliveries. */
	#views: Uint8Array[] = [];
	#next = 0;

	/** Loads a block as ready-made views, so run() allocates nothing of its own. */
	load(buffer: ArrayBuffer): number {
		const b = openBlock(buffer);
		this.#views = [];
		for (let i = 0; i < b.n; i++) this.#views.push(b.bytes.subarray(b.offsets[i], b.offsets[i + 1]));
		this.#next = 0;
		return b.n;
	}

	/** The next n telegrams of the loaded block, one push each (what the measured deliveries run). */
	run(n: number): void {
		const views = this.#views;
		for (let i = 0; i < n; i++) this.framer.push(views[this.#next++]);
	}

	skip(n: number): void {
		this.run(n);
	}

	get cursor(): number {
		return this.#next;
	}

	/** A whole block, one push per telegram through a view made on the spot (collected with the block). */
	block(buffer: ArrayBuffer): number {
		const b = openBlock(buffer);
		for (let i = 0; i < b.n; i++) this.framer.push(b.bytes.subarray(b.offsets[i], b.offsets[i + 1]));
		return b.n;
	}

	state(): string {
		const s = this.engine.status();
		return JSON.stringify({
			quarters: this.quarters,
			peaks: this.peaks,
			frames: this.frames,
			counters: s.counters,
			month_peak_own_w: s.month_peak_own_w,
		});
	}
}
