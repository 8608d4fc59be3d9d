// UTF-8 without TextEncoder (absent on XS): byte lengths for limits (an SSID is 32 bytes, not
// 32 characters) and the bytes a browser sends in a Basic login.

import { charCode } from "../util/chars";

/** Number of UTF-8 bytes of `text`; a lone surrogate counts as U+FFFD (3 bytes), as encoders do. */
export function utf8Length(text: string): number {
	let length = 0;
	const n = text.length; // read once: see util/chars.ts
	for (let i = 0; i < n; i++) {
		const c = charCode(text, i);
		if (c < 0x80) length += 1;
		else if (c < 0x800) length += 2;
		else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && isLow(charCode(text, i + 1))) {
			length += 4;
			i++;
		} else length += 3;
	}
	return length;
}

/** UTF-8 bytes of `text`; lone surrogates become U+FFFD. */
export function utf8Encode(text: string): Uint8Array {
	const bytes = new Uint8Array(utf8Length(text));
	let at = 0;
	for (let i = 0; i < text.length; i++) {
		let c = text.charCodeAt(i);
		if (c >= 0xd800 && c < 0xe000) {
			if (c < 0xdc00 && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
				c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
				bytes[at++] = 0xf0 | (c >> 18);
				bytes[at++] = 0x80 | ((c >> 12) & 0x3f);
				bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
				bytes[at++] = 0x80 | (c & 0x3f);
				continue;
			}
			c = 0xfffd;
		}
		if (c < 0x80) bytes[at++] = c;
		else if (c < 0x800) {
			bytes[at++] = 0xc0 | (c >> 6);
			bytes[at++] = 0x80 | (c & 0x3f);
		} else {
			bytes[at++] = 0xe0 | (c >> 12);
			bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
			bytes[at++] = 0x80 | (c & 0x3f);
		}
	}
	return bytes;
}

function isLow(c: number): boolean {
	return c >= 0xdc00 && c < 0xe000;
}
