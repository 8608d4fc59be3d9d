// The clock guard alone: which telegrams pass, which are held, when a jump is believed, and that
// the held telegrams come back exactly as they went in.

import { newReading } from "../../src/core/dsmr/parse";
import type { Reading } from "../../src/core/dsmr/reading";
import type { Verdict } from "../../src/core/time/clock-guard";
import { ClockGuard, CONFIRMED, HOLD, PASS } from "../../src/core/time/clock-guard";
import { local } from "../quarters/helpers";

const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const NONE = -Infinity;

function reading(time: number, importWh = 1000000 + (time - T0) / 1000): Reading {
	const r = newReading();
	r.time = time;
	r.importT1Wh = importWh;
	r.importT2Wh = 7;
	r.exportT1Wh = 11;
	r.exportT2Wh = 13;
	r.importW = 1500;
	r.exportW = 0;
	r.demandW = 321;
	r.monthPeakW = 4200;
	r.monthPeakTime = T0 - 86400000;
	r.historyCount = 2;
	r.history[0].period = T0 - 40 * 86400000;
	r.history[0].time = T0 - 50 * 86400000;
	r.history[0].w = 3900;
	r.history[1].period = T0 - 9 * 86400000;
	r.history[1].time = T0 - 20 * 86400000;
	r.history[1].w = 5100;
	return r;
}

/** Feeds times to a guard as the monitor does: `last` follows what was passed or replayed. */
function drive(guard: ClockGuard, times: number[], last = NaN, floor = NONE): { verdicts: Verdict[]; taken: number[] } {
	const verdicts: Verdict[] = [];
	const taken: number[] = [];
	for (const t of times) {
		const r = reading(t);
		const v = guard.check(r, last, floor);
		verdicts.push(v);
		if (v === HOLD) continue;
		if (v === CONFIRMED) {
			for (let i = 0; i < guard.heldCount; i++) taken.push(guard.replay(i).time);
			guard.clear();
			floor = NONE;
		}
		if (t === t && !(t <= last)) last = t;
		taken.push(t);
	}
	return { verdicts, taken };
}

const seconds = (from: number, n: number, step = 1000) => Array.from({ length: n }, (_, i) => from + i * step);

test("a continuous stream passes telegram by telegram, steps of up to 10 s included", () => {
	const times = [...seconds(T0 + 1000, 20), T0 + 30000, T0 + 31000];
	const { verdicts, taken } = drive(new ClockGuard(), times, T0);
	expect(verdicts.every((v) => v === PASS)).toBe(true);
	expect(taken).toEqual(times);
});

test("one telegram ahead is held, then rejected when the stream goes on from the trusted time", () => {
	const guard = new ClockGuard();
	const times = [T0 + 1000, T0 + 2000, T0 + 86400000, T0 + 3000, T0 + 4000];
	const { verdicts, taken } = drive(guard, times, T0);
	expect(verdicts).toEqual([PASS, PASS, HOLD, PASS, PASS]);
	expect(taken).toEqual([T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000]);
	expect(guard.counters).toEqual({ held: 1, rejected: 1, jumps: 0 });
});

test("a jump is believed at its 10th telegram in a row, and the 9 held before come back first, in order", () => {
	const guard = new ClockGuard();
	const after = seconds(T0 + 3 * 3600000, 12);
	const { verdicts, taken } = drive(guard, [T0 + 1000, ...after], T0);
	expect(verdicts).toEqual([PASS, ...Array(9).fill(HOLD), CONFIRMED, PASS, PASS]);
	expect(taken).toEqual([T0 + 1000, ...after]);
	expect(guard.counters).toEqual({ held: 9, rejected: 0, jumps: 1 });
});

