// The serving check must give JSON.parse's verdict without building anything: JSON.parse is the
// oracle here, over real history files torn at every length and mutated at every position.

import { isJsonText, MAX_JSON_DEPTH } from "../../src/core/util/json-syntax";
import { quarterText } from "../../src/core/history/summaries";
import { History } from "../../src/core/history/history";
import { MemoryStore } from "../helpers/memory-store";
import { localMidnight, QUARTER_MS, rng, series } from "../history/factory";

function parses(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	}
	catch {
		return false;
	}
}

function agree(text: string): void {
	const verdict = isJsonText(text);
	if (verdict !== parses(text)) throw new Error(`isJsonText says ${verdict} for ${JSON.stringify(text)}`);
}

const FILES = (() => {
	const sd = new MemoryStore();
	const h = new History({ sd, state: new MemoryStore() });
	for (const r of series(localMidnight(2026, 3, 30), localMidnight(2026, 3, 30) + 6 * QUARTER_MS, 3).records) h.writeQuarter(r);
	return [...sd.files.values()];
})();

test("history files are valid; every prefix and every one-character change agrees with JSON.parse", () => {
	expect(FILES.length).toBeGreaterThan(6);
	const r = rng(9);
	const alphabet = "{}[]\",:.-+eE0123456789 \t\n\\/tfnulrsa\0\u00e9";
	for (const file of FILES) {
		expect(isJsonText(file)).toBe(true);
		for (let n = 0; n < file.length; n++) expect(isJsonText(file.slice(0, n))).toBe(false); // an object's prefix never parses
		for (let i = 0; i < file.length; i += 3) {
			const c = alphabet[Math.floor(r() * alphabet.length)];
			agree(file.slice(0, i) + c + file.slice(i + 1)); // replaced
			agree(file.slice(0, i) + file.slice(i + 1)); // dropped
			agree(file.slice(0, i) + c + file.slice(i)); // inserted
		}
	}
});

test.each([
	"{}", "[]", "0", "-0", "1.5e+10", "\"a\\u00e9\\n\"", "true", "null", " {\"a\" : [1, {\"b\": false}] } ", "[-1.0E-2]", "{\"\":\"\"}",
	"", " ", "{", "}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "{a:1}", "[1 2]", "{\"a\" 1}",
	"tru", "nulll", "[]]", "{}{}", "\"unterminated", "NaN", "Infinity", "\u00a0{}", "{}\0", "[\"\\\"]",
])("%j agrees with JSON.parse", (text) => {
	expect(isJsonText(text)).toBe(parses(text));
});

test("nesting deeper than any history file is refused, not scanned without bound", () => {
	expect(isJsonText("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH))).toBe(true);
	expect(isJsonText("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1))).toBe(false);
});

test("a quarter file as the engine writes it passes", () => {
	const q = series(localMidnight(2026, 3, 30), localMidnight(2026, 3, 30) + QUARTER_MS, 1).records[0];
	expect(isJsonText(quarterText(q))).toBe(true);
});
