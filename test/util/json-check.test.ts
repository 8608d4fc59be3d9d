import fc from "fast-check";
import { isJsonText } from "../../src/core/util/json-check";

/** The verdict to match, computed by the engine's own parser. */
function parses(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

describe("isJsonText", () => {
	test("property: accepts whatever JSON.stringify writes", () => {
		fc.assert(
			fc.property(fc.jsonValue(), (v) => {
				expect(isJsonText(JSON.stringify(v))).toBe(true);
				expect(isJsonText(JSON.stringify(v, null, "\t"))).toBe(true);
			}),
		);
	});

	test("property: the same verdict as JSON.parse on damaged JSON (cut, a character changed)", () => {
		const damaged = fc
			.tuple(fc.jsonValue(), fc.nat(), fc.constantFrom(...'{}[]",:.-+eE0123456789 \t\n\\u/tfnlrsa\u0001x'))
			.chain(([v, at, ch]) => {
				const text = JSON.stringify(v);
				const i = text.length === 0 ? 0 : at % text.length;
				return fc.constantFrom(
					text.slice(0, i),
					text.slice(0, i) + ch + text.slice(i + 1),
					text.slice(0, i) + ch + text.slice(i),
				);
			});
		fc.assert(
			fc.property(damaged, (text) => {
				expect(isJsonText(text)).toBe(parses(text));
			}),
			{ numRuns: 5000 },
		);
	});

	test("property: the same verdict as JSON.parse on short texts of JSON's characters", () => {
		const ch = fc.constantFrom(...'{}[]",:.-+eE019 \t\n\r\\ubfnrt/"aelsx'.split(""));
		fc.assert(
			fc.property(
				fc.array(ch, { maxLength: 12 }).map((a) => a.join("")),
				(text) => {
					expect(isJsonText(text)).toBe(parses(text));
				},
			),
			{ numRuns: 20000 },
		);
	});

	test.each([
		["", false],
		[" ", false],
		["0", true],
		["-0", true],
		["01", false],
		["1.", false],
		[".5", false],
		["1e", false],
		["1E+2", true],
		["+1", false],
		['"\\u00e9"', true],
		['"\\u00g9"', false],
		['"\\x"', false],
		['"a\nb"', false],
		['"\ud800"', true],
		["[1,]", false],
		['{"a":1,}', false],
		['{"a" : [ true , false , null ] }', true],
		["nul", false],
		["truex", false],
		["[] []", false],
	])("%j: %s", (text, expected) => {
		expect(isJsonText(text)).toBe(expected);
		expect(parses(text)).toBe(expected); // the table itself agrees with JSON.parse
	});

	test("nesting deeper than its own limit gets JSON.parse's verdict", () => {
		const deep = "[".repeat(200) + "]".repeat(200);
		expect(isJsonText(deep)).toBe(true);
		expect(isJsonText(deep.slice(0, -1))).toBe(false);
		expect(isJsonText(`{"a":${deep}}`)).toBe(true);
	});
});
