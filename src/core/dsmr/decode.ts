// A telegram as plain JSON for people: every object keyed by its OBIS code with its name from
// the catalog (obis.ts), value, unit and the verbatim groups, timestamps with their UTC instant. Used by the decode command; not on the
// per-second path, so it builds strings freely (with the same line scanner as parse.ts).

import { isoUtc } from "../time/iso";
import { type Frame, Framer, type FramerStats } from "./framer";
import { entryOf } from "./obis";
import type { CrcVerdict } from "./reading";
import {
	decimalAt,
	hexText,
	intAt,
	isHexText,
	isStamp,
	LINE_END,
	LINE_UNKNOWN,
	type LineScan,
	latin1,
	lineEnd,
	messageText,
	newLineScan,
	scanLine,
	stampAt,
	trimCr,
	unitAt,
} from "./scan";

export interface DecodedCrc {
	verdict: CrcVerdict;
	present: boolean;
	valid: boolean;
	/** Digits after '!' (upper case), null when none. */
	stated: string | null;
	/** CRC-16/ARC over '/'..'!', 4 upper-case hex digits; null for an incomplete telegram. */
	computed: string | null;
}

export type DecodedValue = Record<string, unknown>;

export interface DecodedTelegram {
	/** Position of the '/' in the stream. */
	offset: number;
	/** Bytes from '/' through '!' (or through the last byte of an incomplete telegram). */
	length: number;
	/** False for a telegram cut off at the end of the input (no '!'). */
	complete: boolean;
	/** Identification line with its '/', latin-1. */
	header: string;
	/** Present when the header holds a byte outside printable ASCII. */
	headerHex?: string;
	crc: DecodedCrc;
	objects: Record<string, DecodedValue>;
	/** Lines that are not OBIS(...) lines, verbatim. */
	unknownLines: string[];
}

function group(bytes: Uint8Array, line: LineScan, i: number): string {
	return latin1(bytes, line.groups[2 * i], line.groups[2 * i + 1]);
}

function raws(bytes: Uint8Array, line: LineScan): string[] {
	const list: string[] = [];
	for (let i = 0; i < line.count; i++) list.push(group(bytes, line, i));
	return list;
}

/** Number and unit of a "12.345*kWh" group: value a number when it reads as one, else the text. */
function measured(bytes: Uint8Array, s: number, e: number): { value: number | string; unit: string | null } {
	const u = unitAt(bytes, s, e);
	const numberEnd = u < 0 ? e : u - 1;
	const value = decimalAt(bytes, s, numberEnd, 0);
	return { value: value === value ? value : latin1(bytes, s, numberEnd), unit: u < 0 ? null : latin1(bytes, u, e) };
}

function stamp(bytes: Uint8Array, s: number, e: number): string | null {
	const t = stampAt(bytes, s, e);
	return t === t ? isoUtc(t) : null;
}

function isObisText(bytes: Uint8Array, s: number, e: number): boolean {
	const colon = bytes.indexOf(0x3a, s);
	return colon > s && colon < e;
}

