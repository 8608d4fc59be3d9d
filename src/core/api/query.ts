// Query parameters of the routes that take them, read strictly: exactly the parameters the route
// names, each once, plain decimal digits, within range. Anything else is refused with a message
// that names the parameter from the route's table, never what the client sent.

import { charCode } from "../util/chars";

export interface QueryField {
	readonly name: string;
	readonly min: number;
	readonly max: number;
}

/** More digits than this is out of range for every field (and keeps the number exact). */
const MAX_DIGITS = 6;

/**
 * Reads the query of `target` into `out` (in the order of `fields`); returns undefined when every
 * field is present and valid, else the error message for a 400.
 */
export function readQuery(target: string, fields: readonly QueryField[], out: number[]): string | undefined {
	let seen = 0; // bit i: fields[i] was given
	const q = target.indexOf("?");
	if (q >= 0 && q + 1 < target.length) {
		let start = q + 1;
		while (start <= target.length) {
			let end = target.indexOf("&", start);
			if (end < 0) end = target.length;
			const eq = target.indexOf("=", start);
			if (eq < 0 || eq >= end) return "malformed query";
			const i = fieldAt(target, start, eq, fields);
			if (i < 0) return "unknown parameter";
			const field = fields[i];
			if ((seen & (1 << i)) !== 0) return field.name + " given twice";
			seen |= 1 << i;
			const value = digitsValue(target, eq + 1, end);
			if (value === -1) return field.name + " must be a whole number";
			if (value === -2 || value < field.min || value > field.max) return field.name + " out of range";
			out[i] = value;
			start = end + 1;
		}
	}
	for (let i = 0; i < fields.length; i++) if ((seen & (1 << i)) === 0) return fields[i].name + " missing";
	return undefined;
}

/** Longest text value (a date, a time, a flag, a quarter_id); anything longer is refused unread. */
const MAX_TEXT = 12;

/**
 * Reads the query of `target` as text values into `out` (in the order of `names`; undefined for a
 * parameter not given: the route decides what is required). Each parameter at most once; values
 * of digits, letters, "-" and ":" only (":" also as %3A, as forms send it). Returns undefined when
 * the query is well formed, else the error message for a 400.
 */
export function readQueryText(
	target: string,
	names: readonly { readonly name: string }[],
	out: (string | undefined)[],
): string | undefined {
	for (let i = 0; i < names.length; i++) out[i] = undefined;
	const q = target.indexOf("?");
	if (q < 0 || q + 1 >= target.length) return undefined;
	let start = q + 1;
	while (start <= target.length) {
		let end = target.indexOf("&", start);
		if (end < 0) end = target.length;
		const eq = target.indexOf("=", start);
		if (eq < 0 || eq >= end) return "malformed query";
		const i = fieldAt(target, start, eq, names);
		if (i < 0) return "unknown parameter";
		const name = names[i].name;
		if (out[i] !== undefined) return name + " given twice";
		const value = textValue(target, eq + 1, end);
		if (value === undefined) return name + " malformed";
		out[i] = value;
		start = end + 1;
	}
	return undefined;
}

/** target[start, end) with %3A as ":"; undefined when empty, too long or holding anything else. */
function textValue(target: string, start: number, end: number): string | undefined {
	if (end <= start || end - start > MAX_TEXT * 3) return undefined;
	let out = "";
	let from = start; // start of the part not yet copied to `out`
	for (let i = start; i < end; i++) {
		const c = charCode(target, i);
		if (c === 0x25) {
			if (!(i + 2 < end && charCode(target, i + 1) === 0x33 && (charCode(target, i + 2) | 0x20) === 0x61))
				return undefined;
			out += target.slice(from, i) + ":";
			i += 2;
			from = i + 1;
		} else if (!((c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d))
			return undefined;
	}
	out += target.slice(from, end);
	return out.length <= MAX_TEXT ? out : undefined;
}

/** Index of the field named target[start, end), -1 when none is. */
function fieldAt(target: string, start: number, end: number, fields: readonly { readonly name: string }[]): number {
	for (let i = 0; i < fields.length; i++) {
		const name = fields[i].name;
		if (name.length === end - start && target.startsWith(name, start)) return i;
	}
	return -1;
}

/** Value of the digits target[start, end); -1 when empty or not all digits, -2 when too long. */
function digitsValue(target: string, start: number, end: number): number {
	if (end <= start) return -1;
	let n = 0;
	for (let i = start; i < end; i++) {
		const d = target.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return -1;
		n = n * 10 + d;
	}
	return end - start > MAX_DIGITS ? -2 : n;
}
