import { MORSE, morseCode, morsePattern } from "../../src/core/status/morse";
import { expectedMorse, onOff } from "./helpers";

describe("the Morse table", () => {
	test("4 and 8, which the original firmware had wrong", () => {
		expect(MORSE["4"]).toBe("....-");
		expect(MORSE["8"]).toBe("---..");
	});

	test("every digit: n dots then dashes up to 5, and the other way round from 6", () => {
		expect(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"].map((d) => MORSE[d])).toEqual([
			"-----",
			".----",
			"..---",
			"...--",
			"....-",
			".....",
			"-....",
			"--...",
			"---..",
			"----.",
		]);
	});

	test("letters", () => {
		const letters = "abcdefghijklmnopqrstuvwxyz".split("").map((c) => MORSE[c]);
		expect(letters).toEqual([
			".-",
			"-...",
			"-.-.",
			"-..",
			".",
			"..-.",
			"--.",
			"....",
			"..",
			".---",
			"-.-",
			".-..",
			"--",
			"-.",
			"---",
			".--.",
			"--.-",
			".-.",
			"...",
			"-",
			"..-",
			"...-",
			".--",
			"-..-",
			"-.--",
			"--..",
		]);
	});

	test("punctuation an address or a message needs", () => {
		expect(MORSE["."]).toBe(".-.-.-");
		expect(MORSE["/"]).toBe("-..-.");
		expect(MORSE["-"]).toBe("-....-");
		expect(MORSE[":"]).toBe("---...");
		expect(MORSE["?"]).toBe("..--..");
		expect(MORSE["@"]).toBe(".--.-.");
	});

	test("no two characters share a code, and every code is dots and dashes", () => {
		const codes = Object.values(MORSE);
		expect(new Set(codes).size).toBe(codes.length);
		for (const c of codes) expect(c).toMatch(/^[.-]{1,6}$/);
	});

	test("is frozen", () => {
		expect(Object.isFrozen(MORSE)).toBe(true);
	});
});

describe("morseCode", () => {
	test("letters apart by a space, words by a slash, any case", () => {
		expect(morseCode("sos")).toBe("... --- ...");
		expect(morseCode("SOS")).toBe("... --- ...");
		expect(morseCode("hi 48")).toBe(".... .. / ....- ---..");
		expect(morseCode("  WiFi  ")).toBe(".-- .. ..-. ..");
		expect(morseCode("192.168.4.1")).toBe(".---- ----. ..--- .-.-.- .---- -.... ---.. .-.-.- ....- .-.-.- .----");
	});

	test("bad input: a clear RangeError", () => {
		expect(() => morseCode("é")).toThrow(new RangeError('no morse code for "é"'));
		expect(() => morseCode("a#b")).toThrow(new RangeError('no morse code for "#"'));
		expect(() => morseCode("")).toThrow(new RangeError("nothing to send in morse"));
		expect(() => morseCode("   ")).toThrow(new RangeError("nothing to send in morse"));
		expect(() => morseCode("constructor")).not.toThrow(); // letters, not an Object property
		expect(() => morseCode("toString")).not.toThrow();
		expect(() => morseCode("__proto__")).toThrow(RangeError);
	});
});

describe("morsePattern", () => {
	test("sos at a 100 ms unit, written out", () => {
		const p = morsePattern("sos", 100, 32);
		expect(onOff(p)).toEqual([
			[32, 100],
			[0, 100],
			[32, 100],
			[0, 100],
			[32, 100],
			[0, 300], // s, letter gap
			[32, 300],
			[0, 100],
			[32, 300],
			[0, 100],
			[32, 300],
			[0, 300], // o, letter gap
			[32, 100],
			[0, 100],
			[32, 100],
			[0, 100],
			[32, 100],
			[0, 700], // s, word gap
		]);
		expect(p.totalMs).toBe(3400); // 5 + 3 + 11 + 3 + 5 + 7 units
		expect(p.repeat).toBe(false);
	});

	test("two words: a word gap of 7 units between them and at the end", () => {
		expect(onOff(morsePattern("e e", 10, 255))).toEqual([
			[255, 10],
			[0, 70],
			[255, 10],
			[0, 70],
		]);
		expect(onOff(morsePattern("e  t", 10, 255))).toEqual([
			[255, 10],
			[0, 70],
			[255, 30],
			[0, 70],
		]);
	});

	test("4 and 8 as marks: 4 is four dots and a dash, 8 three dashes and two dots", () => {
		expect(onOff(morsePattern("4", 1, 1))).toEqual([
			[1, 1],
			[0, 1],
			[1, 1],
			[0, 1],
			[1, 1],
			[0, 1],
			[1, 1],
			[0, 1],
			[1, 3],
			[0, 7],
		]);
		expect(onOff(morsePattern("8", 1, 1))).toEqual([
			[1, 3],
			[0, 1],
			[1, 3],
			[0, 1],
			[1, 3],
			[0, 1],
			[1, 1],
			[0, 1],
			[1, 1],
			[0, 7],
		]);
	});

	test("longer texts agree with a separate recomputation from the code text", () => {
		for (const text of ["hi", "bye", "WiFi", "192.168.4.1", "hi there 42"])
			expect(onOff(morsePattern(text, 150, 16))).toEqual(expectedMorse(morseCode(text), 150, 16));
	});

	test("hi at the original's 150 ms: 20 units, 3 s", () => {
		expect(morsePattern("hi", 150, 16).totalMs).toBe(3000); // h 7, gap 3, i 3, word gap 7
	});

	test("repeating", () => {
		expect(morsePattern("sos", 150, 32, true).repeat).toBe(true);
	});

	test("bad unit or level: RangeError", () => {
		expect(() => morsePattern("e", 0, 1)).toThrow(new RangeError("bad morse unit"));
		expect(() => morsePattern("e", 1.5, 1)).toThrow(new RangeError("bad morse unit"));
		expect(() => morsePattern("e", NaN, 1)).toThrow(new RangeError("bad morse unit"));
		expect(() => morsePattern("e", 100, 256)).toThrow(new RangeError("bad led level"));
		expect(() => morsePattern("e", 100, -1)).toThrow(new RangeError("bad led level"));
	});
});
