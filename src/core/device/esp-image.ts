// Checks an ESP-IDF application image (the firmware file uploaded to /update) as it streams in,
// before the device switches to it: chunk by chunk, constant memory, so a 1.8 MB upload needs
// no buffer. The format, per ESP-IDF's esp_app_format.h / esp_image_format.h:
//
//   24-byte header: magic 0xE9, segment count (1..16), flash mode/speed/size, entry address,
//     then the extended part: WP pin, 3 drive bytes, chip id (u16 LE at 12), chip revisions,
//     4 reserved bytes, hash_appended (byte 23).
//   per segment: load address (u32 LE), data length (u32 LE, a multiple of 4), the data. An app
//     image's first segment starts with esp_app_desc_t (magic word 0xABCD5432, version at 16,
//     project name at 48); a bootloader has none, which tells the two apart.
//   zero padding so that the image ends on a 16-byte boundary after a one-byte checksum: 0xEF
//     XOR every byte of the segments' data (not their headers).
//   with hash_appended, the SHA-256 of everything before it (header through checksum).
//
// Anything after that (a merged flash file: bootloader, partition table, app) is refused.

import type { Hasher } from "../ports";
import { DIGEST_BYTES, Sha256 } from "./sha256";

/** Chip ids of the extended header (esp_chip_id_t). */
export const CHIP_ID: Readonly<Record<string, number>> = Object.freeze({
	esp32: 0x0000,
	esp32s2: 0x0002,
	esp32c3: 0x0005,
	esp32s3: 0x0009,
	esp32c2: 0x000c,
	esp32c6: 0x000d,
	esp32h2: 0x0010,
});

export const IMAGE_MAGIC = 0xe9;
export const APP_DESC_MAGIC = 0xabcd5432;
export const CHECKSUM_SEED = 0xef;
export const HEADER_BYTES = 24;
export const SEGMENT_HEADER_BYTES = 8;
export const MAX_SEGMENTS = 16;
/** The part of esp_app_desc_t read: magic word, secure version, reserved, version[32], project_name[32]. */
const APP_DESC_BYTES = 80;

export interface ImageCheckOptions {
	/** The running chip's id (CHIP_ID). */
	chipId: number;
	/** The app partition's size: a larger image is refused. */
	maxBytes: number;
	/** The device's native SHA-256 for speed; default the core's JavaScript one. */
	hasher?: Hasher;
	/** The running firmware's project name (esp_app_desc_t): an image of another project is refused. */
	project?: string;
}

const HEADER = 0;
const SEGMENT_HEADER = 1;
const SEGMENT_DATA = 2;
const PADDING = 3;
const DIGEST = 4;
const DONE = 5;

export class EspImageCheck {
	#chipId: number;
	#maxBytes: number;
	#hash: Hasher;
	#state = HEADER;
	#small = new Uint8Array(APP_DESC_BYTES); // the header being gathered, then the app description
	#have = 0;
	#segments = 0;
	#segment = 0;
	#left = 0; // bytes left in the current part
	#end = 0; // offset of the image's last byte before the digest (the checksum)
	#sum = CHECKSUM_SEED;
	#received = 0;
	#error = "";
	#version = "";
	#project = "";
	#expected: Uint8Array | undefined;
	#runningProject: string;

	constructor(options: ImageCheckOptions) {
		this.#chipId = options.chipId;
		this.#runningProject = options.project ?? "";
		this.#maxBytes = options.maxBytes;
		this.#hash = options.hasher ?? new Sha256();
		this.#hash.reset();
	}

	/** The first problem found ("" while none). It stays: later chunks are ignored. */
	get error(): string {
		return this.#error;
	}

	get received(): number {
		return this.#received;
	}

	/** The app's version and project name from its description ("" until read). */
	get version(): string {
		return this.#version;
	}

	get project(): string {
		return this.#project;
	}

	/** A size announced up front (content-length): "" when it can hold an image that fits. */
	static sizeError(bytes: number, maxBytes: number): string {
		if (!(bytes >= 0)) return "image size unknown";
		if (bytes > maxBytes) return `image of ${bytes} bytes does not fit the ${maxBytes}-byte partition`;
		if (bytes < HEADER_BYTES + SEGMENT_HEADER_BYTES + APP_DESC_BYTES + DIGEST_BYTES) return "image too small";
		return "";
	}

