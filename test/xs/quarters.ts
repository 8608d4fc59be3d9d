// XS conformance for src/core/quarters: readings made the way the parser hands them over (one
// reused Reading from newReading(), filled by the fake meter of the quarter tests) drive a
// QuarterEngine over both DST days of 2026 and a month end with gaps, duplicates, telegrams out
// of order, a meter clock set back and checkpoint/restore round trips through JSON text. The
// jest tests say what the values must be; this proves the device's engine computes the same
// records, status and checkpoints byte for byte (float formatting, Math, Date-free local time).

import { csvRow } from "../../src/core/api/export-csv";
import type { Reading } from "../../src/core/dsmr/reading";
import { mergeQuarter, newDay } from "../../src/core/history/summaries";
import type { QuarterEngineOptions } from "../../src/core/quarters/engine";
import { QuarterEngine } from "../../src/core/quarters/engine";
import { FakeMeter, local, Q, T2_WH } from "../quarters/helpers";
import type { Fed, Scenario } from "../quarters/v1-checkpoint";
import { cutOf, fed, power, SCENARIOS, v1Checkpoint } from "../quarters/v1-checkpoint";
import type { XsCase } from "./support/case";
import { toJson } from "./support/json";

/** A household load in W for the second ending at `t`: base load, a kettle, a heat pump cycle, solar export around noon. */
function load(t: number): { importW: number; exportW: number } {
	const s = Math.floor(t / 1000);
	const inHour = s % 3600;
	let w = 180 + (s % 7) * 13 + (s % 11) * 3; // base with a little noise
	if (inHour >= 600 && inHour < 780) w += 2100; // kettle / cooking
	if (s % 5400 < 1500) w += 1350 + ((s >> 4) % 5) * 37; // heat pump
	const day = s % 86400;
	const sun = day > 36000 && day < 57600 ? Math.round(2600 * Math.sin(((day - 36000) / 21600) * Math.PI)) : 0;
	const net = w - sun;
	return net >= 0 ? { importW: net, exportW: 0 } : { importW: 0, exportW: -net };
}

interface Run {
	engine: QuarterEngine;
	lines: string[];
}

function engineFor(lines: string[], options: QuarterEngineOptions = {}): QuarterEngine {
	return new QuarterEngine({
		...options,
		onQuarterClosed: (record) => lines.push(`{"closed":${toJson(record)}}`),
		onMonthPeak: (peak) => lines.push(`{"peak":${toJson(peak)}}`),
	});
}

function start(options: QuarterEngineOptions = {}): Run {
	const lines: string[] = [];
	return { engine: engineFor(lines, options), lines };
}

/** One telegram per second from `meter.t` up to and including `until`. */
function feed(run: Run, meter: FakeMeter, until: number, each?: (r: Reading, n: number) => void): void {
	let n = 0;
	while (meter.t < until) {
		const p = load(meter.t + 1000);
		const r = meter.tick(p.importW, p.exportW);
		run.engine.update(r);
		if (each) each(r, n);
		n++;
	}
}

/** The checkpoint as the History stores it (JSON text), restored into a fresh engine: a restart. */
function restart(run: Run, options: QuarterEngineOptions = {}): void {
	const text = JSON.stringify(run.engine.checkpoint());
	run.lines.push(`{"checkpoint":${text}}`);
	run.engine = engineFor(run.lines, options);
	run.engine.restore(JSON.parse(text));
}

function finish(run: Run): string {
	run.lines.push(`{"status":${toJson(run.engine.status())}}`);
	run.lines.push(`{"current":${toJson(run.engine.current() ?? null)}}`);
	run.lines.push(`{"monthPeaks":${toJson(run.engine.monthPeaks())}}`);
	run.lines.push(`{"checkpoint":${JSON.stringify(run.engine.checkpoint())}}`);
	return `[\n${run.lines.join(",\n")}\n]`;
}

