// The FileStore port on the SD card: FAT behind the ESP-IDF VFS at /sd (mounted by
// ../native/sdcard.c), reached with the SDK's legacy `file` module, which is plain POSIX there.
// What the module does not do by itself:
// - `new File(path, true)` opens an existing file without truncating it: a write removes the file first.
// - FAT cannot rename onto an existing name: the target is removed first (core/history/atomic's
//   finishAtomic completes a rename a power cut interrupted there).
// - The module's rename copies paths into 32-byte buffers: a path over 31 characters (with
//   "/sd") is refused here, before it could overflow them. History's longest is exactly 31.
// list() reads a directory to its end, which closes it (the module closes a DIR at its last entry).
// The module is passed in (not imported), so the logic runs in jest against a fake.

import type { FileStore } from "core/ports";

/** What this store uses of the `file` module (its File, Iterator and Directory). */
export interface FileModule {
	File: {
		new (
			path: string,
			write?: boolean,
		): {
			read(type: typeof String, bytes?: number): string;
			write(value: ArrayBuffer | string): void;
			close(): void;
			readonly length: number;
		};
		exists(path: string): boolean;
		delete(path: string): boolean;
		rename(from: string, to: string): boolean;
	};
	Iterator: new (path: string) => { next(): { name: string; length: number | undefined } | undefined };
	Directory: { create(path: string): void };
}

/** The `file` module's path buffers hold 31 characters and a NUL. */
export const MAX_PATH = 31;

export class FatStore implements FileStore {
	#fs: FileModule;
	#root: string;

	/** `root` is the mount point ("/sd"). */
	constructor(fs: FileModule, root: string) {
		this.#fs = fs;
		this.#root = root;
	}

	read(path: string): string | undefined {
		const full = this.#full(path);
		if (!this.#fs.File.exists(full)) return undefined;
		let file: InstanceType<FileModule["File"]>;
		try {
			file = new this.#fs.File(full);
		} catch {
			return undefined; // it exists but does not open as a file: a directory
		}
		try {
			return file.length === 0 ? "" : file.read(String);
		} finally {
			file.close();
		}
	}

	write(path: string, text: string): void {
		const full = this.#full(path);
		this.#parents(full);
		const File = this.#fs.File;
		if (File.exists(full) && !File.delete(full)) throw new Error("cannot replace file");
		const file = new File(full, true);
		try {
			if (text.length > 0) file.write(text);
		} finally {
			file.close(); // fclose flushes the FAT buffers to the card
		}
	}

	rename(from: string, to: string): void {
		const source = this.#full(from);
		const target = this.#full(to);
		this.#parents(target);
		const File = this.#fs.File;
		if (File.rename(source, target)) return;
		if (!File.exists(source)) throw new Error("rename: no such file");
		if (File.exists(target) && File.delete(target) && File.rename(source, target)) return;
		throw new Error("rename failed");
	}

	remove(path: string): void {
		const full = this.#full(path);
		if (this.#fs.File.exists(full) && !this.#fs.File.delete(full)) throw new Error("remove failed");
	}

	list(dir: string): string[] {
		const full = dir === "/" ? this.#root : this.#full(dir);
		if (!this.#fs.File.exists(full)) return [];
		let it: InstanceType<FileModule["Iterator"]>;
		try {
			it = new this.#fs.Iterator(full + "/");
		} catch {
			return []; // a file, not a directory
		}
		const names: string[] = [];
		for (let e = it.next(); e !== undefined; e = it.next())
			if (e.name !== "." && e.name !== "..") names.push(e.length === undefined ? e.name + "/" : e.name);
		return names;
	}

	/** The VFS path of a store path; "." and ".." components, empty ones and over-long paths are refused. */
	#full(path: string): string {
		if (typeof path !== "string" || path.charCodeAt(0) !== 47 || path.length < 2) throw new RangeError("bad path");
		const rel = path.charCodeAt(path.length - 1) === 47 ? path.slice(0, -1) : path;
		for (const part of rel.slice(1).split("/"))
			if (part === "" || part === "." || part === ".." || part.indexOf("\\") >= 0) throw new RangeError("bad path");
		const full = this.#root + rel;
		if (full.length > MAX_PATH) throw new RangeError("path too long");
		return full;
	}

	/** Creates the directories above `full` below the root (an existing one is no error for the module). */
	#parents(full: string): void {
		for (let at = full.indexOf("/", this.#root.length + 1); at > 0; at = full.indexOf("/", at + 1))
			this.#fs.Directory.create(full.slice(0, at));
	}
}
