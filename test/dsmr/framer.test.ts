// The framer gives the same frames however the byte stream is cut into chunks.
import fc from "fast-check";
import { crc16 } from "../../src/core/dsmr/crc16";
import { type Frame, Framer } from "../../src/core/dsmr/framer";
import { corpusBytes } from "../helpers/corpus";

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

interface Run {
	frames: string[];
	tail: string | undefined;
	stats: string;
}

function describeFrame(f: Frame): string {
	return JSON.stringify([
		f.offset,
		f.crc,
		f.crcStated,
		f.crcComputed,
		f.complete,
		latin1(f.bytes.subarray(f.start, f.end)),
	]);
}

/** Feeds `chunks` to a fresh framer and records everything it reports. */
function run(chunks: Iterable<Uint8Array>, maxSize?: number): Run {
	const frames: string[] = [];
	const framer = new Framer({ maxSize, onFrame: (f) => frames.push(describeFrame(f)) });
	const capacity = framer.capacity;
	for (const chunk of chunks) framer.push(chunk);
	const tail = framer.flush();
	expect(framer.capacity).toBe(capacity);
	return { frames, tail: tail && describeFrame(tail), stats: JSON.stringify(framer.stats) };
}

function* split(bytes: Uint8Array, cuts: number[]): Iterable<Uint8Array> {
	let from = 0;
	for (const cut of [...cuts].sort((a, b) => a - b)) {
		yield bytes.subarray(from, cut);
		from = cut;
	}
	yield bytes.subarray(from);
}

function* bytewise(bytes: Uint8Array): Iterable<Uint8Array> {
	for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

const SMALL_STREAMS = [
	"arduino-dsmr-fluvius/voorbeelden-stream.txt",
	"dsmrhub/example-stream.txt",
	"nielsbasjes-dsmr-tools/ttyUSB0-mini-stream.txt",
];

describe.each(SMALL_STREAMS)("%s", (file) => {
	const bytes = corpusBytes(file);
	// 500 bytes is below some or all of these telegrams: the overflow path must be chunk-proof too
	test.each([4096, 500])("split at every byte boundary, maxSize %i", (maxSize) => {
		const whole = run([bytes], maxSize);
		const stats = JSON.parse(whole.stats);
		if (maxSize === 4096) expect(whole.frames.length).toBeGreaterThan(0);
		else expect(stats.overflows).toBeGreaterThan(0);
		for (let cut = 0; cut <= bytes.length; cut++) {
			const parts = run(split(bytes, [cut]), maxSize);
			if (JSON.stringify(parts) !== JSON.stringify(whole)) expect({ cut, ...parts }).toEqual({ cut, ...whole });
		}
	});
	test.each([4096, 500])("one byte at a time, maxSize %i", (maxSize) => {
		expect(run(bytewise(bytes), maxSize)).toEqual(run([bytes], maxSize));
	});
});

test("the 440 KB capture under random chunking and byte by byte", () => {
	const bytes = corpusBytes("nielsbasjes-dsmr-tools/ttyUSB0-raw-stream.txt");
	const whole = run([bytes]);
	expect(whole.frames.length).toBe(566);
	expect(run(bytewise(bytes))).toEqual(whole);
	fc.assert(
		fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 400 }), (cuts) => {
			expect(run(split(bytes, cuts))).toEqual(whole);
		}),
		{ numRuns: 25 },
	);
});

