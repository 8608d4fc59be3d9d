import { tmpPathOf } from "../../src/core/history/atomic";
import { History } from "../../src/core/history/history";
import { dayPath, monthPath, quarterPath, yearPath } from "../../src/core/history/paths";
import type { DaySummary, MonthSummary, YearSummary } from "../../src/core/history/summaries";
import type { FileStore } from "../../src/core/ports";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { FaultyStore, MemoryStore, Power, PowerCut } from "../helpers/memory-store";
import { localMidnight, QUARTER_MS, series } from "./factory";

function allFiles(store: MemoryStore): string[] {
	return [...store.files.keys()].sort();
}

function parsesAll(store: MemoryStore): void {
	for (const [path, text] of store.files) {
		try {
			JSON.parse(text);
		} catch {
			throw new Error("does not parse: " + path);
		}
	}
}

/** Day, month and year summaries agree with the quarter files and with each other. */
function consistent(sd: MemoryStore): void {
	for (const path of allFiles(sd)) {
		if (!path.endsWith("/day.json")) continue;
		const day = JSON.parse(sd.read(path)!) as DaySummary;
		const dir = path.slice(0, -"day.json".length);
		const quarterFiles = sd.list(dir).filter((n) => /^\d{4}[SW]\.json$/.test(n));
		const ids = quarterFiles.map((n) => (JSON.parse(sd.read(dir + n)!) as QuarterRecord).quarter_id);
		expect(new Set(day.quarter_id)).toEqual(new Set(ids));
		const [y, m, d] = day.date.split("-").map(Number);
		const month = JSON.parse(sd.read(monthPath(y, m))!) as MonthSummary;
		const i = month.day.indexOf(d);
		expect(i).toBeGreaterThanOrEqual(0);
		expect([month.day_import_kwh[i], month.day_export_kwh[i], month.day_peak_w[i]]).toEqual([
			day.import_kwh,
			day.export_kwh,
			day.peak_w,
		]);
		const year = JSON.parse(sd.read(yearPath(y))!) as YearSummary;
		const j = year.month.indexOf(m);
		expect([year.month_import_kwh[j], year.month_peak_w[j]]).toEqual([month.import_kwh, month.peak_w]);
	}
}

/** A card and flash with history up to `upTo` quarters of the series already written. */
function baseline(records: QuarterRecord[], upTo: number) {
	const sd = new MemoryStore();
	const state = new MemoryStore();
	const h = new History({ sd, state });
	for (const r of records.slice(0, upTo)) h.writeQuarter(r);
	h.writeCheckpoint({ quarter: records[upTo - 1].quarter_id, slots: [1, 2, 3] });
	h.writePeaks([
		{
			month: "2026-03",
			own_w: 4000,
			own_quarter_id: records[0].quarter_id,
			meter_w: 4100,
			meter_time: "2026-03-02T10:00:00.000Z",
		},
	]);
	expect(new History({ sd, state }).recover().peaks).toBe("ok"); // a boot makes the second copy, quietly: the first write made only one
	return { sd, state };
}

