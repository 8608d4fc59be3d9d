// Streamed bodies: a large body comes out in chunks no larger than the host's buffer, the pieces
// are pulled only as needed, and the bytes are exactly the UTF-8 of the text (Node's own encoder
// is the reference), with no character split across chunks.

import { MIN_CHUNK, TextChunks, textSource } from "../../src/core/api/chunks";

const ROW = "2026-03-29T00:45:00Z;412;één €;😀\n";

function rows(count: number): { source: TextChunks; pulled: () => number } {
	let i = 0;
	const source = new TextChunks(() => (i < count ? `${i++};${ROW}` : undefined));
	return { source, pulled: () => i };
}

function drain(source: { next(into: Uint8Array): number }, size: number): Buffer[] {
	const chunks: Buffer[] = [];
	const buffer = new Uint8Array(size);
	for (let n = source.next(buffer); n > 0; n = source.next(buffer)) chunks.push(Buffer.from(buffer.subarray(0, n)));
	return chunks;
}

test("a 10,000-row body comes out in chunks of at most the buffer, byte for byte", () => {
	const { source } = rows(10000);
	const chunks = drain(source, 1024);
	let whole = "";
	for (let i = 0; i < 10000; i++) whole += `${i};${ROW}`;
	const expected = Buffer.from(whole, "utf8");
	expect(expected.length).toBeGreaterThan(400_000);
	expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1024);
	expect(Buffer.concat(chunks).equals(expected)).toBe(true);
	// full chunks except where a character did not fit (at most 3 bytes short) and the last
	for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(1021);
});

test("pieces are pulled only as the buffer needs them", () => {
	const { source, pulled } = rows(10000);
	const buffer = new Uint8Array(1024);
	source.next(buffer);
	// a row is at most 52 bytes: 1024 bytes need at most 20 rows started, plus the one that ends the chunk
	expect(pulled()).toBeLessThanOrEqual(Math.ceil(1024 / Buffer.byteLength(`0;${ROW}`)) + 1);
	source.next(buffer);
	expect(pulled()).toBeLessThanOrEqual(2 * Math.ceil(1024 / Buffer.byteLength(`0;${ROW}`)) + 1);
});

test.each([4, 5, 6, 7, 9])("with a %i-byte buffer no character is split: every chunk decodes on its own", (size) => {
	const chunks = drain(textSource("a€😀é😀b€€"), size);
	const strict = new TextDecoder("utf-8", { fatal: true });
	expect(chunks.map((c) => strict.decode(c)).join("")).toBe("a€😀é😀b€€");
	for (const c of chunks) expect(c.length).toBeLessThanOrEqual(size);
});

test("a lone surrogate becomes U+FFFD, as every encoder does", () => {
	expect(Buffer.concat(drain(textSource("x\ud800y\udc00"), 16)).toString("hex")).toBe("78efbfbd79efbfbd");
});

test("empty pieces are skipped, the end is 0 for good, and close() ends it early", () => {
	const pieces = ["", "ab", "", "", "c"];
	const source = new TextChunks(() => pieces.shift());
	expect(Buffer.concat(drain(source, 8)).toString()).toBe("abc");
	expect(source.next(new Uint8Array(8))).toBe(0);
	const closed = textSource("never sent");
	closed.close();
	expect(closed.next(new Uint8Array(8))).toBe(0);
});

test("a buffer too small for one character is refused", () => {
	expect(MIN_CHUNK).toBe(4);
	expect(() => textSource("x").next(new Uint8Array(3))).toThrow("chunk buffer too small");
});