/** A whole local day, one telegram a second, a status every 97 minutes. */
function wholeDay(y: number, mo: number, d: number, options: QuarterEngineOptions): string {
	const run = start(options);
	const from = local(y, mo, d);
	const to = local(y, mo, d + 1);
	const meter = new FakeMeter(from - 1000);
	feed(run, meter, to, (_r, n) => {
		if (n % 5820 === 4321) run.lines.push(`{"status":${toJson(run.engine.status())}}`);
	});
	run.lines.push(`{"telegrams":${Math.round((to - from) / 1000)}}`);
	return finish(run);
}

/**
 * 30 June 2026 21:00 to 1 July 03:00 local: duplicates and out-of-order telegrams, the meter's
 * 1.6.0 and 98.1.0 (a new month rolled in at midnight), a 40-minute gap over midnight, three
 * restarts from a checkpoint (one mid-quarter, one right after the gap, one just before a
 * boundary), and the meter clock set back by 10 minutes.
 */
function monthEnd(): string {
	const options: QuarterEngineOptions = { area: "limburg", eurPerKwYear: 49.87 };
	const run = start(options);
	const meter = new FakeMeter(local(2026, 6, 30, 21) - 1000, 8123456, 2345678);
	meter.monthPeakW = 4312;
	meter.monthPeakTime = local(2026, 6, 12, 19, 45);
	const r0 = meter.reading;
	const june = {
		period: local(2026, 7, 1),
		periodRaw: "260701000000S",
		time: local(2026, 6, 12, 19, 45),
		timeRaw: "260612194500S",
		w: 4312,
	};
	const may = {
		period: local(2026, 6, 1),
		periodRaw: "260601000000S",
		time: local(2026, 5, 3, 8, 15),
		timeRaw: "260503081500S",
		w: 3870,
	};
	const april = {
		period: local(2026, 5, 1),
		periodRaw: "260501000000S",
		time: local(2026, 4, 22, 18, 0),
		timeRaw: "260422180000S",
		w: 2204,
	};
	Object.assign(r0.history[0], may);
	Object.assign(r0.history[1], april);
	r0.historyCount = 2;

	const quirks = (r: Reading, n: number) => {
		if (n % 97 === 13) run.engine.update(r); // the same telegram twice
		if (n % 463 === 200) {
			const t = r.time;
			r.time = t - 3000; // a late telegram
			run.engine.update(r);
			r.time = t;
		}
		if (n % 1800 === 1799) run.lines.push(`{"status":${toJson(run.engine.status())}}`);
	};
	feed(run, meter, local(2026, 6, 30, 22, 7, 31), quirks);
	restart(run, options); // mid-quarter
	feed(run, meter, local(2026, 6, 30, 23, 40), quirks);
	meter.skip(2400, 900); // unplugged 23:40 -> 00:20, the grid still delivers 900 W
	// the new month: 1.6.0 restarts empty, 98.1.0 gains June
	meter.monthPeakW = NaN;
	meter.monthPeakTime = NaN;
	Object.assign(r0.history[0], june);
	Object.assign(r0.history[1], may);
	Object.assign(r0.history[2], april);
	r0.historyCount = 3;
	feed(run, meter, local(2026, 7, 1, 0, 20, 4), quirks);
	restart(run, options); // right after the gap
	meter.monthPeakW = 1876;
	meter.monthPeakTime = local(2026, 7, 1, 0, 45);
	feed(run, meter, local(2026, 7, 1, 1, 29, 59), quirks);
	restart(run, options); // one second before a boundary
	feed(run, meter, local(2026, 7, 1, 1, 50), quirks);
	meter.t -= 600000; // the meter's clock set back 10 minutes (registers keep counting)
	feed(run, meter, local(2026, 7, 1, 3), quirks);
	return finish(run);
}

