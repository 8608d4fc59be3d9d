// The log ring: lines as text with their number, uptime, wall time and level; the oldest dropped
// first within the fixed store; only the lines after N; long lines cut at a character; a reader
// that keeps its place while lines are written and dropped under it.

import type { ChunkSource } from "../../src/core/api/chunks";
import { HEADER, LogRing, ringLog } from "../../src/core/log-ring";

function drain(source: ChunkSource, size = 512): string {
	const into = new Uint8Array(size);
	const parts: Uint8Array[] = [];
	for (let n = source.next(into); n > 0; n = source.next(into)) parts.push(into.slice(0, n));
	return Buffer.concat(parts).toString("utf8");
}

/** A ring on a clock the test moves: `t.ms` monotonic, `t.wall` UTC ms or NaN. */
function ringAt(capacity?: number, maxLine?: number) {
	const t = { ms: 1000, wall: NaN };
	const ring = new LogRing({ capacity, maxLine, now: () => t.ms, wall: () => t.wall });
	return { t, ring };
}

test("each line carries its number, the seconds since start, the wall time when known, and its level", () => {
	const { t, ring } = ringAt();
	t.ms = 1005;
	ring.write("info", "started");
	t.ms = 1000 + 12345;
	t.wall = Date.UTC(2026, 2, 29, 1, 0, 0);
	ring.write("warn", "sd card: not mounted");
	t.ms = 1000 + 5_000_000_123; // past 2^32 ms: about 58 days up
	t.wall = Date.UTC(2026, 4, 26, 9, 53, 20);
	ring.write("info", "still here");
	expect(drain(ring.lines(0))).toBe(
		"1 0.005 - info started\n" +
			"2 12.345 2026-03-29T01:00:00Z warn sd card: not mounted\n" +
			"3 5000000.123 2026-05-26T09:53:20Z info still here\n",
	);
	expect([ring.first, ring.next]).toEqual([1, 4]);
});

test("after=N gives only the lines after N; after the last, nothing", () => {
	const { ring } = ringAt();
	for (const m of ["a", "b", "c", "d"]) ring.write("info", m);
	expect(drain(ring.lines(2))).toBe("3 0.000 - info c\n4 0.000 - info d\n");
	expect(drain(ring.lines(4))).toBe("");
	expect(drain(ring.lines(99))).toBe("");
	expect(drain(ring.lines(-5))).toBe(drain(ring.lines(0)));
});

test("a new line drops the oldest ones it needs the room of, never more", () => {
	// 64 bytes: records of 15 + 10 bytes, two fit (50), the third drops the first
	const { ring } = ringAt(64);
	ring.write("info", "aaaaaaaaaa");
	ring.write("info", "bbbbbbbbbb");
	expect([ring.first, ring.used]).toEqual([1, 50]);
	ring.write("info", "cccccccccc");
	expect([ring.first, ring.next, ring.used]).toEqual([2, 4, 50]);
	expect(drain(ring.lines(0))).toBe("2 0.000 - info bbbbbbbbbb\n3 0.000 - info cccccccccc\n");
	// a line of 30 bytes (45 with its header) needs both records' room
	ring.write("warn", "x".repeat(30));
	expect([ring.first, ring.used]).toEqual([4, 45]);
	expect(drain(ring.lines(0))).toBe(`4 0.000 - warn ${"x".repeat(30)}\n`);
});

