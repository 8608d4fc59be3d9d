import type { QuarterEngineOptions } from "../../src/core/quarters/engine";
import { QuarterEngine } from "../../src/core/quarters/engine";
import { dayQuarterIds, quarterIdAt, quarterName } from "../../src/core/quarters/quarter-id";
import type { MonthPeak, QuarterRecord } from "../../src/core/quarters/records";
import { CAPACITY_TARIFFS } from "../../src/core/quarters/tariffs";
import { FakeMeter, local, Q } from "./helpers";

function setup(options: QuarterEngineOptions = {}) {
	const records: QuarterRecord[] = [];
	const peaks: MonthPeak[] = [];
	const engine = new QuarterEngine({
		...options,
		onQuarterClosed: (r) => records.push(r),
		onMonthPeak: (p) => peaks.push(p),
	});
	return { engine, records, peaks };
}

/** Feeds `seconds` one-second telegrams at a constant power. */
function run(engine: QuarterEngine, meter: FakeMeter, seconds: number, importW: number, exportW = 0): void {
	for (let i = 0; i < seconds; i++) engine.update(meter.tick(importW, exportW));
}

/** A meter whose first telegram is exactly on a quarter boundary. */
function startAt(engine: QuarterEngine, t: number, importW = 0): FakeMeter {
	const meter = new FakeMeter(t - 1000);
	engine.update(meter.tick(importW));
	return meter;
}

describe("one quarter", () => {
	test("constant 2000 W: 500 Wh, 2000 W average, 180 full slots", () => {
		const { engine, records } = setup();
		const start = local(2025, 6, 15, 14, 30);
		const meter = startAt(engine, start, 2000);
		const begin = meter.importWh;
		run(engine, meter, 900, 2000); // up to and including the telegram at 14:45:00
		expect(records.length).toBe(1);
		const r = records[0];
		expect(r.quarter_id).toBe(quarterIdAt(start));
		expect(r.begin_consumed_wh).toBe(begin);
		expect(r.end_consumed_wh).toBe(begin + 2000 / 4); // 2000 W x 0.25 h
		expect(r.energy_avg_w).toBe(2000);
		expect(r.consumed_power_avg).toBe(2000);
		expect(r.consumed_power_interval_avgs).toEqual(new Array(180).fill(2000));
		expect(r.produced_power_interval_avgs).toEqual(new Array(180).fill(0));
		expect(r.energy_produced_avg_w).toBe(0);
		expect(r.interval_secs).toBe(5);
		expect(r.samples).toBe(900); // 14:30:00 .. 14:44:59
		expect(r.complete).toBe(true);
		expect(Date.parse(r.start)).toBe(start);
		expect(Date.parse(r.end)).toBe(start + Q);
		expect(r.meter_demand_w).toBe(2000); // the 1.4.0 of the telegram stamped 14:45:00: the whole quarter
	});

	test("varying load and production: slot means, energy average, produced negative", () => {
		const { engine, records } = setup();
		const meter = startAt(engine, local(2026, 1, 5, 10, 0), 1000);
		run(engine, meter, 449, 1000);
		run(engine, meter, 451, 3000, 0);
		// the first 450 s carried 1000 W, the last 450 s 3000 W: (1000 + 3000) / 2
		expect(records[0].energy_avg_w).toBe(2000);
		const slots = records[0].consumed_power_interval_avgs;
		expect(slots.slice(0, 90)).toEqual(new Array(90).fill(1000));
		expect(slots.slice(90)).toEqual(new Array(90).fill(3000));
		expect(records[0].consumed_power_avg).toBe(2000);

		run(engine, meter, 900, 0, 1200);
		const p = records[1];
		expect(p.energy_avg_w).toBe(0);
		expect(p.energy_produced_avg_w).toBe(1200);
		// slot 0 also holds the telegram stamped 10:15:00, which still reported 3000 W import and no export
		expect(p.produced_power_interval_avgs).toEqual([-(4 * 1200) / 5, ...new Array(179).fill(-1200)]);
		expect(p.consumed_power_interval_avgs).toEqual([3000 / 5, ...new Array(179).fill(0)]);
	});

	test("slot means and consumed_power_avg are rounded to the nearest watt, not truncated as the original firmware did", () => {
		const { engine, records } = setup();
		const meter = startAt(engine, local(2026, 4, 7, 20, 0), 1000);
		// per 5 s slot: 1000, 1001, 1001, 1001, 1001 W (mean 1000.8), or in the last 90 slots 2000, 2000, 2001, 2001, 2000 W (mean 2000.4)
		const w = (i: number) => (i < 450 ? (i % 5 === 0 ? 1000 : 1001) : i % 5 === 2 || i % 5 === 3 ? 2001 : 2000);
		for (let i = 1; i < 900; i++) engine.update(meter.tick(w(i)));
		engine.update(meter.tick(w(0)));
		const slots = records[0].consumed_power_interval_avgs;
		expect(slots[1]).toBe(1001); // 1000.8: truncation would give 1000
		expect(slots[120]).toBe(2000); // 2000.4
		// slot 0 holds the telegram stamped 20:00:00 (1000 W) and 20:00:01 .. 20:00:04
		expect(slots[0]).toBe(Math.round((1000 + 1001 * 4) / 5));
		const means = slots.map((v) => v!);
		expect(records[0].consumed_power_avg).toBe(Math.round(means.reduce((a, b) => a + b, 0) / 180)); // (90 x 1001 + 90 x 2000) / 180 = 1500.5 -> 1501
		expect(records[0].consumed_power_avg).toBe(1501);
	});

	test("registers at a bound: the nearer telegram within 5 s, else unknown", () => {
		const { engine, records } = setup();
		const start = local(2026, 2, 2, 9, 0);
		const meter = startAt(engine, start, 1000);
		run(engine, meter, 897, 1000); // last telegram at 09:14:57
		meter.skip(5, 1000); // 09:14:58 .. 09:15:02 lost
		engine.update(meter.tick(1000)); // 09:15:03
		// before: 3 s away, after: 3 s away -> the earlier one (tie); its register is 3 s short of the bound
		const r0 = records[0];
		expect(r0.complete).toBe(true);
		expect(r0.end_consumed_wh).toBe(Math.floor((5000000 * 3600 + 1000 * (900 - 3)) / 3600));
		run(engine, meter, 889, 1000); // to 09:29:52
		meter.skip(15, 1000); // nothing from 09:29:53 to 09:30:07: 8 s on either side of the bound
		engine.update(meter.tick(1000)); // 09:30:08
		const r1 = records[1];
		expect(r1.begin_consumed_wh).toBe(r0.end_consumed_wh); // adjacent quarters share the bound
		expect(r1.end_consumed_wh).toBeNull();
		expect(r1.energy_avg_w).toBeNull();
		expect(r1.complete).toBe(false);
		run(engine, meter, 900, 1000);
		expect(records[2].begin_consumed_wh).toBeNull();
		expect(records[2].complete).toBe(false);
		expect(records[2].meter_demand_w).not.toBeNull(); // the meter's own figure still stands beside it
	});
});

