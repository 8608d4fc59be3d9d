// Reading a few values out of a stored summary without JSON.parse: on XS, parsing a 3 KB day file
// to list its quarter_id column allocated about 600 slots of objects and arrays the view then
// dropped. These functions find a key in the text and read numbers and strings where it points,
// with charCode() (util/chars.ts), allocating nothing but the strings asked for. They suit flat
// objects of our own making (the summaries): a key is found by its quoted name anywhere in the
// text, and the text is known to be JSON (history checks it before anything reads it).

import { charCode, textIndexOf, textLength, textSlice } from "./chars";

/** Where the last read value ended (one scan at a time, none nested). */
let end = 0;

/** Index of the value of `"key"` (quoted, e.g. '"day"') in `text`, -1 when the key is absent. */
export function valueAt(text: string, quotedKey: string): number {
	let at = textIndexOf(text, quotedKey);
	while (at >= 0) {
		const colon = skipSpace(text, at + textLength(quotedKey));
		if (charCode(text, colon) === 0x3a) return skipSpace(text, colon + 1);
		at = textIndexOf(text, quotedKey, at + 1); // the name as a string value, not a key
	}
	return -1;
}

/** The number at `at`, NaN for null or anything else; scanEnd() tells where it ended. */
export function numberAt(text: string, at: number): number {
	let i = at;
	const negative = charCode(text, i) === 0x2d;
	if (negative) i++;
	let v = 0;
	const first = i;
	for (let d = charCode(text, i) - 48; d >= 0 && d <= 9; d = charCode(text, ++i) - 48) v = v * 10 + d;
	if (i === first) {
		end = charCode(text, at) === 0x6e ? at + 4 : at; // null
		return NaN;
	}
	const c = charCode(text, i);
	// beyond 15 digits the sum above rounds at every step; Number() rounds once, as JSON.parse
	if (c === 0x2e || c === 0x65 || c === 0x45 || i - first > 15) return fractionAt(text, at, i);
	end = i;
	return negative ? -v : v;
}

/** A number with a fraction, an exponent or many digits: rare in our files, read by Number() from its text. */
function fractionAt(text: string, at: number, i: number): number {
	let c = charCode(text, i);
	while ((c >= 48 && c <= 57) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d)
		c = charCode(text, ++i);
	end = i;
	return Number(textSlice(text, at, i));
}

/** The string at `at` (no escapes: dates and names of our own), undefined for null or anything else. */
export function stringAt(text: string, at: number): string | undefined {
	if (at < 0 || charCode(text, at) !== 0x22) return undefined;
	const close = textIndexOf(text, '"', at + 1);
	if (close < 0) return undefined;
	end = close + 1;
	return textSlice(text, at + 1, close);
}

/**
 * Index of the first element of the array at `at`, or of the next element after the one that
 * ended at scanEnd(): -1 when the array (or the value at `at`, when it is no array) has no more.
 */
export function firstElement(text: string, at: number): number {
	if (at < 0 || charCode(text, at) !== 0x5b) return -1;
	const i = skipSpace(text, at + 1);
	return charCode(text, i) === 0x5d ? -1 : i;
}

/** Index of the element after the one last read (numberAt, stringAt), -1 at the array's end. */
export function nextElement(text: string): number {
	const i = skipSpace(text, end);
	return charCode(text, i) === 0x2c ? skipSpace(text, i + 1) : -1;
}

/** Where the last value read ended. */
export function scanEnd(): number {
	return end;
}

function skipSpace(text: string, at: number): number {
	let i = at;
	for (let c = charCode(text, i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = charCode(text, ++i));
	return i;
}
