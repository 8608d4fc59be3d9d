// The FileStore port on node:fs, confined to one root directory. Synchronous like the device's
// file module. A write is fsynced, and so is its directory after a write or a rename, so that a
// SIGKILL or a power cut leaves either the old or the new file, never a name without its data.

import fs from "node:fs";
import path from "node:path";
import type { FileStore } from "../../core/ports";

function code(e: unknown): string | undefined {
	return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** fsync of a directory makes a new or renamed entry durable; some platforms refuse it (Windows), which is harmless there. */
function syncDir(dir: string): void {
	let fd: number | undefined;
	try {
		fd = fs.openSync(dir, "r");
		fs.fsyncSync(fd);
	} catch (e) {
		const c = code(e);
		if (c !== "EISDIR" && c !== "EPERM" && c !== "EINVAL" && c !== "EBADF" && c !== "EACCES") throw e;
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
}

export interface FsStoreOptions {
	/** Permissions of new files (default 0o666 less the umask); 0o600 for a file holding a password. */
	mode?: number;
}

export class FsStore implements FileStore {
	readonly root: string;
	#mode: number;

	/** `root` is created when missing. */
	constructor(root: string, options: FsStoreOptions = {}) {
		this.root = path.resolve(root);
		this.#mode = options.mode ?? 0o666;
		fs.mkdirSync(this.root, { recursive: true });
	}

	/**
	 * Absolute host path of a store path. Only "/"-separated names are accepted: no "." or ".."
	 * components, no empty ones, no backslash or NUL, so nothing can reach outside the root.
	 */
	resolve(p: string, allowRoot = false): string {
		if (typeof p !== "string" || !p.startsWith("/")) throw new RangeError("bad path");
		const parts = p.split("/").slice(1);
		if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop(); // "/dir/" for list()
		if (parts.length === 0) {
			if (allowRoot) return this.root;
			throw new RangeError("bad path");
		}
		for (const part of parts) {
			if (part === "" || part === "." || part === ".." || part.includes("\\") || part.includes("\0"))
				throw new RangeError("bad path");
		}
		const full = path.join(this.root, ...parts);
		const rel = path.relative(this.root, full);
		if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) throw new RangeError("bad path");
		return full;
	}

	read(p: string): string | undefined {
		try {
			return fs.readFileSync(this.resolve(p), "utf8");
		} catch (e) {
			const c = code(e);
			if (c === "ENOENT" || c === "EISDIR" || c === "ENOTDIR") return undefined;
			throw e;
		}
	}

	write(p: string, text: string): void {
		const full = this.resolve(p);
		const dir = path.dirname(full);
		const created = fs.mkdirSync(dir, { recursive: true });
		const fd = fs.openSync(full, "w", this.#mode);
		try {
			fs.writeFileSync(fd, text, "utf8");
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		syncDir(dir);
		if (created !== undefined) {
			// new directories: each entry lives in its parent, up to the one that already existed
			for (let d = dir; d !== path.dirname(created); d = path.dirname(d)) syncDir(path.dirname(d));
		}
	}

	rename(from: string, to: string): void {
		const a = this.resolve(from);
		const b = this.resolve(to);
		fs.mkdirSync(path.dirname(b), { recursive: true });
		fs.renameSync(a, b); // replaces atomically on POSIX
		syncDir(path.dirname(b));
		if (path.dirname(a) !== path.dirname(b)) syncDir(path.dirname(a));
	}

	remove(p: string): void {
		try {
			fs.unlinkSync(this.resolve(p));
		} catch (e) {
			if (code(e) !== "ENOENT") throw e;
			return;
		}
		syncDir(path.dirname(this.resolve(p)));
	}

	/** Free bytes for an unprivileged user on the root's volume. */
	free(): number {
		const s = fs.statfsSync(this.root);
		return s.bavail * s.bsize;
	}

	list(dir: string): string[] {
		try {
			return fs
				.readdirSync(this.resolve(dir, true), { withFileTypes: true })
				.map((d) => (d.isDirectory() ? d.name + "/" : d.name));
		} catch (e) {
			const c = code(e);
			if (c === "ENOENT" || c === "ENOTDIR") return [];
			throw e;
		}
	}
}
