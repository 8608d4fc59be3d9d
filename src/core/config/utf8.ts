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

/** Text of UTF-8 `bytes`, undefined when they are not valid UTF-8 (overlong forms, surrogates, truncation). */
export function utf8Decode(bytes: Uint8Array): string | undefined {
	let text = "";
	for (let i = 0; i < bytes.length; ) {
		const b = bytes[i];
		let c: number;
		let n: number;
		if (b < 0x80) {
			c = b;
			n = 0;
		} else if (b >= 0xc2 && b < 0xe0) {
			c = b & 0x1f;
			n = 1;
		} else if (b >= 0xe0 && b < 0xf0) {
			c = b & 0x0f;
			n = 2;
		} else if (b >= 0xf0 && b < 0xf5) {
			c = b & 0x07;
			n = 3;
		} else return undefined;
		for (let k = 1; k <= n; k++) {
			const next = bytes[i + k]; // past the end: undefined, which fails the test below
			if ((next & 0xc0) !== 0x80) return undefined;
			c = (c << 6) | (next & 0x3f);
		}
		if ((n === 2 && (c < 0x800 || (c >= 0xd800 && c < 0xe000))) || (n === 3 && (c < 0x10000 || c > 0x10ffff)))
			return undefined;
		if (c < 0x10000) text += String.fromCharCode(c);
		else text += String.fromCharCode(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + (c & 0x3ff));
		i += n + 1;
	}
	return text;
}
