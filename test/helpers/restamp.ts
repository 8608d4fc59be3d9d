// A copy of a telegram with another meter time (0-0:1.0.0) and a CRC made valid again: what a
// meter whose clock glitched, or a replayed capture, sends. Everything else is left as it was.

import { crc16 } from "../../src/core/dsmr/crc16";
import { newLocalTime, utcToLocal } from "../../src/core/time/brussels";
import { putTimestamp } from "../../src/sim/digits";

const TIME_TAG = "0-0:1.0.0(";

function indexOf(bytes: Uint8Array, text: string, from = 0): number {
	outer: for (let i = from; i + text.length <= bytes.length; i++) {
		for (let k = 0; k < text.length; k++) if (bytes[i + k] !== text.charCodeAt(k)) continue outer;
		return i;
	}
	return -1;
}

export function restamp(telegram: Uint8Array, utcMs: number): Uint8Array {
	const out = Uint8Array.from(telegram);
	const slash = indexOf(out, "/");
	const at = indexOf(out, TIME_TAG);
	const bang = indexOf(out, "!", at);
	if (slash < 0 || at < 0 || bang < 0) throw new Error("not a telegram");
	putTimestamp(out, at + TIME_TAG.length, utcToLocal(utcMs, newLocalTime()));
	const crc = crc16(out, slash, bang + 1);
	const hex = crc.toString(16).toUpperCase().padStart(4, "0");
	for (let k = 0; k < 4; k++) out[bang + 1 + k] = hex.charCodeAt(k);
	return out;
}