describe("robustness", () => {
	test("meter unplugged for hours: open quarter closes with nulls, no phantom quarters", () => {
		const { engine, records } = setup();
		const start = local(2025, 11, 3, 12, 0);
		const meter = startAt(engine, start, 800);
		run(engine, meter, 420, 800); // to 12:07:00
		meter.skip(3 * 3600 + 200, 800); // back at 15:10:20
		run(engine, meter, 600, 800); // into the 15:15 quarter
		run(engine, meter, 900, 800);
		expect(records.map((r) => quarterName(r.quarter_id))).toEqual(["1200W", "1500W", "1515W"]);
		const r0 = records[0];
		expect(r0.consumed_power_interval_avgs.length).toBe(85); // 12:00:00 .. 12:07:00 -> slots 0..84, trailing empty left out
		expect(r0.end_consumed_wh).toBeNull();
		expect(r0.complete).toBe(false);
		const r1 = records[1];
		expect(r1.consumed_power_interval_avgs.slice(0, 124).every((v) => v === null)).toBe(true); // 15:00:00 .. 15:10:19
		expect(r1.consumed_power_interval_avgs[124]).toBe(800);
		expect(r1.begin_consumed_wh).toBeNull();
		expect(r1.complete).toBe(false);
		expect(records[2].complete).toBe(true);
		expect(records[2].energy_avg_w).toBe(800);
		expect(engine.counters.gaps).toBe(1);
	});

	test("duplicates and out-of-order telegrams are ignored and counted", () => {
		const start = local(2025, 8, 1, 6, 0);
		const plain = setup();
		const noisy = setup();
		const m1 = startAt(plain.engine, start, 1500);
		const m2 = startAt(noisy.engine, start, 1500);
		let old = NaN;
		let oldImp = NaN;
		for (let i = 0; i < 900; i++) {
			plain.engine.update(m1.tick(1500 + (i % 7) * 100));
			const r = m2.tick(1500 + (i % 7) * 100);
			noisy.engine.update(r);
			if (i % 50 === 10) noisy.engine.update(r); // the same telegram twice
			if (i % 50 === 20) {
				old = r.time;
				oldImp = r.importT1Wh;
			}
			if (i % 50 === 30) {
				// a stale telegram from 10 s ago
				const t = r.time,
					imp = r.importT1Wh;
				r.time = old;
				r.importT1Wh = oldImp;
				noisy.engine.update(r);
				r.time = t;
				r.importT1Wh = imp;
			}
		}
		expect(noisy.records).toEqual(plain.records);
		expect(noisy.engine.counters.duplicates).toBe(18);
		expect(noisy.engine.counters.out_of_order).toBe(18);
	});

	test("meter reboot: a telegram without time is ignored, registers continue, energy exact", () => {
		const { engine, records } = setup();
		const meter = startAt(engine, local(2026, 4, 7, 20, 0), 2400);
		run(engine, meter, 300, 2400);
		meter.skip(40, 2400); // rebooting: the grid still delivers, the meter still counts
		const r = meter.tick(2400);
		const t = r.time;
		r.time = NaN; // "632525252525W" right after the reboot
		engine.update(r);
		r.time = t;
		engine.update(r);
		run(engine, meter, 559, 2400);
		expect(records.length).toBe(1);
		expect(records[0].energy_avg_w).toBe(2400);
		expect(records[0].complete).toBe(true);
		expect(records[0].consumed_power_interval_avgs.slice(61, 68)).toEqual([null, null, null, null, null, null, null]);
		expect(engine.counters.no_time).toBe(1);
	});

	test("clock jumps forward: the quarter closes, the new time goes on, nothing invented", () => {
		const { engine, records } = setup();
		const meter = startAt(engine, local(2026, 5, 5, 10, 0), 1000);
		run(engine, meter, 600, 1000);
		meter.t += 2 * 3600 * 1000 + 60000; // the clock leaps to 12:11:00, energy just goes on
		run(engine, meter, 300, 1000);
		run(engine, meter, 900, 1000);
		expect(records.map((r) => quarterName(r.quarter_id))).toEqual(["1000S", "1200S", "1215S"]);
		expect(records[0].complete).toBe(false);
		expect(records[2].energy_avg_w).toBe(1000);
		expect(records[2].complete).toBe(true);
	});

	test("clock set back by an hour: closed quarters are never reopened or emitted twice", () => {
		const { engine, records } = setup();
		const start = local(2026, 5, 5, 12, 0);
		const meter = startAt(engine, start, 1000);
		run(engine, meter, 600, 1000); // to 12:10:00
		meter.t -= 3600 * 1000; // now says 11:10:00
		run(engine, meter, 59, 1000);
		expect(records.length).toBe(0); // a few stale telegrams prove nothing yet
		run(engine, meter, 1, 1000); // the 60th in a row: the clock really moved
		expect(engine.counters.clock_back).toBe(1);
		expect(records.length).toBe(1);
		expect(records[0].quarter_id).toBe(quarterIdAt(start));
		expect(records[0].complete).toBe(false);
		run(engine, meter, 3900 - 60, 1000); // 11:11:00 .. 12:15:00
		run(engine, meter, 900, 1000);
		const names = records.map((r) => quarterName(r.quarter_id));
		expect(names).toEqual(["1200S", "1215S"]);
		expect(records[1].energy_avg_w).toBe(1000);
		expect(records[1].complete).toBe(true); // its start bound came from a skipped telegram
		expect(engine.counters.skipped).toBeGreaterThan(3000);
	});

	test("registers going backwards (meter swap) never give a negative average", () => {
		const { engine, records } = setup();
		const meter = startAt(engine, local(2026, 6, 1, 8, 0), 3000);
		run(engine, meter, 400, 3000);
		meter.importWs = 1234567 * 3600 + 10 * 3600; // new meter, nearly empty registers (T2 kept)
		run(engine, meter, 500, 3000);
		run(engine, meter, 900, 3000);
		expect(records[0].energy_avg_w).toBeNull();
		expect(records[0].complete).toBe(false);
		expect(records[1].energy_avg_w).toBe(3000);
		expect(engine.counters.register_breaks).toBe(1);
	});
});

