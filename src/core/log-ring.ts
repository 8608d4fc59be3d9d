// The last few KB of the Log, kept in RAM so a household can read what happened on a board whose
// serial console nobody watches (trace() is silent in a release build). One byte store, made by
// the constructor and never grown: each line is a record of HEADER bytes (length, level, uptime,
// wall time) and its UTF-8 text, written round the store; the oldest records make room for a new
// one. Lines are numbered from 1 (the sequence is counted, not stored: records are in order), so
// a reader asks for the lines after the last one it has. Writing allocates nothing; reading
// streams the bytes straight into the host's chunk buffer (lines(after) is a ChunkSource).

import { type ChunkSource, MIN_CHUNK } from "./api/chunks";
import type { Log } from "./ports";
import { isoUtc } from "./time/iso";
import { charCode, textLength } from "./util/chars";

export type LogLevel = "info" | "warn";

/** The device's store: 50 to 90 lines of 30 to 60 bytes (each takes HEADER bytes besides its text). */
export const DEVICE_LOG_BYTES = 4096;
/** Longest text of a line, bytes; a longer one is cut (at a character) and ends with "...". */
export const MAX_LINE_BYTES = 240;
/** Bytes of a record before its text: text length 2, level 1, uptime ms 6, wall ms 6 (0: unknown). */
export const HEADER = 15;
const CUT_BYTES = 3;
const DOT = 0x2e;
const LEVELS: readonly LogLevel[] = Object.freeze(["info", "warn"] as LogLevel[]);
const TWO_32 = 4294967296;

export interface LogRingOptions {
	/** Bytes of the store (records included); default DEVICE_LOG_BYTES. */
	capacity?: number;
	/** Longest text of a line in bytes; default MAX_LINE_BYTES (at most capacity - HEADER). */
	maxLine?: number;
	/** Monotonic ms (Time.ticks, performance.now()); a line carries the ms since the ring was made. */
	now(): number;
	/** Wall clock, UTC ms; NaN (or absent) while the host has none it trusts. */
	wall?(): number;
}

export class LogRing {
	readonly capacity: number;
	readonly maxLine: number;
	#bytes: Uint8Array;
	#now: () => number;
	#wall: (() => number) | undefined;
	#start: number;
	#head = 0; // offset of the oldest record
	#used = 0;
	#first = 1; // sequence number of the oldest record held
	#next = 1; // sequence number the next line gets

	constructor(options: LogRingOptions) {
		const capacity = options.capacity ?? DEVICE_LOG_BYTES;
		if (!(Number.isInteger(capacity) && capacity >= HEADER + 16 && capacity <= 1 << 20))
			throw new RangeError("bad log capacity");
		const maxLine = Math.min(options.maxLine ?? MAX_LINE_BYTES, capacity - HEADER, 0xffff);
		if (!(Number.isInteger(maxLine) && maxLine >= 16)) throw new RangeError("bad log line length");
		this.capacity = capacity;
		this.maxLine = maxLine;
		this.#bytes = new Uint8Array(capacity);
		this.#now = options.now;
		this.#wall = options.wall;
		this.#start = options.now();
	}

	/** Sequence number of the oldest line held (equal to `next` when none is). */
	get first(): number {
		return this.#first;
	}

	/** Sequence number the next line will get: the last one written is next - 1. */
	get next(): number {
		return this.#next;
	}

	/** Bytes the held records take, headers included. */
	get used(): number {
		return this.#used;
	}

