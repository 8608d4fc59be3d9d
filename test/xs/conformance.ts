// Parser conformance cases for scripts/xs-check.mjs: every corpus telegram and stream through
// the framer, decodeTelegram and parseTelegram, serialised to JSON. xs-check runs this module
// in Node and in XS and requires identical output; what the values should be is checked by
// the jest conformance tests, this only proves the device's engine computes the same thing.

import { decodeStream, decodeTelegram } from "../../src/core/dsmr/decode";
import { type Frame, Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import type { XsCase, XsHost } from "./support/case";
import { type CorpusEntry, readCorpusFile, readIndex } from "./support/corpus";
import { toJson } from "./support/json";

/**
 * One JSON line per frame: the decode command's view and the typed Reading. The Reading is
 * serialised inside onFrame because parseTelegram refills the same object for every telegram
 * and the frame's bytes are only valid during the callback.
 */
function frameRecorder(file: string, lines: string[]): (frame: Frame) => void {
	const reading = newReading();
	let index = 0;
	return (frame) => {
		const decoded = decodeTelegram(frame);
		parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, reading);
		lines.push(
			`{"file":${toJson(file)},"frame":${index++},"crc":${toJson(frame.crc)},"crcStated":${toJson(frame.crcStated)},` +
				`"crcComputed":${frame.crcComputed},"decoded":${toJson(decoded)},"reading":${toJson(reading)}}`,
		);
	};
}

/** Feeds `bytes` in chunks of `chunk` bytes (0 = all at once), as a UART driver would. */
function feed(framer: Framer, bytes: Uint8Array, chunk: number): void {
	if (chunk <= 0) {
		framer.push(bytes);
		return;
	}
	for (let i = 0; i < bytes.length; i += chunk) framer.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
}

function framed(entries: (host: XsHost) => CorpusEntry[], chunk: number): (host: XsHost) => string {
	return (host) => {
		const lines: string[] = [];
		for (const entry of entries(host)) {
			const framer = new Framer({ onFrame: frameRecorder(entry.path, lines) });
			feed(framer, readCorpusFile(host, entry), chunk);
			lines.push(`{"file":${toJson(entry.path)},"stats":${toJson(framer.stats)}}`);
			framer.close();
		}
		return `[\n${lines.join(",\n")}\n]`;
	};
}

function streamedByDecodeStream(host: XsHost): string {
	const lines: string[] = [];
	for (const entry of readIndex(host).streams) {
		let index = 0;
		decodeStream(readCorpusFile(host, entry), (telegram) => {
			lines.push(`{"file":${toJson(entry.path)},"telegram":${index++},"decoded":${toJson(telegram)}}`);
		});
	}
	return `[\n${lines.join(",\n")}\n]`;
}

const telegrams = (host: XsHost) => readIndex(host).telegrams;
const streams = (host: XsHost) => readIndex(host).streams;

export const cases: readonly XsCase[] = [
	{ name: "telegrams: framer + decodeTelegram + parseTelegram", run: framed(telegrams, 0) },
	{ name: "telegrams fed 1 byte at a time", run: framed(telegrams, 1) },
	{ name: "streams fed in 61-byte chunks", run: framed(streams, 61) },
	{ name: "streams through decodeStream", run: streamedByDecodeStream },
];
