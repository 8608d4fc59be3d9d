// The FileStore port on an ECMA-419 Directory (embedded:storage/files): a POSIX directory on the
// simulator (config.files), LittleFS on the device's flash. The Directory refuses "." and ".."
// components itself ("bad path"), so a store path cannot reach outside the root it was given.
// Not for the SD card: that one is FAT behind the device's VFS, reached with the legacy `file` module.

import type { Directory } from "embedded:storage/files";
import type { FileStore } from "core/ports";

/** A store path ("/meter/2026/03/29/0245S.json") as a path relative to the Directory. */
function relative(path: string): string {
	if (path.charCodeAt(0) !== 47 || path.length < 2) throw new RangeError("bad path");
	return path.charCodeAt(path.length - 1) === 47 ? path.slice(1, -1) : path.slice(1);
}

export class DirStore implements FileStore {
	#root: Directory;

	constructor(root: Directory) {
		this.#root = root;
	}

	read(path: string): string | undefined {
		const rel = relative(path);
		const root = this.#root;
		if (!root.status(rel).isFile()) return undefined;
		const file = root.openFile({ path: rel });
		try {
			const size = file.status().size;
			return size === 0 ? "" : String.fromArrayBuffer(file.read(size, 0));
		} finally {
			file.close();
		}
	}

	write(path: string, text: string): void {
		const rel = relative(path);
		this.#parents(rel);
		const file = this.#root.openFile({ path: rel, mode: "w" });
		try {
			if (text.length > 0) file.write(ArrayBuffer.fromString(text), 0);
			file.flush();
		} finally {
			file.close();
		}
	}

	rename(from: string, to: string): void {
		const target = relative(to);
		this.#parents(target);
		this.#root.move(relative(from), target); // rename(2) and lfs_rename both replace an existing file
	}

	remove(path: string): void {
		const rel = relative(path);
		if (this.#root.status(rel).isFile()) this.#root.delete(rel);
	}

	list(dir: string): string[] {
		const root = this.#root;
		const rel = dir === "/" ? "" : relative(dir);
		if (rel !== "" && !root.status(rel).isDirectory()) return [];
		const names: string[] = [];
		const prefix = rel === "" ? "" : rel + "/";
		for (const name of rel === "" ? root.scan() : root.scan(rel))
			names.push(root.status(prefix + name).isDirectory() ? name + "/" : name);
		return names;
	}

	/** Creates the directories above `rel` that are missing. */
	#parents(rel: string): void {
		for (let at = rel.indexOf("/"); at > 0; at = rel.indexOf("/", at + 1)) this.#root.createDirectory(rel.slice(0, at));
	}
}
