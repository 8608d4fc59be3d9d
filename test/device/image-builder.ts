// Synthetic ESP-IDF app images for the OTA check, laid out from the format's description
// (esp_image_format.h) independently of src/core/device/esp-image.ts. The SHA-256 is passed in,
// so jest can use node:crypto and the XS case the core's own (checked against node:crypto here).

export interface ImageSpec {
	chipId?: number;
	/** Segment data lengths; the first segment starts with an app description. */
	segments?: number[];
	hashAppended?: boolean;
	version?: string;
	project?: string;
	magic?: number;
	appMagic?: number;
}

function ascii(out: Uint8Array, at: number, text: string): void {
	for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
}

/** An image of the given spec; `sha256(bytes)` digests. */
export function buildImage(spec: ImageSpec, sha256: (bytes: Uint8Array) => Uint8Array): Uint8Array {
	const segments = spec.segments ?? [256, 100 * 4, 1024];
	const hashAppended = spec.hashAppended ?? true;
	let size = 24;
	for (const len of segments) size += 8 + len;
	const unpadded = size;
	const padded = Math.ceil((unpadded + 1) / 16) * 16;
	const total = padded + (hashAppended ? 32 : 0);
	const out = new Uint8Array(total);
	out[0] = spec.magic ?? 0xe9;
	out[1] = segments.length;
	out[2] = 2; // DIO
	out[3] = 0x1f;
	out.set([0x80, 0x00, 0x38, 0x40], 4); // entry address, arbitrary
	out[8] = 0xee;
	const chip = spec.chipId ?? 5;
	out[12] = chip & 0xff;
	out[13] = chip >> 8;
	out[23] = hashAppended ? 1 : 0;
	let at = 24;
	let xor = 0xef;
	let seed = 7;
	segments.forEach((len, s) => {
		const load = 0x3c000000 + s * 0x10000;
		out[at] = load & 0xff;
		out[at + 1] = (load >>> 8) & 0xff;
		out[at + 2] = (load >>> 16) & 0xff;
		out[at + 3] = load >>> 24;
		out[at + 4] = len & 0xff;
		out[at + 5] = (len >>> 8) & 0xff;
		out[at + 6] = (len >>> 16) & 0xff;
		out[at + 7] = len >>> 24;
		at += 8;
		for (let i = 0; i < len; i++) {
			seed = (seed * 1103515245 + 12345) >>> 0;
			out[at + i] = seed >>> 24;
		}
		if (s === 0 && len >= 80) {
			const magic = spec.appMagic ?? 0xabcd5432;
			out.fill(0, at, at + 80);
			out[at] = magic & 0xff;
			out[at + 1] = (magic >>> 8) & 0xff;
			out[at + 2] = (magic >>> 16) & 0xff;
			out[at + 3] = magic >>> 24;
			ascii(out, at + 16, spec.version ?? "1.2.3");
			ascii(out, at + 48, spec.project ?? "digimon");
		}
		for (let i = 0; i < len; i++) xor ^= out[at + i];
		at += len;
	});
	out[padded - 1] = xor;
	if (hashAppended) out.set(sha256(out.subarray(0, padded)), padded);
	return out;
}

/** Offsets a test may want to damage. */
export function checksumOffset(image: Uint8Array, hashAppended = true): number {
	return image.length - (hashAppended ? 33 : 1);
}