test("over many wraps the ring holds exactly the newest lines that fit, intact", () => {
	const capacity = 200;
	const { ring } = ringAt(capacity);
	const written: string[] = [];
	for (let i = 0; i < 300; i++) {
		const text = `line ${i} ` + "é".repeat(i % 7) + "z".repeat((i * 13) % 31);
		written.push(text);
		ring.write(i % 3 === 0 ? "warn" : "info", text);
		expect(ring.used).toBeLessThanOrEqual(capacity);
	}
	// recomputed here: from the newest back, while the records (15 + UTF-8 bytes) fit
	let room = capacity;
	let first = written.length;
	while (first > 0 && room >= HEADER + Buffer.byteLength(written[first - 1])) {
		room -= HEADER + Buffer.byteLength(written[first - 1]);
		first--;
	}
	const expected = written
		.slice(first)
		.map((text, k) => `${first + k + 1} 0.000 - ${(first + k) % 3 === 0 ? "warn" : "info"} ${text}\n`)
		.join("");
	expect(ring.first).toBe(first + 1);
	expect(ring.used).toBe(capacity - room);
	expect(drain(ring.lines(0))).toBe(expected);
	expect(drain(ring.lines(0), 4)).toBe(expected); // the smallest chunk a host may ask for
});

test("a long line is cut at a character to the longest text, ending in ...", () => {
	const { ring } = ringAt(256, 20);
	ring.write("info", "0123456789".repeat(3)); // 30 bytes: 17 kept + "..."
	ring.write("info", "é".repeat(15)); // 30 bytes: 8 é (16 bytes) + "..." = 19; a 9th would make 21
	ring.write("info", "ab" + "😀".repeat(5)); // 2 + 4 per emoji: 2 + 12 + 3 = 17, a 4th emoji makes 21
	ring.write("info", "x".repeat(20)); // exactly the longest: kept whole
	expect(drain(ring.lines(0))).toBe(
		"1 0.000 - info 01234567890123456...\n" +
			`2 0.000 - info ${"é".repeat(8)}...\n` +
			"3 0.000 - info ab😀😀😀...\n" +
			`4 0.000 - info ${"x".repeat(20)}\n`,
	);
	expect(ring.used).toBe(4 * HEADER + 20 + 19 + 17 + 20);
});

test("control characters become spaces (a line stays one line), lone surrogates U+FFFD", () => {
	const { ring } = ringAt();
	ring.write("warn", "cannot start: Error\n    at main\tx\r\u007f");
	ring.write("info", "a\ud800b");
	expect(drain(ring.lines(0))).toBe("1 0.000 - warn cannot start: Error     at main x  \n2 0.000 - info a\ufffdb\n");
});

test("a reader whose line is dropped mid-way ends that line and goes on from the oldest held", () => {
	const { ring } = ringAt(64);
	ring.write("info", "aaaaaaaaaa");
	ring.write("info", "bbbbbbbbbb");
	const reader = ring.lines(0);
	const into = new Uint8Array(8);
	const head = Buffer.from(into.subarray(0, reader.next(into))).toString();
	expect(head).toBe("1 0.000 ");
	ring.write("info", "cccccccccc"); // drops line 1; line 3 came after the reader began
	expect(head + drain(reader)).toBe("1 0.000 \n2 0.000 - info bbbbbbbbbb\n");
});

test("a reader stops at the lines there were when it began", () => {
	const { ring } = ringAt();
	ring.write("info", "one");
	const reader = ring.lines(0);
	ring.write("info", "two");
	expect(drain(reader)).toBe("1 0.000 - info one\n");
});

test("ringLog keeps each line in the ring and passes it on", () => {
	const { ring } = ringAt();
	const seen: string[] = [];
	const log = ringLog(ring, { info: (m) => seen.push(`i:${m}`), warn: (m) => seen.push(`w:${m}`) });
	log.info("hello");
	log.warn("careful");
	expect(seen).toEqual(["i:hello", "w:careful"]);
	expect(drain(ring.lines(0))).toBe("1 0.000 - info hello\n2 0.000 - warn careful\n");
});

test("the store is checked when made", () => {
	const now = () => 0;
	expect(() => new LogRing({ capacity: 10, now })).toThrow(RangeError);
	expect(() => new LogRing({ capacity: 1.5e6, now })).toThrow(RangeError);
	expect(() => new LogRing({ capacity: 4096, maxLine: 3, now })).toThrow(RangeError);
	expect(new LogRing({ capacity: 100, now }).maxLine).toBe(100 - HEADER);
	expect(new LogRing({ now }).capacity).toBe(4096);
});
