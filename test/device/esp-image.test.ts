import { createHash } from "node:crypto";
import { CHIP_ID, EspImageCheck } from "../../src/core/device/esp-image";
import { Sha256 } from "../../src/core/device/sha256";
import { buildImage, checksumOffset } from "./image-builder";

const nodeSha = (b: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(b).digest());
const PARTITION = 0x1c0000;

function check(image: Uint8Array, chunk: number, chipId = CHIP_ID.esp32c3, maxBytes = PARTITION): EspImageCheck {
	const c = new EspImageCheck({ chipId, maxBytes });
	for (let i = 0; i < image.length && c.error === ""; i += chunk) c.push(image.subarray(i, i + chunk));
	c.finish();
	return c;
}

describe("Sha256", () => {
	test.each([0, 1, 55, 56, 63, 64, 65, 1000, 4097])("matches node:crypto on %i bytes fed in pieces", (n) => {
		const bytes = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
		const h = new Sha256();
		for (let i = 0; i < n; i += 13) h.update(bytes, i, Math.min(n, i + 13));
		expect(Buffer.from(h.digest()).toString("hex")).toBe(Buffer.from(nodeSha(bytes)).toString("hex"));
	});

	test("the FIPS 180-4 'abc' vector", () => {
		const h = new Sha256();
		h.update(new Uint8Array([0x61, 0x62, 0x63]));
		expect(Buffer.from(h.digest()).toString("hex")).toBe(
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		);
	});
});

describe("EspImageCheck", () => {
	const good = buildImage({}, nodeSha);

	test.each([1, 7, 16, 24, 33, 512, 1 << 20])("a valid C3 image passes in chunks of %i bytes", (size) => {
		const c = check(good, size);
		expect(c.error).toBe("");
		expect(c.received).toBe(good.length);
		expect(c.version).toBe("1.2.3");
		expect(c.project).toBe("digimon");
	});

	test("padding of every length a 4-aligned image can need lands the checksum right", () => {
		for (let extra = 0; extra < 16; extra += 4) {
			const image = buildImage({ segments: [80 + extra, 8, 4] }, nodeSha);
			expect(check(image, 5).error).toBe("");
		}
	});

	test("an S2 image on a C3 is refused by chip id, and accepted on an S2", () => {
		const s2 = buildImage({ chipId: CHIP_ID.esp32s2 }, nodeSha);
		expect(check(s2, 100).error).toBe("firmware for esp32s2, this board is esp32c3");
		expect(check(s2, 100, CHIP_ID.esp32s2).error).toBe("");
	});

	test("wrong magic, no hash, bad segment count, not an app", () => {
		expect(check(buildImage({ magic: 0x50 }, nodeSha), 64).error).toMatch(/no 0xe9 magic/);
		expect(check(buildImage({ hashAppended: false }, nodeSha), 64).error).toBe("image has no sha-256 appended");
		expect(check(buildImage({ segments: [] }, nodeSha), 64).error).toBe("bad segment count 0");
		expect(check(buildImage({ segments: new Array(17).fill(80) }, nodeSha), 64).error).toBe("bad segment count 17");
		expect(check(buildImage({ appMagic: 0x12345678 }, nodeSha), 64).error).toMatch(/not an application image/);
		expect(check(buildImage({ segments: [40, 80] }, nodeSha), 64).error).toMatch(/not an application image/);
		expect(check(buildImage({ segments: [82] }, nodeSha), 64).error).toBe("bad length of segment 0");
	});

	test("a flipped data byte fails the checksum; a flipped checksum too", () => {
		const a = good.slice();
		a[500] ^= 0x10;
		expect(check(a, 64).error).toMatch(/^checksum mismatch/);
		const b = good.slice();
		b[checksumOffset(b)] ^= 1;
		expect(check(b, 64).error).toMatch(/^checksum mismatch/);
	});

	test("two flips that cancel in the checksum are caught by the sha-256", () => {
		const a = good.slice();
		a[400] ^= 0x21;
		a[600] ^= 0x21;
		expect(check(a, 64).error).toBe("sha-256 mismatch: the file is damaged");
		const b = good.slice();
		b[b.length - 1] ^= 0x80; // the digest itself
		expect(check(b, 64).error).toBe("sha-256 mismatch: the file is damaged");
	});

	test("a changed segment load address (not in the checksum) is caught by the sha-256", () => {
		const a = good.slice();
		a[24] ^= 4;
		expect(check(a, 64).error).toBe("sha-256 mismatch: the file is damaged");
	});

	test("cut short, empty, trailing bytes", () => {
		expect(check(good.subarray(0, good.length - 1), 64).error).toBe(`image cut short after ${good.length - 1} bytes`);
		expect(check(new Uint8Array(0), 64).error).toBe("empty upload");
		const longer = new Uint8Array(good.length + 4096).fill(0xff);
		longer.set(good);
		expect(check(longer, 1000).error).toBe("bytes after the end of the image");
	});

	test("an image whose segments exceed the partition is refused at the segment header", () => {
		const image = buildImage({ segments: [256, 4096] }, nodeSha);
		const c = new EspImageCheck({ chipId: CHIP_ID.esp32c3, maxBytes: 2048 });
		expect(c.push(image.subarray(0, 24 + 8 + 256 + 8))).toBe("image does not fit the 2048-byte partition");
	});

	test("the first error sticks and later chunks change nothing", () => {
		const c = new EspImageCheck({ chipId: CHIP_ID.esp32c3, maxBytes: PARTITION });
		const bad = good.slice();
		bad[0] = 0;
		expect(c.push(bad.subarray(0, 30))).toMatch(/magic/);
		expect(c.push(good)).toMatch(/magic/);
		expect(c.finish()).toMatch(/magic/);
	});

	test("sizeError for an announced length", () => {
		expect(EspImageCheck.sizeError(PARTITION + 1, PARTITION)).toBe(
			`image of ${PARTITION + 1} bytes does not fit the ${PARTITION}-byte partition`,
		);
		expect(EspImageCheck.sizeError(PARTITION, PARTITION)).toBe("");
		expect(EspImageCheck.sizeError(10, PARTITION)).toBe("image too small");
		expect(EspImageCheck.sizeError(Number.NaN, PARTITION)).toBe("image size unknown");
	});
});