describe("framing rules", () => {
	const body = "/ABC5\\x\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!";
	const crc = crc16(bytesOf(body)).toString(16).toUpperCase().padStart(4, "0");
	const frames = (text: string, maxSize?: number) => {
		const out: Frame[] = [];
		const framer = new Framer({
			maxSize,
			onFrame: (f) =>
				out.push({
					...f,
					crcStated: f.crcStated,
					bytes: f.bytes.slice(f.start, f.end),
					start: 0,
					end: f.end - f.start,
				}),
		});
		framer.push(bytesOf(text));
		const tail = framer.flush();
		return { out, tail: tail && latin1(tail.bytes.subarray(tail.start, tail.end)), stats: { ...framer.stats } };
	};

	test("4 hex digits complete the frame at once, in either case", () => {
		const framer = new Framer({ onFrame: (f) => seen.push(f.crc) });
		const seen: string[] = [];
		framer.push(bytesOf(body + crc.toLowerCase()));
		expect(seen).toEqual(["valid"]);
	});
	test("a wrong CRC is invalid and counted", () => {
		const wrong = ((parseInt(crc, 16) + 1) & 0xffff).toString(16).padStart(4, "0");
		const r = frames(body + wrong + "\r\n");
		expect(r.out.map((f) => f.crc)).toEqual(["invalid"]);
		expect(r.stats.crcErrors).toBe(1);
	});
	test("a bare '!' (DSMR 2.2/3) completes at the next byte or at flush", () => {
		expect(frames(body + "\r\n").out.map((f) => f.crc)).toEqual(["none"]);
		const framer = new Framer({ onFrame: (f) => seen.push(f.crc) });
		const seen: string[] = [];
		framer.push(bytesOf(body));
		expect(seen).toEqual([]);
		expect(framer.flush()).toBeUndefined();
		expect(seen).toEqual(["none"]);
	});
	test("a CRC without its leading zero (3 digits) is compared as a number", () => {
		// find a body whose CRC is below 0x1000 by varying a digit
		for (let i = 0; i < 2000; i++) {
			const text = body.replace("000001.000", String(i).padStart(6, "0") + ".000");
			const value = crc16(bytesOf(text));
			if (value >= 0x1000) continue;
			const r = frames(text + value.toString(16).toUpperCase() + "\r\n");
			expect(r.out.map((f) => [f.crc, f.crcStated])).toEqual([["valid", value.toString(16).toUpperCase()]]);
			return;
		}
		throw new Error("no short CRC found");
	});
	test("'!XXXX' has no CRC", () => {
		const r = frames(body + "XXXX\r\n");
		expect(r.out.map((f) => f.crc)).toEqual(["none"]);
		expect(r.stats.garbage).toBe(4);
	});
	test("a '/' inside a value is data, a '/' at a line start begins the next telegram", () => {
		const withSlash = "/ABC5\\x\r\n\r\n0-0:96.13.0(test-/-test)\r\n!";
		const value = crc16(bytesOf(withSlash)).toString(16).padStart(4, "0");
		expect(frames(withSlash + value).out.map((f) => f.crc)).toEqual(["valid"]);
		const cut = "/ABC5\\x\r\n\r\n1-0:1.8.1(0000";
		const r = frames(cut + "\r\n" + body + crc);
		expect(r.out.map((f) => [f.crc, f.offset])).toEqual([["valid", cut.length + 2]]);
		expect(r.stats.truncated).toBe(1);
	});
	test("garbage before '/' is skipped and counted, line ends are not", () => {
		const r = frames("\r\nxyz\r\np" + body + crc);
		expect(r.out.map((f) => [f.crc, f.offset])).toEqual([["valid", 8]]);
		expect(r.stats.garbage).toBe(4);
	});
	test("LF-only lines", () => {
		const lf = body.replace(/\r\n/g, "\n");
		const value = crc16(bytesOf(lf)).toString(16).padStart(4, "0");
		expect(frames(lf + value + "\n").out.map((f) => f.crc)).toEqual(["valid"]);
	});
	test("a telegram over maxSize is dropped, counted, and the next one is found", () => {
		const big = "/ABC5\\x\r\n\r\n" + "0-0:96.13.0(" + "41".repeat(100) + ")\r\n!0000\r\n";
		const r = frames(big + body + crc, 120);
		expect(r.out.map((f) => [f.crc, f.offset])).toEqual([["valid", big.length]]);
		expect(r.stats.overflows).toBe(1);
	});
	test("a telegram exactly maxSize long is kept", () => {
		expect(frames(body + crc, body.length).out.length).toBe(1);
		expect(frames(body + crc, body.length - 1).out.length).toBe(0);
	});
	test("a telegram without '!' is only reported by flush(), as incomplete", () => {
		const text = "/ABC5\\x\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n";
		const r = frames(text);
		expect(r.out).toEqual([]);
		expect(r.tail).toBe(text);
		const framer = new Framer({ onFrame: () => undefined });
		framer.push(bytesOf(text));
		const tail = framer.flush()!;
		expect([tail.complete, tail.crc, tail.offset]).toEqual([false, "none", 0]);
		expect(framer.flush()).toBeUndefined();
	});
	test("a lone '/' at the end is an incomplete tail", () => {
		expect(frames(body + crc + "\r\n/").tail).toBe("/");
	});
	test("close() is idempotent and stops delivery", () => {
		const seen: unknown[] = [];
		const framer = new Framer({ onFrame: (f) => seen.push(f) });
		framer.close();
		framer.close();
		framer.push(bytesOf(body + crc));
		expect(seen).toEqual([]);
	});
	test("reset() forgets a telegram in progress", () => {
		const seen: string[] = [];
		const framer = new Framer({ onFrame: (f) => seen.push(f.crc) });
		framer.push(bytesOf(body.slice(0, 20)));
		framer.reset();
		framer.push(bytesOf(body.slice(20) + crc));
		expect(seen).toEqual([]);
		framer.push(bytesOf(body + crc));
		expect(seen).toEqual(["valid"]);
	});
});
