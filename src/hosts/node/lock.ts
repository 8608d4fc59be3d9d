// One monitor per data directory: two would interleave their atomic writes and checkpoints.
// The lock is a pid file created exclusively (O_EXCL), so of two starts exactly one wins. A lock
// whose process no longer runs (SIGKILL, power cut) is stale and taken over; so is one carrying
// our own pid, which is what a container restart sees (the monitor is pid 1 every time).

import fs from "node:fs";
import path from "node:path";

export const LOCK_NAME = "monitor.pid";
/** A lock file still empty after this long was left by a start killed between create and write. */
const EMPTY_STALE_MS = 10000;

export interface DirLock {
	/** Removes the lock (and the data directory when this start created it and it is still empty). */
	release(): void;
}

function code(e: unknown): string | undefined {
	return (e as NodeJS.ErrnoException | undefined)?.code;
}

function running(pid: number): boolean {
	if (pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return code(e) === "EPERM"; // it runs, as another user
	}
}

function create(file: string): boolean {
	let fd: number;
	try {
		fd = fs.openSync(file, "wx", 0o644);
	} catch (e) {
		if (code(e) === "EEXIST") return false;
		throw e;
	}
	try {
		fs.writeSync(fd, `${process.pid}\n`);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	return true;
}

/** The pid holding `file`, or undefined when the lock is stale (and may be removed). */
function holder(file: string): number | "starting" | undefined {
	let text: string;
	let age: number;
	try {
		text = fs.readFileSync(file, "utf8");
		age = Date.now() - fs.statSync(file).mtimeMs;
	} catch (e) {
		if (code(e) === "ENOENT") return undefined;
		throw e;
	}
	if (text === "") return age < EMPTY_STALE_MS ? "starting" : undefined;
	const pid = /^\d+\n?$/.test(text) ? Number(text.trim()) : NaN;
	return pid > 0 && running(pid) ? pid : undefined;
}

/** Creates `dir` when missing and locks it; throws a one-line Error naming the holder when another process has it. */
export function lockDir(dir: string): DirLock {
	const made = fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, LOCK_NAME);
	const undo = () => {
		if (made !== undefined) {
			for (let d = dir; ; d = path.dirname(d)) {
				try {
					fs.rmdirSync(d);
				} catch {
					return;
				}
				if (d === made) return;
			}
		}
	};
	try {
		for (let attempt = 0; !create(file); attempt++) {
			const pid = holder(file);
			if (pid !== undefined || attempt > 0) {
				throw new Error(
					pid === "starting" || pid === undefined
						? `data directory ${dir} is being locked by another start right now (${file})`
						: `data directory ${dir} is in use by process ${pid} (lock ${file}); stop that process first, or remove the lock if ${pid} is not a monitor`,
				);
			}
			fs.rmSync(file, { force: true }); // stale: its process is gone
		}
	} catch (e) {
		undo();
		throw e;
	}
	let held = true;
	return {
		release() {
			if (!held) return;
			held = false;
			try {
				if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
			} catch {
				// already gone
			}
			undo();
		},
	};
}
