// Query parameters of the routes that take them, read strictly: exactly the parameters the route
// names, each once, plain decimal digits, within range. Anything else is refused with a message
// that names the parameter from the route's table, never what the client sent.

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

/** Index of the field named target[start, end), -1 when none is. */
function fieldAt(target: string, start: number, end: number, fields: readonly QueryField[]): number {
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
