// Which telegrams must carry a CRC. DSMR 4.0 made the CRC-16 after '!' mandatory, and the same
// version brought the version object 1-3:0.2.8 ("40", "42", "50"); eMUCS (Belgium, Luxembourg)
// states its DSMR base in 0-0:96.1.4 ("50217": DSMR 5.0.2, eMUCS 1.7). DSMR 2.2 and 3 have
// neither object and no CRC. So a telegram without CRC digits is taken (verdict "none") only
// when it states no version, or one whose major digit is 2 or 3, and only while the meter has
// not sent a valid CRC yet (the framer's latch: a meter does not drop to an older protocol, so
// a missing CRC after a valid one is a damaged tail). Anything else is "missing" and dropped:
// without a CRC a damaged digit cannot be told from a real value.

const LF = 0x0a;
const OPEN = 0x28;
const NL_VERSION = "1-3:0.2.8";
const BE_VERSION = "0-0:96.1.4";

/** True when bytes[at, end) starts with `code` and a '('. */
function startsWith(bytes: Uint8Array, at: number, end: number, code: string): boolean {
	const n = code.length;
	if (at + n >= end || bytes[at + n] !== OPEN) return false;
	for (let i = 0; i < n; i++) if (bytes[at + i] !== code.charCodeAt(i)) return false;
	return true;
}

/**
 * True when the telegram in bytes[start, end) states a protocol that carries a CRC: a version
 * object whose value does not start with 2 or 3 (an unreadable value counts as a CRC protocol:
 * only DSMR 4+ sends the object at all).
 */
export function declaresCrc(bytes: Uint8Array, start: number, end: number): boolean {
	for (let lf = bytes.indexOf(LF, start); lf >= 0 && lf < end; lf = bytes.indexOf(LF, lf + 1)) {
		const at = lf + 1;
		let value = -1;
		if (startsWith(bytes, at, end, NL_VERSION)) value = at + NL_VERSION.length + 1;
		else if (startsWith(bytes, at, end, BE_VERSION)) value = at + BE_VERSION.length + 1;
		if (value < 0) continue;
		const major = value < end ? bytes[value] : 0;
		return major !== 0x32 && major !== 0x33; // '2', '3'
	}
	return false;
}
