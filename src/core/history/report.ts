// What recovery did, as data for the status and as lines for the log, and the reported forms of
// the two repairs (finishing an interrupted write, setting a corrupt file aside) that recovery,
// writes and serving share.

import type { FileStore } from "../ports";
import { finishAtomic, setAside } from "./atomic";

export interface SetAside {
	/** The corrupt file as it was named. */
	path: string;
	/** Where it is now. */
	to: string;
	reason: string;
}

export interface RecoveryReport {
	/** The day whose files were checked ("YYYY-MM-DD"), null when there was none. */
	day: string | null;
	/** Interrupted atomic writes completed (target paths). */
	finished: string[];
	/** Torn temporaries removed (their targets were intact). */
	discarded: string[];
	/** Corrupt files renamed out of the way. */
	setAside: SetAside[];
	/** Summaries (re)written from their sources. */
	rebuilt: string[];
	checkpoint: "ok" | "missing" | "set-aside";
	/** "repaired": one copy was bad or missing and was rewritten from the other; "rebuilt": from the SD card. */
	peaks: "ok" | "repaired" | "rebuilt" | "missing";
	/** Store failures caught so that boot goes on. */
	errors: string[];
	/** Everything above as lines, in the order it happened, for the log. */
	actions: string[];
}

export function newReport(): RecoveryReport {
	return {
		day: null,
		finished: [],
		discarded: [],
		setAside: [],
		rebuilt: [],
		checkpoint: "missing",
		peaks: "missing",
		errors: [],
		actions: [],
	};
}

export function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

export function note(r: RecoveryReport, line: string): void {
	r.actions.push(line);
}

/** Runs one part of recovery; a store failure is reported and the next part goes on. */
export function step(r: RecoveryReport, what: string, run: () => void): void {
	try {
		run();
	} catch (e) {
		const line = what + ": " + message(e);
		r.errors.push(line);
		r.actions.push("error " + line);
	}
}

/** finishAtomic(), reported. */
export function finishReported(
	store: FileStore,
	path: string,
	complete: (text: string) => boolean,
	r: RecoveryReport,
): void {
	const result = finishAtomic(store, path, complete);
	if (result === "finished") {
		r.finished.push(path);
		note(r, "finished interrupted write of " + path);
	} else if (result === "discarded") {
		r.discarded.push(path);
		note(r, "dropped torn write of " + path);
	}
}

/** setAside(), reported. */
export function setAsideReported(store: FileStore, path: string, reason: string, r: RecoveryReport): void {
	const to = setAside(store, path);
	r.setAside.push({ path, to, reason });
	note(r, "set aside " + path + " as " + to + ": " + reason);
}
