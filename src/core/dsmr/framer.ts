// Splits the P1 byte stream into telegrams: '/' starts one, a '!' at the start of a line ends it,
// then up to 4 hex digits of CRC-16/ARC over '/'..'!'. A '/' at the start of a line inside a
// telegram means it was cut off: only the telegram from the last such '/' is kept (looked for
// when the CRC fails, see #resync). Chunks of any size give the same frames.
// A telegram that lies inside one chunk is handed out in place; one that spans chunks is copied
// into a buffer allocated once (maxSize), so memory never grows whatever the line sends.

import type { CrcVerdict } from "./reading";

// CRC-16/ARC (as crc16.ts) two bytes per step: TABLE is the usual byte table, TABLE2 the same
// byte pushed through one more zero byte, so crc' = TABLE2[x & 0xff] ^ TABLE[x >>> 8] with
// x = crc ^ b0 ^ b1 << 8 (the CRC is linear in xor). Half the steps of the byte loop: the CRC is
// most of the framer's cost on XS, and 1 KB of tables is affordable.
const TABLE = /* @__PURE__ */ (() => {
	const t = new Uint16Array(256);
	for (let i = 0; i < 256; i++) {
		let c = i;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
		t[i] = c;
	}
	return t;
})();

const TABLE2 = /* @__PURE__ */ (() => {
	const t = new Uint16Array(256);
	for (let i = 0; i < 256; i++) t[i] = (TABLE[i] >>> 8) ^ TABLE[TABLE[i] & 0xff];
	return t;
})();

const LF = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;
const BANG = 0x21;

const IDLE = 0; // looking for '/'
const BODY = 1; // inside a telegram, looking for '!' (or a '/' starting the next one)
const CHECK = 2; // after '!', reading CRC digits

export interface Frame {
	/** bytes[start] is '/', bytes[end - 1] is '!' (for a tail from flush(): the last byte received). Only valid during the call. */
	bytes: Uint8Array;
	start: number;
	end: number;
	crc: CrcVerdict;
	/** CRC digits as sent, upper case ("" when none). */
	crcStated: string;
	/** CRC-16/ARC over bytes[start, end); NaN for a tail without '!'. */
	crcComputed: number;
	/** Position of the '/' in the whole stream pushed so far. */
	offset: number;
	/** False only for the unterminated tail flush() returns. */
	complete: boolean;
}

export interface FramerStats {
	/** Telegrams delivered, whatever their CRC verdict. */
	frames: number;
	/** Delivered with a CRC that does not match. */
	crcErrors: number;
	/** Dropped for exceeding maxSize. */
	overflows: number;
	/** Dropped because a new '/' line began before their '!' (cut telegrams). */
	truncated: number;
	/** Bytes outside telegrams, line ends not counted. */
	garbage: number;
}

export interface FramerOptions {
	maxSize?: number;
	onFrame(frame: Frame): void;
}

/** The one Frame object handed out; crcStated is only made into a string when someone reads it. */
class FrameView implements Frame {
	bytes: Uint8Array;
	start = 0;
	end = 0;
	crc: CrcVerdict = "none";
	crcComputed = 0;
	offset = 0;
	complete = true;
	stated = 0;
	digits = 0;
	constructor(bytes: Uint8Array) {
		this.bytes = bytes;
	}
	get crcStated(): string {
		let text = "";
		for (let i = this.digits - 1; i >= 0; i--) text += "0123456789ABCDEF"[(this.stated >> (i * 4)) & 15];
		return text;
	}
}

/** CRC-16/ARC of bytes[from, to) continuing from crc. */
function crcRange(bytes: Uint8Array, from: number, to: number, crc: number): number {
	const t = TABLE;
	const t2 = TABLE2;
	let i = from;
	for (const last = to - 3; i < last; i += 4) {
		let x = crc ^ bytes[i] ^ (bytes[i + 1] << 8);
		crc = t2[x & 0xff] ^ t[x >>> 8];
		x = crc ^ bytes[i + 2] ^ (bytes[i + 3] << 8);
		crc = t2[x & 0xff] ^ t[x >>> 8];
	}
	for (; i < to; i++) crc = (crc >>> 8) ^ t[(crc ^ bytes[i]) & 0xff];
	return crc;
}

