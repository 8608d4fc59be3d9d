// International Morse code (ITU-R M.1677-1) for the LED: letters, digits and the punctuation an
// address or a short message needs. The original firmware had 4 as "...._" and 8 as "---...";
// they are "....-" and "---..". Timing is the standard one in units: dot 1, dash 3, the gap
// inside a letter 1, between letters 3, between words 7. Every message ends with a word gap, so
// a repeating one keeps its words apart and a one-shot stands apart from what follows.

import { type Pattern, StepList } from "./pattern";

export const MORSE: Readonly<Record<string, string>> = Object.freeze({
	a: ".-",
	b: "-...",
	c: "-.-.",
	d: "-..",
	e: ".",
	f: "..-.",
	g: "--.",
	h: "....",
	i: "..",
	j: ".---",
	k: "-.-",
	l: ".-..",
	m: "--",
	n: "-.",
	o: "---",
	p: ".--.",
	q: "--.-",
	r: ".-.",
	s: "...",
	t: "-",
	u: "..-",
	v: "...-",
	w: ".--",
	x: "-..-",
	y: "-.--",
	z: "--..",
	"0": "-----",
	"1": ".----",
	"2": "..---",
	"3": "...--",
	"4": "....-",
	"5": ".....",
	"6": "-....",
	"7": "--...",
	"8": "---..",
	"9": "----.",
	".": ".-.-.-",
	",": "--..--",
	":": "---...",
	"?": "..--..",
	"'": ".----.",
	"-": "-....-",
	"/": "-..-.",
	"(": "-.--.",
	")": "-.--.-",
	'"': ".-..-.",
	"=": "-...-",
	"+": ".-.-.",
	"@": ".--.-.",
});

const DOT = 1;
const DASH = 3;
const MARK_GAP = 1;
const LETTER_GAP = 3;
const WORD_GAP = 7;

/** The code of one character, any case; RangeError for one Morse has no code for. */
function codeOf(ch: string): string {
	const key = ch.toLowerCase();
	if (!Object.hasOwn(MORSE, key)) throw new RangeError(`no morse code for ${JSON.stringify(ch)}`);
	return MORSE[key];
}

/** The words of `text` (split on spaces, empty ones dropped); RangeError when there are none. */
function wordsOf(text: string): string[] {
	const words = text.split(" ").filter((w) => w !== "");
	if (words.length === 0) throw new RangeError("nothing to send in morse");
	return words;
}

/** `text` as dots and dashes: letters apart by a space, words by " / " ("sos" gives "... --- ..."). */
export function morseCode(text: string): string {
	return wordsOf(text)
		.map((w) => Array.from(w, codeOf).join(" "))
		.join(" / ");
}

/**
 * `text` in Morse as an on/off pattern at `level`, `unitMs` a unit (the dot). RangeError for a
 * character without a code, an empty text or a unit that is not a positive whole number of ms.
 */
export function morsePattern(text: string, unitMs: number, level: number, repeat = false): Pattern {
	if (!(Number.isInteger(unitMs) && unitMs > 0)) throw new RangeError("bad morse unit");
	const list = new StepList();
	for (const word of wordsOf(text)) {
		for (let c = 0; c < word.length; c++) {
			const code = codeOf(word[c]);
			for (let m = 0; m < code.length; m++) {
				list.hold(level, (code[m] === "." ? DOT : DASH) * unitMs);
				list.hold(0, (m < code.length - 1 ? MARK_GAP : c < word.length - 1 ? LETTER_GAP : WORD_GAP) * unitMs);
			}
		}
	}
	return list.pattern(repeat);
}