function decodeObject(bytes: Uint8Array, line: LineScan): DecodedValue {
	const g = line.groups;
	const n = line.count;
	const raw = raws(bytes, line);
	const { a, b, c, d, e } = line;
	if (c === 98 && d === 1 && e === 0 && n >= 3 && isObisText(bytes, g[2], g[3]) && isObisText(bytes, g[4], g[5])) {
		const count = intAt(bytes, g[0], g[1]);
		if (count === count) {
			const entries: DecodedValue[] = [];
			const available = Math.floor((n - 3) / 3);
			for (let i = 0; i < count && i < available; i++) {
				const k = 3 + 3 * i;
				const { value, unit } = measured(bytes, g[2 * k + 4], g[2 * k + 5]);
				entries.push({
					timestamp: group(bytes, line, k),
					occurred: group(bytes, line, k + 1),
					value,
					unit,
					timestampIsoUtc: stamp(bytes, g[2 * k], g[2 * k + 1]),
					occurredIsoUtc: stamp(bytes, g[2 * k + 2], g[2 * k + 3]),
				});
			}
			return { count, columns: [group(bytes, line, 1), group(bytes, line, 2)], entries, raw };
		}
	}
	if (c === 99 && d === 97 && e === 0 && n >= 2 && isObisText(bytes, g[2], g[3])) {
		const count = intAt(bytes, g[0], g[1]);
		if (count === count) {
			const entries: DecodedValue[] = [];
			const available = Math.floor((n - 2) / 2);
			for (let i = 0; i < count && i < available; i++) {
				const k = 2 + 2 * i;
				const { value, unit } = measured(bytes, g[2 * k + 2], g[2 * k + 3]);
				entries.push({
					timestamp: group(bytes, line, k),
					duration: value,
					unit,
					timestampIsoUtc: stamp(bytes, g[2 * k], g[2 * k + 1]),
				});
			}
			return { count, logObis: group(bytes, line, 1), entries, raw };
		}
	}
	if (a === 0 && c === 24 && d === 3 && e === 0 && n >= 7 && isStamp(bytes, g[0], g[1])) {
		// DSMR 2.2/3 gas: (ts)(status)(period)(count)(obis)(unit) and the value on the next line
		const { value } = measured(bytes, g[12], g[13]);
		return { timestamp: raw[0], value, unit: raw[5], raw, timestampIsoUtc: stamp(bytes, g[0], g[1]) };
	}
	if (n === 1) {
		const s0 = g[0];
		const e0 = g[1];
		if (a === 0 && b === 0 && c === 1 && d === 0 && e === 0)
			return { value: raw[0], type: "timestamp", raw, isoUtc: stamp(bytes, s0, e0) };
		if (unitAt(bytes, s0, e0) >= 0) {
			const { value, unit } = measured(bytes, s0, e0);
			return { value, unit, raw };
		}
		if (a === 0 && c === 96 && d === 13 && e0 > s0 && isHexText(bytes, s0, e0))
			return { value: raw[0], text: messageText(bytes, s0, e0), raw };
		return { value: raw[0], raw };
	}
	if (n === 2 && isStamp(bytes, g[0], g[1])) {
		const { value, unit } = measured(bytes, g[2], g[3]);
		return { timestamp: raw[0], value, unit, raw, timestampIsoUtc: stamp(bytes, g[0], g[1]) };
	}
	return { raw };
}

/** The value with the catalog's name for its object first ("M-Bus 1: device type" on channel 1), when the catalog has one. */
function named(line: LineScan, value: DecodedValue): DecodedValue {
	const entry = entryOf(line.a, line.b, line.c, line.d, line.e);
	if (entry === undefined) return value;
	const name = line.a === 0 && line.b > 0 ? `M-Bus ${line.b}: ${entry.name}` : entry.name;
	return { name, ...value };
}

function isPrintable(bytes: Uint8Array, s: number, e: number): boolean {
	for (let i = s; i < e; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e) return false;
	return true;
}

/** The telegram of a frame (complete, or the incomplete tail of Framer.flush()) as plain JSON. */
export function decodeTelegram(frame: Frame): DecodedTelegram {
	const { bytes, start, end } = frame;
	const lf = lineEnd(bytes, start, end);
	const headerEnd = trimCr(bytes, start, lf);
	const present = frame.crc === "valid" || frame.crc === "invalid";
	const telegram: DecodedTelegram = {
		offset: frame.offset,
		length: end - start,
		complete: frame.complete,
		header: latin1(bytes, start, headerEnd),
		crc: {
			verdict: frame.crc,
			present,
			valid: frame.crc === "valid",
			stated: present ? frame.crcStated : null,
			computed: frame.complete ? hexText(frame.crcComputed, 4) : null,
		},
		objects: {},
		unknownLines: [],
	};
	if (!isPrintable(bytes, start, headerEnd)) {
		let hex = "";
		for (let i = start; i < headerEnd; i++) hex += hexText(bytes[i], 2);
		telegram.headerHex = hex;
	}
	const line = newLineScan();
	let pos = lf < end ? lf + 1 : end;
	for (;;) {
		const kind = scanLine(bytes, pos, end, line, true);
		if (kind === LINE_END) break;
		pos = line.next;
		if (kind === LINE_UNKNOWN) telegram.unknownLines.push(latin1(bytes, line.start, line.end));
		else if (line.count > 0)
			telegram.objects[latin1(bytes, line.start, line.codeEnd)] = named(line, decodeObject(bytes, line));
	}
	return telegram;
}

/** Every telegram in a byte stream, then the incomplete tail if there is one; returns the framer's statistics. */
export function decodeStream(
	bytes: Uint8Array,
	onTelegram: (telegram: DecodedTelegram) => void,
	maxSize?: number,
): FramerStats {
	const framer = new Framer({ maxSize, onFrame: (frame) => onTelegram(decodeTelegram(frame)) });
	framer.push(bytes);
	const tail = framer.flush();
	if (tail !== undefined) onTelegram(decodeTelegram(tail));
	const stats = { ...framer.stats };
	framer.close();
	return stats;
}