	/** Keeps `message` as one line; control characters become spaces, a long text is cut. */
	write(level: LogLevel, message: string): void {
		const n = textLength(message);
		const cut = fitting(message, n, this.maxLine) < n;
		const end = cut ? fitting(message, n, this.maxLine - CUT_BYTES) : n;
		const length = utf8Bytes(message, 0, end) + (cut ? CUT_BYTES : 0);
		const size = HEADER + length;
		while (this.capacity - this.#used < size) this.#drop();
		const up = this.#now() - this.#start;
		const wall = this.#wall === undefined ? NaN : this.#wall();
		let at = (this.#head + this.#used) % this.capacity;
		at = this.#put(at, length & 0xff);
		at = this.#put(at, length >>> 8);
		at = this.#put(at, level === "warn" ? 1 : 0);
		at = this.#put48(at, up > 0 ? up : 0);
		at = this.#put48(at, wall === wall && wall > 0 ? wall : 0);
		at = this.#encode(at, message, end);
		if (cut) for (let i = 0; i < CUT_BYTES; i++) at = this.#put(at, DOT);
		this.#used += size;
		this.#next++;
	}

	/** The lines after sequence number `after` (0: all held), as text a host streams. */
	lines(after: number): ChunkSource {
		return new LogLines(this, after);
	}

	/** Offset of record `seq`, which must be held (first <= seq < next). */
	offsetOf(seq: number): number {
		let at = this.#head;
		for (let s = this.#first; s < seq; s++) at = (at + HEADER + this.textLength(at)) % this.capacity;
		return at;
	}

	/** Text bytes of the record at `at`. */
	textLength(at: number): number {
		return this.#get(at) | (this.#get(at + 1) << 8);
	}

	/** "17 12.345 2026-03-29T01:00:00Z warn " for record `seq` at `at`: the line before its text. */
	prefix(seq: number, at: number): string {
		const level = LEVELS[this.#get(at + 2)] ?? "info";
		const up = this.#get48(at + 3);
		const wall = this.#get48(at + 9);
		const secs = Math.floor(up / 1000);
		const ms = up - secs * 1000;
		const frac = ms < 10 ? ".00" : ms < 100 ? ".0" : ".";
		return seq + " " + secs + frac + ms + " " + (wall > 0 ? isoUtc(wall) : "-") + " " + level + " ";
	}

	/** Byte `i` of the store, counted round it. */
	byteAt(i: number): number {
		return this.#bytes[i % this.capacity];
	}

	#drop(): void {
		const size = HEADER + this.textLength(this.#head);
		this.#head = (this.#head + size) % this.capacity;
		this.#used -= size;
		this.#first++;
	}

	#get(i: number): number {
		return this.#bytes[i % this.capacity];
	}

	#get48(at: number): number {
		let v = 0;
		for (let i = 5; i >= 0; i--) v = v * 256 + this.#get(at + i);
		return v;
	}

	#put(at: number, byte: number): number {
		this.#bytes[at] = byte;
		return at + 1 === this.capacity ? 0 : at + 1;
	}

	/** A whole non-negative number below 2^48, low byte first. */
	#put48(at: number, value: number): number {
		const v = Math.floor(value);
		const high = Math.floor(v / TWO_32);
		let low = v >>> 0;
		for (let i = 0; i < 4; i++) {
			at = this.#put(at, low & 0xff);
			low >>>= 8;
		}
		at = this.#put(at, high & 0xff);
		return this.#put(at, (high >>> 8) & 0xff);
	}

	/** UTF-8 of message[0, end), control characters as spaces, lone surrogates as U+FFFD. */
	#encode(at: number, message: string, end: number): number {
		for (let i = 0; i < end; i++) {
			let c = charCode(message, i);
			if (c < 0x20 || c === 0x7f) c = 0x20;
			if (c < 0x80) at = this.#put(at, c);
			else if (c < 0x800) {
				at = this.#put(at, 0xc0 | (c >> 6));
				at = this.#put(at, 0x80 | (c & 0x3f));
			} else if (isPair(message, i, end)) {
				const p = 0x10000 + ((c - 0xd800) << 10) + (charCode(message, ++i) - 0xdc00);
				at = this.#put(at, 0xf0 | (p >> 18));
				at = this.#put(at, 0x80 | ((p >> 12) & 0x3f));
				at = this.#put(at, 0x80 | ((p >> 6) & 0x3f));
				at = this.#put(at, 0x80 | (p & 0x3f));
			} else {
				if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
				at = this.#put(at, 0xe0 | (c >> 12));
				at = this.#put(at, 0x80 | ((c >> 6) & 0x3f));
				at = this.#put(at, 0x80 | (c & 0x3f));
			}
		}
		return at;
	}
}