/** A format 1 checkpoint (written by hand from the telegrams) restored, then run on with two format 2 restarts. */
function formatOne(scenario: Scenario): string {
	const run = start();
	const START = scenario.start;
	const meter = new FakeMeter(START - 1000, 7000000, 200000);
	meter.monthPeakW = 3120;
	meter.monthPeakTime = START - 9 * Q; // earlier that day
	const telegrams: Fed[] = [];
	while (meter.t < cutOf(scenario)) telegrams.push(fed(meter.tick(power(meter.t + 1000), 120)));
	const v1 = JSON.stringify(v1Checkpoint(telegrams, scenario));
	run.lines.push(`{"v1":${v1}}`);
	run.lines.push(`{"restored":${run.engine.restore(JSON.parse(v1))}}`);
	const until = (t: number) => {
		while (meter.t < t) run.engine.update(meter.tick(power(meter.t + 1000), 120));
	};
	until(START + Q + 600000);
	restart(run);
	until(START + 2 * Q + 60000);
	restart(run);
	until(START + 3 * Q + 2000);
	return finish(run);
}

/**
 * The evening the tariff switches to night (22:00 and, as a second switch, 22:37:30 back to day),
 * with a restart in the quarter that switches and a gap around 22:15: the records' per-tariff
 * registers, the day summary built from them and their CSV rows in both formats.
 */
function tariffSwitch(): string {
	const run = start();
	const meter = new FakeMeter(local(2026, 11, 3, 21, 30) - 1000, 6000000, 300000);
	let nightWs = 0;
	let nightBackWs = 0;
	const day = newDay(2026, 11, 3);
	const rows: string[] = [];
	const until = (t: number, skipFrom = Infinity, skipTo = -Infinity) => {
		while (meter.t < t) {
			const p = load(meter.t + 1000);
			const night = meter.t >= local(2026, 11, 3, 22, 0) && meter.t < local(2026, 11, 3, 22, 37, 30);
			const r = meter.tick(p.importW, p.exportW);
			if (night) {
				nightWs += p.importW;
				nightBackWs += p.exportW;
			}
			// the fake meter books everything on tariff 1 above a constant T2: move the night's share over
			r.importT2Wh = T2_WH + Math.floor(nightWs / 3600);
			r.importT1Wh = meter.importWh - r.importT2Wh;
			r.exportT2Wh = Math.floor(nightBackWs / 3600);
			r.exportT1Wh = Math.floor(meter.exportWs / 3600) - r.exportT2Wh;
			r.tariff = night ? 2 : 1;
			if (!(meter.t >= skipFrom && meter.t < skipTo)) run.engine.update(r);
		}
	};
	until(local(2026, 11, 3, 21, 52));
	restart(run);
	until(local(2026, 11, 3, 22, 50), local(2026, 11, 3, 22, 14, 57), local(2026, 11, 3, 22, 15, 3));
	restart(run);
	until(local(2026, 11, 3, 23, 0, 1));
	for (const line of run.lines) {
		if (!line.startsWith('{"closed":')) continue;
		const record = JSON.parse(line.slice(10, -1));
		mergeQuarter(day, record);
		rows.push(csvRow(record, record.quarter_id, { separator: ";", decimal: "," }));
		rows.push(csvRow(record, record.quarter_id, { separator: ",", decimal: "." }));
	}
	run.lines.push(`{"day":${toJson(day)}}`, `{"csv":${JSON.stringify(rows)}}`);
	return finish(run);
}

export const cases: XsCase[] = [
	{ name: "quarters: spring DST day 2026-03-29 (92 quarters)", run: () => wholeDay(2026, 3, 29, {}) },
	{
		name: "quarters: autumn DST day 2026-10-25 (100 quarters)",
		run: () => wholeDay(2026, 10, 25, { targetW: 3000, area: "imewo" }),
	},
	{ name: "quarters: month end 2026-06-30 with gaps, duplicates, clock back, restarts", run: monthEnd },
	...SCENARIOS.map((s) => ({
		name: "quarters: a format 1 checkpoint restored, then format 2 restarts: " + s.name,
		run: () => formatOne(s),
	})),
	{
		name: "quarters: per-tariff registers over a tariff switch, with restarts, a gap, the day summary and the CSV",
		run: tariffSwitch,
	},
];
