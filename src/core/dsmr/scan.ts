// The one line scanner of a telegram, shared by the typed parser (parse.ts, the per-second path)
// and the JSON decoder (decode.ts). It finds a COSEM line's OBIS code and the bounds of its
// "(...)" groups without creating a string: callers read only what they need from the bytes.
// Searches use Uint8Array.indexOf, a native loop, because XS charges per JS instruction; given a
// DataView over the bytes' buffer and their byteOffset in it (parse.ts has them), the search for
// a group's ')' reads 4 bytes at a time.

import { localToUtc } from "../time/brussels";
import { hexDigit, hexText } from "../util/hex";

export const LF = 0x0a;
export const CR = 0x0d;
const SPACE = 0x20;
const OPEN = 0x28;
const CLOSE = 0x29;
const STAR = 0x2a;
const MINUS = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const BANG = 0x21;

/** Lines with more groups than this are malformed for any meter we know (98.1.0 peaks at 42). */
export const MAX_GROUPS = 80;

export const LINE_END = 0; // no more lines ('!' or end of range)
export const LINE_BLANK = 1;
export const LINE_OBJECT = 2;
export const LINE_UNKNOWN = 3;

/** Scanner state for one line, reused from line to line. */
export interface LineScan {
	kind: number;
	/** First byte of the line and end of its text (CR/LF excluded; for multi-line objects, of the last line). */
	start: number;
	end: number;
	/** Where the next line begins. */
	next: number;
	a: number;
	b: number;
	c: number;
	d: number;
	e: number;
	/** End of the "A-B:C.D.E" text (an optional ".F"/"*F" suffix is after it). */
	codeEnd: number;
	/** Group i's content is bytes[groups[2i], groups[2i + 1]), parentheses excluded. */
	groups: Int32Array;
	count: number;
}

export function newLineScan(): LineScan {
	return {
		kind: LINE_END,
		start: 0,
		end: 0,
		next: 0,
		a: 0,
		b: 0,
		c: 0,
		d: 0,
		e: 0,
		codeEnd: 0,
		groups: new Int32Array(MAX_GROUPS * 2),
		count: 0,
	};
}

/** End of the line starting at `pos` (index of its LF, or `end`). */
export function lineEnd(bytes: Uint8Array, pos: number, end: number): number {
	const lf = bytes.indexOf(LF, pos);
	return lf < 0 || lf > end ? end : lf;
}

/** Text end of a line whose LF (or range end) is at `lf`: a CR before it is not text. */
export function trimCr(bytes: Uint8Array, start: number, lf: number): number {
	return lf > start && bytes[lf - 1] === CR ? lf - 1 : lf;
}

/**
 * Scans the line at `pos` (before `end`) into `line`. Returns its kind: LINE_END at '!' or the end
 * of the range, LINE_BLANK for an empty or all-blank line, LINE_OBJECT for `A-B:C.D.E(..)(..)`
 * (groups on following lines that start with '(' belong to it: DSMR 2.2/3 gas), else LINE_UNKNOWN.
 * The line end of an object is found from its last ')' (a line end inside a group makes the
 * line unknown), so most lines are searched once. `view`, when given, is over bytes.buffer, in
 * which bytes starts at `base` (bytes.byteOffset: a getter call, made once per telegram by the caller).
 */
