// CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor): the DSMR 4+ telegram CRC,
// computed over every byte from '/' through '!' inclusive.

const TABLE = /* @__PURE__ */ (() => {
	const t = new Uint16Array(256);
	for (let i = 0; i < 256; i++) {
		let c = i;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
		t[i] = c;
	}
	return t;
})();

/** CRC of bytes[start, end), continuing from `crc` (0 for a fresh CRC). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
	const t = TABLE;
	for (let i = start; i < end; i++) crc = (crc >>> 8) ^ t[(crc ^ bytes[i]) & 0xff];
	return crc;
}

/** One byte into a running CRC: the framer checks as bytes arrive, so no second pass is needed. */
export function crc16Byte(crc: number, byte: number): number {
	return (crc >>> 8) ^ TABLE[(crc ^ byte) & 0xff];
}
