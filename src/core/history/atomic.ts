// Power-cut-safe file replacement over the FileStore port. FAT is not journaled and the board
// loses power with the meter: a file is never rewritten in place. The new text goes to a
// temporary beside it, then the temporary is renamed over the target. Where the file system
// cannot rename over a file, the adapter removes the target first, so a cut can leave only the
// complete temporary: finishAtomic() completes that rename at boot and drops a torn temporary.

import type { FileStore } from "../ports";
import { pad2 } from "../time/keys";
import { dirOf, nameOf } from "./paths";

const JSON_EXT = ".json";
const TMP_EXT = ".tmp";
const BAD_EXT = ".bad";

/** "0245S.json" -> "0245S.tmp": replacing the extension keeps the name as short as the target's. */
export function tmpPathOf(path: string): string {
	return (path.endsWith(JSON_EXT) ? path.slice(0, -JSON_EXT.length) : path) + TMP_EXT;
}

/** The target a temporary belongs to ("day.tmp" -> "day.json"), undefined for other names. */
export function targetOfTmp(path: string): string | undefined {
	return path.endsWith(TMP_EXT) ? path.slice(0, -TMP_EXT.length) + JSON_EXT : undefined;
}

/**
 * Replaces `path` with `text` so that a power cut at any moment leaves the old or the new text
 * (after finishAtomic). A write that fails (a full card) removes its temporary: the file system
 * may have created it before refusing the data, and nothing at boot would look there later.
 */
export function writeAtomic(store: FileStore, path: string, text: string): void {
	const tmp = tmpPathOf(path);
	try {
		store.write(tmp, text);
	} catch (e) {
		try {
			store.remove(tmp);
		} catch {
			// the write's own error is the one to report; the sweep removes the temporary later
		}
		throw e;
	}
	store.rename(tmp, path);
}

export type FinishResult = "none" | "finished" | "discarded";

/**
 * Completes or drops an interrupted writeAtomic(path). A temporary that passes `complete` was
 * fully written before the cut and is newer than the target, so it wins; any other temporary
 * is a torn write whose target is still intact, so removing it loses nothing.
 */
export function finishAtomic(store: FileStore, path: string, complete: (text: string) => boolean): FinishResult {
	const tmp = tmpPathOf(path);
	const text = store.read(tmp);
	if (text === undefined) return "none";
	let ok = false;
	try {
		ok = complete(text);
	} catch {}
	if (ok) {
		store.rename(tmp, path);
		return "finished";
	}
	store.remove(tmp);
	return "discarded";
}

const MAX_COPIES = 99;

/**
 * A free name to set `fileName` aside as, given the names already in its directory:
 * "0245S.bad", then "0245S.b01" ... "0245S.b99" (never longer than the original, so paths stay
 * within MAX_PATH). After 99 the last one is reused: by then the card itself is failing.
 */
export function setAsideName(names: readonly string[], fileName: string): string {
	const dot = fileName.lastIndexOf(".");
	const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
	let name = stem + BAD_EXT;
	for (let i = 1; i <= MAX_COPIES && names.indexOf(name) >= 0; i++) name = stem + ".b" + pad2(i);
	return name;
}

/** Renames a corrupt file out of the way (evidence is kept, never deleted); returns its new path. */
export function setAside(store: FileStore, path: string): string {
	const dir = dirOf(path);
	const to = dir + setAsideName(store.list(dir), nameOf(path));
	store.rename(path, to);
	return to;
}