describe("power cut at every step of writeQuarter", () => {
	// crosses a month end, so the last-day note in flash, four files and a new month and day are all in play
	const s = series(localMidnight(2026, 3, 31) + 90 * QUARTER_MS, localMidnight(2026, 4, 1) + 3 * QUARTER_MS, 42);
	const before = 4;
	const todo = s.records.slice(before);

	const reference = (() => {
		const { sd, state } = baseline(s.records, before);
		const h = new History({ sd, state });
		for (const r of todo) h.writeQuarter(r);
		return { sd: sd.snapshot(), state: state.snapshot() };
	})();

	const steps = (() => {
		const { sd, state } = baseline(s.records, before);
		const power = new Power();
		const h = new History({ sd: new FaultyStore(sd, { power }), state: new FaultyStore(state, { power }) });
		for (const r of todo) h.writeQuarter(r);
		return power.log;
	})();

	test("the scenario takes every kind of step", () => {
		expect(steps.map((x) => x.op)).toEqual(expect.arrayContaining(["write", "rename-remove", "rename-move"]));
		expect(steps.some((x) => x.path === "/history.json")).toBe(true);
	});

	const cases: [number, number, boolean][] = [];
	for (let step = 0; step < steps.length; step++) {
		if (steps[step].op === "write")
			for (const [keep, zeros] of [
				[0, false],
				[0.5, true],
				[0.5, false],
				[1, false],
			] as [number, boolean][])
				cases.push([step, keep, zeros]);
		else cases.push([step, 0, false]);
	}

	test(`recovers from a cut at each of the ${steps.length} steps (${cases.length} cuts), and resuming gives the uninterrupted result`, () => {
		for (const [step, keepShare, zeros] of cases) {
			const { sd, state } = baseline(s.records, before);
			const power = new Power();
			const fsd = new FaultyStore(sd, { power });
			const fstate = new FaultyStore(state, { power });
			power.arm({ step, kind: "cut", keep: Math.floor(steps[step].length * keepShare), zeros });
			const h = new History({ sd: fsd, state: fstate });
			let stoppedAt = -1;
			for (let i = 0; i < todo.length; i++) {
				try {
					h.writeQuarter(todo[i]);
				} catch (e) {
					expect(e).toBeInstanceOf(PowerCut);
					stoppedAt = i;
					break;
				}
			}
			expect(stoppedAt).toBeGreaterThanOrEqual(0);
			power.revive();

			// boot
			const after = new History({ sd: fsd, state: fstate });
			const report = after.recover();
			const where = `step ${step} (${steps[step].op} ${steps[step].path}) keep ${keepShare}${zeros ? " zeros" : ""}`;
			expect({ where, errors: report.errors, setAside: report.setAside }).toEqual({ where, errors: [], setAside: [] });
			expect(allFiles(sd).filter((p) => !p.endsWith(".json"))).toEqual([]);
			expect(allFiles(state).filter((p) => !p.endsWith(".json"))).toEqual([]);
			parsesAll(sd);
			parsesAll(state);
			consistent(sd);
			// every quarter before the one being written is there, and the checkpoint and peaks are intact
			for (const r of todo.slice(0, stoppedAt)) expect(JSON.parse(sd.read(quarterPath(r.quarter_id))!)).toEqual(r);
			expect(after.readCheckpoint()).toEqual({ quarter: s.records[before - 1].quarter_id, slots: [1, 2, 3] });
			expect(after.readPeaks()[0].own_w).toBe(4000);
			// a second boot finds nothing to do
			const again = new History({ sd: fsd, state: fstate }).recover();
			expect([again.finished, again.discarded, again.setAside, again.rebuilt, again.errors]).toEqual([
				[],
				[],
				[],
				[],
				[],
			]);

			// the engine closes the interrupted quarter again after restoring its checkpoint
			for (const r of todo.slice(stoppedAt)) after.writeQuarter(r);
			expect(sd.snapshot()).toEqual(reference.sd);
			expect(state.snapshot()).toEqual(reference.state);
		}
	});

	test("an I/O error at any step propagates, and the next write or a boot repairs the summaries", () => {
		for (let step = 0; step < steps.length; step++) {
			const { sd, state } = baseline(s.records, before);
			const power = new Power();
			power.arm({ step, kind: "fail" });
			const h = new History({ sd: new FaultyStore(sd, { power }), state: new FaultyStore(state, { power }) });
			let failed = 0;
			for (const r of todo) {
				try {
					h.writeQuarter(r);
				} catch (e) {
					expect(e).not.toBeInstanceOf(PowerCut);
					failed++;
				}
			}
			// the last-day note in flash is best effort: its failure is logged, history on the card goes on
			expect(failed).toBe(steps[step].path === "/history.json" || steps[step].path === "/history.tmp" ? 0 : 1);
			const report = new History({ sd, state }).recover();
			expect(report.errors).toEqual([]);
			const h2 = new History({ sd, state });
			for (const r of todo) h2.writeQuarter(r);
			expect(sd.snapshot()).toEqual(reference.sd);
		}
	});
});

