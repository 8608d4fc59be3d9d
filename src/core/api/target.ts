// The request-target, judged before anything else looks at it. Percent-decoding happens exactly
// once, here; whatever could make a path mean something else to a file system afterwards is
// refused rather than cleaned up (no second decode, no normalisation of "..", "\" or "//").

import { charCode, textIndexOf, textLength, textSlice } from "../util/chars";
import { hexDigit } from "../util/hex";

export const MAX_TARGET = 512;
export const MAX_HEADERS = 64;
export const MAX_HEADER_BYTES = 8192;

/** Decoded path of `target` (query dropped), or the HTTP status to refuse it with (400, 414). */
export function parseTarget(target: string): string | number {
	const length = textLength(target);
	if (length > MAX_TARGET) return 414;
	if (charCode(target, 0) !== 0x2f) return 400; // only origin-form: no "*", no absolute URL naming another host
	let end = textIndexOf(target, "?");
	if (end < 0) end = length;
	let path = "";
	let plain = 0; // start of the run of characters copied as they are
	for (let i = 0; i < end; i++) {
		const c = charCode(target, i);
		if (c <= 0x20 || c >= 0x7f || c === 0x5c || c === 0x23) return 400; // controls, space, non-ASCII, backslash, fragment
		if (c !== 0x25) continue;
		const byte = i + 2 < end ? escapedByte(target, i) : -1;
		if (byte < 0 || byte < 0x20 || byte === 0x7f || byte === 0x2f || byte === 0x5c) return 400; // bad escape, NUL and controls, an encoded "/" or "\"
		path += textSlice(target, plain, i) + String.fromCharCode(byte);
		i += 2;
		plain = i + 1;
	}
	path = plain === 0 ? textSlice(target, 0, end) : path + textSlice(target, plain, end);
	return hasDotSegment(path) ? 400 : path;
}

/** 431 when the headers are too many or too large, else 0. */
export function checkHeaders(headers: Record<string, string>): number {
	let count = 0;
	let bytes = 0;
	for (const name in headers) {
		const value = headers[name];
		count++;
		bytes += textLength(name) + (typeof value === "string" ? textLength(value) : 0) + 4;
		if (count > MAX_HEADERS || bytes > MAX_HEADER_BYTES) return 431;
	}
	return 0;
}

/** True when a segment of `path` is "." or "..". */
function hasDotSegment(path: string): boolean {
	let start = 0;
	const n = textLength(path);
	for (let i = 0; i <= n; i++) {
		if (i < n && charCode(path, i) !== 0x2f) continue;
		const length = i - start;
		if (
			(length === 1 || length === 2) &&
			charCode(path, start) === 0x2e &&
			(length === 1 || charCode(path, start + 1) === 0x2e)
		)
			return true;
		start = i + 1;
	}
	return false;
}

/** The byte of the %XX escape at `i`, -1 when its two digits are not hex. */
function escapedByte(target: string, i: number): number {
	const high = hexDigit(charCode(target, i + 1));
	const low = hexDigit(charCode(target, i + 2));
	return high < 0 || low < 0 ? -1 : high * 16 + low;
}
