// Splits the P1 byte stream into telegrams: '/' starts one, a '!' at the start of a line ends it,
// then up to 4 hex digits of CRC-16/ARC over '/'..'!'. A '/' at the start of a line inside a
// telegram means it was cut off: only the telegram from the last such '/' is kept (looked for
// when the CRC fails, see #resync). Chunks of any size give the same frames.
// A telegram that lies inside one chunk is handed out in place when the chunk's buffer has a
// view (see VIEW_MIN); otherwise, or when it spans chunks, it is copied into a buffer allocated
// once (maxSize), so memory never grows whatever the line sends.

import { declaresCrc } from "./crc-rule";
import { CRC_TABLE, CRC_TABLE2, CRC_TABLE3, CRC_TABLE4, crc16 } from "./crc16";
import type { CrcVerdict } from "./reading";
import * as scan from "./scan";

// The CRC is most of the framer's cost: it runs 4 bytes per step over the tables of crc16.ts,
// with words from a DataView (in XS a DataView read of 4 bytes costs what one typed-array
// element read costs).

// copied into constants: see parse.ts on imports under tsx / ts-jest
const { hexDigit, hexText } = scan;

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
	/** Delivered without CRC digits where there must be some (verdict "missing", crc-rule.ts). */
	crcMissing: number;
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
		return hexText(this.stated, this.digits);
	}
}

/** CRC-16/ARC of bytes[from, to) continuing from crc; `view` (over bytes.buffer, or undefined) reads 4 bytes at a time. */
function crcRange(bytes: Uint8Array, view: DataView | undefined, from: number, to: number, crc: number): number {
	let i = from;
	if (view !== undefined) {
		const t = CRC_TABLE;
		const t2 = CRC_TABLE2;
		const t3 = CRC_TABLE3;
		const t4 = CRC_TABLE4;
		const base = bytes.byteOffset;
		let j = base + i;
		for (const last = base + to - 3; j < last; j += 4) {
			const w = view.getUint32(j, true);
			const x = crc ^ (w & 0xffff);
			crc = t4[x & 0xff] ^ t3[x >>> 8] ^ t2[(w >>> 16) & 0xff] ^ t[w >>> 24];
		}
		i = j - base;
	}
	return crc16(bytes, i, to, crc); // the last 0-3 bytes, or all of them without a view
}

// A DataView is made per ArrayBuffer, not per Uint8Array: one view over the whole buffer, read
// at chunk.byteOffset + i, serves every chunk cut from it (a read buffer wrapped anew per read,
// Node's pooled Buffers), so a host that reuses its buffer pays for one view in all. A buffer
// gets one only for a segment long enough to repay it, and not at first sight when the
// segment is the whole chunk: that is copied into #buf by one native set() and searched there,
// so whole telegrams in a new buffer each (or a few buffers in turn) cost no object either.
// A new buffer per read with telegrams starting mid-chunk still costs a view per chunk: such a
// host should read into one buffer it keeps (Moddable: serial `read(buffer)` into an
// ArrayBuffer allocated once; Node's serialport already reads into a pool it reuses).
const VIEW_MIN = 256;

export class Framer {
	#onFrame: ((frame: Frame) => void) | undefined;
	#max: number;
	#buf: Uint8Array;
	#bufView: DataView;
	#bufBuffer: ArrayBufferLike;
	/** The host buffer last given a view, and that view (over the whole buffer). */
	#view: DataView | undefined;
	#viewBuffer: ArrayBufferLike | undefined;
	/** The buffer of the last whole chunk copied rather than viewed: a second chunk of it gets a view. */
	#seen: ArrayBufferLike | undefined;
	#frame: FrameView;
	#stats: FramerStats = { frames: 0, crcErrors: 0, crcMissing: 0, overflows: 0, truncated: 0, garbage: 0 };
	#state = IDLE;
	/** Telegram bytes held in #buf (the part received in earlier chunks). */
	#held = 0;
	/** CRC of the bytes held (or, while a telegram is found, of the telegram). */
	#crc = 0;
	/** Last byte of the previous chunk: tells whether a chunk's first byte starts a line. */
	#last = LF;
	/** Stream position of the current chunk's first byte. */
	#pos = 0;
	#offset = 0;
	/** A valid CRC was seen: from then on every telegram must have one (crc-rule.ts). Kept by reset(): the meter is the same. */
	#crcSeen = false;

