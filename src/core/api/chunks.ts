// Bodies produced a piece at a time, so a month's CSV or a stored file never sits whole in a
// 100 KB heap. The host pulls: it hands the source a buffer when it can send more (the Moddable
// http Server asks for the next chunk in a callback; node writes and waits for "drain"), so the
// source never runs ahead of the socket and holds at most one piece of text at a time.

import { charCode, textLength } from "../util/chars";

/** A response body pulled in chunks. */
export interface ChunkSource {
	/**
	 * Writes the next bytes of the body into `into` from index 0 and returns how many; 0 means the
	 * body is complete. Never more than `into.length`; `into` is the host's and may be reused, so
	 * the source keeps no reference to it.
	 */
	next(into: Uint8Array): number;
	/** Frees what the source holds; hosts call it once, at the end or when the client went away. */
	close(): void;
}

/** Smallest buffer a host may pass: one UTF-8 character (4 bytes) must always fit. */
export const MIN_CHUNK = 4;

export function isChunkSource(body: unknown): body is ChunkSource {
	return typeof body === "object" && body !== null && typeof (body as ChunkSource).next === "function";
}

/**
 * A ChunkSource over text pieces: `piece()` returns the next piece (any length, typically one row)
 * or undefined at the end. A piece is encoded to UTF-8 straight into the host's buffer, carried
 * over to the next call when it does not fit, and never split inside a character.
 */
export class TextChunks implements ChunkSource {
	#piece: () => string | undefined;
	#text = "";
	#at = 0; // next UTF-16 unit of #text to encode
	#end = 0; // the length of #text, read once per piece without boxing it (util/chars.ts)
	#done = false;

	constructor(piece: () => string | undefined) {
		this.#piece = piece;
	}

	next(into: Uint8Array): number {
		if (into.length < MIN_CHUNK) throw new RangeError("chunk buffer too small");
		let n = 0;
		while (!this.#done) {
			if (this.#at >= this.#end) {
				const piece = this.#piece();
				if (piece === undefined) {
					this.close();
					break;
				}
				this.#text = piece;
				this.#end = textLength(piece);
				this.#at = 0;
				continue;
			}
			const written = encodeInto(this.#text, this.#at, this.#end, into, n);
			this.#at = written.at;
			n = written.n;
			if (this.#at < this.#end) break; // the buffer is full
		}
		return n;
	}

	close(): void {
		this.#done = true;
		this.#text = "";
		this.#end = 0;
	}
}

/** A ChunkSource over one string (a body that is small, or already whole). */
export function textSource(text: string): ChunkSource {
	let given = false;
	return new TextChunks(() => {
		if (given) return undefined;
		given = true;
		return text;
	});
}

// Where encodeInto stopped; one object reused, so encoding allocates nothing.
const progress = { at: 0, n: 0 };

/**
 * UTF-8 of `text` from unit `at` (to `end`, its length) into `into` from byte `n`, as far as whole characters fit;
 * lone surrogates become U+FFFD (as utf8Encode does).
 */
function encodeInto(text: string, at: number, end: number, into: Uint8Array, n: number): { at: number; n: number } {
	const room = into.length;
	while (at < end) {
		let c = charCode(text, at);
		let units = 1;
		if (c >= 0xd800 && c < 0xe000) {
			const low = at + 1 < end ? charCode(text, at + 1) : 0;
			if (c < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
				units = 2;
			} else c = 0xfffd;
		}
		const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		if (n + size > room) break;
		if (size === 1) into[n] = c;
		else if (size === 2) {
			into[n] = 0xc0 | (c >> 6);
			into[n + 1] = 0x80 | (c & 0x3f);
		} else if (size === 3) {
			into[n] = 0xe0 | (c >> 12);
			into[n + 1] = 0x80 | ((c >> 6) & 0x3f);
			into[n + 2] = 0x80 | (c & 0x3f);
		} else {
			into[n] = 0xf0 | (c >> 18);
			into[n + 1] = 0x80 | ((c >> 12) & 0x3f);
			into[n + 2] = 0x80 | ((c >> 6) & 0x3f);
			into[n + 3] = 0x80 | (c & 0x3f);
		}
		n += size;
		at += units;
	}
	progress.at = at;
	progress.n = n;
	return progress;
}
