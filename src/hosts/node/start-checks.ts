// What the PC host checks before it touches anything: the files it was pointed at and the shape
// of the data directory. Each problem is one line saying what is wrong and what to do; nothing
// is written, so a service manager restarting the host in a loop cannot make things worse.

import fs from "node:fs";
import path from "node:path";

/** A refusal to start: one line for the user, and the exit code (2: the command line, 1: the files). */
export class StartError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
	}
}

function code(e: unknown): string | undefined {
	return (e as NodeJS.ErrnoException | undefined)?.code;
}

function lstat(file: string): fs.Stats | undefined {
	try {
		return fs.lstatSync(file);
	} catch (e) {
		if (code(e) === "ENOENT") return undefined;
		throw new StartError(`cannot inspect ${file}: ${(e as Error).message}`);
	}
}

function stat(file: string): fs.Stats | undefined {
	try {
		return fs.statSync(file);
	} catch (e) {
		if (code(e) === "ENOENT") return undefined;
		throw new StartError(`cannot inspect ${file}: ${(e as Error).message}`);
	}
}

/** The capture to replay exists and can be read. */
export function checkReplayFile(file: string): void {
	const s = stat(file);
	if (!s) throw new StartError(`--replay ${file}: no such file`);
	if (!s.isFile()) throw new StartError(`--replay ${file}: not a file`);
	try {
		fs.accessSync(file, fs.constants.R_OK);
	} catch {
		throw new StartError(`--replay ${file}: not readable`);
	}
}

/**
 * The data directory is a directory (or absent), config.json a file (or absent) and state a
 * directory (or absent). A dangling config.json link is refused rather than replaced: the link
 * is the user's (a secrets mount not mounted yet) and a new file would hide it.
 */
export function checkDataDir(dataDir: string): void {
	const dir = stat(dataDir);
	if (!dir) return;
	if (!dir.isDirectory()) throw new StartError(`--data-dir ${dataDir} is not a directory`);
	const config = path.join(dataDir, "config.json");
	const link = lstat(config);
	if (link) {
		const target = stat(config);
		if (!target)
			throw new StartError(
				`${config} is a link to ${fs.readlinkSync(config)}, which does not exist: restore it, or remove the link to get a new config.json`,
			);
		if (!target.isFile())
			throw new StartError(
				`${config} is ${target.isDirectory() ? "a directory" : "not a regular file"}: move it away, the monitor keeps its login in this file`,
			);
	}
	const state = path.join(dataDir, "state");
	const s = stat(state);
	if (s && !s.isDirectory())
		throw new StartError(
			`${state} is not a directory: move it away, the monitor keeps its checkpoint and month peaks in it`,
		);
}
