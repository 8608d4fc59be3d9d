// The telegram corpus (test/fixtures/telegrams, a path relative to the repository root, which is
// where scripts/xs/host.mjs resolves what XS asks for), read through the
// host so the same code works in XS, which has no file system.

import type { XsHost } from "./case";

export const CORPUS_DIR = "test/fixtures/telegrams/";

export interface CorpusEntry {
	path: string;
}

interface CorpusIndex {
	telegrams: CorpusEntry[];
	streams: CorpusEntry[];
}

// index.json is ASCII today, but TextDecoder (present in Node and in xsnap) keeps it right if
// a note with an accent ever lands in it.
export function readIndex(host: XsHost): CorpusIndex {
	return JSON.parse(new TextDecoder().decode(host.read(CORPUS_DIR + "index.json"))) as CorpusIndex;
}

export function readCorpusFile(host: XsHost, entry: CorpusEntry): Uint8Array {
	return host.read(CORPUS_DIR + entry.path);
}
