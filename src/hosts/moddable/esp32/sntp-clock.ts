// The device's wall clock from SNTP, only as a fallback: the meter's own timestamp is the clock
// of every quarter. This one sets the system time (logs, Date.now()) and gives /v1/status a
// clock to compare the meter's with, once it has been set; until then now() is NaN. Asked again
// every RESYNC_MS once the station has an address; never blocks anything.

import type { Clock, Log } from "core/ports";
import SNTP from "sntp";
import Time from "time";
import Timer from "timer";

const RESYNC_MS = 6 * 60 * 60 * 1000;
const RETRY_MS = 60 * 1000;

export class SntpClock implements Clock {
	#host: string;
	#log: Log;
	#synced = false;
	#started = false;
	#sntp: SNTP | undefined;
	#timer: Timer | undefined;

	constructor(host: string, log: Log) {
		this.#host = host;
		this.#log = log;
	}

	now(): number {
		return this.#synced ? Date.now() : Number.NaN;
	}

	/** The station has an address: ask now, then every RESYNC_MS (RETRY_MS after a failure). */
	online(): void {
		if (this.#started) return;
		this.#started = true;
		this.#ask();
	}

	#ask(): void {
		Timer.clear(this.#timer);
		this.#timer = undefined;
		try {
			this.#sntp = new SNTP({ host: this.#host }, (message, value) => {
				if (message === SNTP.time && value !== undefined) {
					Time.set(value);
					if (!this.#synced) this.#log.info(`clock set from ${this.#host}`);
					this.#synced = true;
					this.#again(RESYNC_MS);
				} else if (message === SNTP.error) this.#again(RETRY_MS);
			});
		} catch (e) {
			this.#log.warn(`sntp: ${(e as Error).message}`);
			this.#again(RETRY_MS);
		}
	}

	#again(ms: number): void {
		const sntp = this.#sntp as (SNTP & { close?(): void }) | undefined;
		this.#sntp = undefined;
		// closed from the next turn: its own callback is still running
		Timer.set(() => sntp?.close?.(), 0);
		Timer.clear(this.#timer);
		this.#timer = Timer.set(() => this.#ask(), ms);
	}
}
