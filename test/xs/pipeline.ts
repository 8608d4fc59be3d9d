// XS conformance for the whole core pipeline: simulated meter telegrams, cut into uneven chunks
// as a UART delivers them, pushed into a Monitor (framer -> parseTelegram -> QuarterEngine ->
// History) over two in-memory FileStores. Every file both stores end with, and the monitor's
// status and counters, must be byte-identical in Node and XS.

import { defaultConfig } from "../../src/core/config/schema";
import { Monitor } from "../../src/core/monitor";
import type { Log } from "../../src/core/ports";
import { localToUtc } from "../../src/core/time/brussels";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../helpers/memory-store";
import type { XsCase } from "./support/case";
import { toJson } from "./support/json";

interface Rig {
	sd: MemoryStore;
	state: MemoryStore;
	log: Log;
	lines: string[];
	monitor: Monitor;
	seed: number;
}

function boot(rig: Omit<Rig, "monitor">): Monitor {
	const config = defaultConfig();
	const monitor = new Monitor({ sd: rig.sd, state: rig.state, log: rig.log, config: () => config, now: () => 0 });
	rig.lines.push(`{"recovery":${toJson(monitor.start())}}`);
	return monitor;
}

function rig(): Rig {
	const lines: string[] = [];
	const log: Log = {
		info: (m) => lines.push(`{"info":${toJson(m)}}`),
		warn: (m) => lines.push(`{"warn":${toJson(m)}}`),
	};
	const base = { sd: new MemoryStore(), state: new MemoryStore(), log, lines, seed: 0x5eed };
	return { ...base, monitor: boot(base) };
}

/** Telegrams up to and including `until` (UTC ms), in chunks of 1..400 bytes from a fixed LCG. */
function push(r: Rig, meter: SimMeter, until: number): void {
	let seed = r.seed;
	while (meter.time < until) {
		const t = meter.next();
		for (let at = 0; at < t.length; ) {
			seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
			const end = Math.min(t.length, at + 1 + ((seed >>> 8) % 400));
			r.monitor.push(t.subarray(at, end));
			at = end;
		}
	}
	r.seed = seed;
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
		out.push(
			`{"${name}":{"writes":${store.writes},"written":${store.written},"renames":${store.renames},"removes":${store.removes}}}`,
		);
	}
	return `[\n${out.join(",\n")}\n]`;
}

/** 2026-10-25 01:55 CEST to 03:05 CET (2 h 10 min, the 02:xx hour twice), with a restart at 02:20 CET. */
function autumn(): string {
	const r = rig();
	const meter = new SimMeter({ start: localToUtc(2026, 10, 25, 1, 55, 0, true), seed: 11 });
	push(r, meter, localToUtc(2026, 10, 25, 2, 20, 0, false));
	r.monitor.close(); // a clean stop and a restart: the open quarter resumes from the checkpoint
	r.lines.push(`{"restart":${meter.time}}`);
	r.monitor = boot(r);
	push(r, meter, localToUtc(2026, 10, 25, 3, 5, 0, false));
	return dump(r);
}

/** 2026-10-31 23:20 to 2026-11-01 00:40 local: month (and capacity-tariff month) rollover. */
function monthEnd(): string {
	const r = rig();
	const meter = new SimMeter({ start: localToUtc(2026, 10, 31, 23, 20, 0), seed: 23, household: { pvKwp: 0 } });
	push(r, meter, localToUtc(2026, 11, 1, 0, 40, 0));
	return dump(r);
}

export const cases: XsCase[] = [
	{ name: "pipeline: SimMeter -> Monitor over the autumn DST change 2026-10-25, restart", run: autumn },
	{ name: "pipeline: SimMeter -> Monitor over the month end 2026-10-31", run: monthEnd },
];