describe("DST days through the engine, one telegram a second", () => {
	test.each([
		[2025, 3, 30, 92],
		[2025, 10, 26, 100],
		[2026, 3, 29, 92],
		[2026, 10, 25, 100],
	])("%i-%i-%i closes %i quarters with exact averages", (y, mo, d, count) => {
		const { engine, records } = setup();
		const midnight = local(y, mo, d);
		const power = (k: number) => 400 + 4 * k; // a multiple of 4 W, so each quarter is a whole number of Wh
		const meter = startAt(engine, midnight, power(0));
		for (let k = 0; k < count; k++) run(engine, meter, 900, power(k));
		run(engine, meter, 1, 0); // next local midnight + 1 s
		expect(records.length).toBe(count);
		const ids = records.map((r) => r.quarter_id);
		expect(new Set(ids).size).toBe(count);
		expect(ids).toEqual(dayQuarterIds(y, mo, d));
		records.forEach((r, k) => {
			expect(r.energy_avg_w).toBe(power(k));
			expect(r.complete).toBe(true);
			expect(r.samples).toBe(900);
		});
	});
});

describe("month peaks", () => {
	test("own peak per local month, reset on the 1st, also across the year end", () => {
		const { engine, peaks } = setup();
		const meter = startAt(engine, local(2025, 12, 31, 23, 15), 3000);
		run(engine, meter, 900, 3000); // 23:15 -> 3000
		run(engine, meter, 900, 4000); // 23:30 -> 4000
		run(engine, meter, 900, 2000); // 23:45 -> 2000 (still December)
		run(engine, meter, 900, 1000); // 2026-01-01 00:00 -> 1000
		run(engine, meter, 1, 0);
		const own = peaks.map((p) => [p.month, p.own_w, p.own_quarter_id && quarterName(p.own_quarter_id)]);
		expect(own).toEqual([
			["2025-12", 3000, "2315W"],
			["2025-12", 4000, "2330W"],
			["2026-01", 1000, "0000W"],
		]);
		const s = engine.status();
		expect(s.month).toBe("2026-01");
		expect(s.month_peak_own_w).toBe(1000);
		expect(s.threshold_w).toBe(2500); // below 2.5 kW nothing extra is billed
	});

	test("the meter's 1.6.0 and the 13-month 98.1.0 history map to the right months", () => {
		const { engine, peaks } = setup();
		const meter = new FakeMeter(local(2026, 3, 10, 9, 0));
		meter.monthPeakW = 4321;
		meter.monthPeakTime = local(2026, 3, 4, 18, 45); // end of the peak quarter
		const r = meter.tick(500);
		// the meter's history: period stamp = 00:00 on the 1st of the month AFTER the peak month
		r.history[0] = { period: local(2026, 3, 1), periodRaw: "", time: local(2026, 2, 12, 19, 0), timeRaw: "", w: 5100 };
		r.history[1] = { period: local(2026, 2, 1), periodRaw: "", time: local(2026, 1, 31, 23, 45), timeRaw: "", w: 2200 };
		r.historyCount = 2;
		engine.update(r);
		const byMonth = Object.fromEntries(peaks.map((p) => [p.month, p]));
		expect(byMonth["2026-03"].meter_w).toBe(4321);
		expect(Date.parse(byMonth["2026-03"].meter_time ?? "")).toBe(local(2026, 3, 4, 18, 45));
		expect(byMonth["2026-02"].meter_w).toBe(5100);
		expect(byMonth["2026-01"].meter_w).toBe(2200);
		const n = peaks.length;
		engine.update(meter.tick(500)); // same values again: nothing new to report
		expect(peaks.length).toBe(n);
		// capacity: Jan 2200 -> floored 2500, Feb 5100, Mar 4321 (running month, the meter's figure)
		engine.configure({ eurPerKwYear: 60 });
		const c = engine.status().capacity;
		expect(c.months).toEqual(["2026-01", "2026-02", "2026-03"]);
		expect(c.values_w).toEqual([2500, 5100, 4321]);
		const avg = (2500 + 5100 + 4321) / 3;
		expect(c.average_w).toBe(Math.round(avg));
		expect(c.eur_per_year).toBeCloseTo((avg / 1000) * 60, 2);
		expect(engine.status().month_peak_meter_w).toBe(4321);
	});

	test("capacity uses the last 12 months only, and the area's price by default", () => {
		const { engine } = setup({ area: "imewo" });
		const meter = new FakeMeter(local(2026, 7, 10, 9, 0));
		const r = meter.tick(500);
		// 13 months of history, Jun 2026 back to Jun 2025, peaks 3000 + 100 x age
		for (let i = 0; i < 13; i++) {
			// entry i is the month i + 1 before July 2026; its stamp is the 1st of the month after it
			const stampMonth = 7 - i; // Jul 2026 for June, ..., Jul 2025 for June 2025
			const y = stampMonth > 0 ? 2026 : 2025;
			r.history[i] = {
				period: local(y, stampMonth > 0 ? stampMonth : stampMonth + 12, 1),
				periodRaw: "",
				time: NaN,
				timeRaw: "",
				w: 3000 + 100 * i,
			};
		}
		r.historyCount = 13;
		engine.update(r);
		const c = engine.status().capacity;
		// the running month (Jul 2026) has no peak yet; Aug 2025 .. Jun 2026 are 11 months (ages 0..10)
		expect(c.months[0]).toBe("2025-08");
		expect(c.months[c.months.length - 1]).toBe("2026-06");
		expect(c.values_w.length).toBe(11);
		const avg = c.values_w.reduce((a, b) => a + b, 0) / 11;
		expect(avg).toBe(3000 + 100 * 5); // mean of 3000 .. 4000
		expect(c.eur_per_kw_year).toBe(57.45); // Fluvius Imewo 2026
		expect(c.area).toBe("imewo");
		expect(c.year).toBe(2026);
	});
});