test("a replayed reading carries every field the engine reads, as it was held", () => {
	const guard = new ClockGuard();
	const held: Reading[] = [];
	for (let i = 0; i < 9; i++) {
		const r = reading(T0 + 3600000 + i * 1000, 2000000 + i * 3);
		r.history[1].w = 5100 + i;
		held.push(JSON.parse(JSON.stringify(r)));
		expect(guard.check(r, T0, NONE)).toBe(HOLD);
	}
	expect(guard.check(reading(T0 + 3600000 + 9000), T0, NONE)).toBe(CONFIRMED);
	expect(guard.heldCount).toBe(9);
	expect(guard.runStart).toBe(T0 + 3600000);
	const fields = [
		"time",
		"importT1Wh",
		"importT2Wh",
		"exportT1Wh",
		"exportT2Wh",
		"importW",
		"exportW",
		"demandW",
		"monthPeakW",
		"monthPeakTime",
		"historyCount",
	] as const;
	for (let i = 0; i < 9; i++) {
		const r = guard.replay(i);
		for (const f of fields) expect({ i, f, v: r[f] }).toEqual({ i, f, v: held[i][f] });
		for (let k = 0; k < 2; k++)
			expect({ period: r.history[k].period, time: r.history[k].time, w: r.history[k].w }).toEqual({
				period: held[i].history[k].period,
				time: held[i].history[k].time,
				w: held[i].history[k].w,
			});
	}
});

test("a run broken by a step over 10 s starts again; the telegrams before the break are rejected", () => {
	const guard = new ClockGuard();
	const far = T0 + 86400000;
	const times = [...seconds(far, 5), ...seconds(far + 5000 + 11000, 10)];
	const { verdicts } = drive(guard, times, T0);
	expect(verdicts).toEqual([...Array(5).fill(HOLD), ...Array(9).fill(HOLD), CONFIRMED]);
	expect(guard.counters).toEqual({ held: 14, rejected: 5, jumps: 1 });
});

test("a repeated telegram inside a run neither continues nor breaks it", () => {
	const guard = new ClockGuard();
	const far = T0 + 86400000;
	const times = [far, far + 1000, far + 1000, ...seconds(far + 2000, 8)];
	const { verdicts } = drive(guard, times, T0);
	expect(verdicts).toEqual([HOLD, HOLD, HOLD, ...Array(7).fill(HOLD), CONFIRMED]);
	expect(guard.counters).toEqual({ held: 10, rejected: 1, jumps: 1 });
});

test("telegrams at or behind the trusted time pass (the engine's clock-set-back rule decides), unless below the floor", () => {
	const guard = new ClockGuard();
	expect(guard.check(reading(T0), T0, NONE)).toBe(PASS); // duplicate
	expect(guard.check(reading(T0 - 3600000), T0, NONE)).toBe(PASS);
	const floor = T0 - 60000;
	expect(guard.check(reading(T0 - 30000), T0, floor)).toBe(PASS);
	expect(guard.check(reading(T0 - 3600000), T0, floor)).toBe(HOLD);
	expect(guard.counters.held).toBe(1);
});

test("below the floor, a run of 10 confirms the meter's time", () => {
	const guard = new ClockGuard();
	const back = seconds(T0 - 10 * 86400000, 10);
	const { verdicts, taken } = drive(guard, back, T0, T0 - 60000);
	expect(verdicts).toEqual([...Array(9).fill(HOLD), CONFIRMED]);
	expect(taken).toEqual(back);
});

test("with nothing to compare to (first boot), the first telegrams are confirmed by their own run", () => {
	const guard = new ClockGuard();
	const times = seconds(T0, 12);
	const { verdicts, taken } = drive(guard, times);
	expect(verdicts).toEqual([...Array(9).fill(HOLD), CONFIRMED, PASS, PASS]);
	expect(taken).toEqual(times);
});

test("a telegram without a time passes (the engine counts it) and does not disturb a run", () => {
	const guard = new ClockGuard();
	const far = T0 + 86400000;
	const { verdicts } = drive(guard, [far, NaN, ...seconds(far + 1000, 9)], T0);
	expect(verdicts).toEqual([HOLD, PASS, ...Array(8).fill(HOLD), CONFIRMED]);
});

test("the autumn DST change is continuous: the instants go on one second apart while local time repeats an hour", () => {
	const from = local(2026, 10, 25, 2, 59, 50, true);
	const times = seconds(from, 30);
	expect(times[10]).toBe(local(2026, 10, 25, 2, 0, 0, false));
	const { verdicts } = drive(new ClockGuard(), times, from - 1000);
	expect(verdicts.every((v) => v === PASS)).toBe(true);
});

test("holding allocates nothing: the replay reading is one object, reused", () => {
	const guard = new ClockGuard();
	for (let i = 0; i < 9; i++) guard.check(reading(T0 + 3600000 + i * 1000), T0, NONE);
	expect(guard.replay(0)).toBe(guard.replay(8));
});