describe("corrupt files", () => {
	const s = series(localMidnight(2026, 3, 30), localMidnight(2026, 3, 30) + 20 * QUARTER_MS, 5);
	const lastDay = dayPath(2026, 3, 30);
	const garbage: [string, (text: string) => string][] = [
		["truncated", (t) => t.slice(0, Math.floor(t.length / 2))],
		["zero-filled", (t) => "\0".repeat(t.length)],
		["empty", () => ""],
		["other JSON", () => "{}"],
		["an array", () => "[]"],
		["null", () => "null"],
		["a changed date", (t) => t.replace("2026-03", "2026-04").replace("2026,", "2027,")],
		["one bad column", (t) => t.slice(0, t.lastIndexOf("]")) + ',"x"' + t.slice(t.lastIndexOf("]"))],
	];

	function written() {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const h = new History({ sd, state });
		for (const r of s.records) h.writeQuarter(r);
		return { sd, state, good: sd.snapshot() };
	}

	for (const path of [lastDay, monthPath(2026, 3), yearPath(2026)]) {
		test.each(garbage)(`${path} ${"%s"} is set aside and rebuilt identical`, (_name, spoil) => {
			const { sd, state, good } = written();
			const bad = spoil(good.get(path)!);
			sd.write(path, bad);
			const report = new History({ sd, state }).recover();
			expect(report.setAside).toEqual([{ path, to: path.replace(".json", ".bad"), reason: expect.any(String) }]);
			expect(sd.read(path.replace(".json", ".bad"))).toBe(bad); // evidence kept
			expect(report.rebuilt).toContain(path);
			expect(sd.read(path)).toBe(good.get(path));
			expect(report.actions.join("\n")).toContain(path);
		});
	}

	test("all three summaries lost at once are rebuilt from the quarter files", () => {
		const { sd, state, good } = written();
		for (const p of [lastDay, monthPath(2026, 3), yearPath(2026)]) sd.remove(p);
		const report = new History({ sd, state }).recover();
		expect(report.setAside).toEqual([]);
		expect(new Set(report.rebuilt)).toEqual(new Set([lastDay, monthPath(2026, 3), yearPath(2026)]));
		expect(sd.snapshot()).toEqual(good);
	});

	test("a corrupt quarter file is set aside; its day keeps the quarter's figures", () => {
		const { sd, state, good } = written();
		const path = quarterPath(s.records[6].quarter_id);
		sd.write(path, good.get(path)!.slice(0, 100));
		const report = new History({ sd, state }).recover();
		expect(report.setAside.map((x) => [x.path, x.to])).toEqual([[path, path.replace(".json", ".bad")]]);
		expect(sd.read(lastDay)).toBe(good.get(lastDay));
		expect(sd.read(path)).toBeUndefined();
	});

	test("a quarter file of another quarter under this name is set aside", () => {
		const { sd, state, good } = written();
		const path = quarterPath(s.records[6].quarter_id);
		sd.write(path, good.get(quarterPath(s.records[7].quarter_id))!);
		const report = new History({ sd, state }).recover();
		expect(report.setAside.map((x) => x.path)).toEqual([path]);
	});

	test("a corrupt day summary and a corrupt quarter: the day is rebuilt from what is left", () => {
		const { sd, state } = written();
		sd.write(lastDay, "{");
		sd.write(quarterPath(s.records[0].quarter_id), "\0\0\0");
		const report = new History({ sd, state }).recover();
		expect(report.setAside.map((x) => x.path).sort()).toEqual([lastDay, quarterPath(s.records[0].quarter_id)].sort());
		const day = JSON.parse(sd.read(lastDay)!) as DaySummary;
		expect(day.quarter_id).toEqual(s.records.slice(1).map((r) => r.quarter_id));
		consistent(sd);
	});

	test("set-aside names never overwrite earlier evidence", () => {
		const { sd, state } = written();
		for (let i = 0; i < 3; i++) {
			sd.write(lastDay, "bad " + i);
			new History({ sd, state }).recover();
		}
		expect(sd.list("/meter/2026/03/30/").filter((n) => n.startsWith("day."))).toEqual([
			"day.b01",
			"day.b02",
			"day.bad",
			"day.json",
		]);
	});

	test("a corrupt or altered checkpoint is set aside and reads as none", () => {
		for (const spoil of [(t: string) => t.slice(0, 10), (t: string) => t.replace("[1,2,3]", "[1,2,4]")]) {
			const { sd, state } = written();
			const h = new History({ sd, state });
			h.writeCheckpoint({ slots: [1, 2, 3] });
			state.write("/checkpoint.json", spoil(state.read("/checkpoint.json")!));
			expect(h.readCheckpoint()).toBeUndefined();
			const report = h.recover();
			expect(report.checkpoint).toBe("set-aside");
			expect(report.setAside.map((x) => x.to)).toEqual(["/checkpoint.bad"]);
			expect(h.readCheckpoint()).toBeUndefined();
			h.writeCheckpoint({ slots: [9] });
			expect(h.readCheckpoint()).toEqual({ slots: [9] });
		}
	});

	test("unknown files, and temporaries of unknown names, are left alone", () => {
		const { sd, state } = written();
		sd.write("/meter/2026/03/30/notes.txt", "mine");
		sd.write("/meter/2026/03/30/foo.tmp", "{broken");
		sd.write("/meter/2026/03/30/9999W.tmp", "{broken");
		const report = new History({ sd, state }).recover();
		expect([report.setAside, report.discarded, report.finished]).toEqual([[], [], []]);
		expect(sd.read("/meter/2026/03/30/foo.tmp")).toBe("{broken");
		expect(sd.read("/meter/2026/03/30/notes.txt")).toBe("mine");
	});

	test("a complete temporary left by a cut between remove and rename is finished; a torn one dropped", () => {
		const { sd, state, good } = written();
		sd.rename(lastDay, tmpPathOf(lastDay));
		sd.write(tmpPathOf(monthPath(2026, 3)), good.get(monthPath(2026, 3))!.slice(0, 50));
		const report = new History({ sd, state }).recover();
		expect(report.finished).toEqual([lastDay]);
		expect(report.discarded).toEqual([monthPath(2026, 3)]);
		expect(sd.snapshot()).toEqual(good);
	});
});

