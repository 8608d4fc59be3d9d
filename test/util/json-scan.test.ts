// The scanner reads what JSON.parse would: a column of a summary, a number, a string, by key.

import fc from "fast-check";
import { firstElement, nextElement, numberAt, stringAt, valueAt } from "../../src/core/util/json-scan";

/** The column at `key` read with the scanner, null for NaN (JSON's null). */
function scanColumn(text: string, key: string): (number | null)[] {
	const out: (number | null)[] = [];
	for (let at = firstElement(text, valueAt(text, JSON.stringify(key))); at >= 0; at = nextElement(text)) {
		const v = numberAt(text, at);
		out.push(Number.isNaN(v) ? null : v);
	}
	return out;
}

const cell = fc.oneof(
	fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
	fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
	fc.constant(null),
);
const column = fc.array(cell, { maxLength: 120 });

test("property: every column of a flat object reads as JSON.parse reads it, compact or indented", () => {
	fc.assert(
		fc.property(column, column, fc.boolean(), (a, b, indent) => {
			const object = { version: 1, peak_quarter_id: 5, quarter_id: a, day: b, day_import_kwh: [9] };
			const text = JSON.stringify(object, null, indent ? "\t" : undefined);
			const parsed = JSON.parse(text);
			expect(scanColumn(text, "quarter_id")).toEqual(parsed.quarter_id);
			expect(scanColumn(text, "day")).toEqual(parsed.day);
		}),
		{ numRuns: 500 },
	);
});

test("a key is found by its whole quoted name: peak_quarter_id is not quarter_id, day_import_kwh not day", () => {
	const text = '{"peak_quarter_id":7,"day_import_kwh":[1,2],"quarter_id":[3],"day":[4,5]}';
	expect(numberAt(text, valueAt(text, '"peak_quarter_id"'))).toBe(7);
	expect(scanColumn(text, "quarter_id")).toEqual([3]);
	expect(scanColumn(text, "day")).toEqual([4, 5]);
});

test("the name as a string value is skipped for the key after it", () => {
	const text = '{"label":"day","day":[1]}';
	expect(scanColumn(text, "day")).toEqual([1]);
});

test("absent keys, empty arrays, null and non-arrays read as nothing", () => {
	const text = '{"a":[],"b":null,"c":"x","d":[ ]}';
	for (const key of ["a", "b", "c", "d", "missing"]) expect(scanColumn(text, key)).toEqual([]);
	expect(numberAt(text, valueAt(text, '"b"'))).toBeNaN();
	expect(numberAt(text, valueAt(text, '"missing"'))).toBeNaN();
});

test("strings: a date is read whole, null and absent are undefined", () => {
	const text = '{"meter_peak_time":"2026-01-14T17:45:00Z","other":null}';
	expect(stringAt(text, valueAt(text, '"meter_peak_time"'))).toBe("2026-01-14T17:45:00Z");
	expect(stringAt(text, valueAt(text, '"other"'))).toBeUndefined();
	expect(stringAt(text, valueAt(text, '"gone"'))).toBeUndefined();
});
