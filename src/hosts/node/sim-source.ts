// The simulated meter as a byte source for the PC host: one telegram per simulated second,
// `speed` times faster than real time, optionally cut into the uneven chunks a UART and a
// USB serial driver deliver.

import type { ByteSource } from "../../core/ports";
import type { SimMeterOptions } from "../../sim/meter";
import { SimMeter } from "../../sim/meter";
import { hash2, Rng } from "../../sim/random";

export interface SimSourceOptions extends SimMeterOptions {
	/** Simulated seconds per real second: 1 = real time, "max" (or Infinity) = as fast as the consumer takes them. Default 1. */
	speed?: number | "max";
	/** Deliver each telegram in random pieces (true: 1-256 bytes) instead of whole. */
	chunks?: boolean | { min?: number; max?: number };
	/** UTC ms of the first telegram to deliver: the meter lives from `start` but stays silent before this (a restart catching up). */
	resume?: number;
	/** UTC ms: stop after the telegram stamped at or after this instant, then call onEnd. */
	end?: number;
	onEnd?(): void;
}

const MAX_PER_TURN = 2000; // telegrams per timer turn, so a slow consumer never starves the event loop
const MIN_TICK_MS = 10;
const CATCH_UP_PER_TURN = 20000; // silent seconds per timer turn while catching up to `resume`, so the host keeps answering HTTP

export class SimSource implements ByteSource {
	#meter: SimMeter;
	#speed: number;
	#chunkMin = 0;
	#chunkMax = 0;
	#rng: Rng;
	#end: number;
	#onEnd?: () => void;
	#onBytes?: (chunk: Uint8Array) => void;
	#timer?: ReturnType<typeof setTimeout>;
	#immediate?: ReturnType<typeof setImmediate>;
	#startedAt = 0;
	#emitted = 0;
	#resume: number;
	#closed = false;

	constructor(options: SimSourceOptions = {}) {
		const speed = options.speed ?? 1;
		this.#speed = speed === "max" ? Infinity : speed;
		if (!(this.#speed > 0)) throw new RangeError("invalid speed");
		this.#meter = new SimMeter(options);
		this.#resume = options.resume ?? -Infinity;
		const chunks = options.chunks;
		if (chunks) {
			const c = chunks === true ? {} : chunks;
			this.#chunkMin = Math.max(1, c.min ?? 1);
			this.#chunkMax = Math.max(this.#chunkMin, c.max ?? 256);
		}
		this.#rng = new Rng(hash2(options.seed ?? 1, 0xc4c));
		this.#end = options.end ?? Infinity;
		this.#onEnd = options.onEnd;
	}

	/** UTC ms of the last telegram delivered. */
	get time(): number {
		return this.#meter.time;
	}

	get meter(): SimMeter {
		return this.#meter;
	}

	start(onBytes: (chunk: Uint8Array) => void): void {
		if (this.#closed) throw new Error("closed");
		if (this.#onBytes) throw new Error("already started");
		this.#onBytes = onBytes;
		this.#catchUp();
	}

	close(): void {
		this.#closed = true;
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		if (this.#immediate !== undefined) clearImmediate(this.#immediate);
		this.#timer = undefined;
		this.#immediate = undefined;
		this.#onBytes = undefined;
	}

	/** Silent seconds up to `resume` (a restart), a bounded number per turn; pacing starts once they are done. */
	#catchUp(): void {
		this.#immediate = undefined;
		if (this.#closed) return;
		const meter = this.#meter;
		for (let n = CATCH_UP_PER_TURN; n > 0 && meter.time + 1000 < this.#resume; n--) meter.skip();
		if (meter.time + 1000 < this.#resume) {
			this.#immediate = setImmediate(() => this.#catchUp());
			return;
		}
		this.#startedAt = Date.now();
		this.#turn();
	}

	#turn(): void {
		this.#timer = undefined;
		this.#immediate = undefined;
		const now = Date.now();
		const elapsed = now - this.#startedAt;
		const fast = this.#speed === Infinity;
		// Telegram n (0-based) is due at n / speed real seconds after the start.
		const due = fast ? this.#emitted + MAX_PER_TURN : Math.floor((elapsed * this.#speed) / 1000) + 1;
		let n = Math.min(due - this.#emitted, MAX_PER_TURN);
		while (n-- > 0 && !this.#closed) {
			this.#emit(this.#meter.next());
			this.#emitted++;
			if (this.#meter.time >= this.#end) {
				const onEnd = this.#onEnd;
				this.close();
				onEnd?.();
				return;
			}
		}
		if (this.#closed) return;
		if (fast || this.#emitted < due) {
			this.#immediate = setImmediate(() => this.#turn());
			return;
		}
		const nextDue = (this.#emitted * 1000) / this.#speed - elapsed;
		this.#timer = setTimeout(() => this.#turn(), Math.max(nextDue, Math.min(MIN_TICK_MS, 1000 / this.#speed)));
	}

	#emit(telegram: Uint8Array): void {
		const onBytes = this.#onBytes;
		if (!onBytes) return;
		if (this.#chunkMax === 0) {
			onBytes(telegram);
			return;
		}
		for (let at = 0; at < telegram.length && this.#onBytes; ) {
			const size = this.#rng.int(this.#chunkMin, this.#chunkMax);
			const end = Math.min(telegram.length, at + size);
			onBytes(telegram.subarray(at, end));
			at = end;
		}
	}
}
