// Leftovers of failed writes anywhere on the card (2,300 empty temporaries were found in older
// days after a full-card episode) are cleaned while history is written, a few directories per
// quarter, so that boot stays bounded on a card holding years of data.

import { History } from "../../src/core/history/history";
import { dayPath, monthPath, quarterPath } from "../../src/core/history/paths";
import type { FileStore } from "../../src/core/ports";
import { MemoryStore } from "../helpers/memory-store";
import { localMidnight, QUARTER_MS, series } from "./factory";

const DAY_MS = 86400000;

/** Two quarters a day over `days` days from the given date. */
function history(h: History, year: number, month: number, day: number, days: number): void {
	for (let i = 0; i < days; i++) {
		const d = localMidnight(year, month, day) + i * DAY_MS;
		for (const r of series(d + 40 * QUARTER_MS, d + 42 * QUARTER_MS, d).records) h.writeQuarter(r);
	}
}

/** Records the directories listed and the mutations made. */
class Spy implements FileStore {
	listed: string[] = [];
	constructor(readonly inner: MemoryStore) {}
	read(p: string) {
		return this.inner.read(p);
	}
	list(d: string) {
		this.listed.push(d);
		return this.inner.list(d);
	}
	write(p: string, t: string) {
		this.inner.write(p, t);
	}
	rename(a: string, b: string) {
		this.inner.rename(a, b);
	}
	remove(p: string) {
		this.inner.remove(p);
	}
}

/** Every quarter of two days from 2026-01-13: the device closes one each quarter, and a pass over this card takes fewer. */
const NEXT = series(localMidnight(2026, 1, 13), localMidnight(2026, 1, 15), 4).records;

function tmps(sd: MemoryStore): string[] {
	return [...sd.files.keys()].filter((p) => p.endsWith(".tmp")).sort();
}

/** A card with 2025-10 ... 2026-01 of history, and the leftovers of a full-card episode in 2025-11. */
function card() {
	const sd = new MemoryStore();
	const state = new MemoryStore();
	const h = new History({ sd, state });
	history(h, 2025, 10, 20, 12); // into 2025-11
	history(h, 2025, 11, 25, 10); // into 2025-12
	history(h, 2026, 1, 10, 3);
	const good = sd.snapshot();
	const complete = quarterPath(
		series(localMidnight(2025, 11, 28) + 40 * QUARTER_MS, localMidnight(2025, 11, 28) + 41 * QUARTER_MS, 0).records[0]
			.quarter_id,
	);
	// empty temporaries of quarters and summaries, where a write found no room
	const leftovers = [
		"/meter/2025/11/26/0300W.tmp",
		"/meter/2025/11/26/0315W.tmp",
		"/meter/2025/11/26/day.tmp",
		"/meter/2025/11/27/1200W.tmp",
		"/meter/2025/11/month.tmp",
		"/meter/2025/year.tmp",
		"/meter/2025/10/25/day.tmp",
	];
	for (const p of leftovers) sd.write(p, "");
	// a complete temporary whose target is gone: a cut between removing the old file and the rename
	const completeTmp = complete.replace(".json", ".tmp");
	sd.rename(complete, completeTmp);
	// not ours: left alone
	sd.write("/meter/2025/11/26/notes.tmp", "mine");
	return { sd, state, good, leftovers, complete, completeTmp };
}

test("temporaries in older months are finished or dropped while quarters are written; other names are left alone", () => {
	const { sd, state, good, leftovers, complete } = card();
	const warnings: string[] = [];
	const h = new History({ sd, state, log: { info() {}, warn: (m) => warnings.push(m) } });
	h.recover(); // bounded to 2026-01-12: none of these is found at boot
	expect(tmps(sd).length).toBe(leftovers.length + 2);
	for (const r of NEXT) h.writeQuarter(r);
	expect(tmps(sd)).toEqual(["/meter/2025/11/26/notes.tmp"]);
	expect(sd.read(complete)).toBe(good.get(complete));
	expect(sd.read("/meter/2025/11/26/notes.tmp")).toBe("mine");
	expect(h.health().tmpCleaned).toBe(leftovers.length + 1);
	for (const p of [dayPath(2025, 11, 26), monthPath(2025, 11), dayPath(2025, 10, 25)])
		expect(sd.read(p)).toBe(good.get(p));
	expect(warnings.join("\n")).toContain("/meter/2025/11/26/");
});

test("each quarter lists a few directories, never the whole card", () => {
	const { sd, state } = card();
	const spy = new Spy(sd);
	const h = new History({ sd: spy, state });
	let most = 0;
	for (const r of NEXT) {
		spy.listed = [];
		h.writeQuarter(r);
		most = Math.max(most, spy.listed.length);
	}
	const dirs = [...new Set([...sd.files.keys()].map((p) => p.slice(0, p.lastIndexOf("/") + 1)))].length;
	expect(dirs).toBeGreaterThan(30);
	expect(most).toBeLessThanOrEqual(8);
});

test("restarts do not start the sweep over: a device that reboots every quarter still reaches its oldest month", () => {
	const { sd, state } = card();
	for (const r of NEXT) {
		const h = new History({ sd, state });
		h.recover();
		h.writeQuarter(r);
	}
	expect(tmps(sd)).toEqual(["/meter/2025/11/26/notes.tmp"]);
});

test("a card that fails while sweeping does not fail the write", () => {
	const { sd, state } = card();
	const failing: FileStore = {
		read: (p) => sd.read(p),
		write: (p, t) => sd.write(p, t),
		rename: (a, b) => sd.rename(a, b),
		list: (d) => sd.list(d),
		remove() {
			throw new Error("card gone");
		},
	};
	const warnings: string[] = [];
	const h = new History({ sd: failing, state, log: { info() {}, warn: (m) => warnings.push(m) } });
	for (const r of NEXT) h.writeQuarter(r);
	expect(sd.read(dayPath(2026, 1, 14))).toBeDefined();
	expect(warnings.join("\n")).toContain("card gone");
});
