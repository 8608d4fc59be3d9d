// In-memory FileStore for tests, and a fault-injecting wrapper that simulates power cuts and I/O
// errors at any mutating step, the way a FAT card on a meter-powered board fails.

import type { FileStore } from "../../src/core/ports";
import { textIndexOf, textLength, textSlice, textStartsWith } from "../../src/core/util/chars";

function checkPath(path: string): void {
	if (typeof path !== "string" || !path.startsWith("/") || path.endsWith("/") || path.includes("//"))
		throw new Error("bad path " + path);
}

function asDir(dir: string): string {
	return dir.endsWith("/") ? dir : dir + "/";
}

/** Files in a Map; directories exist while a file lives under them. */
export class MemoryStore implements FileStore {
	readonly files = new Map<string, string>();
	/** Characters written by write() (what the SD card sees), and the number of calls. */
	written = 0;
	writes = 0;
	renames = 0;
	removes = 0;

	read(path: string): string | undefined {
		return this.files.get(path);
	}

	write(path: string, text: string): void {
		checkPath(path);
		this.files.set(path, text);
		this.written += text.length;
		this.writes++;
	}

	rename(from: string, to: string): void {
		checkPath(to);
		const text = this.files.get(from);
		if (text === undefined) throw new Error("no such file " + from);
		this.files.delete(from);
		this.files.set(to, text);
		this.renames++;
	}

	remove(path: string): void {
		this.files.delete(path);
		this.removes++;
	}

	list(dir: string): string[] {
		// Strings read without boxing and no Set: the XS API bench lists through this store, and
		// what it allocates would be counted as the route's (a card's directory read costs far less).
		const prefix = asDir(dir);
		const from = textLength(prefix);
		const out: string[] = [];
		for (const path of this.files.keys()) {
			if (!textStartsWith(path, prefix)) continue;
			const slash = textIndexOf(path, "/", from);
			const name = slash < 0 ? textSlice(path, from) : textSlice(path, from, slash + 1);
			if (slash < 0 || out.indexOf(name) < 0) out.push(name);
		}
		return out.sort();
	}

	/** Copy of every file, for comparing states. */
	snapshot(): Map<string, string> {
		return new Map(this.files);
	}

	clone(): MemoryStore {
		const c = new MemoryStore();
		for (const [k, v] of this.files) c.files.set(k, v);
		return c;
	}

	resetCounters(): void {
		this.written = this.writes = this.renames = this.removes = 0;
	}
}

/** Thrown when the simulated power dies; every later call throws it too until revive(). */
export class PowerCut extends Error {
	constructor() {
		super("power cut");
		this.name = "PowerCut";
	}
}

export interface Fault {
	/** Mutating step (0-based) the fault hits. Steps: each write, each remove, and a rename (two steps with fatRename: remove the target, then move). */
	step: number;
	/** "cut": power dies during the step; "fail": the step throws an I/O error and nothing changes, later calls work. */
	kind: "cut" | "fail";
	/** Cut during a write: characters that reached the file (default 0: created but empty). */
	keep?: number;
	/** Cut during a write: pad the torn file with NUL to the full length, as FAT leaves an allocated but unwritten cluster. */
	zeros?: boolean;
}

/** What a step did, for tests that want to cut at a particular kind of step. */
export interface StepInfo {
	op: "write" | "remove" | "rename-remove" | "rename-move";
	path: string;
	length: number;
}

/** One power supply for several stores: a cut during a step of any of them kills them all. */
export class Power {
	/** Mutating steps taken so far, over every store on this supply. */
	steps = 0;
	/** Every step taken, in order. */
	readonly log: StepInfo[] = [];
	dead = false;
	faults: Fault[] = [];

	arm(fault: Fault): this {
		this.faults.push(fault);
		return this;
	}

	/** Power comes back: calls work again, pending faults are dropped. */
	revive(): this {
		this.dead = false;
		this.faults = [];
		return this;
	}
}

export class FaultyStore implements FileStore {
	readonly inner: MemoryStore;
	readonly fatRename: boolean;
	readonly power: Power;

	/**
	 * `fatRename` (default true): rename removes an existing target first, as the device's FAT
	 * adapter does, so a cut can fall between the two. `power`: share one supply between stores.
	 */
	constructor(inner: MemoryStore = new MemoryStore(), options: { fatRename?: boolean; power?: Power } = {}) {
		this.inner = inner;
		this.fatRename = options.fatRename ?? true;
		this.power = options.power ?? new Power();
	}

	get steps(): number {
		return this.power.steps;
	}

	get dead(): boolean {
		return this.power.dead;
	}

	arm(fault: Fault): this {
		this.power.arm(fault);
		return this;
	}

	revive(): this {
		this.power.revive();
		return this;
	}

	#alive(): void {
		if (this.power.dead) throw new PowerCut();
	}

	#cut(): never {
		this.power.dead = true;
		throw new PowerCut();
	}

	/** The fault for the step about to be taken, counting it. */
	#next(info: StepInfo): Fault | undefined {
		const p = this.power;
		const step = p.steps++;
		p.log.push(info);
		const i = p.faults.findIndex((f) => f.step === step);
		if (i < 0) return undefined;
		return p.faults.splice(i, 1)[0];
	}

	read(path: string): string | undefined {
		this.#alive();
		return this.inner.read(path);
	}

	list(dir: string): string[] {
		this.#alive();
		return this.inner.list(dir);
	}

	write(path: string, text: string): void {
		this.#alive();
		const f = this.#next({ op: "write", path, length: text.length });
		if (f?.kind === "fail") throw new Error("write failed");
		if (f?.kind === "cut") {
			const keep = Math.max(0, Math.min(f.keep ?? 0, text.length));
			this.inner.write(path, text.slice(0, keep) + (f.zeros ? "\0".repeat(text.length - keep) : ""));
			this.#cut();
		}
		this.inner.write(path, text);
	}

	remove(path: string): void {
		this.#alive();
		const f = this.#next({ op: "remove", path, length: 0 });
		if (f?.kind === "fail") throw new Error("remove failed");
		if (f?.kind === "cut") this.#cut();
		this.inner.remove(path);
	}

	rename(from: string, to: string): void {
		this.#alive();
		if (this.inner.read(from) === undefined) throw new Error("no such file " + from);
		if (this.fatRename && this.inner.read(to) !== undefined) {
			const f = this.#next({ op: "rename-remove", path: to, length: 0 });
			if (f?.kind === "fail") throw new Error("rename failed");
			if (f?.kind === "cut") this.#cut();
			this.inner.remove(to);
		}
		const f = this.#next({ op: "rename-move", path: to, length: 0 });
		if (f?.kind === "fail") throw new Error("rename failed");
		if (f?.kind === "cut") this.#cut();
		this.inner.rename(from, to);
	}
}