describe("tariff year", () => {
	test("before any telegram the area's newest tariff, after one the tariff of the telegram's year", () => {
		const newest = Math.max(...CAPACITY_TARIFFS.filter((t) => t.area === "west").map((t) => t.year));
		const { engine } = setup({ area: "west" });
		expect(engine.status().capacity.year).toBe(newest);
		engine.update(new FakeMeter(local(2025, 5, 6, 12, 0)).tick(800));
		expect(engine.status().capacity.year).toBe(2025);
		expect(engine.status().capacity.eur_per_kw_year).toBe(
			CAPACITY_TARIFFS.find((t) => t.area === "west" && t.year === 2025)!.eurPerKwYear,
		);
		expect(() => setup({ area: "nowhere" })).toThrow("unknown area");
	});
});

describe("projection and allowance", () => {
	test("arithmetic against the target and against the month peak", () => {
		const { engine } = setup({ targetW: 4000 });
		const meter = startAt(engine, local(2026, 2, 10, 18, 0), 3000);
		run(engine, meter, 300, 3000); // 18:05:00: 250 Wh drawn
		let s = engine.status();
		expect(s.elapsed_s).toBe(300);
		expect(s.energy_wh).toBe(250);
		expect(s.current_w).toBe(3000);
		expect(s.projection_w).toBe((250 + (3000 * 600) / 3600) * 4); // 3000 W
		// the quarter may hold 4000 W x 0.25 h = 1000 Wh; 750 Wh are left for 600 s -> 4500 W
		expect(s.threshold_w).toBe(4000);
		expect(s.allowance_w).toBe(4500);
		engine.configure({ targetW: 0 });
		s = engine.status();
		// no peak yet this month: 2500 W x 0.25 h = 625 Wh; 375 Wh left for 600 s -> 2250 W
		expect(s.threshold_w).toBe(2500);
		expect(s.allowance_w).toBe(2250);
		run(engine, meter, 600, 3000); // closes at 3000 W: the month peak so far
		run(engine, meter, 450, 0); // halfway, nothing drawn
		s = engine.status();
		expect(s.threshold_w).toBe(3000);
		expect(s.allowance_w).toBe(6000); // 750 Wh in 450 s
		run(engine, meter, 300, 9000); // 750 Wh in 300 s: at the limit
		expect(engine.status().allowance_w).toBe(0);
	});

	test("without a start register the meter's 1.4.0 gives the energy so far", () => {
		const { engine } = setup();
		const meter = new FakeMeter(local(2026, 2, 10, 18, 0));
		run(engine, meter, 120, 1200); // first telegram 1 s after the bound: the start register is known
		expect(engine.status().energy_wh).toBe(Math.floor((1200 * 120) / 3600));
		const late = setup();
		const m2 = new FakeMeter(local(2026, 2, 10, 18, 0));
		m2.skip(60, 1200); // the monitor starts a minute into the quarter
		run(late.engine, m2, 60, 1200);
		const s = late.engine.status();
		expect(s.energy_wh).toBe(Math.round(((1200 * 120) / 3600) * 4) / 4); // 1.4.0 / 4
	});
});

