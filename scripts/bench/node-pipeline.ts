// The whole pipeline on the PC host, as `npm start` runs it: SimMeter telegrams -> Monitor
// (framer, parseTelegram, QuarterEngine, History) -> FsStore on a temporary directory, with
// its fsyncs. Each FileStore is wrapped to count what reaches the disk (bytes handed to
// write(), writes, renames), per store: the SD card's /meter history and the flash state.
//
// Runs, each on a fresh directory and a fresh Monitor:
// - winter day: the 86,400 telegrams are generated first (timed: the simulator alone), then
//   pushed through the Monitor (timed: telegrams/s of parse + quarters + history); the day's
//   wall time is the sum of both;
// - the same telegrams through a Monitor over in-memory stores: the compute part alone, so the
//   share of file I/O can be read off;
// - summer day: generation and pipeline interleaved, as the PC host runs them, timed as one.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultConfig } from "../../src/core/config/schema";
import { Monitor } from "../../src/core/monitor";
import type { FileStore } from "../../src/core/ports";
import { localToUtc } from "../../src/core/time/brussels";
import { FsStore } from "../../src/hosts/node/fs-store";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../../test/helpers/memory-store";

export const DAY_TELEGRAMS = 86_400;
const SEED = 1;

/** Counts what the monitor hands to a FileStore. */
export class CountingStore implements FileStore {
	bytes = 0;
	writes = 0;
	renames = 0;
	removes = 0;
	constructor(readonly inner: FileStore) {}
	read(p: string): string | undefined {
		return this.inner.read(p);
	}
	write(p: string, text: string): void {
		this.bytes += Buffer.byteLength(text, "utf8");
		this.writes++;
		this.inner.write(p, text);
	}
	rename(from: string, to: string): void {
		this.renames++;
		this.inner.rename(from, to);
	}
	remove(p: string): void {
		this.removes++;
		this.inner.remove(p);
	}
	list(dir: string): string[] {
		return this.inner.list(dir);
	}
}

export interface DayRun {
	label: string;
	telegrams: number;
	/** ms spent generating telegrams (NaN when interleaved). */
	generateMs: number;
	/** ms in the monitor (NaN when interleaved). */
	pipelineMs: number;
	/** ms of the whole day. */
	wallMs: number;
	sd: CountingStore;
	state: CountingStore;
	quarters: number;
	checkpoints: number;
	storeErrors: number;
}

const quiet = { info() {}, warn() {} };

function openMonitor(disk: boolean): { monitor: Monitor; sd: CountingStore; state: CountingStore; cleanup(): void } {
	const config = defaultConfig();
	let cleanup = () => {};
	let sdInner: FileStore;
	let stateInner: FileStore;
	if (disk) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-bench-"));
		cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
		sdInner = new FsStore(dir);
		stateInner = new FsStore(path.join(dir, "state"));
	} else {
		sdInner = new MemoryStore();
		stateInner = new MemoryStore();
	}
	const sd = new CountingStore(sdInner);
	const state = new CountingStore(stateInner);
	const monitor = new Monitor({ sd, state, log: quiet, config: () => config, now: () => 0 });
	monitor.start();
	return { monitor, sd, state, cleanup };
}

function countQuarters(sd: CountingStore): number {
	// a quarter file is written once (then renamed into place); summaries are day/month/year.json
	const dir = sd.inner;
	let n = 0;
	const walk = (d: string): void => {
		for (const name of dir.list(d)) {
			if (name.endsWith("/")) walk(d + name);
			else if (/^\d{4}[SW]\.json$/.test(name)) n++;
		}
	};
	walk("/meter/");
	return n;
}

function finish(
	label: string,
	o: ReturnType<typeof openMonitor>,
	t: { generateMs: number; pipelineMs: number; wallMs: number },
): DayRun {
	o.monitor.close();
	const c = o.monitor.counters;
	const run: DayRun = {
		label,
		telegrams: c.telegrams,
		...t,
		sd: o.sd,
		state: o.state,
		quarters: countQuarters(o.sd),
		checkpoints: c.checkpoints,
		storeErrors: c.storeErrors,
	};
	o.cleanup();
	return run;
}

export function winterStart(): number {
	return localToUtc(2026, 1, 14, 0, 0, 0); // a Wednesday: day and night tariff, heating, no sun to speak of
}

export function summerStart(): number {
	return localToUtc(2026, 6, 17, 0, 0, 0); // a Wednesday in June: solar export at midday
}

/** Winter day, pre-generated, through the disk and then the in-memory pipeline. */
export function winterDay(): { disk: DayRun; memory: DayRun } {
	const t0 = performance.now();
	const meter = new SimMeter({ start: winterStart(), seed: SEED });
	const telegrams: Uint8Array[] = new Array(DAY_TELEGRAMS);
	for (let i = 0; i < DAY_TELEGRAMS; i++) telegrams[i] = meter.next().slice(); // next() reuses its buffer
	const generateMs = performance.now() - t0;

	const runThrough = (disk: boolean, label: string): DayRun => {
		const o = openMonitor(disk);
		const t1 = performance.now();
		for (let i = 0; i < DAY_TELEGRAMS; i++) o.monitor.push(telegrams[i]);
		o.monitor.close(); // the final checkpoint belongs to the day's cost
		const pipelineMs = performance.now() - t1;
		return finish(label, o, { generateMs, pipelineMs, wallMs: generateMs + pipelineMs });
	};
	const disk = runThrough(true, "winter day 2026-01-14, FsStore");
	const memory = runThrough(false, "winter day 2026-01-14, in memory");
	return { disk, memory };
}

/** Summer day, each telegram generated and pushed in turn, as the PC host does. */
export function summerDay(): DayRun {
	const o = openMonitor(true);
	const t0 = performance.now();
	const meter = new SimMeter({ start: summerStart(), seed: SEED });
	for (let i = 0; i < DAY_TELEGRAMS; i++) o.monitor.push(meter.next());
	o.monitor.close();
	const wallMs = performance.now() - t0;
	return finish("summer day 2026-06-17, FsStore", o, { generateMs: NaN, pipelineMs: NaN, wallMs });
}
