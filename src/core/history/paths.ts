// Where history lives on the SD card, compatible with the original firmware:
//   /meter/YYYY/MM/DD/HHMM{S|W}.json   one quarter
//   /meter/YYYY/MM/DD/day.json         day summary
//   /meter/YYYY/MM/month.json          month summary
//   /meter/YYYY/year.json              year summary
// Moddable's legacy `file` module copies the whole destination path of a rename into a 33-byte
// buffer, and the card is mounted at "/sd": so every path we create (temporaries and set-aside
// names included) stays within MAX_PATH = 28 characters, 31 with the mount point.

import { idDay, idMonth, idYear, makeQuarterId, quarterName } from "../quarters/quarter-id";
import { validLocal } from "../time/brussels";
import { pad2 } from "../time/keys";
import {
	charCode,
	textEndsWith,
	textIndexOf,
	textLastIndexOf,
	textLength,
	textSlice,
	textStartsWith,
} from "../util/chars";

export const MAX_PATH = 28;
export const METER_DIR = "/meter/";

export type MeterFileKind = "quarter" | "day" | "month" | "year";

/** A path of the /meter grammar, taken apart. Fields below the kind's level are 0. */
export interface MeterPath {
	kind: MeterFileKind;
	year: number;
	month: number;
	day: number;
	/** The quarter's id for kind "quarter", else 0. */
	quarterId: number;
}

export function yearDir(year: number): string {
	return METER_DIR + year + "/";
}
export function monthDir(year: number, month: number): string {
	return METER_DIR + year + "/" + pad2(month) + "/";
}
export function dayDir(year: number, month: number, day: number): string {
	return METER_DIR + year + "/" + pad2(month) + "/" + pad2(day) + "/";
}

/** "0245S.json": the original's name, local wall-clock start plus S (summer) or W (winter). */
export function quarterFileName(id: number): string {
	return quarterName(id) + ".json";
}

export function quarterPath(id: number): string {
	return dayDir(idYear(id), idMonth(id), idDay(id)) + quarterFileName(id);
}
export function dayPath(year: number, month: number, day: number): string {
	return dayDir(year, month, day) + "day.json";
}
export function monthPath(year: number, month: number): string {
	return monthDir(year, month) + "month.json";
}
export function yearPath(year: number): string {
	return yearDir(year) + "year.json";
}

// Parsing without regular expressions (XS compiles a literal on every evaluation).

function digit(path: string, i: number): number {
	const c = charCode(path, i) - 48;
	return c >= 0 && c <= 9 ? c : -1;
}

/** Value of `count` decimal digits at `i`, -1 when any is not a digit. */
function digits(path: string, i: number, count: number): number {
	let n = 0;
	for (let k = 0; k < count; k++) {
		const d = digit(path, i + k);
		if (d < 0) return -1;
		n = n * 10 + d;
	}
	return n;
}

function validYear(year: number): boolean {
	return year >= 2000 && year <= 2255; // YY is 8 bits in quarter_id
}

/**
 * The parts of a /meter path, or undefined for anything outside the grammar above (no "..",
 * no other names, no encoded characters, no trailing slash, upper-case S/W only, real dates).
 * This is the only gate between an HTTP request and the card.
 */
export function parseMeterPath(path: string): MeterPath | undefined {
	const parts: MeterPath = { kind: "year", year: 0, month: 0, day: 0, quarterId: 0 };
	return readMeterPath(path, parts) ? parts : undefined;
}

/** The quarter id a /meter path names, -1 for any other path (never an id: month 255); parseMeterPath without an object per call. */
export function meterQuarterId(path: string): number {
	return readMeterPath(path, scratch) && scratch.kind === "quarter" ? scratch.quarterId : -1;
}

const scratch: MeterPath = { kind: "year", year: 0, month: 0, day: 0, quarterId: 0 };

/** parseMeterPath into `out`; false for a path outside the grammar. */
function readMeterPath(path: string, out: MeterPath): boolean {
	if (typeof path !== "string") return false;
	const n = textLength(path); // strings read without boxing: see util/chars.ts
	if (n > MAX_PATH || !textStartsWith(path, METER_DIR)) return false;
	// "/meter/YYYY/" is 12 characters
	const year = digits(path, 7, 4);
	if (year < 0 || !validYear(year) || charCode(path, 11) !== 47) return false;
	if (n === 21 && textEndsWith(path, "year.json") && textIndexOf(path, "/", 12) < 0)
		return found(out, "year", year, 0, 0, 0);
	const month = digits(path, 12, 2);
	if (month < 1 || month > 12 || charCode(path, 14) !== 47) return false;
	if (n === 25 && textEndsWith(path, "month.json") && textIndexOf(path, "/", 15) < 0)
		return found(out, "month", year, month, 0, 0);
	const day = digits(path, 15, 2);
	if (day < 1 || !validLocal(year, month, day, 0, 0, 0) || charCode(path, 17) !== 47) return false;
	if (n === 26 && textEndsWith(path, "day.json") && textIndexOf(path, "/", 18) < 0)
		return found(out, "day", year, month, day, 0);
	if (n !== 28 || !textEndsWith(path, ".json")) return false;
	const hour = digits(path, 18, 2);
	const minute = digits(path, 20, 2);
	const flag = charCode(path, 22);
	if (hour < 0 || hour > 23 || minute < 0 || minute % 15 !== 0 || minute > 45) return false;
	if (flag !== 83 && flag !== 87) return false; // 'S', 'W'
	// S/W is not checked against the calendar: the original firmware took the meter's flag,
	// which some meters get wrong, and those files must stay readable
	return found(out, "quarter", year, month, day, makeQuarterId(year, month, day, hour, minute, flag === 83));
}

function found(out: MeterPath, kind: MeterFileKind, year: number, month: number, day: number, quarterId: number): true {
	out.kind = kind;
	out.year = year;
	out.month = month;
	out.day = day;
	out.quarterId = quarterId;
	return true;
}

/** Directory part of a path, with its trailing slash. */
export function dirOf(path: string): string {
	return textSlice(path, 0, textLastIndexOf(path, "/") + 1);
}

/** Name part of a path. */
export function nameOf(path: string): string {
	return textSlice(path, textLastIndexOf(path, "/") + 1);
}

/** The number a directory entry "07/" or "2026/" names, -1 for anything else. */
export function dirNumber(name: string): number {
	const n = name.length - 1;
	if (n < 1 || name.charCodeAt(n) !== 47) return -1;
	let v = 0;
	for (let i = 0; i < n; i++) {
		const c = name.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	return v;
}