describe("meter agreement", () => {
	test("status and record carry the meter's 1.4.0 and flag disagreement", () => {
		const { engine, records } = setup();
		const meter = startAt(engine, local(2026, 3, 3, 12, 0), 2000);
		run(engine, meter, 900, 2000);
		let check = engine.status().meter_check!;
		expect(check.energy_avg_w).toBe(2000);
		expect(check.meter_demand_w).toBe(records[0].meter_demand_w);
		expect(check.diff_w).toBe(0); // the meter's final 1.4.0 of the quarter, not the one a second before its end
		expect(check.agree).toBe(true);
		meter.demandOffsetW = 400;
		run(engine, meter, 900, 2000);
		check = engine.status().meter_check!;
		expect(check.quarter_id).toBe(records[1].quarter_id);
		expect(check.diff_w).toBe(-400);
		expect(check.agree).toBe(false);
	});
});

describe("checkpoint and restore", () => {
	test("a restart mid-quarter gives the same record as an uninterrupted run", () => {
		const start = local(2026, 10, 25, 2, 0, 0, false); // the repeated hour, winter pass
		const a = setup();
		const b = setup();
		const ma = startAt(a.engine, start, 1000);
		const mb = startAt(b.engine, start, 1000);
		const profile = (i: number) => 1000 + ((i * 37) % 11) * 150;
		for (let i = 0; i < 450; i++) {
			a.engine.update(ma.tick(profile(i), 100));
			b.engine.update(mb.tick(profile(i), 100));
		}
		const cp = JSON.parse(JSON.stringify(b.engine.checkpoint()));
		expect(JSON.stringify(cp).length).toBeLessThan(8000);
		const c = setup();
		c.engine.restore(cp);
		expect(c.engine.current()).toEqual(b.engine.current());
		for (let i = 450; i < 1800; i++) {
			a.engine.update(ma.tick(profile(i), 100));
			c.engine.update(mb.tick(profile(i), 100));
		}
		expect(c.records).toEqual(a.records);
		expect(a.records.length).toBe(2);
		expect(quarterName(a.records[0].quarter_id)).toBe("0200W");
		expect(c.engine.status()).toEqual(a.engine.status());
	});

	test("a checkpoint of a quarter that has since ended closes it on the next telegram", () => {
		const a = setup();
		const start = local(2026, 1, 20, 7, 0);
		const meter = startAt(a.engine, start, 1000);
		run(a.engine, meter, 400, 1000);
		const cp = JSON.parse(JSON.stringify(a.engine.checkpoint()));
		const b = setup();
		b.engine.restore(cp);
		meter.skip(40 * 60, 1000); // powered off for 40 minutes
		b.engine.update(meter.tick(1000));
		expect(b.records.length).toBe(1);
		expect(b.records[0].quarter_id).toBe(quarterIdAt(start));
		expect(b.records[0].samples).toBe(401);
		expect(b.records[0].complete).toBe(false);
		expect(b.engine.current()!.quarter_id).toBe(quarterIdAt(meter.t));
	});

	test("garbage is refused", () => {
		const { engine } = setup();
		expect(() => engine.restore({})).toThrow("bad checkpoint");
		expect(() => engine.restore({ v: 1, open: 5, begin: [1, 2] })).toThrow("bad checkpoint");
	});
});

