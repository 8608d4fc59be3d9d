// Character codes without garbage. On XS a method called on a primitive string (text.charCodeAt(i),
// and text.length alike) first wraps the string in a String object: 2 heap slots per call,
// measured in xsnap, so a loop over a 4 KB body left 16,000 slots to collect. The prototype's
// method applied with call() reads the primitive as it is, and allocates nothing.

const CHAR_CODE_AT = String.prototype.charCodeAt;

/** text.charCodeAt(i), without boxing `text` on XS. */
export function charCode(text: string, i: number): number {
	return CHAR_CODE_AT.call(text, i);
}
