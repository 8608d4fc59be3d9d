// XS conformance for the clock guard (src/core/time/clock-guard.ts) and the restore trust rule
// (future-state.ts): simulated telegrams with outliers stamped a day and ten years ahead, a
// restart right after one, a 3-hour gap, and a checkpoint left in the future, pushed through a
// Monitor over in-memory stores. Every file, the log and the counters must be byte-identical in
// Node and XS; test/monitor-clock.test.ts says what they must be.

import { defaultConfig } from "../../src/core/config/schema";
import { newReading } from "../../src/core/dsmr/parse";
import { Monitor } from "../../src/core/monitor";
import type { Log } from "../../src/core/ports";
import { ClockGuard } from "../../src/core/time/clock-guard";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../helpers/memory-store";
import { restamp } from "../helpers/restamp";
import type { XsCase } from "./support/case";
import { toJson } from "./support/json";

const START = Date.UTC(2026, 0, 14, 17, 10); // 18:10 Brussels
const DAY = 86400000;
const TEN_YEARS = Date.UTC(2036, 0, 14) - Date.UTC(2026, 0, 14);

interface Rig {
	sd: MemoryStore;
	state: MemoryStore;
	lines: string[];
	log: Log;
	monitor: Monitor;
}

function boot(r: Omit<Rig, "monitor">): Monitor {
	const config = defaultConfig();
	const m = new Monitor({ sd: r.sd, state: r.state, log: r.log, config: () => config, now: () => 0 });
	r.lines.push(`{"recovery":${toJson(m.start())}}`);
	return m;
}

function rig(sd = new MemoryStore(), state = new MemoryStore()): Rig {
	const lines: string[] = [];
	const log: Log = {
		info: (m) => lines.push(`{"info":${toJson(m)}}`),
		warn: (m) => lines.push(`{"warn":${toJson(m)}}`),
	};
	const base = { sd, state, lines, log };
	return { ...base, monitor: boot(base) };
}

function dump(r: Rig): string {
	r.monitor.close();
	const out = r.lines.slice();
	out.push(`{"status":${toJson(r.monitor.status())}}`);
	out.push(`{"counters":${toJson(r.monitor.counters)}}`);
	out.push(`{"monthPeak":${toJson(r.monitor.monthPeak() ?? null)}}`);
	for (const [name, store] of [
		["sd", r.sd],
		["state", r.state],
	] as const) {
		for (const path of [...store.files.keys()].sort()) out.push(toJson([name, path, store.files.get(path)]));
	}
	return `[\n${out.join(",\n")}\n]`;
}

/** 18:10 to 18:35 with one telegram a day ahead at 18:14:59 and one ten years ahead at 18:29:59 (just before quarter ends), a restart right after the second. */
function outliers(): string {
	const r = rig();
	const meter = new SimMeter({ start: START, seed: 7 });
	while (meter.time < START + 25 * 60000) {
		const t = meter.next();
		r.monitor.push(t);
		const s = meter.time;
		if (s === START + 4 * 60000 + 59000) r.monitor.push(restamp(t, s + DAY));
		if (s === START + 19 * 60000 + 59000) {
			r.monitor.push(restamp(t, s + TEN_YEARS));
			r.lines.push(`{"counters":${toJson(r.monitor.counters)}}`);
			r.monitor.close();
			r.monitor = boot(r);
		}
	}
	return dump(r);
}

/** 18:10 to 18:20, the board off for three hours, then 21:20 to 21:35: the gap is believed after confirmation. */
function gap(): string {
	const r = rig();
	const meter = new SimMeter({ start: START, seed: 7 });
	const off = START + 10 * 60000,
		on = off + 3 * 3600000;
	while (meter.time < START + 25 * 60000 + 3 * 3600000) {
		const s = meter.time + 1000;
		if (s > off && s < on) meter.skip();
		else r.monitor.push(meter.next());
	}
	return dump(r);
}

/** A meter ten years ahead for 17 minutes leaves a checkpoint in 2036; the real meter then sets it aside. */
function futureCheckpoint(): string {
	const first = rig();
	const ahead = new SimMeter({ start: START + TEN_YEARS, seed: 7 });
	while (ahead.time < START + TEN_YEARS + 17 * 60000) first.monitor.push(ahead.next());
	first.monitor.close();
	const r = rig(first.sd, first.state);
	r.lines.unshift(...first.lines);
	const meter = new SimMeter({ start: START, seed: 7 });
	while (meter.time < START + 12 * 60000) r.monitor.push(meter.next());
	return dump(r);
}

/** The guard alone: verdicts and replays for a hand-made sequence of times. */
function verdicts(): string {
	const g = new ClockGuard();
	const r = newReading();
	const out: string[] = [];
	let last = START;
	const times = [START + 1000, START + 2000, START + DAY, START + 3000, START + 14000];
	for (let i = 0; i < 12; i++) times.push(START + 3600000 + i * 1000);
	for (const t of times) {
		r.time = t;
		r.importT1Wh = t / 1000;
		const v = g.check(r, last, -Infinity);
		const replayed: number[] = [];
		if (v === 2) {
			for (let i = 0; i < g.heldCount; i++) replayed.push(g.replay(i).importT1Wh);
			g.clear();
		}
		if (v !== 1 && t > last) last = t;
		out.push(toJson({ t, v, replayed }));
	}
	out.push(toJson(g.counters));
	return `[\n${out.join(",\n")}\n]`;
}

export const cases: XsCase[] = [
	{ name: "clock: outliers a day and ten years ahead, restart after one", run: outliers },
	{ name: "clock: a 3-hour gap confirmed and replayed", run: gap },
	{ name: "clock: a checkpoint from the future set aside", run: futureCheckpoint },
	{ name: "clock: guard verdicts", run: verdicts },
];