describe("recover() is bounded and never throws", () => {
	/** Records every path read or listed. */
	class Spy implements FileStore {
		readonly seen: string[] = [];
		constructor(readonly inner: FileStore) {}
		read(p: string) {
			this.seen.push(p);
			return this.inner.read(p);
		}
		list(d: string) {
			this.seen.push(d);
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

	test("only the last day written, its month and year are looked at", () => {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const h = new History({ sd, state });
		// three months of sparse history: 2 quarters a day
		for (let d = localMidnight(2026, 1, 1); d < localMidnight(2026, 4, 1); d += 86400000)
			for (const r of series(d + 40 * QUARTER_MS, d + 42 * QUARTER_MS, d).records) h.writeQuarter(r);
		for (const r of series(localMidnight(2026, 4, 2), localMidnight(2026, 4, 2) + 3 * QUARTER_MS, 1).records)
			h.writeQuarter(r);
		const spy = new Spy(sd);
		const report = new History({ sd: spy, state }).recover();
		expect(report.day).toBe("2026-04-02");
		expect(report.errors).toEqual([]);
		for (const p of spy.seen)
			expect(
				p.startsWith("/meter/2026/04/02/") ||
					p === "/meter/2026/04/" ||
					p === monthPath(2026, 4) ||
					p === "/meter/2026/" ||
					p === yearPath(2026) ||
					p === "/meter/",
			).toBe(true);
		expect(spy.seen.length).toBeLessThan(30);
	});

	test("without the last-day note, the newest day directory is checked", () => {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const h = new History({ sd, state });
		for (const r of series(localMidnight(2026, 4, 2), localMidnight(2026, 4, 2) + 3 * QUARTER_MS, 1).records)
			h.writeQuarter(r);
		for (const r of series(localMidnight(2026, 4, 3), localMidnight(2026, 4, 3) + 3 * QUARTER_MS, 1).records)
			h.writeQuarter(r);
		state.remove("/history.json");
		sd.remove(dayPath(2026, 4, 3));
		const report = new History({ sd, state }).recover();
		expect(report.day).toBe("2026-04-03");
		expect(report.rebuilt).toContain(dayPath(2026, 4, 3));
	});

	test("today is checked as well when the clock says so", () => {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const h = new History({ sd, state });
		for (const r of series(localMidnight(2026, 4, 2), localMidnight(2026, 4, 2) + 3 * QUARTER_MS, 1).records)
			h.writeQuarter(r);
		sd.write(dayPath(2026, 4, 5), "junk");
		const report = new History({ sd, state }).recover(localMidnight(2026, 4, 5) + 3600000);
		expect(report.setAside.map((x) => x.path)).toEqual([dayPath(2026, 4, 5)]);
	});

	test("a store that fails on every call gives a report, not an exception", () => {
		const broken: FileStore = {
			read() {
				throw new Error("card gone");
			},
			write() {
				throw new Error("card gone");
			},
			rename() {
				throw new Error("card gone");
			},
			remove() {
				throw new Error("card gone");
			},
			list() {
				throw new Error("card gone");
			},
		};
		const report = new History({ sd: broken, state: broken }).recover(Date.UTC(2026, 3, 2));
		expect(report.errors.length).toBeGreaterThan(0);
		expect(report.errors.every((e) => e.includes("card gone"))).toBe(true);
		const report2 = new History({ sd: broken, state: new MemoryStore() }).recover(Date.UTC(2026, 3, 2));
		expect(report2.errors.length).toBeGreaterThan(0);
	});

	test("an empty card and flash: nothing to do", () => {
		const report = new History({ sd: new MemoryStore(), state: new MemoryStore() }).recover();
		expect(report).toEqual({
			day: null,
			finished: [],
			discarded: [],
			setAside: [],
			rebuilt: [],
			checkpoint: "missing",
			peaks: "missing",
			errors: [],
			actions: [],
		});
	});
});

describe("outside recover()", () => {
	test("writeQuarter sets a corrupt summary aside, rebuilds it and tells the log", () => {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const warnings: string[] = [];
		const log = { info() {}, warn: (m: string) => warnings.push(m) };
		const h = new History({ sd, state, log });
		const s = series(localMidnight(2026, 4, 2), localMidnight(2026, 4, 2) + 6 * QUARTER_MS, 1);
		for (const r of s.records.slice(0, 5)) h.writeQuarter(r);
		sd.write(dayPath(2026, 4, 2), '{"version":1,"date":"2026-04-02","quarter_id":[1]}');
		h.writeQuarter(s.records[5]);
		expect(sd.read("/meter/2026/04/02/day.bad")).toBeDefined();
		expect((JSON.parse(sd.read(dayPath(2026, 4, 2))!) as DaySummary).quarter_id).toEqual(
			s.records.map((r) => r.quarter_id),
		);
		expect(warnings.join("\n")).toContain("set aside " + dayPath(2026, 4, 2));
		consistent(sd);
	});

	test("a failing flash does not stop history on the card", () => {
		const sd = new MemoryStore();
		const warnings: string[] = [];
		const state: FileStore = {
			read: () => undefined,
			list: () => [],
			remove() {},
			rename() {},
			write() {
				throw new Error("flash worn out");
			},
		};
		const h = new History({ sd, state, log: { info() {}, warn: (m: string) => warnings.push(m) } });
		const s = series(localMidnight(2026, 4, 2), localMidnight(2026, 4, 2) + 2 * QUARTER_MS, 1);
		for (const r of s.records) h.writeQuarter(r);
		expect(sd.read(quarterPath(s.records[1].quarter_id))).toBeDefined();
		expect(warnings.length).toBe(2); // retried with every quarter until the flash works again
		expect(() => h.writeCheckpoint({ a: 1 })).toThrow("flash worn out"); // the engine's caller decides
	});
});

describe("readMeterFile", () => {
	test("serves only names of the grammar", () => {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const h = new History({ sd, state });
		const r = series(localMidnight(2026, 4, 2), localMidnight(2026, 4, 2) + QUARTER_MS, 1).records[0];
		h.writeQuarter(r);
		sd.write("/config.json", '{"wifi":{"password":"secret"}}');
		sd.write("/meter/2026/04/02/day.bad", "evidence");
		expect(JSON.parse(h.readMeterFile(quarterPath(r.quarter_id))!)).toEqual(r);
		expect(h.readMeterFile(dayPath(2026, 4, 2))).toBe(sd.read(dayPath(2026, 4, 2)));
		expect(h.readMeterFile("/meter/2026/04/02/../../../../config.json")).toBeUndefined();
		expect(h.readMeterFile("/config.json")).toBeUndefined();
		expect(h.readMeterFile("/meter/2026/04/02/day.bad")).toBeUndefined();
		expect(h.readMeterFile("/meter/2026/04/03/day.json")).toBeUndefined();
	});
});