/** A high surrogate at i followed by a low one before `end`. */
function isPair(text: string, i: number, end: number): boolean {
	const c = charCode(text, i);
	return c >= 0xd800 && c < 0xdc00 && i + 1 < end && (charCode(text, i + 1) & 0xfc00) === 0xdc00;
}

/** UTF-8 bytes of the character(s) at i: 1 to 3, or 4 for a surrogate pair (which takes two units). */
function charBytes(text: string, i: number, end: number): number {
	const c = charCode(text, i);
	return c < 0x80 ? 1 : c < 0x800 ? 2 : isPair(text, i, end) ? 4 : 3;
}

function utf8Bytes(text: string, from: number, end: number): number {
	let bytes = 0;
	for (let i = from; i < end; i++) {
		const b = charBytes(text, i, end);
		bytes += b;
		if (b === 4) i++;
	}
	return bytes;
}

/** How many UTF-16 units of `text` fit in `max` bytes: n when all of it does. */
function fitting(text: string, n: number, max: number): number {
	let bytes = 0;
	for (let i = 0; i < n; i++) {
		const b = charBytes(text, i, n);
		if (bytes + b > max) return i;
		bytes += b;
		if (b === 4) i++;
	}
	return n;
}

/**
 * The lines after `after` as text, one "seq uptime wall level text\n" each, pulled by the host.
 * Records stay where they are while held, so the reader keeps its place by offset; a line the
 * ring dropped while the answer was under way is skipped (the next ones still come, in order),
 * and one dropped in the middle of its text ends where it was cut. Lines written after the
 * answer started are not in it: the reader stops at the `next` it saw first.
 */
class LogLines implements ChunkSource {
	#ring: LogRing;
	#seq: number;
	#end: number;
	#at = 0; // offset of the record of #seq
	#prefix = ""; // what is left to write of the line's prefix
	#prefixAt = 0;
	#textAt = 0; // bytes of the text written
	#started = false; // the line #seq has begun
	#done = false;

	constructor(ring: LogRing, after: number) {
		this.#ring = ring;
		this.#end = ring.next;
		this.#seq = Math.max(Math.floor(after) + 1, ring.first);
		if (this.#seq < this.#end) this.#at = ring.offsetOf(this.#seq);
	}

	next(into: Uint8Array): number {
		if (into.length < MIN_CHUNK) throw new RangeError("chunk buffer too small");
		const ring = this.#ring;
		const room = into.length;
		let n = 0;
		while (!this.#done && n < room) {
			if (this.#seq < ring.first) {
				// dropped under us: end a line begun, go on from the oldest held
				if (this.#started) {
					into[n++] = 0x0a;
					this.#started = false;
				}
				this.#seq = ring.first;
				if (this.#seq < this.#end) this.#at = ring.offsetOf(this.#seq);
				continue;
			}
			if (this.#seq >= this.#end) {
				this.close();
				break;
			}
			if (!this.#started) {
				this.#prefix = ring.prefix(this.#seq, this.#at);
				this.#prefixAt = 0;
				this.#textAt = 0;
				this.#started = true;
			}
			const prefixEnd = textLength(this.#prefix);
			while (this.#prefixAt < prefixEnd && n < room) into[n++] = charCode(this.#prefix, this.#prefixAt++);
			const length = ring.textLength(this.#at);
			const base = this.#at + HEADER;
			while (this.#textAt < length && n < room) into[n++] = ring.byteAt(base + this.#textAt++);
			if (this.#textAt < length || n === room) continue;
			into[n++] = 0x0a;
			this.#started = false;
			this.#at = (this.#at + HEADER + length) % ring.capacity;
			this.#seq++;
		}
		return n;
	}

	close(): void {
		this.#done = true;
		this.#prefix = "";
	}
}

/** A Log that keeps every line in `ring` and passes it on to `out` (the console, trace()). */
export function ringLog(ring: LogRing, out: Log): Log {
	return Object.freeze({
		info(message: string): void {
			ring.write("info", message);
			out.info(message);
		},
		warn(message: string): void {
			ring.write("warn", message);
			out.warn(message);
		},
	});
}