	/** Takes the next bytes of the image; returns the error ("" while the image is still good). */
	push(chunk: Uint8Array): string {
		let i = 0;
		const n = chunk.length;
		while (i < n && this.#error === "") {
			switch (this.#state) {
				case HEADER:
					i = this.#gather(chunk, i, HEADER_BYTES);
					if (this.#have === HEADER_BYTES) this.#fail(this.#header());
					break;
				case SEGMENT_HEADER:
					i = this.#gather(chunk, i, SEGMENT_HEADER_BYTES);
					if (this.#have === SEGMENT_HEADER_BYTES) this.#fail(this.#segmentHeader());
					break;
				case SEGMENT_DATA:
					i = this.#data(chunk, i);
					break;
				case PADDING:
					i = this.#padding(chunk, i);
					break;
				case DIGEST:
					i = this.#digest(chunk, i);
					break;
				default:
					this.#fail("bytes after the end of the image");
			}
		}
		if (this.#error === "") this.#received += n;
		return this.#error;
	}

	/** After the last chunk: "" when a whole, valid image came in, else what is wrong. */
	finish(): string {
		if (this.#error === "" && this.#state !== DONE)
			this.#fail(this.#received === 0 ? "empty upload" : `image cut short after ${this.#received} bytes`);
		return this.#error;
	}

	/** Records the first error; "" is none. */
	#fail(message: string): void {
		if (this.#error === "") this.#error = message;
	}

	/** Copies into #small until it holds `want` bytes, hashing what it takes. */
	#gather(chunk: Uint8Array, i: number, want: number): number {
		const take = Math.min(want - this.#have, chunk.length - i);
		this.#small.set(chunk.subarray(i, i + take), this.#have);
		this.#hash.update(chunk, i, i + take);
		this.#have += take;
		return i + take;
	}

	#u32(at: number): number {
		const b = this.#small;
		return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
	}

	/** Takes the header in #small; returns the error ("" when fine). */
	#header(): string {
		const b = this.#small;
		if (b[0] !== IMAGE_MAGIC) return "not an esp32 firmware image (no 0xe9 magic byte)";
		const chip = b[12] | (b[13] << 8);
		if (chip !== this.#chipId) return `firmware for ${chipName(chip)}, this board is ${chipName(this.#chipId)}`;
		this.#segments = b[1];
		if (this.#segments < 1 || this.#segments > MAX_SEGMENTS) return `bad segment count ${this.#segments}`;
		if (b[23] !== 1) return "image has no sha-256 appended";
		this.#end = HEADER_BYTES;
		this.#next(SEGMENT_HEADER);
		return "";
	}

	/** Takes a segment header in #small; returns the error ("" when fine). */
	#segmentHeader(): string {
		const length = this.#u32(4);
		if (length % 4 !== 0) return `bad length of segment ${this.#segment}`;
		this.#end += SEGMENT_HEADER_BYTES + length;
		if (this.#end + 1 + DIGEST_BYTES > this.#maxBytes) return `image does not fit the ${this.#maxBytes}-byte partition`;
		if (this.#segment === 0 && length < APP_DESC_BYTES) return "not an application image (no app description)";
		this.#left = length;
		this.#next(SEGMENT_DATA);
		return "";
	}

	#data(chunk: Uint8Array, i: number): number {
		const to = i + Math.min(this.#left, chunk.length - i);
		if (this.#segment === 0 && this.#have < APP_DESC_BYTES) {
			const take = Math.min(APP_DESC_BYTES - this.#have, to - i);
			this.#small.set(chunk.subarray(i, i + take), this.#have);
			this.#have += take;
			if (this.#have === APP_DESC_BYTES && !this.#appDescription()) return to;
		}
		let sum = this.#sum;
		for (let k = i; k < to; k++) sum ^= chunk[k];
		this.#sum = sum;
		this.#hash.update(chunk, i, to);
		this.#left -= to - i;
		if (this.#left === 0) {
			this.#segment++;
			if (this.#segment < this.#segments) this.#next(SEGMENT_HEADER);
			else {
				// padding to a 16-byte boundary with room for the checksum, which is its last byte
				const padded = (this.#end + 1 + 15) & ~15;
				this.#left = padded - this.#end;
				this.#end = padded;
				this.#state = PADDING;
			}
		}
		return to;
	}

	#appDescription(): boolean {
		if (this.#u32(0) !== APP_DESC_MAGIC) {
			this.#fail("not an application image (no app description)");
			return false;
		}
		this.#version = cString(this.#small, 16, 32);
		this.#project = cString(this.#small, 48, 32);
		if (this.#runningProject !== "" && this.#project !== this.#runningProject) {
			this.#fail(`firmware of project "${this.#project}", this device runs "${this.#runningProject}"`);
			return false;
		}
		return true;
	}

	#padding(chunk: Uint8Array, i: number): number {
		const to = i + Math.min(this.#left, chunk.length - i);
		this.#hash.update(chunk, i, to);
		this.#left -= to - i;
		if (this.#left === 0) {
			const stored = chunk[to - 1];
			if (stored !== this.#sum) {
				this.#fail(`checksum mismatch (image ${hex2(stored)}, computed ${hex2(this.#sum)})`);
				return to;
			}
			this.#expected = this.#hash.digest();
			this.#have = 0;
			this.#state = DIGEST;
		}
		return to;
	}

	#digest(chunk: Uint8Array, i: number): number {
		const expected = this.#expected as Uint8Array;
		for (; i < chunk.length && this.#have < DIGEST_BYTES; i++, this.#have++) {
			if (chunk[i] !== expected[this.#have]) {
				this.#fail("sha-256 mismatch: the file is damaged");
				return i + 1;
			}
		}
		if (this.#have === DIGEST_BYTES) this.#state = DONE;
		return i;
	}

	#next(state: number): void {
		this.#have = 0;
		this.#state = state;
	}
}

function chipName(id: number): string {
	for (const name in CHIP_ID) if (CHIP_ID[name] === id) return name;
	return `chip id ${id}`;
}

function hex2(n: number): string {
	return (n < 16 ? "0x0" : "0x") + n.toString(16);
}

/** A NUL-terminated ASCII field; other bytes become "?". */
function cString(b: Uint8Array, at: number, size: number): string {
	let s = "";
	for (let i = at; i < at + size && b[i] !== 0; i++) s += b[i] >= 0x20 && b[i] < 0x7f ? String.fromCharCode(b[i]) : "?";
	return s;
}
