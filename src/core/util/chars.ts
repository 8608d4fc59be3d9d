// Character codes without garbage. On XS a method called on a primitive string (text.charCodeAt(i),
// and text.length alike) first wraps the string in a String object: 2 heap slots per call,
// measured in xsnap, so a loop over a 4 KB body left 16,000 slots to collect. The prototype's
// method applied with call() reads the primitive as it is, and allocates nothing.

const CHAR_CODE_AT = String.prototype.charCodeAt;

/** text.charCodeAt(i), without boxing `text` on XS. */
export function charCode(text: string, i: number): number {
	return CHAR_CODE_AT.call(text, i);
}

// The same for the other string reads of the request path: each applies the prototype's method to
// the primitive, so none of them boxes it.
const LAST_INDEX_OF = String.prototype.lastIndexOf;
const INDEX_OF = String.prototype.indexOf;
const SLICE = String.prototype.slice;
const STARTS_WITH = String.prototype.startsWith;
const ENDS_WITH = String.prototype.endsWith;
const TO_LOWER_CASE = String.prototype.toLowerCase;
const TRIM = String.prototype.trim;

/** text.length, without boxing `text` on XS (the last place the empty string occurs is the end). */
export function textLength(text: string): number {
	return LAST_INDEX_OF.call(text, "");
}

/** text.slice(start, end), without boxing `text` on XS. */
export function textSlice(text: string, start: number, end?: number): string {
	return SLICE.call(text, start, end);
}

/** text.indexOf(search, from), without boxing `text` on XS. */
export function textIndexOf(text: string, search: string, from = 0): number {
	return INDEX_OF.call(text, search, from);
}

/** text.lastIndexOf(search), without boxing `text` on XS. */
export function textLastIndexOf(text: string, search: string): number {
	return LAST_INDEX_OF.call(text, search);
}

/** text.startsWith(prefix, at), without boxing `text` on XS. */
export function textStartsWith(text: string, prefix: string, at = 0): boolean {
	return STARTS_WITH.call(text, prefix, at);
}

/** text.endsWith(suffix), without boxing `text` on XS. */
export function textEndsWith(text: string, suffix: string): boolean {
	return ENDS_WITH.call(text, suffix);
}

/** text.toLowerCase(), without boxing `text` on XS. */
export function lowerCase(text: string): string {
	return TO_LOWER_CASE.call(text);
}

/** text.trim(), without boxing `text` on XS. */
export function trimmed(text: string): string {
	return TRIM.call(text);
}