export function scanLine(
	bytes: Uint8Array,
	pos: number,
	end: number,
	line: LineScan,
	strict = false,
	view?: DataView,
	base?: number,
): number {
	line.count = 0;
	line.start = pos;
	if (pos >= end || bytes[pos] === BANG) {
		line.end = pos;
		line.next = end;
		return (line.kind = LINE_END);
	}
	// A-B:C.D.E, each part decimal 0..255; "D-D:" (one-digit A and B) is every meter's form, so it is read without the loop
	let p = pos;
	let v = 0;
	let part = 0;
	const a = bytes[pos] - 0x30;
	const b = bytes[pos + 2] - 0x30;
	if (pos + 4 < end && a >= 0 && a <= 9 && b >= 0 && b <= 9 && bytes[pos + 1] === MINUS && bytes[pos + 3] === COLON) {
		line.a = a;
		line.b = b;
		part = 2;
		p = pos + 4;
	}
	let from = p;
	for (; p < end; p++) {
		const digit = bytes[p] - 0x30;
		if (digit >= 0 && digit <= 9) {
			v = v * 10 + digit;
			continue;
		}
		if (p === from || v > 255) break;
		if (part === 2) {
			if (digit !== DOT - 0x30) break;
			line.c = v;
		} else if (part === 3) {
			if (digit !== DOT - 0x30) break;
			line.d = v;
		} else if (part === 0) {
			if (digit !== MINUS - 0x30) break;
			line.a = v;
		} else if (part === 1) {
			if (digit !== COLON - 0x30) break;
			line.b = v;
		} else break;
		part++;
		v = 0;
		from = p + 1;
	}
	if (part !== 4 || p === from || v > 255) return otherLine(bytes, pos, end, line);
	line.e = v;
	line.codeEnd = p;
	if (bytes[p] === STAR || bytes[p] === DOT) {
		// 6-part form (".255"): same object
		from = ++p;
		while (p < end && bytes[p] >= 0x30 && bytes[p] <= 0x39) p++;
		if (p === from) return otherLine(bytes, pos, end, line);
	}
	if (p >= end || bytes[p] !== OPEN) return otherLine(bytes, pos, end, line);
	return scanGroups(bytes, pos, p, end, line, strict, view, base);
}

/**
 * The groups of an object line whose code was read: bytes[open] is its first '(' (open < end).
 * Sets count, end and next and returns LINE_OBJECT, or what otherLine() makes of a line whose
 * groups are broken. For parse.ts, which knows a line's code when it is the one seen last time.
 * `view` and `base` as for scanLine().
 */
export function scanGroups(
	bytes: Uint8Array,
	pos: number,
	open: number,
	end: number,
	line: LineScan,
	strict = false,
	view?: DataView,
	base?: number,
): number {
	let p = open;
	const groups = line.groups;
	let count = 0;
	// the word loop counts in buffer positions: a view's offset costs nothing per word
	const b = base === undefined ? 0 : base;
	const lastWord = b + end - 3;
	for (;;) {
		// the first ')' in bytes[p + 1, end), -1 when none. With a view 4 bytes at a time: V8
		// calls indexOf at a high fixed cost and XS's indexOf looks at bytes one by one, so for
		// groups of a few bytes the word loop is faster on both.
		let close = -1;
		if (view === undefined) {
			close = bytes.indexOf(CLOSE, p + 1);
			if (close >= end) close = -1;
		} else {
			let i = b + p + 1;
			for (; i < lastWord; i += 4) {
				// a zero byte of w ^ 0x29292929 is a ')'; the lowest flagged byte is always a true one
				const z = view.getUint32(i, true) ^ 0x29292929;
				const m = (z - 0x01010101) & ~z & 0x80808080;
				if (m !== 0) {
					close = (m & 0x80 ? i : m & 0x8000 ? i + 1 : m & 0x800000 ? i + 2 : i + 3) - b;
					break;
				}
			}
			if (close < 0) {
				for (i -= b; i < end; i++) {
					if (bytes[i] === CLOSE) {
						close = i;
						break;
					}
				}
			}
		}
		if (close < 0 || count === MAX_GROUPS) return otherLine(bytes, pos, end, line);
		groups[count * 2] = p + 1;
		groups[count * 2 + 1] = close;
		count++;
		p = close + 1;
		if (p >= end) break;
		let ch = bytes[p];
		if (ch === OPEN) continue;
		if (ch === CR && p + 1 < end) ch = bytes[++p];
		if (ch !== LF) break;
		// a following line that starts with '(' continues this object (DSMR 2.2/3 24.3.0)
		if (p + 1 < end && bytes[p + 1] === OPEN) {
			p++;
			continue;
		}
		break;
	}
	line.count = count;
	// strict: a group that ran over a line end (a lost ')') makes the line unknown; the parser
	// skips this second search, a corrupted line only gives it one wrong value
	if (strict && !continued(bytes, groups, count)) return otherLine(bytes, pos, end, line);
	const stop = p < end && bytes[p] === LF ? p : lineEnd(bytes, p, end);
	line.end = stop > pos && bytes[stop - 1] === CR ? stop - 1 : stop; // trimCr(), inline: once per line
	line.next = stop < end ? stop + 1 : end;
	return (line.kind = LINE_OBJECT);
}

