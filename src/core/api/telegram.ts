// <prefix>/telegram: the last telegram the monitor took, as the meter sent it and decoded with
// the catalog's names. The monitor copies each taken telegram into one buffer allocated at start
// (KeptTelegram), so keeping it costs no memory per telegram; the text and the decoded tree are
// only made when someone asks.

import { decodeTelegram } from "../dsmr/decode";
import type { Frame } from "../dsmr/framer";
import type { CrcVerdict } from "../dsmr/reading";
import { hexText, latin1 } from "../dsmr/scan";
import { lineEnd } from "../net/raw-telegram";
import { Cache, errorMessage, jsonResponse } from "./responses";
import type { ApiContext, ApiResponse } from "./types";

/** The kept telegram as a Frame over the buffer; the stated CRC is only made into text when read. */
class KeptFrame implements Frame {
	readonly bytes: Uint8Array;
	readonly start = 0;
	end = 0;
	crc: CrcVerdict = "none";
	crcComputed = NaN;
	readonly offset = 0;
	readonly complete = true;

	constructor(bytes: Uint8Array) {
		this.bytes = bytes;
	}

	/** A taken telegram's CRC digits matched the computed CRC, or there were none (DSMR 2.2/3). */
	get crcStated(): string {
		return this.crc === "valid" ? hexText(this.crcComputed, 4) : "";
	}
}

/** The last telegram taken, '/' through '!', in a buffer of the framer's largest telegram. */
export class KeptTelegram {
	#frame: KeptFrame;
	#kept = false;

	constructor(maxBytes: number) {
		this.#frame = new KeptFrame(new Uint8Array(maxBytes));
	}

	/** Copies a frame in without allocating: set(subarray()) would make a view object per telegram. */
	keep(frame: Frame): void {
		const kept = this.#frame;
		const into = kept.bytes;
		const from = frame.bytes;
		const start = frame.start;
		const length = frame.end - start;
		if (length > into.length) return; // the framer drops larger ones before they get here
		if (start === 0 && from.length <= into.length) {
			// the framer's own buffer (a telegram that spanned chunks), or a chunk holding one telegram:
			// one native copy, no view to make
			into.set(from);
			this.#took(frame, length);
			return;
		}
		// 4 bytes a step: the loop's own cost in XS is most of a byte-by-byte copy's
		let k = 0;
		for (let i = start; k + 4 <= length; k += 4, i += 4) {
			into[k] = from[i];
			into[k + 1] = from[i + 1];
			into[k + 2] = from[i + 2];
			into[k + 3] = from[i + 3];
		}
		for (; k < length; k++) into[k] = from[start + k];
		this.#took(frame, length);
	}

	#took(frame: Frame, length: number): void {
		const kept = this.#frame;
		kept.end = length;
		kept.crc = frame.crc;
		kept.crcComputed = frame.crcComputed;
		this.#kept = true;
	}

	/** The kept telegram, read during the request only (the next telegram overwrites it); undefined before one. */
	frame(): Frame | undefined {
		return this.#kept ? this.#frame : undefined;
	}
}

/**
 * <prefix>/telegram: `{"raw": the telegram as sent, CRC digits and CR LF included (latin-1),
 * "decoded": decodeTelegram's form (dsmr/decode.ts), objects keyed by OBIS code with their
 * catalog name}`. 5.4 KB for the 1059-byte Fluvius (eMUCS 1.7.1) telegram of the corpus: built whole, it
 * is a diagnostic route, not one a dashboard polls.
 */
export function telegram(_path: string, context: ApiContext): ApiResponse {
	const frame = context.lastTelegram ? context.lastTelegram() : undefined;
	if (frame === undefined) return errorMessage(503, "no telegram yet");
	const body =
		'{"raw":' + JSON.stringify(rawTelegram(frame)) + ',"decoded":' + JSON.stringify(decodeTelegram(frame)) + "}";
	return jsonResponse(200, body, Cache.None);
}

/** The telegram as the meter sent it: '/' through '!', its CRC digits and its own line end (latin-1). */
export function rawTelegram(frame: Frame): string {
	return latin1(frame.bytes, frame.start, frame.end) + frame.crcStated + lineEnd(frame); // as the raw port sends it
}
