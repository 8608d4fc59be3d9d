// The shared telegram corpus (../shared/telegrams next to the repository), read through the
// host so the same code works in XS, which has no file system.

import type { XsHost } from "./case";

export const CORPUS_DIR = "../shared/telegrams/";

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
