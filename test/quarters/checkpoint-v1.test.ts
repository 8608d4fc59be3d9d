// A checkpoint of format 1 (positional arrays), as the firmware before format 2 left it in flash,
// written here by hand from the telegrams fed: restoring it must give exactly the state of an
// uninterrupted run, and the monitor writes it again in the current format.

import { defaultConfig } from "../../src/core/config/schema";
import { checkpointText } from "../../src/core/history/state-files";
import { Monitor } from "../../src/core/monitor";
import { QuarterEngine } from "../../src/core/quarters/engine";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { quarterIdAt } from "../../src/core/quarters/quarter-id";
import type { Reading } from "../../src/core/dsmr/reading";
import { MemoryStore } from "../helpers/memory-store";
import { FakeMeter, local, Q } from "./helpers";

interface Fed {
	t: number;
	imp: number;
	exp: number;
	importW: number;
	exportW: number;
	demandW: number;
	peakW: number;
	peakTime: number;
}

const fed = (r: Reading): Fed => ({
	t: r.time, imp: r.importT1Wh + r.importT2Wh, exp: r.exportT1Wh + r.exportT2Wh, importW: r.importW, exportW: r.exportW,
	demandW: r.demandW, peakW: r.monthPeakW, peakTime: r.monthPeakTime,
});

const START = local(2026, 1, 20, 9, 45); // 09:45 closes at 10:00; the checkpoint is taken at 10:07:30
const CUT = START + Q + 450000;
const power = (t: number) => 1500 + ((t / 1000) % 4) * 250;
const nul = (v: number) => (v === v ? v : null);

/**
 * The format 1 checkpoint at the last telegram fed, worked out from the telegrams alone: the
 * 10:00 quarter is open, 09:45 is closed and was complete (one telegram a second throughout).
 */
function v1Checkpoint(telegrams: Fed[]): object {
	const open = START / Q + 1;
	const inOpen = telegrams.filter((f) => Math.floor(f.t / Q) === open);
	const atBound = inOpen[0]; // stamped 10:00:00: the end of 09:45 and the start of 10:00
	const atStart = telegrams.find((f) => f.t === START)!;
	const last = telegrams[telegrams.length - 1];
	const cs: number[] = [], cn: number[] = [], ps: number[] = [], pn: number[] = [];
	for (const f of inOpen) {
		const slot = Math.floor((f.t - open * Q) / 5000);
		while (cs.length <= slot) cs.push(0), cn.push(0), ps.push(0), pn.push(0);
		cs[slot] += f.importW;
		cn[slot]++;
		ps[slot] += f.exportW;
		pn[slot]++;
	}
	const own = (atBound.imp - atStart.imp) * 4;
	const id0945 = quarterIdAt(START);
	return {
		v: 1,
		open,
		begin: [atBound.imp, atBound.exp],
		broken: [false, false],
		samples: inOpen.length,
		meter: [nul(last.demandW), nul(last.peakW)],
		slots: { cs, cn, ps, pn },
		closed: open - 1,
		last: [last.t, last.imp, last.exp, last.importW, last.exportW, nul(last.demandW)],
		back: [0, null],
		check: [id0945, own, atBound.demandW],
		counters: [0, 0, 0, 0, 0, 0, 0],
		months: [[2026 * 12 + 0, own, id0945, nul(last.peakW), nul(last.peakTime), null, null]], // key = year * 12 + month - 1
	};
}

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
	expect(b.engine.restore(JSON.parse(JSON.stringify(v1Checkpoint(telegrams))))).toBe(1);
	expect(b.engine.current()).toEqual(a.engine.current());
	expect(b.engine.status()).toEqual(a.engine.status());
	expect(b.engine.monthPeaks()).toEqual(a.engine.monthPeaks());
	const cp = b.engine.checkpoint() as Record<string, unknown>;
	expect(cp.v).toBe(2);
	expect(cp).toEqual(a.engine.checkpoint());
	while (meter.t < START + 3 * Q + 5000) {
		const r = meter.tick(power(meter.t + 1000), 120);
		a.engine.update(r);
		b.engine.update(r);
	}
	expect(b.records.length).toBe(2); // 10:00 and 10:15
	expect(b.records).toEqual(a.records.slice(1));
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
	state.write("/checkpoint.json", checkpointText(v1Checkpoint(telegrams)));
	const b = boot(state);
	const rewritten = JSON.parse(state.read("/checkpoint.json")!).data;
	expect(rewritten.v).toBe(2);
	expect(b.m.status()).toEqual(a.m.status());
	while (meter.t < START + 2 * Q + 5000) {
		const w = power(meter.t + 1000);
		meter.tick(w, 120);
		const bytes = meter.telegram(w, 120);
		a.m.push(bytes);
		b.m.push(bytes);
	}
	const file = "/meter/2026/01/20/1000W.json";
	expect(b.sd.read(file)).toBeDefined();
	expect(b.sd.read(file)).toBe(a.sd.read(file));
	expect(b.m.status()).toEqual(a.m.status());
});