function hexValue(ch: number): number {
	if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
	if (ch >= 0x41 && ch <= 0x46) return ch - 0x37;
	if (ch >= 0x61 && ch <= 0x66) return ch - 0x57;
	return -1;
}

export class Framer {
	#onFrame: ((frame: Frame) => void) | undefined;
	#max: number;
	#buf: Uint8Array;
	#frame: FrameView;
	#stats: FramerStats = { frames: 0, crcErrors: 0, overflows: 0, truncated: 0, garbage: 0 };
	#state = IDLE;
	/** Telegram bytes held in #buf (the part received in earlier chunks). */
	#held = 0;
	#crc = 0;
	/** Last byte of the previous chunk: tells whether a chunk's first byte starts a line. */
	#last = LF;
	/** Stream position of the current chunk's first byte. */
	#pos = 0;
	#offset = 0;

	constructor(options: FramerOptions) {
		const max = options.maxSize ?? 4096;
		if (!(max >= 16)) throw new RangeError("bad maxSize");
		this.#max = max;
		this.#onFrame = options.onFrame;
		this.#buf = new Uint8Array(max);
		this.#frame = new FrameView(this.#buf);
	}

	get stats(): Readonly<FramerStats> {
		return this.#stats;
	}

	/** Buffer size in bytes: constant for the framer's life. */
	get capacity(): number {
		return this.#buf.length;
	}

