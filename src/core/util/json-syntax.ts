// Whether a text is one complete JSON value (RFC 8259), checked without building it: JSON.parse's
// verdict on the syntax, in one pass over the characters, allocating nothing. Serving a history
// file checks it this way: a torn file (cut short, zero-filled, a stale tail) must not go out
// with 200, and parsing a 10 KB summary only to drop the tree would cost the device's small heap
// as much again as the text itself. A brace count is not enough: it passes a cut inside a string.

/** Deepest nesting accepted; history files nest 2 deep, and the depth is kept in the bits of one int. */
export const MAX_JSON_DEPTH = 30;

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;

export function isJsonText(text: string): boolean {
	const n = text.length;
	let depth = 0;
	let objects = 0; // bit d set: the container at depth d + 1 is an object
	let i = skipSpace(text, 0);
	for (;;) {
		// a value starts at i
		const c = text.charCodeAt(i);
		if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
			if (depth === MAX_JSON_DEPTH) return false;
			const object = c === OPEN_OBJECT;
			objects = object ? objects | (1 << depth) : objects & ~(1 << depth);
			depth++;
			i = skipSpace(text, i + 1);
			if (text.charCodeAt(i) !== (object ? CLOSE_OBJECT : CLOSE_ARRAY)) {
				if (object && (i = key(text, i)) < 0) return false;
				continue;
			}
			depth--;
			i++;
		}
		else if (c === QUOTE) i = string(text, i);
		else if (c === MINUS || (c >= ZERO && c <= NINE)) i = number(text, i);
		else if (text.startsWith("true", i)) i += 4;
		else if (text.startsWith("false", i)) i += 5;
		else if (text.startsWith("null", i)) i += 4;
		else return false;
		if (i < 0) return false;
		// after a value: close containers until a comma starts the next value
		for (;;) {
			i = skipSpace(text, i);
			if (depth === 0) return i === n;
			const object = (objects & (1 << (depth - 1))) !== 0;
			const d = text.charCodeAt(i);
			if (d === COMMA) {
				i = skipSpace(text, i + 1);
				if (object && (i = key(text, i)) < 0) return false;
				break;
			}
			if (d !== (object ? CLOSE_OBJECT : CLOSE_ARRAY)) return false;
			depth--;
			i++;
		}
	}
}

function skipSpace(text: string, i: number): number {
	for (;;) {
		const c = text.charCodeAt(i);
		if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
		i++;
	}
}

/** `"key" :` at i; the index of the value after it, -1 when there is none. */
function key(text: string, i: number): number {
	if (text.charCodeAt(i) !== QUOTE) return -1;
	i = string(text, i);
	if (i < 0) return -1;
	i = skipSpace(text, i);
	return text.charCodeAt(i) === COLON ? skipSpace(text, i + 1) : -1;
}

/** The index after the string starting at i, -1 when it is not a complete JSON string. */
function string(text: string, i: number): number {
	const n = text.length;
	for (i++; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === QUOTE) return i + 1;
		if (c < 0x20) return -1;
		if (c === BACKSLASH) {
			const e = text.charCodeAt(++i);
			if (e === 0x75) { // \uXXXX
				for (let k = 0; k < 4; k++) if (!isHex(text.charCodeAt(++i))) return -1;
			}
			else if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return -1;
		}
	}
	return -1;
}

function isHex(c: number): boolean {
	return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** The index after the number starting at i, -1 when it is not a JSON number. */
function number(text: string, i: number): number {
	if (text.charCodeAt(i) === MINUS) i++;
	const first = text.charCodeAt(i);
	if (first === ZERO) i++;
	else if (first > ZERO && first <= NINE) i = digits(text, i);
	else return -1;
	if (text.charCodeAt(i) === DOT) {
		const end = digits(text, i + 1);
		if (end === i + 1) return -1;
		i = end;
	}
	const e = text.charCodeAt(i);
	if (e === 0x65 || e === 0x45) {
		i++;
		const sign = text.charCodeAt(i);
		if (sign === PLUS || sign === MINUS) i++;
		const end = digits(text, i);
		if (end === i) return -1;
		i = end;
	}
	return i;
}

function digits(text: string, i: number): number {
	for (;;) {
		const c = text.charCodeAt(i); // NaN past the end, which ends the digits too
		if (!(c >= ZERO && c <= NINE)) return i;
		i++;
	}
}