/** True when no group holds a line end. */
function continued(bytes: Uint8Array, groups: Int32Array, count: number): boolean {
	for (let i = 0; i < count; i++) {
		const lf = bytes.indexOf(LF, groups[i * 2]);
		if (lf >= 0 && lf < groups[i * 2 + 1]) return false;
	}
	return true;
}

function otherLine(bytes: Uint8Array, pos: number, end: number, line: LineScan): number {
	line.count = 0;
	const lf = lineEnd(bytes, pos, end);
	const eol = trimCr(bytes, pos, lf);
	line.end = eol;
	line.next = lf < end ? lf + 1 : end;
	return blankOrUnknown(bytes, pos, eol, line);
}

function blankOrUnknown(bytes: Uint8Array, pos: number, eol: number, line: LineScan): number {
	for (let i = pos; i < eol; i++) {
		const ch = bytes[i];
		if (ch !== SPACE && ch !== 0x09) return (line.kind = LINE_UNKNOWN);
	}
	return (line.kind = LINE_BLANK);
}

// Hot-path tables (this one, parse.ts's, crc16.ts's) are constant but not frozen, against the
// house style: V8 (Node) reads the elements of a frozen array several times slower than those
// of a plain or typed array (the framer ran at half speed). XS does not care about freezing.
const POW10 = /* @__PURE__ */ Float64Array.of(
	1,
	10,
	100,
	1000,
	1e4,
	1e5,
	1e6,
	1e7,
	1e8,
	1e9,
	1e10,
	1e11,
	1e12,
	1e13,
	1e14,
	1e15,
	1e16,
	1e17,
	1e18,
	1e19,
	1e20,
	1e21,
	1e22,
);

/**
 * The number at the start of bytes[s, e), "-0012.345" up to a '*' unit or the end, scaled by
 * 10^shift (shift 3 for kWh -> Wh); shift -1 scales by the unit: x1000 when it starts with 'k'
 * (kWh, kW, kvar), so Reading fields are Wh and W whatever the meter sent. Integer digits and a
 * power of ten: "000015.758" in kWh gives exactly 15758. NaN when there is no digit or a stray byte.
 */
export function decimalAt(bytes: Uint8Array, s: number, e: number, shift: number): number {
	let p = s;
	const neg = p < e && bytes[p] === MINUS;
	if (neg) p++;
	const first = p;
	let mant = 0;
	let dot = -1;
	for (; p < e; p++) {
		const digit = bytes[p] - 0x30;
		if (digit >= 0 && digit <= 9) mant = mant * 10 + digit;
		else if (digit === DOT - 0x30 && dot < 0) dot = p;
		else if (digit === STAR - 0x30) break;
		else return NaN;
	}
	const digits = dot < 0 ? p - first : p - first - 1;
	if (digits <= 0 || digits > 22) return NaN;
	if (shift < 0) shift = p + 1 < e && bytes[p + 1] === 0x6b ? 3 : 0;
	const k = dot < 0 ? shift : shift - (p - dot - 1);
	const v = k >= 0 ? mant * POW10[k] : mant / POW10[-k];
	return neg ? -v : v;
}

