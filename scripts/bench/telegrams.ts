// The telegram sets the bench runs on, from the corpus in test/fixtures/telegrams.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface TelegramSet {
	/** Short title for the table. */
	title: string;
	/** Corpus paths (relative to test/fixtures/telegrams); parsed round robin. */
	files: string[];
}

export const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/telegrams");

export const SETS: readonly TelegramSet[] = [
	{ title: "Fluvius eMUCS 1.7.1 example", files: ["ndokter-dsmr_parser/fluvius-v171.txt"] },
	{
		// A mix that every peer accepts: a Fluvius meter capture (with 98.1.0 history), a Fluvius
		// capture with gas and water M-Bus, a Dutch DSMR 5 meter with two M-Bus devices and a DSMR 4.2.
		title: "mix of 4 corpus telegrams",
		files: [
			"ndokter-dsmr_parser/fluvius-v171-alt.txt",
			"dsmrhub/fluvius-fccf.txt",
			"ndokter-dsmr_parser/v5-iskra-m550t-two-mbus.txt",
			"nielsbasjes-dsmr-tools/real-dsmr4-testDSMR42Telegram.txt",
		],
	},
];

export function loadSet(set: TelegramSet): Uint8Array[] {
	return set.files.map((file) => new Uint8Array(readFileSync(path.join(CORPUS, file))));
}
