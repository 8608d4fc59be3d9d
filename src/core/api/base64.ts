// Base64 (RFC 4648, standard alphabet, padded) for Basic credentials. Written here because the
// hosts differ: Node 20 has Buffer, XS has Uint8Array.fromBase64, neither has both.

/** Bytes of canonical padded base64 `text`, or undefined when it is not exactly that. */
export function decodeBase64(text: string): Uint8Array | undefined {
	const length = text.length;
	if (length % 4 !== 0) return undefined;
	let padding = 0;
	if (length > 0 && text.charCodeAt(length - 1) === 0x3d) {
		padding = 1;
		if (text.charCodeAt(length - 2) === 0x3d) padding = 2;
	}
	const bytes = new Uint8Array((length / 4) * 3 - padding);
	let at = 0;
	for (let i = 0; i < length; i += 4) {
		const last = i + 4 === length;
		const a = sextet(text.charCodeAt(i));
		const b = sextet(text.charCodeAt(i + 1));
		const c = last && padding === 2 ? 0 : sextet(text.charCodeAt(i + 2));
		const d = last && padding > 0 ? 0 : sextet(text.charCodeAt(i + 3));
		if ((a | b | c | d) < 0) return undefined;
		const group = (a << 18) | (b << 12) | (c << 6) | d;
		bytes[at++] = group >> 16;
		if (at < bytes.length) bytes[at++] = (group >> 8) & 0xff;
		else if ((group & 0xffff) !== 0) return undefined; // bits beyond the data: not canonical
		if (at < bytes.length) bytes[at++] = group & 0xff;
		else if ((group & 0xff) !== 0) return undefined;
	}
	return bytes;
}

function sextet(c: number): number {
	if (c >= 0x41 && c <= 0x5a) return c - 0x41;
	if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
	if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
	if (c === 0x2b) return 62;
	if (c === 0x2f) return 63;
	return -1;
}
