// CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor): the DSMR 4+ telegram CRC,
// computed over every byte from '/' through '!' inclusive.
//
// CRC_TABLE is the usual byte table. The framer also steps 4 bytes at a time ("slicing by 4"):
// step(y) = CRC_TABLE2[y & 0xff] ^ CRC_TABLE[y >>> 8] takes the CRC through two bytes y (xored
// into it), and since the CRC is linear in xor two steps fold into one with 4 independent
// lookups: crc' = CRC_TABLE4[x & 0xff] ^ CRC_TABLE3[x >>> 8] ^ CRC_TABLE2[b2] ^ CRC_TABLE[b3],
// x = crc ^ b0 ^ b1 << 8, where TABLE3/TABLE4 are TABLE/TABLE2 pushed through two more zero
// bytes. The tables are plain arrays: in XS an element of a plain array reads faster than one of
// a typed array (and, preloaded, they live in flash, not heap). Not frozen: see scan.ts, POW10.

export const CRC_TABLE: readonly number[] = /* @__PURE__ */ (() => {
	const t: number[] = [];
	for (let i = 0; i < 256; i++) {
		let c = i;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
		t.push(c);
	}
	return t;
})();

export const CRC_TABLE2: readonly number[] = /* @__PURE__ */ CRC_TABLE.map((c) => (c >>> 8) ^ CRC_TABLE[c & 0xff]);
export const CRC_TABLE3: readonly number[] = /* @__PURE__ */ CRC_TABLE.map(
	(c) => CRC_TABLE2[c & 0xff] ^ CRC_TABLE[c >>> 8],
);
export const CRC_TABLE4: readonly number[] = /* @__PURE__ */ CRC_TABLE2.map(
	(c) => CRC_TABLE2[c & 0xff] ^ CRC_TABLE[c >>> 8],
);

/** CRC of bytes[start, end), continuing from `crc` (0 for a fresh CRC). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
	const t = CRC_TABLE;
	for (let i = start; i < end; i++) crc = (crc >>> 8) ^ t[(crc ^ bytes[i]) & 0xff];
	return crc;
}