describe("current()", () => {
	test("the running quarter in quarter-file shape", () => {
		const { engine } = setup();
		expect(engine.current()).toBeUndefined();
		const meter = startAt(engine, local(2026, 3, 29, 3, 0), 2000); // first summer quarter of the spring day
		run(engine, meter, 60, 2000);
		const c = engine.current()!;
		expect(quarterName(c.quarter_id)).toBe("0300S");
		expect(c.consumed_power_interval_avgs.length).toBe(13); // 03:00:00 .. 03:01:00
		expect(c.energy_avg_w).toBe(Math.floor((2000 * 60) / 3600) * 4); // energy so far x 4, like 1.4.0
		expect(c.end_consumed_wh).toBeNull();
		expect(c.complete).toBe(false);
		expect(JSON.parse(JSON.stringify(c))).toEqual(c);
	});
});

/** A meter with both tariffs: the active one (96.14.0) takes the energy, registers truncated to the Wh like a real meter. */
class TariffMeter {
	t: number;
	tariff = 1;
	/** W·s of import T1, import T2, export T1, export T2. */
	ws = [3000000 * 3600, 2000000 * 3600, 100000 * 3600, 50000 * 3600];
	reading = new FakeMeter(0).reading;

	constructor(t: number) {
		this.t = t;
	}

