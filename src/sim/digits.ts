// Writing numbers and timestamps into a telegram in place, with the fixed widths of the meter
// (`000123.456`, `02.351`, `234.7`): the simulator patches one preformatted telegram per second.

import type { LocalTime } from "../core/time/brussels";
import { HEX_DIGITS as HEX, hexText } from "../core/util/hex";

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { floor } = Math;

/** Writes `value` (an integer, already scaled) as `intDigits` digits, a '.', `decDigits` digits; wraps like a register. */
export function putFixed(buf: Uint8Array, at: number, intDigits: number, decDigits: number, value: number): void {
	let v = floor(value);
	if (!(v >= 0)) v = 0;
	let i = at + intDigits + (decDigits > 0 ? decDigits : -1);
	for (let k = 0; k < decDigits; k++) {
		buf[i--] = 48 + (v % 10);
		v = floor(v / 10);
	}
	if (decDigits > 0) buf[i--] = 46;
	for (let k = 0; k < intDigits; k++) {
		buf[i--] = 48 + (v % 10);
		v = floor(v / 10);
	}
}

function put2(buf: Uint8Array, at: number, v: number): void {
	buf[at] = 48 + floor(v / 10);
	buf[at + 1] = 48 + (v % 10);
}

/** `YYMMDDhhmmssX`, X = S (summer) or W (winter): 13 bytes. */
export function putTimestamp(buf: Uint8Array, at: number, t: LocalTime): void {
	put2(buf, at, t.year % 100);
	put2(buf, at + 2, t.month);
	put2(buf, at + 4, t.day);
	put2(buf, at + 6, t.hour);
	put2(buf, at + 8, t.minute);
	put2(buf, at + 10, t.second);
	buf[at + 12] = t.summer ? 83 : 87;
}

/** The meter's "no value" timestamp, seen in 0-0:98.1.0 for a month without data. */
export const NO_TIMESTAMP = "632525252525W";

export function putHex4(buf: Uint8Array, at: number, v: number): void {
	buf[at] = HEX.charCodeAt((v >>> 12) & 15);
	buf[at + 1] = HEX.charCodeAt((v >>> 8) & 15);
	buf[at + 2] = HEX.charCodeAt((v >>> 4) & 15);
	buf[at + 3] = HEX.charCodeAt(v & 15);
}

/** ASCII text as upper-case hex, the way the meter sends equipment ids and text messages. */
export function hexOf(text: string): string {
	let s = "";
	for (let i = 0; i < text.length; i++) s += hexText(text.charCodeAt(i) & 0xff, 2);
	return s;
}

/** Fixed-point text for the template (same layout as putFixed). */
export function fixedText(intDigits: number, decDigits: number, value: number): string {
	const buf = new Uint8Array(intDigits + (decDigits > 0 ? decDigits + 1 : 0));
	putFixed(buf, 0, intDigits, decDigits, value);
	return String.fromCharCode(...buf);
}

export function timestampText(t: LocalTime): string {
	const buf = new Uint8Array(13);
	putTimestamp(buf, 0, t);
	return String.fromCharCode(...buf);
}
