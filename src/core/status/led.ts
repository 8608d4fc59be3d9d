// The status LED as a state machine the host drives from its own timer: tick(now) returns the
// PWM duty to write. No timers, no allocation per tick (patterns are replayed by levelAt()).
//
// What shows, highest first:
//   1. one-shot messages (boot fade, "hi", "bye", a short-press answer), in the order they
//      were asked for, each starting where the previous one ended;
//   2. the first active condition of CONDITIONS (holding > sos > setup > warning), repeating;
//   3. the running glow, which dips once per telegram.
// A one-shot preempts whatever shows; what it preempted starts again from its beginning when it
// ends, so a repeating Morse word is never resumed mid-letter. A condition that takes over
// starts from its beginning too; one that stays keeps its rhythm. Telegrams seen while
// something else shows are dropped, not saved up for later.

import { levelAt, MAX_LEVEL, type Pattern } from "./pattern";
import { GLOW, KEEP_HOLDING, notice, PEAK_WARNING, SETUP, SOS, TELEGRAM_DIP } from "./patterns";

export type LedCondition = "holding" | "sos" | "setup" | "warning";

const CONDITIONS: readonly { readonly name: LedCondition; readonly pattern: Pattern }[] = Object.freeze([
	Object.freeze({ name: "holding" as const, pattern: KEEP_HOLDING }),
	Object.freeze({ name: "sos" as const, pattern: SOS }),
	Object.freeze({ name: "setup" as const, pattern: SETUP }),
	Object.freeze({ name: "warning" as const, pattern: PEAK_WARNING }),
]);

/** One-shots that can wait at once; more are refused (play() returns false). */
export const QUEUE_SIZE = 4;

const GLOWING = -1;
const RESUMING = -2; // after a one-shot: the base restarts where the one-shot ended
const UNSET = -3;

function indexOf(condition: LedCondition): number {
	for (let i = 0; i < CONDITIONS.length; i++) if (CONDITIONS[i].name === condition) return i;
	throw new RangeError(`unknown led condition ${JSON.stringify(condition)}`);
}

export interface StatusLedOptions {
	/** The host PWM's full-scale duty, e.g. 1023 for 10 bits; default 255 (the original's 8 bits). */
	maxDuty?: number;
}

export class StatusLed {
	#maxDuty: number;
	#active: boolean[] = CONDITIONS.map(() => false);
	#queue: (Pattern | undefined)[] = new Array<Pattern | undefined>(QUEUE_SIZE).fill(undefined);
	#head = 0;
	#count = 0;
	#shotStart = NaN; // NaN: the first one-shot starts at the next tick
	#base = UNSET;
	#baseStart = 0;
	#pulsePending = false;
	#pulseStart = -Infinity;
	#last = -Infinity;

	constructor(options: StatusLedOptions = {}) {
		const maxDuty = options.maxDuty ?? MAX_LEVEL;
		if (!(Number.isInteger(maxDuty) && maxDuty >= 1)) throw new RangeError("bad max duty");
		this.#maxDuty = maxDuty;
	}

	/** Turns a condition on or off; RangeError for an unknown name. */
	set(condition: LedCondition, on: boolean): void {
		this.#active[indexOf(condition)] = on;
	}

	/** Whether a condition is on; RangeError for an unknown name. */
	isSet(condition: LedCondition): boolean {
		return this.#active[indexOf(condition)];
	}

	/** A telegram arrived: one dip of the glow, if the glow is what shows. */
	telegram(): void {
		if (this.#count === 0 && this.#active.indexOf(true) < 0) this.#pulsePending = true;
	}

	/** Queues a one-shot; false when QUEUE_SIZE are waiting already. RangeError for a repeating pattern. */
	play(p: Pattern): boolean {
		if (p.repeat) throw new RangeError("a one-shot must end");
		if (this.#count === QUEUE_SIZE) return false;
		if (this.#count === 0) this.#shotStart = NaN;
		this.#queue[(this.#head + this.#count) % QUEUE_SIZE] = p;
		this.#count++;
		return true;
	}

	/** Queues `text` in Morse at the notice level (see play()); RangeError for text Morse cannot send. */
	say(text: string): boolean {
		return this.play(notice(text));
	}

	/** Drops the playing and the waiting one-shots; what they preempted starts again. */
	clear(): void {
		if (this.#count > 0) this.#base = UNSET;
		this.#queue.fill(undefined);
		this.#head = 0;
		this.#count = 0;
	}

	/** A one-shot is playing or waiting. */
	get busy(): boolean {
		return this.#count > 0;
	}

	/** The duty (0..maxDuty) at `nowMs`, a monotonic clock in ms; a clock that steps back counts as standing still. */
	tick(nowMs: number): number {
		const now = nowMs > this.#last ? nowMs : this.#last;
		this.#last = now;
		const level = this.#count > 0 ? this.#oneShot(now) : -1;
		return this.#duty(level >= 0 ? level : this.#baseLevel(now));
	}

	#duty(level: number): number {
		return Math.round((level * this.#maxDuty) / MAX_LEVEL);
	}

	/** The level of the playing one-shot, moving on to the next when it is over; -1 when none is left. */
	#oneShot(now: number): number {
		this.#pulsePending = false;
		if (this.#shotStart !== this.#shotStart) this.#shotStart = now;
		while (this.#count > 0) {
			const p = this.#queue[this.#head] as Pattern;
			const level = levelAt(p, now - this.#shotStart);
			if (level >= 0) return level;
			this.#shotStart += p.totalMs;
			this.#queue[this.#head] = undefined;
			this.#head = (this.#head + 1) % QUEUE_SIZE;
			this.#count--;
		}
		this.#base = RESUMING;
		this.#baseStart = this.#shotStart;
		return -1;
	}

	#baseLevel(now: number): number {
		let b = GLOWING;
		for (let i = 0; i < CONDITIONS.length; i++) {
			if (this.#active[i]) {
				b = i;
				break;
			}
		}
		if (b !== this.#base) {
			if (this.#base !== RESUMING) this.#baseStart = now;
			this.#base = b;
			this.#pulseStart = -Infinity;
		}
		if (b !== GLOWING) {
			this.#pulsePending = false;
			return levelAt(CONDITIONS[b].pattern, now - this.#baseStart);
		}
		if (this.#pulsePending) {
			this.#pulsePending = false;
			this.#pulseStart = now;
		}
		const dip = levelAt(TELEGRAM_DIP, now - this.#pulseStart);
		return dip >= 0 ? dip : levelAt(GLOW, now - this.#baseStart);
	}
}