	constructor(options: FramerOptions) {
		const max = options.maxSize ?? 4096;
		if (!(max >= 16)) throw new RangeError("bad maxSize");
		this.#max = max;
		this.#onFrame = options.onFrame;
		this.#buf = new Uint8Array(max);
		this.#bufBuffer = this.#buf.buffer;
		this.#bufView = new DataView(this.#bufBuffer);
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
		this.#view = undefined;
		this.#viewBuffer = undefined;
		this.#seen = undefined;
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
		// a telegram may not grow past maxSize, so the search stops there. One pass over the
		// bytes, 4 at a time, adds them to the CRC (#crc covers every byte held) and looks for
		// the '!' that ends the telegram; a '/' starting a line inside is looked for only when
		// the CRC fails (see #complete).
		const room = this.#max - this.#held;
		const stop = n - i > room ? i + room : n;
		const view = this.#viewFor(chunk, i, stop);
		let mark: number;
		if (view !== undefined) {
			mark = this.#seek(chunk, view, chunk.byteOffset, i, stop);
			if (mark >= 0 && this.#held === 0) {
				// the whole telegram is in this chunk: handed out in place
				this.#found(chunk, i, mark + 1);
				return mark + 1;
			}
			this.#append(chunk, i, mark >= 0 ? mark + 1 : stop);
		} else {
			// a chunk without a view (short, or a buffer seen for the first time): its bytes go
			// to #buf first and the pass runs there, through the view #buf has for life
			const from = this.#held;
			this.#append(chunk, i, stop);
			const at = this.#seek(this.#buf, this.#bufView, 0, from, this.#held);
			mark = at < 0 ? -1 : i + at - from;
			if (at >= 0) this.#held = at + 1;
		}
		if (mark >= 0) {
			this.#found(this.#buf, 0, this.#held);
			return mark + 1;
		}
		if (stop < n) {
			this.#stats.overflows++;
			this.#state = IDLE;
			this.#held = 0;
			return stop;
		}
		return n;
	}

	/** A telegram in bytes[start, end) ended by its '!', with #crc over it: CRC digits come next. */
	#found(bytes: Uint8Array, start: number, end: number): void {
		const frame = this.#frame;
		frame.bytes = bytes;
		frame.start = start;
		frame.end = end;
		frame.crcComputed = this.#crc;
		frame.stated = 0;
		frame.digits = 0;
		frame.offset = this.#offset;
		frame.complete = true;
		this.#state = CHECK;
	}

	/** A DataView over chunk.buffer for the segment chunk[from, to), or undefined when a new one would not pay for itself (see VIEW_MIN). */
	#viewFor(chunk: Uint8Array, from: number, to: number): DataView | undefined {
		const buffer = chunk.buffer;
		if (buffer === this.#viewBuffer) return this.#view;
		if (buffer === this.#bufBuffer) return this.#bufView;
		if (to - from < VIEW_MIN) return undefined;
		if (from === 0 && to === chunk.length && buffer !== this.#seen) {
			this.#seen = buffer;
			return undefined;
		}
		const view = new DataView(buffer);
		this.#view = view;
		this.#viewBuffer = buffer;
		return view;
	}

	/**
	 * Index of the first '!' starting a line in chunk[from, to), or -1; #crc continues over the
	 * bytes up to it (or to `to`). A word holding no '!' is only added to the CRC; one that may
	 * is looked at byte by byte. `view` is over chunk.buffer, where chunk starts at `base`.
	 */
	#seek(chunk: Uint8Array, view: DataView, base: number, from: number, to: number): number {
		const t = CRC_TABLE;
		const t2 = CRC_TABLE2;
		const t3 = CRC_TABLE3;
		const t4 = CRC_TABLE4;
		let crc = this.#crc;
		let i = from;
		for (;;) {
			// the word loop counts in buffer positions, so a chunk's offset costs nothing per word
			let j = base + i;
			for (const last = base + to - 3; j < last; j += 4) {
				const w = view.getUint32(j, true);
				// flags every word with a '!' (a zero byte of w ^ 0x21212121), and some words with
				// bytes >= 0x80 too, which the byte loop below then looks at for nothing
				if (((w ^ 0x21212121) - 0x01010101) & 0x80808080) break;
				const x = crc ^ (w & 0xffff);
				crc = t4[x & 0xff] ^ t3[x >>> 8] ^ t2[(w >>> 16) & 0xff] ^ t[w >>> 24];
			}
			i = j - base;
			const stop = i + 4 < to ? i + 4 : to;
			for (; i < stop; i++) {
				const ch = chunk[i];
				crc = (crc >>> 8) ^ t[(crc ^ ch) & 0xff];
				if (ch === BANG && (i > 0 ? chunk[i - 1] : this.#last) === LF) {
					this.#crc = crc;
					return i;
				}
			}
			if (i >= to) break;
		}
		this.#crc = crc;
		return -1;
	}

	#append(chunk: Uint8Array, from: number, to: number): void {
		const buf = this.#buf;
		let held = this.#held;
		// a whole chunk (the usual case for a UART's reads) is one native copy, without a subarray
		if (from === 0 && to === chunk.length) {
			buf.set(chunk, held);
			held += to;
		} else for (let k = from; k < to; k++) buf[held++] = chunk[k];
		this.#held = held;
	}

	#check(chunk: Uint8Array, i: number, n: number): number {
		const frame = this.#frame;
		while (i < n) {
			const h = hexDigit(chunk[i]);
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
		const buffer = bytes.buffer;
		frame.crcComputed = crcRange(
			bytes,
			buffer === this.#bufBuffer ? this.#bufView : buffer === this.#viewBuffer ? this.#view : undefined,
			last,
			frame.end,
			0,
		);
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
		if (frame.digits === 0) {
			if (this.#crcSeen || declaresCrc(frame.bytes, frame.start, frame.end)) {
				frame.crc = "missing";
				stats.crcMissing++;
			} else frame.crc = "none";
		} else if (frame.stated === frame.crcComputed) {
			frame.crc = "valid";
			this.#crcSeen = true;
		} else {
			frame.crc = "invalid";
			stats.crcErrors++;
		}
		stats.frames++;
		this.#state = IDLE;
		this.#held = 0;
		this.#onFrame?.(frame);
	}
}
