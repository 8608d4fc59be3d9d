// Mutated real telegrams, cut into random chunks: nothing throws, nothing with a wrong CRC is
// called valid, and the framer's memory stays what it was given.
import fc from "fast-check";
import { crc16 } from "../../src/core/dsmr/crc16";
import { decodeTelegram } from "../../src/core/dsmr/decode";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import { corpusBytes, singleTelegrams } from "../helpers/corpus";

const samples = singleTelegrams().map((t) => corpusBytes(t.path));

type Mutation = { kind: "flip" | "insert" | "delete" | "truncate"; at: number; byte: number };

const mutation = fc.record({
	kind: fc.constantFrom("flip", "insert", "delete", "truncate"),
	at: fc.nat(),
	byte: fc.oneof(
		fc.integer({ min: 0, max: 255 }),
		fc.constantFrom(0x2f, 0x21, 0x0a, 0x0d, 0x28, 0x29, 0x2a, 0x3a, 0x2e),
	),
}) as fc.Arbitrary<Mutation>;

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
	let out = Array.from(bytes);
	for (const m of mutations) {
		if (out.length === 0) break;
		const at = m.at % out.length;
		if (m.kind === "flip") out[at] = m.byte;
		else if (m.kind === "insert") out.splice(at, 0, m.byte);
		else if (m.kind === "delete") out.splice(at, 1);
		else out = out.slice(0, at);
	}
	return new Uint8Array(out);
}

function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
	const sorted = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const out: Uint8Array[] = [];
	let from = 0;
	for (const cut of sorted) {
		out.push(bytes.subarray(from, cut));
		from = cut;
	}
	out.push(bytes.subarray(from));
	return out;
}

test("mutated telegrams in random chunks", () => {
	const reading = newReading();
	fc.assert(
		fc.property(
			fc.array(fc.nat(samples.length - 1), { minLength: 1, maxLength: 3 }),
			fc.array(mutation, { maxLength: 8 }),
			fc.array(fc.nat(), { maxLength: 12 }),
			fc.integer({ min: 16, max: 4096 }),
			(picks, mutations, cuts, maxSize) => {
				const stream = mutate(Buffer.concat(picks.map((i) => samples[i])), mutations);
				const framer = new Framer({
					maxSize,
					onFrame(frame) {
						const length = frame.end - frame.start;
						expect(length).toBeLessThanOrEqual(maxSize);
						expect(frame.bytes[frame.start]).toBe(0x2f);
						expect(frame.bytes[frame.end - 1]).toBe(0x21);
						const computed = crc16(frame.bytes, frame.start, frame.end);
						expect(frame.crcComputed).toBe(computed);
						if (frame.crc === "valid") expect(parseInt(frame.crcStated, 16)).toBe(computed);
						parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, reading);
						JSON.stringify(decodeTelegram(frame));
					},
				});
				const capacity = framer.capacity;
				for (const chunk of chunks(stream, cuts)) framer.push(chunk);
				const tail = framer.flush();
				if (tail) {
					expect(tail.end - tail.start).toBeLessThanOrEqual(maxSize);
					parseTelegram(tail.bytes, tail.start, tail.end, tail.crc, reading);
					JSON.stringify(decodeTelegram(tail));
				}
				expect(framer.capacity).toBe(capacity);
				expect(capacity).toBe(maxSize);
			},
		),
		{ numRuns: 400 },
	);
});

test("parse and decode never throw on any byte range", () => {
	const reading = newReading();
	fc.assert(
		fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(), fc.nat(), (bytes, a, b) => {
			const start = bytes.length ? a % bytes.length : 0;
			const end = start + (bytes.length ? b % (bytes.length - start + 1) : 0);
			parseTelegram(bytes, start, end, "none", reading);
			JSON.stringify(
				decodeTelegram({ bytes, start, end, crc: "none", crcStated: "", crcComputed: NaN, offset: 0, complete: false }),
			);
		}),
		{ numRuns: 1000 },
	);
});

test("parse never throws on corrupted telegram ranges", () => {
	const reading = newReading();
	fc.assert(
		fc.property(
			fc.nat(samples.length - 1),
			fc.array(mutation, { maxLength: 6 }),
			fc.nat(),
			fc.nat(),
			(pick, mutations, a, b) => {
				const bytes = mutate(samples[pick], mutations);
				const start = bytes.length ? a % bytes.length : 0;
				const end = start + (bytes.length ? b % (bytes.length - start + 1) : 0);
				parseTelegram(bytes, start, end, "invalid", reading);
				expect(reading.historyCount).toBeLessThanOrEqual(reading.history.length);
				expect(reading.mbusCount).toBeLessThanOrEqual(reading.mbus.length);
			},
		),
		{ numRuns: 1000 },
	);
});