/** Index of the unit after '*' in bytes[s, e), or -1. */
export function unitAt(bytes: Uint8Array, s: number, e: number): number {
	const star = bytes.indexOf(STAR, s);
	return star < 0 || star >= e ? -1 : star + 1;
}

/** True for 12 digits plus an optional S/W flag (either case): YYMMDDhhmmss[X]. */
export function isStamp(bytes: Uint8Array, s: number, e: number): boolean {
	const n = e - s;
	if (n !== 12 && n !== 13) return false;
	for (let i = s; i < s + 12; i++) {
		const digit = bytes[i] - 0x30;
		if (digit < 0 || digit > 9) return false;
	}
	if (n === 12) return true;
	const f = bytes[s + 12] | 0x20;
	return f === 0x73 || f === 0x77;
}

function two(bytes: Uint8Array, i: number): number {
	return (bytes[i] - 0x30) * 10 + bytes[i + 1] - 0x30;
}

/**
 * UTC ms of a meter timestamp YYMMDDhhmmss[S|W] (Brussels local time; the flag only settles
 * the repeated autumn hour), NaN for anything that is not a real moment: placeholders
 * (632525252525W), month 00 or 34, and unset meter clocks (year 00, or 70..99 = 1970's epoch).
 */
export function stampAt(bytes: Uint8Array, s: number, e: number): number {
	if (!isStamp(bytes, s, e)) return NaN;
	const yy = two(bytes, s);
	if (yy === 0 || yy >= 70) return NaN;
	let summer: boolean | undefined;
	if (e - s === 13) summer = (bytes[s + 12] | 0x20) === 0x73;
	return localToUtc(
		2000 + yy,
		two(bytes, s + 2),
		two(bytes, s + 4),
		two(bytes, s + 6),
		two(bytes, s + 8),
		two(bytes, s + 10),
		summer,
	);
}

/** Unsigned integer of bytes[s, e) ("0001" -> 1), NaN for anything else. */
export function intAt(bytes: Uint8Array, s: number, e: number): number {
	if (s >= e) return NaN;
	let v = 0;
	for (let p = s; p < e; p++) {
		const digit = bytes[p] - 0x30;
		if (digit < 0 || digit > 9) return NaN;
		v = v * 10 + digit;
	}
	return v;
}

/** bytes[s, e) as a latin-1 string. */
export function latin1(bytes: Uint8Array, s: number, e: number): string {
	if (e - s === 13)
		return String.fromCharCode(
			bytes[s],
			bytes[s + 1],
			bytes[s + 2],
			bytes[s + 3],
			bytes[s + 4],
			bytes[s + 5],
			bytes[s + 6],
			bytes[s + 7],
			bytes[s + 8],
			bytes[s + 9],
			bytes[s + 10],
			bytes[s + 11],
			bytes[s + 12],
		);
	let text = "";
	for (let i = s; i < e; i++) text += String.fromCharCode(bytes[i]);
	return text;
}

export { hexDigit, hexText };

/** True when bytes[s, e) is an even number of hex digits (a DSMR octet string). */
export function isHexText(bytes: Uint8Array, s: number, e: number): boolean {
	if ((e - s) & 1) return false;
	for (let i = s; i < e; i++) if (hexDigit(bytes[i]) < 0) return false;
	return true;
}

/** Char code of the hex octet at bytes[i, i + 2). */
export function hexOctet(bytes: Uint8Array, i: number): number {
	return hexDigit(bytes[i]) * 16 + hexDigit(bytes[i + 1]);
}

/** The text message: hex octets decoded as latin-1, or the bytes as they are when not hex (old meters send ASCII). */
export function messageText(bytes: Uint8Array, s: number, e: number): string {
	if (!isHexText(bytes, s, e)) return latin1(bytes, s, e);
	let text = "";
	for (let i = s; i < e; i += 2) text += String.fromCharCode(hexOctet(bytes, i));
	return text;
}
