// The BOOT button's long press: held 20 s erases the WiFi settings. The host samples the pin
// every 10 to 50 ms (from its LED timer; also at edges if it likes: the same level twice is no
// change) and gets at most one event per sample. A level counts only once it has been stable for the debounce time,
// but a press is timed from the sample that first saw it, and a release that is still being
// debounced already stops the clock: held 19.99 s and let go is not an erase, even if the next
// sample comes late. A bounce shorter than the debounce time is ignored, also in the middle of
// a long press.
//
// Events: "press" (a debounced press began), "hold" (held feedbackMs: the LED says keep
// holding), "erase" (held holdMs, once per press), "short" (released before feedbackMs),
// "cancel" (released after "hold" but before "erase"), "release" (released after "erase"),
// "none". Erasing and restarting is the host's job.

export type ButtonEvent = "none" | "press" | "short" | "hold" | "cancel" | "erase" | "release";

export interface LongPressOptions {
	/** A level must stay this long to count, ms. Default 50. */
	debounceMs?: number;
	/** Held this long: "hold", ms. Default 5000. */
	feedbackMs?: number;
	/** Held this long: "erase", ms. Default 20000. */
	holdMs?: number;
}

const UP = 0;
const DOWN = 1; // debounced press, before "hold"
const HOLDING = 2;
const ERASED = 3;

export class LongPress {
	#debounceMs: number;
	#feedbackMs: number;
	#holdMs: number;
	#raw = false;
	#rawSince = 0;
	#stage = UP;
	#downSince = 0;
	#last = -Infinity;

	constructor(options: LongPressOptions = {}) {
		this.#debounceMs = options.debounceMs ?? 50;
		this.#feedbackMs = options.feedbackMs ?? 5000;
		this.#holdMs = options.holdMs ?? 20000;
		if (!(this.#debounceMs >= 0 && this.#feedbackMs > this.#debounceMs && this.#holdMs > this.#feedbackMs))
			throw new RangeError("bad button timing");
	}

	/** How long the current press has lasted at `nowMs`, 0 when the button is up (for a progress display). */
	heldMs(nowMs: number): number {
		if (this.#stage === UP) return 0;
		const end = this.#raw ? Math.max(nowMs, this.#last) : this.#rawSince;
		return end - this.#downSince;
	}

	/** The pin's level at `nowMs` (monotonic ms; a clock that steps back counts as standing still). */
	sample(pressed: boolean, nowMs: number): ButtonEvent {
		const now = nowMs > this.#last ? nowMs : this.#last;
		this.#last = now;
		if (pressed !== this.#raw) {
			this.#raw = pressed;
			this.#rawSince = now;
		}
		const settled = now - this.#rawSince >= this.#debounceMs;
		if (this.#stage === UP) {
			if (!this.#raw || !settled) return "none";
			this.#stage = DOWN;
			this.#downSince = this.#rawSince;
			const event = this.#progress(now);
			return event === "none" ? "press" : event;
		}
		// A threshold passed before a late-seen release still counts; the release comes next sample.
		const event = this.#progress(now);
		if (event !== "none") return event;
		return !this.#raw && settled ? this.#released() : "none";
	}

	/** The furthest threshold the press has newly passed. */
	#progress(now: number): ButtonEvent {
		const held = (this.#raw ? now : this.#rawSince) - this.#downSince;
		if (this.#stage < ERASED && held >= this.#holdMs) {
			this.#stage = ERASED;
			return "erase";
		}
		if (this.#stage < HOLDING && held >= this.#feedbackMs) {
			this.#stage = HOLDING;
			return "hold";
		}
		return "none";
	}

	#released(): ButtonEvent {
		const stage = this.#stage;
		this.#stage = UP;
		return stage === DOWN ? "short" : stage === HOLDING ? "cancel" : "release";
	}
}
