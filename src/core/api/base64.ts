// Base64 (RFC 4648, standard alphabet, padded) for Basic credentials. Written here because the
// hosts differ: Node 20 has Buffer, XS has Uint8Array.fromBase64, neither has both.

import { charCode, textLength } from "../util/chars";

/** Bytes of canonical padded base64 `text`, or undefined when it is not exactly that. */
export function decodeBase64(text: string): Uint8Array | undefined {
	const length = textLength(text);
	const bytes = new Uint8Array((length >> 2) * 3);
	const count = decodeBase64Into(text, 0, length, bytes);
	return count < 0 ? undefined : bytes.subarray(0, count);
}

/**
 * Decodes canonical padded base64 text[start, end) into `out` (a buffer reused across requests,
 * so a login check allocates nothing); the number of bytes, or -1 when it is not exactly that
 * or does not fit.
 */
export function decodeBase64Into(text: string, start: number, end: number, out: Uint8Array): number {
	const length = end - start;
	if (length % 4 !== 0) return -1;
	let padding = 0;
	if (length > 0 && charCode(text, end - 1) === 0x3d) {
		padding = 1;
		if (charCode(text, end - 2) === 0x3d) padding = 2;
	}
	const count = (length / 4) * 3 - padding;
	if (count > out.length) return -1;
	let at = 0;
	for (let i = start; i < end; i += 4) {
		const last = i + 4 === end;
		const a = sextet(charCode(text, i));
		const b = sextet(charCode(text, i + 1));
		const c = last && padding === 2 ? 0 : sextet(charCode(text, i + 2));
		const d = last && padding > 0 ? 0 : sextet(charCode(text, i + 3));
		if ((a | b | c | d) < 0) return -1;
		const group = (a << 18) | (b << 12) | (c << 6) | d;
		out[at++] = group >> 16;
		if (at < count) out[at++] = (group >> 8) & 0xff;
		else if ((group & 0xffff) !== 0) return -1; // bits beyond the data: not canonical
		if (at < count) out[at++] = group & 0xff;
		else if ((group & 0xff) !== 0) return -1;
	}
	return count;
}

function sextet(c: number): number {
	if (c >= 0x41 && c <= 0x5a) return c - 0x41;
	if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
	if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
	if (c === 0x2b) return 62;
	if (c === 0x2f) return 63;
	return -1;
}
