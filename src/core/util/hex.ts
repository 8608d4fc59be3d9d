// Hex digits, read from char codes and written as text: the CRC of a telegram, %XX escapes in a
// request target, equipment ids.

/** The digits, upper case as the meter writes them. */
export const HEX_DIGITS = "0123456789ABCDEF";

/** Value of the hex digit with char code `ch` (either case), -1 for any other character. */
export function hexDigit(ch: number): number {
	if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
	const lower = ch | 0x20;
	if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
	return -1;
}

/** The low `digits` hex digits of `value`, upper case, zero-padded. */
export function hexText(value: number, digits: number): string {
	let text = "";
	for (let i = digits - 1; i >= 0; i--) text += HEX_DIGITS[(value >> (i * 4)) & 15];
	return text;
}

/**
 * An id as a person reads it: Fluvius sends serials ("1SAG1100000292") and the EAN as hex octets;
 * an id that is not even-length hex of printable ASCII is given as sent.
 */
export function hexDecoded(id: string): string {
	if (id.length === 0 || (id.length & 1) !== 0) return id;
	let out = "";
	for (let i = 0; i < id.length; i += 2) {
		const c = parseHexOctet(id, i);
		if (c < 0x20 || c > 0x7e) return id;
		out += String.fromCharCode(c);
	}
	return out;
}

function parseHexOctet(text: string, i: number): number {
	const hi = hexDigit(text.charCodeAt(i));
	const lo = hexDigit(text.charCodeAt(i + 1));
	return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}