	/** Registers as the telegram stamped now shows them: [import T1, import T2, export T1, export T2], Wh. */
	get wh(): number[] {
		return this.ws.map((w) => Math.floor(w / 3600));
	}

	/** Advances `dt` seconds at constant power (without a telegram when `dt` > 1 and skip is set). */
	tick(importW: number, exportW: number, dt = 1) {
		for (let i = 0; i < dt; i++) {
			this.ws[this.tariff - 1] += importW;
			this.ws[this.tariff + 1] += exportW;
			this.t += 1000;
		}
		const r = this.reading;
		const [i1, i2, e1, e2] = this.wh;
		Object.assign(r, { time: this.t, importT1Wh: i1, importT2Wh: i2, exportT1Wh: e1, exportT2Wh: e2 });
		Object.assign(r, { tariff: this.tariff, importW, exportW, demandW: NaN, monthPeakW: NaN, monthPeakTime: NaN });
		r.historyCount = 0;
		return r;
	}
}

/** The per-tariff energies of a record, Wh: [import T1, import T2, export T1, export T2] (null where a bound is unknown). */
function tariffEnergies(r: QuarterRecord): (number | null)[] {
	const d = (b: number | null | undefined, e: number | null | undefined) =>
		typeof b === "number" && typeof e === "number" ? e - b : null;
	return [
		d(r.begin_consumed_t1_wh, r.end_consumed_t1_wh),
		d(r.begin_consumed_t2_wh, r.end_consumed_t2_wh),
		d(r.begin_produced_t1_wh, r.end_produced_t1_wh),
		d(r.begin_produced_t2_wh, r.end_produced_t2_wh),
	];
}

