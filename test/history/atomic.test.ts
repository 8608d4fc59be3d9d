import {
	finishAtomic,
	setAside,
	setAsideName,
	targetOfTmp,
	tmpPathOf,
	writeAtomic,
} from "../../src/core/history/atomic";
import type { FileStore } from "../../src/core/ports";
import { FaultyStore, MemoryStore, PowerCut } from "../helpers/memory-store";

const PATH = "/meter/2026/03/29/day.json";
const OLD = JSON.stringify({ v: "old", pad: "x".repeat(40) });
const NEW = JSON.stringify({ v: "new", pad: "y".repeat(60) });

function parses(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** Steps a complete writeAtomic takes on this store layout. */
function stepsOfWrite(existing: boolean, fatRename: boolean): number {
	const inner = new MemoryStore();
	if (existing) inner.write(PATH, OLD);
	const s = new FaultyStore(inner, { fatRename });
	writeAtomic(s, PATH, NEW);
	return s.steps;
}

describe("temporary and set-aside names", () => {
	test("the temporary replaces the extension and maps back", () => {
		expect(tmpPathOf(PATH)).toBe("/meter/2026/03/29/day.tmp");
		expect(targetOfTmp("day.tmp")).toBe("day.json");
		expect(targetOfTmp("day.json")).toBeUndefined();
		expect(tmpPathOf("/x")).toBe("/x.tmp");
	});

	test("set-aside names never collide with existing evidence", () => {
		expect(setAsideName([], "0245S.json")).toBe("0245S.bad");
		expect(setAsideName(["0245S.bad"], "0245S.json")).toBe("0245S.b01");
		expect(setAsideName(["0245S.bad", "0245S.b01", "0245S.b02"], "0245S.json")).toBe("0245S.b03");
		const store = new MemoryStore();
		for (let i = 0; i < 3; i++) {
			store.write(PATH, "corrupt " + i);
			setAside(store, PATH);
		}
		expect(store.list("/meter/2026/03/29/")).toEqual(["day.b01", "day.b02", "day.bad"]);
		expect([
			store.read("/meter/2026/03/29/day.bad"),
			store.read("/meter/2026/03/29/day.b01"),
			store.read("/meter/2026/03/29/day.b02"),
		]).toEqual(["corrupt 0", "corrupt 1", "corrupt 2"]);
	});
});

describe("writeAtomic", () => {
	test("replaces the content and leaves no temporary", () => {
		const s = new MemoryStore();
		writeAtomic(s, PATH, OLD);
		writeAtomic(s, PATH, NEW);
		expect(s.read(PATH)).toBe(NEW);
		expect(s.list("/meter/2026/03/29/")).toEqual(["day.json"]);
	});

	// every step, every tear: after finishAtomic the target holds OLD or NEW, and nothing else is left
	for (const fatRename of [true, false]) {
		for (const existing of [true, false]) {
			const total = stepsOfWrite(existing, fatRename);
			test(`a power cut at any step (${total} steps, fatRename=${fatRename}, existing=${existing}) leaves old or new`, () => {
				expect(total).toBe(existing && fatRename ? 3 : 2);
				const outcomes = new Set<string>();
				for (let step = 0; step <= total; step++) {
					for (const keep of [0, 1, 10, NEW.length - 1, NEW.length]) {
						for (const zeros of [false, true]) {
							const inner = new MemoryStore();
							if (existing) inner.write(PATH, OLD);
							const s = new FaultyStore(inner, { fatRename }).arm({ step, kind: "cut", keep, zeros });
							let cut = false;
							try {
								writeAtomic(s, PATH, NEW);
							} catch (e) {
								expect(e).toBeInstanceOf(PowerCut);
								cut = true;
							}
							expect(cut).toBe(step < total);
							s.revive();
							finishAtomic(s, PATH, parses);
							const after = inner.read(PATH);
							if (existing) expect([OLD, NEW]).toContain(after);
							else expect([undefined, NEW]).toContain(after);
							expect(inner.read(tmpPathOf(PATH))).toBeUndefined();
							expect(inner.list("/meter/2026/03/29/").filter((n) => n !== "day.json")).toEqual([]);
							outcomes.add(String(after === NEW));
							// a second recovery changes nothing
							const snap = inner.snapshot();
							expect(finishAtomic(s, PATH, parses)).toBe("none");
							expect(inner.snapshot()).toEqual(snap);
						}
					}
				}
				expect(outcomes).toEqual(new Set(["true", "false"]));
			});
		}
	}

	test("a cut between removing the target and the rename is finished from the temporary", () => {
		const inner = new MemoryStore();
		inner.write(PATH, OLD);
		const s = new FaultyStore(inner, { fatRename: true }).arm({ step: 2, kind: "cut" });
		expect(() => writeAtomic(s, PATH, NEW)).toThrow(PowerCut);
		expect(inner.read(PATH)).toBeUndefined(); // only the complete temporary is left
		expect(inner.read(tmpPathOf(PATH))).toBe(NEW);
		s.revive();
		expect(finishAtomic(s, PATH, parses)).toBe("finished");
		expect(inner.read(PATH)).toBe(NEW);
	});

	test("a torn temporary is dropped and the old file kept", () => {
		const inner = new MemoryStore();
		inner.write(PATH, OLD);
		const s = new FaultyStore(inner).arm({ step: 0, kind: "cut", keep: 7, zeros: true });
		expect(() => writeAtomic(s, PATH, NEW)).toThrow(PowerCut);
		s.revive();
		expect(finishAtomic(s, PATH, parses)).toBe("discarded");
		expect(inner.read(PATH)).toBe(OLD);
	});

	test("a validator that throws counts as torn", () => {
		const s = new MemoryStore();
		s.write(tmpPathOf(PATH), NEW);
		expect(
			finishAtomic(s, PATH, () => {
				throw new Error("boom");
			}),
		).toBe("discarded");
	});

	test("an I/O error during the write propagates and leaves the old file", () => {
		const inner = new MemoryStore();
		inner.write(PATH, OLD);
		const s = new FaultyStore(inner).arm({ step: 0, kind: "fail" });
		expect(() => writeAtomic(s, PATH, NEW)).toThrow("write failed");
		expect(inner.read(PATH)).toBe(OLD);
		writeAtomic(s, PATH, NEW); // the store works again
		expect(inner.read(PATH)).toBe(NEW);
	});

	test("a write that fails on a full card leaves no temporary behind (the file system had created it empty)", () => {
		const inner = new MemoryStore();
		inner.write(PATH, OLD);
		const full: FileStore = {
			read: (p) => inner.read(p),
			list: (d) => inner.list(d),
			rename: (a, b) => inner.rename(a, b),
			remove: (p) => inner.remove(p),
			write(p) {
				inner.write(p, ""); // the directory entry exists before the first cluster is refused
				throw new Error("no space left");
			},
		};
		expect(() => writeAtomic(full, PATH, NEW)).toThrow("no space left");
		expect(inner.list("/meter/2026/03/29/")).toEqual(["day.json"]);
		expect(inner.read(PATH)).toBe(OLD);
	});

	test("when removing the failed temporary fails too, the write's own error is the one reported", () => {
		const inner = new MemoryStore();
		const s: FileStore = {
			read: (p) => inner.read(p),
			list: (d) => inner.list(d),
			rename: (a, b) => inner.rename(a, b),
			remove() {
				throw new Error("card gone");
			},
			write() {
				throw new Error("no space left");
			},
		};
		expect(() => writeAtomic(s, PATH, NEW)).toThrow("no space left");
	});
});
