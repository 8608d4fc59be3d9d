// config.json of a host's data directory (the PC host's, the simulator's). Created with a new random login the first time,
// through the same atomic write as the history, so a cut during that write leaves either no
// config.json (the next start makes a new login and prints it) or a complete one. A file that is
// not a JSON object at all (empty, torn by a plain write of an older version, or by an editor)
// cannot tell us the login the user knows: refusing every request would lock them out until they
// edit the file by hand, so it is set aside as config.bad (kept, for its WiFi and tariff
// settings) and a new login is made and printed. A readable file with a bad field is kept: its
// login still works, and the bad field falls back to its default with a warning.

import { finishAtomic, setAside, writeAtomic } from "../history/atomic";
import type { FileStore, Log } from "../ports";
import { createConfig } from "./create";
import { parseConfig, serializeConfig } from "./parse";
import type { Config } from "./schema";

export const CONFIG_PATH = "/config.json";

/** Whole-file errors have an empty field name; field errors leave the rest of the file usable. */
function unreadable(text: string): string | undefined {
	const { errors } = parseConfig(text);
	for (const e of errors) if (e.field === "") return e.message;
	return undefined;
}

/**
 * `store` is rooted at the data directory. `create` makes the config of a first start: by default
 * with a random login (printed by the host); the device passes the defaults, its login being the
 * WiFi network's, set in first setup.
 */
export function loadConfig(
	store: FileStore,
	randomBytes: (n: number) => Uint8Array,
	log: Log,
	create: (randomBytes: (n: number) => Uint8Array) => Config = createConfig,
): { config: Config; created: boolean } {
	// a cut between writing config.tmp and renaming it: a complete temporary is the newer file
	const finished = finishAtomic(store, CONFIG_PATH, (text) => unreadable(text) === undefined);
	if (finished === "discarded") log.warn("config.json: dropped a torn write from an interrupted start");
	const text = store.read(CONFIG_PATH);
	if (text !== undefined) {
		const problem = unreadable(text);
		if (problem === undefined) {
			const { config, errors } = parseConfig(text);
			for (const e of errors) log.warn(`config.json ${e.field}: ${e.message}`);
			return { config, created: false };
		}
		const to = setAside(store, CONFIG_PATH);
		log.warn(
			`config.json was unusable (${problem}): kept as ${to.slice(1)}; a new config.json with a new login follows`,
		);
	}
	const config = create(randomBytes);
	writeAtomic(store, CONFIG_PATH, serializeConfig(config));
	return { config, created: true };
}

/** Replaces config.json with `config` (validated by the caller) in one atomic write; throws when it fails. */
export function saveConfig(store: FileStore, config: Config): void {
	writeAtomic(store, CONFIG_PATH, serializeConfig(config));
}
