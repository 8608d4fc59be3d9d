// Whether a text is JSON, with JSON.parse's verdict but without building the tree: the history
// files are checked before they are served, and on XS parsing a 3 KB day file only to throw the
// result away allocated 500 slots. This scan reads characters with charCode() (util/chars.ts) and
// allocates nothing. Its cursor lives in the module: one check runs at a time, and none is nested.

import { charCode, textLength, textStartsWith } from "./chars";
import { hexDigit } from "./hex";

/** Deeper nesting than any file we write: JSON.parse decides, rather than a deep recursion. */
const MAX_DEPTH = 32;

let src = "";
let at = 0;
let end = 0;
let tooDeep = false;

/** True exactly when JSON.parse(text) would not throw. */
export function isJsonText(text: string): boolean {
	src = text;
	at = 0;
	end = textLength(text);
	tooDeep = false;
	let ok = value(0);
	if (ok) {
		skipSpace();
		ok = at === end;
	}
	src = "";
	return tooDeep ? parses(text) : ok;
}

function parses(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

function skipSpace(): void {
	for (; at < end; at++) {
		const c = charCode(src, at);
		if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
	}
}

function value(depth: number): boolean {
	skipSpace();
	const c = charCode(src, at);
	if (c === 0x7b) return container(depth, 0x7d, true); // {
	if (c === 0x5b) return container(depth, 0x5d, false); // [
	if (c === 0x22) return string();
	if (c === 0x74) return word("true");
	if (c === 0x66) return word("false");
	if (c === 0x6e) return word("null");
	return number();
}

/** An object (`keyed`) or array, the cursor on its opening bracket. */
function container(depth: number, close: number, keyed: boolean): boolean {
	if (depth >= MAX_DEPTH) {
		tooDeep = true;
		return false;
	}
	at++;
	skipSpace();
	if (charCode(src, at) === close) {
		at++;
		return true;
	}
	for (;;) {
		if (keyed) {
			skipSpace();
			if (charCode(src, at) !== 0x22 || !string()) return false;
			skipSpace();
			if (charCode(src, at) !== 0x3a) return false; // :
			at++;
		}
		if (!value(depth + 1)) return false;
		skipSpace();
		const c = charCode(src, at++);
		if (c === close) return true;
		if (c !== 0x2c) return false; // ,
	}
}

/** A string, the cursor on its opening quote. */
function string(): boolean {
	for (at++; at < end; ) {
		const c = charCode(src, at);
		if (c === 0x22) {
			at++;
			return true;
		}
		if (c < 0x20) return false;
		if (c !== 0x5c) at++;
		else if (charCode(src, at + 1) === 0x75) {
			// \uXXXX
			for (let k = 2; k < 6; k++) if (hexDigit(charCode(src, at + k)) < 0) return false;
			at += 6;
		} else if (isEscape(charCode(src, at + 1))) at += 2;
		else return false;
	}
	return false;
}

/** " \ / b f n r t */
function isEscape(c: number): boolean {
	return c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74;
}

function word(w: string): boolean {
	if (!textStartsWith(src, w, at)) return false;
	at += textLength(w);
	return true;
}

/** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function number(): boolean {
	if (charCode(src, at) === 0x2d) at++;
	if (charCode(src, at) === 0x30) at++;
	else if (!digits()) return false;
	if (charCode(src, at) === 0x2e) {
		at++;
		if (!digits()) return false;
	}
	const e = charCode(src, at);
	if (e === 0x65 || e === 0x45) {
		at++;
		const sign = charCode(src, at);
		if (sign === 0x2b || sign === 0x2d) at++;
		if (!digits()) return false;
	}
	return true;
}

/** One or more digits. */
function digits(): boolean {
	const start = at;
	while (isDigit(charCode(src, at))) at++;
	return at > start;
}

function isDigit(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}
