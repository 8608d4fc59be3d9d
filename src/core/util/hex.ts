// Hex digits, read from char codes: the CRC of a telegram, %XX escapes in a request target.

/** Value of the hex digit with char code `ch` (either case), -1 for any other character. */
export function hexDigit(ch: number): number {
	if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
	const lower = ch | 0x20;
	if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
	return -1;
}
