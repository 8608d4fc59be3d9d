// A checkpoint of format 1 (positional arrays), as the firmware before format 2 left it in flash,
// written here by hand from the telegrams fed: restoring it must give exactly the state of an
// uninterrupted run, and the monitor writes it again in the current format.

import { defaultConfig } from "../../src/core/config/schema";
import { checkpointText } from "../../src/core/history/state-files";
import { Monitor } from "../../src/core/monitor";
import { QuarterEngine } from "../../src/core/quarters/engine";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { MemoryStore } from "../helpers/memory-store";
import { FakeMeter, Q } from "./helpers";
import type { Fed, Scenario } from "./v1-checkpoint";
import { cutOf, fed, power, SCENARIOS, v1Checkpoint } from "./v1-checkpoint";

/** Format 1 predates the per-tariff registers: `v` with them removed (records and checkpoints alike). */
function withoutTariffs<T>(v: T): T {
	return JSON.parse(JSON.stringify(v), (k, x) => (/_t[12]_wh$|T[12]Wh$/.test(k) ? undefined : x));
}

/** What a record restored from format 1 holds: the per-tariff begin registers unknown, the rest as uninterrupted. */
function beginTariffsUnknown(r: QuarterRecord | undefined): QuarterRecord | undefined {
	return (
		r && {
			...r,
			begin_consumed_t1_wh: null,
			begin_consumed_t2_wh: null,
			begin_produced_t1_wh: null,
			begin_produced_t2_wh: null,
		}
	);
}

describe.each(SCENARIOS.map((s): [string, Scenario] => [s.name, s]))("%s", (_, scenario) => {
	const START = scenario.start;
	const CUT = cutOf(scenario);

	test("the engine restores a format 1 checkpoint exactly and checkpoints it as format 2", () => {
		const run = () => {
			const records: QuarterRecord[] = [];
			return { records, engine: new QuarterEngine({ onQuarterClosed: (r) => records.push(r) }) };
		};
		const a = run(); // uninterrupted
		const meter = new FakeMeter(START - 1000, 7000000, 200000, "after");
		const telegrams: Fed[] = [];
		while (meter.t < CUT) {
			const r = meter.tick(power(meter.t + 1000), 120);
			telegrams.push(fed(r));
			a.engine.update(r);
		}
		const b = run();
		expect(b.engine.restore(JSON.parse(JSON.stringify(v1Checkpoint(telegrams, scenario))))).toBe(1);
		expect(b.engine.current()).toEqual(beginTariffsUnknown(a.engine.current()));
		expect(b.engine.status()).toEqual(a.engine.status());
		expect(b.engine.monthPeaks()).toEqual(a.engine.monthPeaks());
		const cp = b.engine.checkpoint() as Record<string, unknown>;
		expect(cp.v).toBe(2);
		expect(withoutTariffs(cp)).toEqual(withoutTariffs(a.engine.checkpoint()));
		while (meter.t < START + 3 * Q + 5000) {
			const r = meter.tick(power(meter.t + 1000), 120);
			a.engine.update(r);
			b.engine.update(r);
		}
		expect(b.records.length).toBe(2); // 10:00 and 10:15
		// the quarter open at the restart lacks only its per-tariff begin; the next one is whole again
		expect(b.records).toEqual([beginTariffsUnknown(a.records[1]), a.records[2]]);
		expect(b.records[1].begin_consumed_t1_wh).toEqual(expect.any(Number));
		expect(b.engine.monthPeaks()).toEqual(a.engine.monthPeaks());
		expect(b.engine.checkpoint()).toEqual(a.engine.checkpoint());
	});

	test("the monitor reads a format 1 checkpoint once and writes it back as format 2", () => {
		const log = { info: () => {}, warn: () => {} };
		const boot = (state: MemoryStore) => {
			const sd = new MemoryStore();
			const m = new Monitor({ sd, state, log, config: defaultConfig, now: () => 0 });
			m.start();
			return { sd, m };
		};
		const a = boot(new MemoryStore()); // uninterrupted
		const meter = new FakeMeter(START - 1000, 7000000, 200000, "after");
		const telegrams: Fed[] = [];
		while (meter.t < CUT) {
			const w = power(meter.t + 1000);
			telegrams.push(fed(meter.tick(w, 120)));
			a.m.push(meter.telegram(w, 120));
		}
		const state = new MemoryStore();
		state.write("/checkpoint.json", checkpointText(v1Checkpoint(telegrams, scenario)));
		const b = boot(state);
		const rewritten = JSON.parse(state.read("/checkpoint.json")!).data;
		expect(rewritten.v).toBe(2);
		// the clock guard's counters describe each run's own start (a first boot waits for its clock)
		expect({ ...b.m.status(), clock: undefined }).toEqual({ ...a.m.status(), clock: undefined });
		while (meter.t < START + 2 * Q + 5000) {
			const w = power(meter.t + 1000);
			meter.tick(w, 120);
			const bytes = meter.telegram(w, 120);
			a.m.push(bytes);
			b.m.push(bytes);
		}
		// b's card holds what it closed after the restart: the quarter the checkpoint held open, as the uninterrupted run stored it
		const quarters = [...b.sd.files.keys()].filter((f) => /\d{4}[SW]\.json$/.test(f));
		expect(quarters.length).toBe(1);
		expect(JSON.parse(b.sd.read(quarters[0])!)).toEqual(beginTariffsUnknown(JSON.parse(a.sd.read(quarters[0])!)));
		expect(JSON.parse(b.sd.read(quarters[0])!).start).toBe(new Date(START + Q).toISOString().replace(".000Z", "Z"));
		// the clock guard's counters describe each run's own start (a first boot waits for its clock)
		expect({ ...b.m.status(), clock: undefined }).toEqual({ ...a.m.status(), clock: undefined });
	});
});