	push(chunk: Uint8Array): void {
		if (this.#onFrame === undefined) return;
		const n = chunk.length;
		let i = 0;
		while (i < n) {
			if (this.#state === IDLE) i = this.#idle(chunk, i, n);
			else if (this.#state === BODY) i = this.#body(chunk, i, n);
			else i = this.#check(chunk, i, n);
		}
		if (n > 0) this.#last = chunk[n - 1];
		if (this.#state === CHECK && this.#frame.bytes !== this.#buf) this.#keepFrame();
		this.#pos += n;
	}

	/**
	 * End of input: completes a telegram waiting after its '!' (bare '!' or short CRC) and returns
	 * the unterminated tail (a telegram without '!', or one cut off) as an incomplete Frame, valid
	 * until the next push; undefined when there is none. The framer is then idle.
	 */
	flush(): Frame | undefined {
		if (this.#state === CHECK) this.#complete();
		if (this.#state !== BODY) return undefined;
		const frame = this.#frame;
		frame.bytes = this.#buf;
		frame.start = 0;
		frame.end = this.#held;
		frame.offset = this.#offset;
		this.#resync(frame);
		frame.crc = "none";
		frame.crcComputed = NaN;
		frame.digits = 0;
		frame.complete = false;
		this.#state = IDLE;
		this.#held = 0;
		return frame;
	}

	/** Forgets a telegram in progress (e.g. after the port was reopened); statistics stay. */
	reset(): void {
		this.#state = IDLE;
		this.#held = 0;
		this.#last = LF;
	}

	close(): void {
		this.#onFrame = undefined;
		this.#state = IDLE;
		this.#held = 0;
	}

	#idle(chunk: Uint8Array, i: number, n: number): number {
		let slash = chunk.indexOf(SLASH, i);
		if (slash < 0) slash = n;
		let garbage = 0;
		for (let k = i; k < slash; k++) {
			const ch = chunk[k];
			if (ch !== LF && ch !== CR) garbage++;
		}
		this.#stats.garbage += garbage;
		if (slash < n) this.#begin(slash);
		return slash;
	}

	#begin(at: number): void {
		this.#state = BODY;
		this.#held = 0;
		this.#crc = 0;
		this.#offset = this.#pos + at;
	}

	#body(chunk: Uint8Array, i: number, n: number): number {
		// this segment starts at i: the telegram's '/' (held = 0) or a continuation (held > 0);
		// a telegram may not grow past maxSize, so the search stops there
		const room = this.#max - this.#held;
		const stop = n - i > room ? i + room : n;
		// one native search for '!' (a '!' inside a value is skipped: it must start a line); a
		// '/' starting a line inside is looked for only when the CRC fails (see #complete)
		let mark = -1;
		let k = this.#held === 0 ? i + 1 : i;
		while (k < stop) {
			const at = chunk.indexOf(BANG, k);
			if (at < 0 || at >= stop) break;
			if ((at > 0 ? chunk[at - 1] : this.#last) === LF) {
				mark = at;
				break;
			}
			k = at + 1;
		}
		if (mark >= 0) {
			const end = mark + 1;
			const crc = crcRange(chunk, i, end, this.#crc);
			this.#crc = crc;
			const frame = this.#frame;
			if (this.#held === 0) {
				frame.bytes = chunk;
				frame.start = i;
				frame.end = end;
			}
			else {
				this.#append(chunk, i, end);
				frame.bytes = this.#buf;
				frame.start = 0;
				frame.end = this.#held;
			}
			frame.crcComputed = crc;
			frame.stated = 0;
			frame.digits = 0;
			frame.offset = this.#offset;
			frame.complete = true;
			this.#state = CHECK;
			return end;
		}
		if (stop < n) {
			this.#stats.overflows++;
			this.#state = IDLE;
			this.#held = 0;
			return stop;
		}
		this.#crc = crcRange(chunk, i, n, this.#crc);
		this.#append(chunk, i, n);
		return n;
	}

	#append(chunk: Uint8Array, from: number, to: number): void {
		const buf = this.#buf;
		let held = this.#held;
		for (let k = from; k < to; k++) buf[held++] = chunk[k];
		this.#held = held;
	}

	#check(chunk: Uint8Array, i: number, n: number): number {
		const frame = this.#frame;
		while (i < n) {
			const h = hexValue(chunk[i]);
			if (h < 0) {
				this.#complete();
				return i;
			}
			frame.stated = frame.stated * 16 + h;
			frame.digits++;
			i++;
			if (frame.digits === 4) {
				this.#complete();
				return i;
			}
		}
		return i;
	}

	/**
	 * A telegram cut off by the next one ('/' at the start of a line before its '!') reaches here
	 * joined to it, and its CRC fails: keep the last telegram only, as if the '/' had been seen
	 * on the way. Checking only failed frames spares every good telegram a second search.
	 */
	#resync(frame: FrameView): void {
		const bytes = frame.bytes;
		let from = frame.start + 1;
		let last = -1;
		for (;;) {
			const at = bytes.indexOf(SLASH, from);
			if (at < 0 || at >= frame.end) break;
			if (bytes[at - 1] === LF) {
				last = at;
				this.#stats.truncated++;
			}
			from = at + 1;
		}
		if (last < 0) return;
		frame.offset += last - frame.start;
		frame.start = last;
		frame.crcComputed = crcRange(bytes, last, frame.end, 0);
	}

	/** A frame that waits for CRC digits from the next chunk must not point into this one. */
	#keepFrame(): void {
		const frame = this.#frame;
		const buf = this.#buf;
		const from = frame.bytes;
		const length = frame.end - frame.start;
		for (let k = 0; k < length; k++) buf[k] = from[frame.start + k];
		frame.bytes = buf;
		frame.start = 0;
		frame.end = length;
	}

	#complete(): void {
		const frame = this.#frame;
		const stats = this.#stats;
		if (frame.digits === 0 || frame.stated !== frame.crcComputed) this.#resync(frame);
		if (frame.digits === 0) frame.crc = "none";
		else if (frame.stated === frame.crcComputed) frame.crc = "valid";
		else {
			frame.crc = "invalid";
			stats.crcErrors++;
		}
		stats.frames++;
		this.#state = IDLE;
		this.#held = 0;
		this.#onFrame?.(frame);
	}
}
