// The value checks added for settings (host names, WPA passphrases) and strict UTF-8 decoding of
// request bodies, against Node's own decoder and hand-made cases.

import fc from "fast-check";
import { hostOrEmpty, wpaPassword } from "../../src/core/config/checks";
import { utf8Decode, utf8Encode } from "../../src/core/config/utf8";

test.each([
	["", true],
	["broker", true],
	["broker.lan", true],
	["mqtt-1.example.be", true],
	["10.0.0.2", true],
	["a".repeat(63) + ".be", true],
	["a".repeat(64), false],
	["-broker", false],
	["broker.", false],
	["bro ker", false],
	["broker..lan", false],
	["mqtt://broker", false],
	[["x"], false],
	[1883, false],
])("host %p: %s", (value, ok) => {
	expect(hostOrEmpty(value) === undefined).toBe(ok);
});

test.each([
	["", true],
	["12345678", true],
	["x".repeat(63), true],
	["ab".repeat(32), true],
	["AB09".repeat(16), true],
	["1234567", false],
	["x".repeat(64), false], // 64 characters must be hex
	["g".repeat(64), false],
	["wachtwoord-é€", false],
	["tab\there1", false],
	[12345678, false],
])("wpa %p: %s", (value, ok) => {
	expect(wpaPassword(value) === undefined).toBe(ok);
});

describe("utf8Decode", () => {
	test("property: decodes whatever Node encodes", () => {
		fc.assert(
			fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
				expect(utf8Decode(new Uint8Array(Buffer.from(s, "utf8")))).toBe(s);
			}),
		);
	});

	test("property: accepts exactly the byte strings Node's fatal decoder accepts, with the same text", () => {
		const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
				let expected: string | undefined;
				try {
					expected = fatal.decode(bytes);
				} catch {
					expected = undefined;
				}
				expect(utf8Decode(bytes)).toBe(expected);
			}),
			{ numRuns: 5000 },
		);
	});

	test.each([
		["overlong slash", [0xc0, 0xaf]],
		["overlong 3-byte", [0xe0, 0x80, 0xaf]],
		["surrogate", [0xed, 0xa0, 0x80]],
		["beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
		["truncated", [0xe2, 0x82]],
		["lone continuation", [0x80]],
	])("refuses %s", (_name, bytes) => {
		expect(utf8Decode(new Uint8Array(bytes))).toBeUndefined();
	});

	test("round trip with utf8Encode for 1 to 4 byte characters", () => {
		const s = "a\u00e9\u20ac\u{1f600}";
		expect(Array.from(utf8Encode(s))).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
		expect(utf8Decode(utf8Encode(s))).toBe(s);
	});
});
