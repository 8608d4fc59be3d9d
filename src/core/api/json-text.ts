// Pieces of JSON text for the routes that build their body as one string (no object tree per
// request): numbers with null for unknown, quoted strings, and the two spellings of an instant
// the views give, UTC and Brussels local time with its offset.

import type { LocalTime } from "../time/brussels";
import { newLocalTime, utcToLocal } from "../time/brussels";
import { isoUtc } from "../time/iso";
import { pad2 } from "../time/keys";

/** A number, or null for NaN, an infinity or null. */
export function num(v: number | null): string {
	return v === null || v !== v || v === Infinity || v === -Infinity ? "null" : String(v);
}

export function str(v: string | null): string {
	return v === null ? "null" : JSON.stringify(v);
}

/** "2026-10-25T01:15:00Z" quoted, or null for an unknown instant. */
export function utcText(ms: number): string {
	return ms === ms && ms !== Infinity && ms !== -Infinity ? '"' + isoUtc(ms) + '"' : "null";
}

const lt: LocalTime = newLocalTime(); // reused: requests are answered one at a time

/**
 * "2026-10-25T02:15+01:00" quoted: Brussels wall-clock time with the offset in force, ISO 8601,
 * so the repeated autumn hour stays unambiguous; null for an unknown instant.
 */
export function localText(ms: number): string {
	if (!(ms === ms && ms !== Infinity && ms !== -Infinity)) return "null";
	const t = utcToLocal(ms, lt);
	return (
		'"' +
		t.year +
		"-" +
		pad2(t.month) +
		"-" +
		pad2(t.day) +
		"T" +
		pad2(t.hour) +
		":" +
		pad2(t.minute) +
		(t.summer ? '+02:00"' : '+01:00"')
	);
}