describe("per-tariff registers", () => {
	test("the tariff switches mid-quarter: each tariff's energy is its register difference, and they add up to the total", () => {
		const { engine, records } = setup();
		const start = local(2026, 3, 10, 21, 45);
		const meter = new TariffMeter(start - 1000);
		engine.update(meter.tick(2000, 400)); // 21:45:00, day tariff
		const begin = meter.wh;
		for (let i = 0; i < 450; i++) engine.update(meter.tick(2000, 400)); // to 21:52:30
		meter.tariff = 2; // night tariff from 21:52:30
		for (let i = 0; i < 450; i++) engine.update(meter.tick(2000, 400)); // to 22:00:00
		expect(records.length).toBe(1);
		const r = records[0];
		// 450 s at 2000 W = 250 Wh and at 400 W = 50 Wh on each tariff
		expect(r.begin_consumed_t1_wh).toBe(begin[0]);
		expect(r.begin_consumed_t2_wh).toBe(begin[1]);
		expect(r.begin_produced_t1_wh).toBe(begin[2]);
		expect(r.begin_produced_t2_wh).toBe(begin[3]);
		expect(r.end_consumed_t1_wh).toBe(begin[0] + 250);
		expect(r.end_consumed_t2_wh).toBe(begin[1] + 250);
		expect(r.end_produced_t1_wh).toBe(begin[2] + 50);
		expect(r.end_produced_t2_wh).toBe(begin[3] + 50);
		expect(tariffEnergies(r)).toEqual([250, 250, 50, 50]);
		expect(r.energy_avg_w).toBe((250 + 250) * 4);
		expect(r.energy_produced_avg_w).toBe((50 + 50) * 4);
		// the summed keys of the original are unchanged: each is the sum of the tariffs
		expect(r.begin_consumed_wh).toBe(begin[0] + begin[1]);
		expect(r.end_produced_wh).toBe(begin[2] + begin[3] + 100);
	});

	test("a bound from the telegram before it takes every tariff from that same telegram", () => {
		const { engine, records } = setup();
		const start = local(2026, 3, 10, 21, 45);
		const meter = new TariffMeter(start - 1000);
		engine.update(meter.tick(1800, 0));
		for (let i = 0; i < 897; i++) engine.update(meter.tick(1800, 0)); // to 21:59:57
		const before = meter.wh;
		meter.tick(1800, 0, 3); // 21:59:58 .. 22:00:00 lost, still day tariff
		meter.tariff = 2; // the switch falls between the two telegrams around the bound
		engine.update(meter.tick(1800, 0, 4)); // 22:00:04: 4 s after the bound, the earlier one (3 s) is nearer
		const [r] = records;
		expect(r.end_consumed_t1_wh).toBe(before[0]);
		expect(r.end_consumed_t2_wh).toBe(before[1]);
		expect(r.end_consumed_wh).toBe(before[0] + before[1]);
		for (let i = 0; i < 900; i++) engine.update(meter.tick(1800, 0));
		const next = records[1];
		expect(next.begin_consumed_t1_wh).toBe(before[0]); // adjacent quarters share the bound, tariff by tariff
		expect(next.begin_consumed_t2_wh).toBe(before[1]);
		const e = tariffEnergies(next);
		expect((e[0] as number) + (e[1] as number)).toBe((next.energy_avg_w as number) / 4);
	});

	test("a bound without a telegram leaves the tariffs unknown, the running quarter has no end", () => {
		const { engine, records } = setup();
		const start = local(2026, 3, 10, 8, 0);
		const meter = new TariffMeter(start - 1000);
		meter.tick(1000, 0, 20); // first telegram 20 s into the quarter: no begin bound
		for (let i = 0; i < 900; i++) engine.update(meter.tick(1000, 0));
		expect(records[0].begin_consumed_t1_wh).toBeNull();
		expect(records[0].begin_produced_t2_wh).toBeNull();
		// the telegram stamped 08:15:00 ends it: 20 + 881 s at 1000 W on the day register
		expect(records[0].end_consumed_t1_wh).toBe(3000000 + Math.floor((1000 * 901) / 3600));
		expect(records[0].end_consumed_t2_wh).toBe(2000000);
		const c = engine.current()!;
		expect(c.begin_consumed_t1_wh).toBe(records[0].end_consumed_t1_wh);
		expect(c.end_consumed_t1_wh).toBeNull();
		expect(c.end_produced_t2_wh).toBeNull();
	});

	test("a restart mid-quarter carries the tariffs; a checkpoint without them restores them unknown", () => {
		const start = local(2026, 3, 10, 21, 45);
		const feed = (engine: QuarterEngine, meter: TariffMeter, n: number) => {
			for (let i = 0; i < n; i++) engine.update(meter.tick(2000, 400));
		};
		const a = setup();
		const ma = new TariffMeter(start - 1000);
		feed(a.engine, ma, 300);
		const cp = JSON.parse(JSON.stringify(a.engine.checkpoint()));
		const b = setup();
		b.engine.restore(cp);
		const c = setup();
		const old = JSON.parse(JSON.stringify(cp)); // as the firmware before per-tariff registers wrote it
		for (const k of ["beginImpT1Wh", "beginImpT2Wh", "beginExpT1Wh", "beginExpT2Wh"]) delete old.quarter[k];
		for (const k of ["impT1Wh", "impT2Wh", "expT1Wh", "expT2Wh"]) delete old.last[k];
		c.engine.restore(old);
		ma.tariff = 2; // from 21:50:00
		for (let i = 0; i < 1501; i++) {
			const r = ma.tick(2000, 400);
			a.engine.update(r);
			b.engine.update(r);
			c.engine.update(r);
		}
		expect(a.records.length).toBe(2);
		expect(b.records).toEqual(a.records);
		// 21:45: the registers (W·s / 3600, truncated) at 21:45:00 and 22:00:00; day tariff for 299 s, night for 601 s
		const at = (ws: number) => Math.floor(ws / 3600);
		expect(tariffEnergies(a.records[0])).toEqual([
			at(2000 * 300) - at(2000),
			at(2000 * 601),
			at(400 * 300) - at(400),
			at(400 * 601),
		]);
		// 22:00: all night tariff, 900 s
		expect(tariffEnergies(a.records[1])).toEqual([
			0,
			at(2000 * 1501) - at(2000 * 601),
			0,
			at(400 * 1501) - at(400 * 601),
		]);
		// without them: the summed figures as before, the tariffs' begin unknown, the next quarter whole
		expect(c.records[0].energy_avg_w).toBe(a.records[0].energy_avg_w);
		expect(c.records[0].begin_consumed_t1_wh).toBeNull();
		expect(c.records[0].end_consumed_t1_wh).toBe(a.records[0].end_consumed_t1_wh);
		expect(c.records[1]).toEqual(a.records[1]);
	});
});
