// A recorded P1 stream (a capture of the serial port) played back one telegram per simulated
// second, `speed` times faster than real time. Telegram boundaries are only used for pacing:
// the bytes go to the framer unchanged, junk included, exactly as the cable delivered them.

import { readFileSync } from "node:fs";
import type { ByteSource } from "../../core/ports";

export interface ReplaySourceOptions {
	file: string;
	speed?: number;
	/** Called once every byte has been delivered. */
	onEnd?: () => void;
}

/** Offsets where a telegram starts ('/' at the start of a line), plus the end of the data. */
export function telegramStarts(bytes: Uint8Array): number[] {
	const starts = [0];
	for (let i = 1; i < bytes.length; i++) if (bytes[i] === 0x2f && bytes[i - 1] === 0x0a) starts.push(i);
	starts.push(bytes.length);
	return starts;
}

export class ReplaySource implements ByteSource {
	#options: ReplaySourceOptions;
	#timer: NodeJS.Timeout | undefined;
	#closed = false;

	constructor(options: ReplaySourceOptions) {
		this.#options = options;
	}

	start(onBytes: (chunk: Uint8Array) => void): void {
		const bytes = new Uint8Array(readFileSync(this.#options.file));
		const starts = telegramStarts(bytes);
		const speed = this.#options.speed ?? 1;
		const perTick = Math.max(1, Math.round(speed / 100)); // above 100x, several telegrams per 10 ms tick
		const interval = Math.max(0, (1000 * perTick) / speed);
		let next = 0;
		const tick = () => {
			this.#timer = undefined;
			if (this.#closed) return;
			const last = Math.min(next + perTick, starts.length - 1);
			if (last > next) onBytes(bytes.subarray(starts[next], starts[last]));
			next = last;
			if (next >= starts.length - 1) {
				this.#options.onEnd?.();
				return;
			}
			this.#timer = setTimeout(tick, interval);
		};
		tick();
	}

	close(): void {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}
