// When to (re)mount the SD card, and what the status shows about it. A missing or failing card
// never stops the monitor: the meter is still read, live data still served, the LED sends
// "sos", and the mount is retried with a growing wait (never a reboot, so never a reboot loop).
// A mounted card that keeps failing writes (pulled out, worn out) is unmounted and goes back to
// the retry cycle. The card is never formatted: that is the adapter's mount option, stated here
// so the policy and the adapter agree.

import { type Backoff, backoffMs } from "./backoff";

export type SdState = "unmounted" | "mounted" | "failed";

/** Action for the adapter: mount now, unmount now (after failed writes), or nothing. */
export type SdAction = "none" | "mount" | "unmount";

/** What an esp_err_t of the native mount means for someone reading the status. */
const MOUNT_ERRORS: readonly (readonly [number, string])[] = Object.freeze([
	Object.freeze([-1, "no fat file system on the card (it is never formatted here)"] as const),
	Object.freeze([0x101, "out of memory"] as const),
	Object.freeze([0x102, "bad pin settings"] as const),
	Object.freeze([0x103, "spi bus in use"] as const),
	Object.freeze([0x105, "card not found"] as const),
	Object.freeze([0x106, "card not supported"] as const),
	Object.freeze([0x107, "no card (timeout)"] as const),
	Object.freeze([0x108, "card answer invalid"] as const),
	Object.freeze([0x109, "card crc error"] as const),
]);

/** Mount results that mean there is no card in the slot (not found, no answer). */
const NO_CARD: readonly number[] = Object.freeze([0x105, 0x107]);

/** The card as /v1/status shows it: mounted, missing from the slot, or there but failing. */
export type CardCondition = "mounted" | "missing" | "failing";

export function cardCondition(s: SdStatus): CardCondition {
	if (s.state === "mounted") return "mounted";
	if (s.error === "") return "missing"; // not tried yet
	for (let i = 0; i < NO_CARD.length; i++) if (s.error === mountErrorText(NO_CARD[i])) return "missing";
	return "failing";
}

/** The status text of a mount result ("" for 0). */
export function mountErrorText(code: number): string {
	if (code === 0) return "";
	let known = "mount failed";
	for (const [c, text] of MOUNT_ERRORS) if (c === code) known = text;
	return `${known} (0x${(code >>> 0).toString(16)})`;
}

export const SD_RETRY: Backoff = Object.freeze({ firstMs: 5000, maxMs: 5 * 60 * 1000 });

/** Failed writes in a row on a mounted card before it is taken as gone. */
export const SD_WRITE_FAILURES = 3;

export interface SdStatus {
	state: SdState;
	/** Mount attempts failed in a row. */
	failures: number;
	/** The last mount or write error ("" when none since the card last worked). */
	error: string;
	/** When the next mount attempt is due (host ms; NaN when mounted). */
	nextTryMs: number;
}

export class SdPolicy {
	#state: SdState = "unmounted";
	#failures = 0;
	#writeFailures = 0;
	#error = "";
	#nextTryMs = Number.NEGATIVE_INFINITY; // the first mount is due at once
	#retry: Backoff;

	constructor(retry: Backoff = SD_RETRY) {
		this.#retry = retry;
	}

	/** The LED's "sos": the card is not mounted. */
	get sos(): boolean {
		return this.#state !== "mounted";
	}

	get mounted(): boolean {
		return this.#state === "mounted";
	}

	status(): SdStatus {
		return {
			state: this.#state,
			failures: this.#failures,
			error: this.#error,
			nextTryMs: this.#state === "mounted" ? Number.NaN : this.#nextTryMs,
		};
	}

	/** What to do at `nowMs` (host ms, monotonic). */
	tick(nowMs: number): SdAction {
		if (this.#state === "mounted") return this.#writeFailures >= SD_WRITE_FAILURES ? "unmount" : "none";
		return nowMs >= this.#nextTryMs ? "mount" : "none";
	}

	/** The result of a mount attempt: "" when mounted, else the error. */
	mountResult(error: string, nowMs: number): void {
		if (error === "") {
			this.#state = "mounted";
			this.#failures = 0;
			this.#writeFailures = 0;
			this.#error = "";
			return;
		}
		this.#failures++;
		this.#error = error;
		this.#state = "failed";
		this.#nextTryMs = nowMs + backoffMs(this.#failures, this.#retry);
	}

	/** A write on the card succeeded (a store operation of the history). */
	wrote(): void {
		this.#writeFailures = 0;
	}

	/** A write on the card failed with `error`. */
	writeFailed(error: string): void {
		if (this.#state !== "mounted") return;
		this.#writeFailures++;
		this.#error = error;
	}

	/** The adapter unmounted the card after failed writes: retry the mount after the first wait. */
	unmounted(nowMs: number): void {
		this.#state = "failed";
		this.#writeFailures = 0;
		this.#failures = 1;
		this.#nextTryMs = nowMs + backoffMs(1, this.#retry);
	}
}
