import { History } from "../../src/core/history/history";
import { yearPath } from "../../src/core/history/paths";
import { hashText } from "../../src/core/history/state-files";
import type { YearSummary } from "../../src/core/history/summaries";
import type { MonthPeak } from "../../src/core/quarters/records";
import { FaultyStore, MemoryStore, PowerCut } from "../helpers/memory-store";
import { localMidnight, monthPeak, QUARTER_MS, series } from "./factory";

const A = "/peaks-a.json";
const B = "/peaks-b.json";

function peaksV(n: number): MonthPeak[] {
	return [
		monthPeak("2026-02", 3000 + n, null, 3100, "2026-02-03T18:00:00.000Z"),
		monthPeak("2026-03", 4000 + n, 436412378 + n, null, null),
	];
}

describe("month peaks", () => {
	test("round trip, and copies take turns with a growing sequence number", () => {
		const state = new MemoryStore();
		const h = new History({ sd: new MemoryStore(), state });
		expect(h.readPeaks()).toEqual([]);
		h.writePeaks(peaksV(1));
		expect(JSON.parse(state.read(A)!).seq).toBe(0);
		expect(state.read(B)).toBeUndefined();
		h.writePeaks(peaksV(2));
		expect(JSON.parse(state.read(B)!).seq).toBe(1);
		h.writePeaks(peaksV(3));
		expect(JSON.parse(state.read(A)!).seq).toBe(2);
		expect(h.readPeaks()).toEqual(peaksV(3));
		// a fresh instance (a reboot) finds the newer copy and goes on alternating
		const h2 = new History({ sd: new MemoryStore(), state });
		expect(h2.readPeaks()).toEqual(peaksV(3));
		h2.writePeaks(peaksV(4));
		expect(JSON.parse(state.read(B)!).seq).toBe(3);
		expect(new History({ sd: new MemoryStore(), state }).readPeaks()).toEqual(peaksV(4));
	});

	test("writing the same peaks again writes nothing", () => {
		const state = new MemoryStore();
		const h = new History({ sd: new MemoryStore(), state });
		h.writePeaks(peaksV(1));
		state.resetCounters();
		h.writePeaks(peaksV(1));
		expect(state.writes).toBe(0);
	});

	test("the returned array is a copy", () => {
		const h = new History({ sd: new MemoryStore(), state: new MemoryStore() });
		h.writePeaks(peaksV(1));
		h.readPeaks().pop();
		expect(h.readPeaks()).toEqual(peaksV(1));
	});

	test("malformed peaks are refused", () => {
		const h = new History({ sd: new MemoryStore(), state: new MemoryStore() });
		expect(() => h.writePeaks([{ month: "2026-3" } as unknown as MonthPeak])).toThrow(TypeError);
		expect(() => h.writePeaks([{ ...monthPeak("2026-03", 1, null), own_w: NaN }])).toThrow(TypeError);
	});

	test.each([
		["A", A, "B"],
		["B", B, "A"],
	])("copy %s destroyed at rest: the other is read, and recover() rewrites it", (_n, path) => {
		for (const spoil of [
			(t: string) => t.slice(0, 20),
			(t: string) => "\0".repeat(t.length),
			(t: string) => t.replace("4002", "9999"),
			() => "{}",
		]) {
			const state = new MemoryStore();
			const h = new History({ sd: new MemoryStore(), state });
			h.writePeaks(peaksV(1));
			h.writePeaks(peaksV(2));
			h.writePeaks(peaksV(2).concat(monthPeak("2026-04", 1, null)));
			h.writePeaks(peaksV(2)); // A holds seq 2, B holds seq 3 = peaksV(2)
			const newer = JSON.parse(state.read(B)!).peaks as MonthPeak[];
			const older = JSON.parse(state.read(A)!).peaks as MonthPeak[];
			state.write(path, spoil(state.read(path)!));
			const expected = path === A ? newer : older;
			expect(new History({ sd: new MemoryStore(), state }).readPeaks()).toEqual(expected);
			const r = new History({ sd: new MemoryStore(), state }).recover();
			expect(r.peaks).toBe("repaired");
			expect(r.setAside.map((x) => x.path)).toEqual([path]);
			expect(JSON.parse(state.read(path)!).peaks).toEqual(expected);
			expect(new History({ sd: new MemoryStore(), state }).readPeaks()).toEqual(expected);
		}
	});

	test("a power cut at every step of writePeaks, on either copy, leaves the old or the new peaks", () => {
		for (const slotFirst of [0, 1]) {
			const probe = new FaultyStore(new MemoryStore());
			const setup = (state: FaultyStore) => {
				const h = new History({ sd: new MemoryStore(), state });
				h.writePeaks(peaksV(1));
				h.writePeaks(peaksV(2));
				if (slotFirst === 1) h.writePeaks(peaksV(3));
				return h;
			};
			const h0 = setup(probe);
			const start = probe.steps;
			h0.writePeaks(peaksV(9));
			const total = probe.steps - start;
			expect(total).toBe(3); // write tmp, remove old copy, move
			const old = slotFirst === 1 ? peaksV(3) : peaksV(2);
			for (let k = 0; k < total; k++) {
				for (const keep of [0, 5, 60, 10000]) {
					const state = new FaultyStore(new MemoryStore());
					const h = setup(state);
					state.arm({ step: state.steps + k, kind: "cut", keep, zeros: keep === 60 });
					expect(() => h.writePeaks(peaksV(9))).toThrow(PowerCut);
					state.revive();
					const rebooted = new History({ sd: new MemoryStore(), state });
					const before = rebooted.readPeaks();
					expect([old, peaksV(9)]).toContainEqual(before);
					const r = rebooted.recover();
					expect(r.errors).toEqual([]);
					const after = rebooted.readPeaks();
					expect([old, peaksV(9)]).toContainEqual(after);
					// both copies valid again and the next write lands
					expect(JSON.parse(state.inner.read(A)!).peaks).toBeDefined();
					expect(JSON.parse(state.inner.read(B)!).peaks).toBeDefined();
					rebooted.writePeaks(peaksV(10));
					expect(new History({ sd: new MemoryStore(), state }).readPeaks()).toEqual(peaksV(10));
				}
			}
		}
	});

	test("both copies lost: rebuilt from the year summaries on the card", () => {
		const sd = new MemoryStore();
		const state = new MemoryStore();
		const h = new History({ sd, state });
		// quarters in Nov 2025 .. Feb 2026, with the meter's own peak reported for January
		for (const [y, m] of [
			[2025, 11],
			[2025, 12],
			[2026, 1],
			[2026, 2],
		]) {
			for (const r of series(localMidnight(y, m, 10), localMidnight(y, m, 10) + 8 * QUARTER_MS, y * 12 + m).records)
				h.writeQuarter(r);
			if (y === 2026 && m === 1) {
				h.writePeaks([monthPeak("2026-01", 1, null, 5555, "2026-01-10T07:00:00.000Z")]);
				h.writeQuarter(series(localMidnight(y, m, 11), localMidnight(y, m, 11) + QUARTER_MS, 3).records[0]);
			}
		}
		state.write(A, "garbage");
		state.remove(B);
		const expected: MonthPeak[] = [];
		for (const year of [2025, 2026]) {
			const ys = JSON.parse(sd.read(yearPath(year))!) as YearSummary;
			ys.month.forEach((m, i) =>
				expected.push(
					monthPeak(
						year + "-" + String(m).padStart(2, "0"),
						ys.month_peak_w[i],
						ys.month_peak_quarter_id[i],
						ys.month_meter_peak_w[i],
						ys.month_meter_peak_time[i],
					),
				),
			);
		}
		expect(expected.map((p) => p.month)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
		expect(expected[2].meter_w).toBe(5555);
		expect(new History({ sd, state }).readPeaks()).toEqual(expected);
		const r = new History({ sd, state }).recover();
		expect(r.peaks).toBe("rebuilt");
		expect(r.setAside.map((x) => x.path)).toEqual([A]);
		expect(JSON.parse(state.read(A)!).peaks).toEqual(expected);
		expect(JSON.parse(state.read(B)!).peaks).toEqual(expected);
		expect(new History({ sd, state }).readPeaks()).toEqual(expected);
	});

	test("the checksum covers the payload", () => {
		const state = new MemoryStore();
		new History({ sd: new MemoryStore(), state }).writePeaks(peaksV(1));
		const copy = JSON.parse(state.read(A)!);
		expect(copy.check).toBe(hashText(JSON.stringify(peaksV(1))));
		expect(hashText("a")).not.toBe(hashText("b"));
		expect(hashText("ab")).not.toBe(hashText("ba"));
	});
});

describe("checkpoint", () => {
	test("round trip of an opaque value", () => {
		const h = new History({ sd: new MemoryStore(), state: new MemoryStore() });
		expect(h.readCheckpoint()).toBeUndefined();
		const cp = { quarter_id: 436412378, slots: [1, null, 3.5], nested: { a: "x" } };
		h.writeCheckpoint(cp);
		expect(h.readCheckpoint()).toEqual(cp);
		h.writeCheckpoint([1, 2]);
		expect(h.readCheckpoint()).toEqual([1, 2]);
		expect(() => h.writeCheckpoint(undefined)).toThrow(TypeError);
	});

	test("a power cut at any step of a checkpoint write leaves the old or the new one", () => {
		for (let k = 0; k < 3; k++) {
			for (const keep of [0, 7, 1000]) {
				const state = new FaultyStore(new MemoryStore());
				const h = new History({ sd: new MemoryStore(), state });
				h.writeCheckpoint({ n: 1 });
				state.arm({ step: state.steps + k, kind: "cut", keep });
				expect(() => h.writeCheckpoint({ n: 2, pad: "x".repeat(50) })).toThrow(PowerCut);
				state.revive();
				const rebooted = new History({ sd: new MemoryStore(), state });
				const r = rebooted.recover();
				expect(r.checkpoint).toBe("ok");
				expect([{ n: 1 }, { n: 2, pad: "x".repeat(50) }]).toContainEqual(rebooted.readCheckpoint());
			}
		}
	});
});

test("the first restart after a single peaks write makes the second copy without reporting a repair", () => {
	const state = new MemoryStore();
	new History({ sd: new MemoryStore(), state }).writePeaks(peaksV(1));
	expect(state.read(B)).toBeUndefined();
	const r = new History({ sd: new MemoryStore(), state }).recover();
	expect({ peaks: r.peaks, actions: r.actions }).toEqual({ peaks: "ok", actions: [] });
	expect(JSON.parse(state.read(B)!).peaks).toEqual(peaksV(1));
	// a copy lost later is still damage, and reported
	state.remove(A);
	expect(new History({ sd: new MemoryStore(), state }).recover().peaks).toBe("repaired");
});
