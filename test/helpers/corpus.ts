// Loader for the telegram corpus in test/fixtures/telegrams (sources and fields: its README.md).
import { readFileSync } from "node:fs";
import path from "node:path";

export const CORPUS_DIR = path.resolve(__dirname, "../fixtures/telegrams");

export interface CorpusTelegram {
	path: string;
	expected: string;
	source: string;
	header: string;
	crcPresent: boolean;
	crcValid: boolean;
	byteLength: number;
	origin: string;
}

export interface CorpusStream {
	path: string;
	expected: string;
	byteLength: number;
	completeTelegrams: number;
	crcValidTelegrams: number;
	headers: string[];
}

export interface CorpusIndex {
	telegrams: CorpusTelegram[];
	streams: CorpusStream[];
}

/** `values` entry of a single telegram's .expected.json (see the corpus README for the conventions). */
export type ExpectedValue = Record<string, unknown> & { raw: string[] };

export interface ExpectedTelegram {
	crcValid: boolean;
	crc: { present: boolean; textAfterBang: string | null; stated: string | null; computed: string | null };
	header: { text: string; hex?: string; nonAscii?: boolean };
	protocolVersion: { obis: string; value: string } | null;
	unknownLines?: string[];
	values: Record<string, ExpectedValue>;
	peerChecked?: { mismatches?: { obis: string; field: string }[] };
}

export interface ExpectedStreamTelegram {
	offset: number;
	length: number;
	header: string;
	crcStated: string | null;
	crcComputed: string;
	crcValid: boolean;
}

export interface ExpectedStream {
	byteLength: number;
	leadingBytesBeforeFirstSlash: number;
	trailingBytesAfterLastCompleteTelegram: number;
	completeTelegrams: number;
	crcValidTelegrams: number;
	telegrams: ExpectedStreamTelegram[];
}

let index: CorpusIndex | undefined;

export function corpusIndex(): CorpusIndex {
	index ??= JSON.parse(readFileSync(path.join(CORPUS_DIR, "index.json"), "utf8")) as CorpusIndex;
	return index;
}

/** Exact bytes of a corpus file (path relative to the corpus directory). */
export function corpusBytes(file: string): Uint8Array {
	const buffer = readFileSync(path.join(CORPUS_DIR, file));
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function corpusJson<T>(file: string): T {
	return JSON.parse(readFileSync(path.join(CORPUS_DIR, file), "utf8")) as T;
}

export function singleTelegrams(): CorpusTelegram[] {
	return corpusIndex().telegrams;
}

export function streams(): CorpusStream[] {
	return corpusIndex().streams;
}

/** A telegram's bytes by a short name, e.g. "ndokter-dsmr_parser/fluvius-v171". */
export function telegram(name: string): Uint8Array {
	return corpusBytes(name.endsWith(".txt") ? name : name + ".txt");
}
