// The small files kept in flash: the open quarter's checkpoint, two copies of the month peaks
// and the last day history wrote to. Each carries a checksum of its payload, so a file that
// still parses but holds other bytes than were written (flash or card trouble, a stray write)
// is rejected instead of trusted.

import type { MonthPeak } from "../quarters/records";
import { isObject, isNullableNumber as nullableNumber } from "../util/values";

export const CHECKPOINT_PATH = "/checkpoint.json";
export const PEAKS_PATHS: readonly string[] = Object.freeze(["/peaks-a.json", "/peaks-b.json"]);
export const LAST_DAY_PATH = "/history.json";

/** Most month peaks kept: far more than the 13 months the capacity tariff looks back. */
export const MAX_PEAKS = 64;

/** FNV-1a over the UTF-16 code units: no bytes needed (no TextEncoder on the device), order-sensitive, cheap. */
export function hashText(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

/** JSON of a file's text; undefined for a missing or unparsable file (torn files are expected after a power cut). */
export function parseJson(text: string | undefined): unknown {
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------- checkpoint

/** The checkpoint file around an opaque JSON-able value. */
export function checkpointText(data: unknown): string {
	const s = JSON.stringify(data);
	if (typeof s !== "string") throw new TypeError("checkpoint not json");
	return '{"check":' + hashText(s) + ',"data":' + s + "}";
}

/** The value of a checkpoint file, undefined when the text is not one (torn, altered). */
export function checkpointFromText(text: string | undefined): { data: unknown } | undefined {
	const v = parseJson(text);
	if (!isObject(v) || !("data" in v)) return undefined;
	// stringify(parse(stringify(x))) === stringify(x) for JSON data, so the check can be recomputed
	return v.check === hashText(JSON.stringify(v.data)) ? { data: v.data } : undefined;
}

// ---------------------------------------------------------------- month peaks

function peakOk(p: unknown): p is MonthPeak {
	if (!isObject(p) || typeof p.month !== "string" || p.month.length !== 7) return false;
	return (
		nullableNumber(p.own_w) &&
		nullableNumber(p.own_quarter_id) &&
		nullableNumber(p.meter_w) &&
		(p.meter_time === null || typeof p.meter_time === "string")
	);
}

export function peaksOk(peaks: unknown): peaks is MonthPeak[] {
	if (!Array.isArray(peaks) || peaks.length > MAX_PEAKS) return false;
	for (let i = 0; i < peaks.length; i++) if (!peakOk(peaks[i])) return false;
	return true;
}

/**
 * Format of a peaks copy. 2: the same named fields as format 1, which had no "v"; the number
 * lets a later firmware tell its own format from this one (the copies outlive updates).
 */
export const PEAKS_VERSION = 2;

/** One copy of the peaks; `seq` grows by one on every write, so the newer copy is known. */
export function peaksText(seq: number, peaks: readonly MonthPeak[]): string {
	const s = JSON.stringify(peaks);
	return '{"v":' + PEAKS_VERSION + ',"seq":' + seq + ',"check":' + hashText(s) + ',"peaks":' + s + "}";
}

export interface PeaksCopy {
	/** Format: 1 (no "v" in the file) or PEAKS_VERSION. */
	v: number;
	seq: number;
	peaks: MonthPeak[];
}

export function peaksFromText(text: string | undefined): PeaksCopy | undefined {
	const v = parseJson(text);
	if (
		!isObject(v) ||
		(v.v !== undefined && v.v !== PEAKS_VERSION) ||
		!Number.isInteger(v.seq) ||
		(v.seq as number) < 0 ||
		!peaksOk(v.peaks)
	)
		return undefined;
	return v.check === hashText(JSON.stringify(v.peaks))
		? { v: v.v === undefined ? 1 : PEAKS_VERSION, seq: v.seq as number, peaks: v.peaks }
		: undefined;
}

// ---------------------------------------------------------------- last day written

export interface Day {
	year: number;
	month: number;
	day: number;
}

export function lastDayText(d: Day): string {
	return '{"year":' + d.year + ',"month":' + d.month + ',"day":' + d.day + "}";
}

export function lastDayFromText(text: string | undefined): Day | undefined {
	const v = parseJson(text);
	if (!isObject(v)) return undefined;
	const { year, month, day } = v;
	if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
	return { year: year as number, month: month as number, day: day as number };
}
