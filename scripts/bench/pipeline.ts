// The pipeline rows of `npm run bench` (issue 4), printed after the parser table:
// - Node, PC host: telegrams/s of the whole pipeline (parse + quarters + history on FsStore),
//   the wall time of a simulated day (86,400 telegrams) including their generation, and the
//   bytes written per simulated day per store (node-pipeline.ts);
// - XS: computrons and allocated slots per telegram of parse + quarters, and the live heap
//   after gc() sampled every simulated hour over a day (xs-pipeline.mjs, in a child process).
// Figures and goals side by side; nothing fails the run.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DAY_TELEGRAMS, type DayRun, summerDay, winterDay, winterStart } from "./node-pipeline";
import { group, renderTable } from "./table";

export interface PipelineSection {
	title: string;
	run(): Promise<string[]> | string[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOAL_DAY_S = 30;
/** sizeof(txSlot): 32 B in xsnap's 64-bit build, 16 B on the ESP32 (32-bit pointers). */
const SLOT_BYTES = { xsnap: 32, esp32: 16 } as const;

const met = (ok: boolean) => (ok ? "met" : "NOT met");
const kb = (bytes: number) => `${group(bytes / 1024, 1)} KiB`;

function nodeSection(): string[] {
	const { disk, memory } = winterDay();
	const summer = summerDay();
	const rate = (r: DayRun) => (r.telegrams * 1000) / r.pipelineMs;
	const genRate = (DAY_TELEGRAMS * 1000) / disk.generateMs;
	const rows = [
		["simulator alone (SimMeter.next, copied)", group(genRate), group(disk.generateMs / 1000, 1), "-", "-"],
		["parse + quarters + history, in memory", group(rate(memory)), group(memory.pipelineMs / 1000, 1), "-", "-"],
		["parse + quarters + history, FsStore", group(rate(disk)), group(disk.pipelineMs / 1000, 1), "-", "-"],
		[
			"winter day: simulator + pipeline on FsStore",
			group((DAY_TELEGRAMS * 1000) / disk.wallMs),
			group(disk.wallMs / 1000, 1),
			`<= ${GOAL_DAY_S} s`,
			met(disk.wallMs <= GOAL_DAY_S * 1000),
		],
		[
			"summer day: simulator + pipeline on FsStore",
			group((DAY_TELEGRAMS * 1000) / summer.wallMs),
			group(summer.wallMs / 1000, 1),
			`<= ${GOAL_DAY_S} s`,
			met(summer.wallMs <= GOAL_DAY_S * 1000),
		],
	];
	const io = (r: DayRun, label: string) => [
		[
			`${label}: SD /meter history`,
			group(r.sd.bytes),
			kb(r.sd.bytes),
			group(r.sd.writes),
			group(r.sd.renames),
			group(r.sd.bytes / Math.max(1, r.sd.writes)),
		],
		[
			`${label}: flash state`,
			group(r.state.bytes),
			kb(r.state.bytes),
			group(r.state.writes),
			group(r.state.renames),
			group(r.state.bytes / Math.max(1, r.state.writes)),
		],
	];
	const notes = [disk, summer].map(
		(r) =>
			`  ${r.label}: ${group(r.telegrams)} telegrams, ${r.quarters} quarter files, ${r.checkpoints} checkpoints, ${r.storeErrors} store errors`,
	);
	return [
		renderTable(["Node, PC host (86,400 telegrams a day)", "tel/s", "s", "goal", ""], rows, 1),
		"",
		renderTable(
			["bytes written per simulated day", "bytes", "", "writes", "renames", "B/write"],
			[...io(disk, "winter day"), ...io(summer, "summer day")],
			1,
		),
		...notes,
		"  bytes: UTF-8 bytes handed to FileStore.write() (each atomic write is a temporary file plus a rename); FsStore fsyncs every file and directory entry.",
	];
}

interface XsSteady {
	second: { computrons: number; slots: number };
	quarter: { computrons: number; slots: number };
	deterministic: number;
}

interface XsPipeline {
	generateMs: number;
	telegrams: number;
	bytes: number;
	steady: XsSteady;
	parseOnly: XsSteady;
	day: {
		base: { heap: number; allocate: number };
		perDelivery: number;
		samples: { hour: number; heap: number; allocate: number; compute: number }[];
		ms: number[];
		state: string;
	};
}

function xsSection(): string[] {
	const child = spawnSync(
		process.execPath,
		[path.join(HERE, "xs-pipeline.mjs"), JSON.stringify({ start: winterStart(), seed: 1 })],
		{
			encoding: "utf8",
			maxBuffer: 64 * 1024 * 1024,
			stdio: ["ignore", "pipe", "inherit"],
		},
	);
	const line = child.stdout.split("\n").find((l) => l.startsWith("XS-PIPELINE "));
	if (!line) return [`XS: xs-pipeline.mjs exited with ${child.status} and no figures`];
	const x = JSON.parse(line.slice("XS-PIPELINE ".length)) as XsPipeline;
	const row = (label: string, v: { computrons: number; slots: number }) => [
		label,
		group(v.computrons),
		group(v.slots, 2),
		group(v.slots * SLOT_BYTES.xsnap, 1),
		group(v.slots * SLOT_BYTES.esp32, 1),
	];
	const quartersOnly = {
		computrons: x.steady.second.computrons - x.parseOnly.second.computrons,
		slots: x.steady.second.slots - x.parseOnly.second.slots,
	};
	const close = {
		computrons: (x.steady.quarter.computrons - x.steady.second.computrons) * 900,
		slots: (x.steady.quarter.slots - x.steady.second.slots) * 900,
	};
	const table = renderTable(
		["XS (xsnap), winter day 2026-01-14", "computrons/tel", "slots/tel", "B/tel xsnap", "B/tel ESP32"],
		[
			row("framer + parse + quarters, a second inside a quarter", x.steady.second),
			row("framer + parse + quarters, over a quarter (one close)", x.steady.quarter),
			row("framer + parse alone, a second inside a quarter", x.parseOnly.second),
			row("quarters alone (difference)", quartersOnly),
			row("one quarter close (record built and emitted), per quarter", close),
		],
		1,
	);
	const samples = x.day.samples;
	const raw = samples.map((s) => s.heap);
	// net of the slot each xsnap delivery keeps (one delivery per hour)
	const heaps = raw.map((h, i) => h - x.day.perDelivery * i);
	const first = heaps[0];
	const last = heaps[heaps.length - 1];
	const max = Math.max(...heaps);
	const growth = last - first;
	const allocGrowth = samples[samples.length - 1].allocate - samples[0].allocate;
	const hourMs = [...x.day.ms].sort((a, b) => a - b)[x.day.ms.length >> 1];
	const dayCompute = samples.reduce((n, s) => n + s.compute, 0) / x.telegrams;
	const flat = growth <= 0 && max === first;
	const state = JSON.parse(x.day.state) as { quarters: number; peaks: number; frames: number };
	return [
		table,
		`  same code twice: ${group(x.steady.second.computrons)} and ${group(x.steady.deterministic)} computrons/tel (different telegrams of the same hour)`,
		`  slots: allocated per telegram after gc(), garbage included (x ${SLOT_BYTES.xsnap} B in 64-bit xsnap, x ${SLOT_BYTES.esp32} B on the ESP32); strings and buffer bodies live in chunks, which xsnap does not report per allocation.`,
		`  xsnap "allocate" = the->allocatedSpace (xsnapPlatform.c adjustSpaceMeter): bytes of slot heaps and chunk arenas XS obtained from the system, cumulative, never lowered by a free; heap growth, not allocations per telegram.`,
		"",
		`XS heap over the simulated day (${group(x.telegrams)} telegrams, ${group(x.bytes / x.telegrams)} B each, pushed one by one; gc() then currentHeapCount after every simulated hour):`,
		`  live slots: before the first telegram ${group(x.day.base.heap)}, after hour 1 ${group(first)}, after hour 24 ${group(last)}, max ${group(max)}; growth hour 1 -> 24: ${growth} slots (${growth * SLOT_BYTES.xsnap} B xsnap, ${growth * SLOT_BYTES.esp32} B ESP32)`,
		`  hourly, raw: ${raw.join(" ")}`,
		`  the xsnap harness itself keeps ${x.day.perDelivery} slot(s) per delivery (measured with deliveries of a bare gc()); figures above are net of it: ${heaps.join(" ")}`,
		`  xsnap allocate: ${group(x.day.base.allocate)} B before, ${group(samples[0].allocate)} B after hour 1, ${group(samples[samples.length - 1].allocate)} B after hour 24 (grew ${group(allocGrowth)} B over hours 2-24)`,
		`  day: ${state.frames} frames, ${state.quarters} quarters closed, ${state.peaks} month-peak events; ${group(dayCompute)} computrons/tel over the whole day (per-hour views included); median hour ${group(hourMs)} ms in XS = ${group((hourMs * 1000) / 3600)} us/tel`,
		`  goal "a heap that stays flat over a simulated day": ${met(flat)}`,
	];
}

export const pipelineSections: PipelineSection[] = [
	{ title: "Pipeline bench, Node (issue 4): simulated Fluvius household, seed 1", run: nodeSection },
	{ title: "Pipeline bench, XS (issue 4): parse + quarters in xsnap", run: xsSection },
];
