#!/usr/bin/env node
// The XS rows of the pipeline bench: parse + quarters (Framer -> parseTelegram ->
// QuarterEngine.update) in xsnap, on a simulated winter day. A process of its own for the same
// reason as xs-run.mjs ("@endo/init" locks the realm down). argv[2]: JSON {start, seed}.
// Prints one line "XS-PIPELINE <json>".
//
// The day's 86,400 telegrams are generated here in Node, before lockdown, by the same bundle
// (SimMeter), and handed to XS one simulated hour at a time through issueCommand, so the XS
// heap holds only what parse + quarters keep (the simulator's own state is not in it).
//
// Method:
// - per telegram, steady state (engine 1): a block of one hour is loaded as ready-made views;
//   after a warm-up of 100 telegrams, a delivery runs gc() then n telegrams; per telegram =
//   (meter(n) - meter(0)) / n for computrons and for currentHeapCount (slots allocated since
//   the gc, garbage included; no collection happens in so small a batch). Measured over 600
//   telegrams inside one quarter (a typical second) and over 900 (one quarter, including
//   building and emitting its record).
// - heap over the day (engine 2): one delivery per simulated hour: fetch the hour, push each
//   telegram through a view, drop the block, gc(). `currentHeapCount` at the end of that
//   delivery is the live slot count after the collection; it is sampled after every hour.
//   `allocate` is xsnap's `the->allocatedSpace` (xsnapPlatform.c adjustSpaceMeter): the bytes
//   XS has obtained from the system for its slot heaps and chunk arenas, cumulative and never
//   decreased on free. It is therefore not a per-object allocation count but heap growth:
//   it stays constant while the engine lives within the heap it has.
// - time: performance.now() around each hour inside XS (the block fetch excluded).

import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs, evaluateInNode } from "../xs/bundle.mjs";
import { importTool } from "../xs/tools.mjs";
import { ensureXsnapBinary } from "../xs/worker.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GLOBAL = "__pipeBench";
const PER_BLOCK = 3600;
const DAY = 86_400;
const STEADY_HOUR = 7; // 07:00-08:00: day tariff starts, morning load
const WARMUP = 100;

const decoder = new TextDecoder();

const DRIVER = `
globalThis.${GLOBAL} = ${GLOBAL};
globalThis.__pipe = new ${GLOBAL}.Pipe(__QUARTERS);
const __enc = new TextEncoder();
const __fetch = (k) => {
	const b = __enc.encode("block\\n" + k);
	return issueCommand(b.buffer);
};
globalThis.__load = (k) => __pipe.load(__fetch(k));
globalThis.__batch = (n) => { gc(); __pipe.run(n); };
// Fixed-size: a growing array would itself add a slot an hour to the heap being watched.
globalThis.__ms = new Float64Array(32);
globalThis.__hours = 0;
const __feed = (k) => {
	const buf = __fetch(k);
	const t0 = performance.now();
	__pipe.block(buf);
	__ms[__hours++] = performance.now() - t0;
};
globalThis.__hour = (k) => { __feed(k); gc(); };
globalThis.__send = (text) => { const b = __enc.encode("result\\n" + text); issueCommand(b.buffer); };
`;

async function open(script, blocks, name, quarters = true) {
	const { startWorker } = await import("../xs/worker.mjs");
	let last;
	const worker = await startWorker({
		name,
		onCommand: (message) => {
			const text = decoder.decode(message.subarray(0, Math.min(message.length, 64)));
			const nl = text.indexOf("\n");
			const kind = text.slice(0, nl);
			if (kind === "block") return blocks[Number(text.slice(nl + 1))];
			if (kind === "result") {
				last = decoder.decode(message.subarray(nl + 1));
				return new Uint8Array(0);
			}
			throw new Error(`unknown command ${kind}`);
		},
	});
	await worker.evaluate(`${script}\nconst __QUARTERS = ${quarters};\n${DRIVER}`);
	const meter = async (code) => (await worker.evaluate(code)).meterUsage;
	const ask = async (expr) => {
		last = undefined;
		await worker.evaluate(`__send(JSON.stringify(${expr}))`);
		return JSON.parse(last);
	};
	const close = () => worker.close().catch(() => worker.terminate());
	return { meter, ask, close };
}

async function steady(script, blocks, quarters) {
	const e = await open(script, blocks, `pipeline-steady-${quarters}`, quarters);
	try {
		await e.meter(`__load(${STEADY_HOUR})`);
		await e.meter(`__pipe.run(${WARMUP})`);
		// telegram index i of the hour is stamped (STEADY_HOUR * 3600 + i + 1) s after midnight:
		// the quarter closes at i = 899, 1799, ...; 100..699 stays inside one quarter.
		const b0 = await e.meter(`__batch(0)`);
		const b1 = await e.meter(`__batch(600)`);
		const q0 = await e.meter(`__batch(0)`);
		const q1 = await e.meter(`__batch(900)`); // 700..1599: one close
		const again0 = await e.meter(`__batch(0)`);
		const again1 = await e.meter(`__batch(600)`); // 1600..2199, no close
		const state = await e.ask(`__pipe.state()`);
		return {
			second: { computrons: (b1.compute - b0.compute) / 600, slots: (b1.currentHeapCount - b0.currentHeapCount) / 600 },
			quarter: {
				computrons: (q1.compute - q0.compute) / 900,
				slots: (q1.currentHeapCount - q0.currentHeapCount) / 900,
			},
			deterministic: (again1.compute - again0.compute) / 600,
			quartersClosed: state.quarters,
		};
	} finally {
		await e.close();
	}
}

async function day(script, blocks) {
	const e = await open(script, blocks, "pipeline-day");
	try {
		// Every xsnap delivery keeps one slot of its own (seen with deliveries of a bare gc()):
		// measured here so the day's samples can be read net of the harness.
		const h0 = (await e.meter(`gc()`)).currentHeapCount;
		for (let i = 0; i < 3; i++) await e.meter(`gc()`);
		const perDelivery = ((await e.meter(`gc()`)).currentHeapCount - h0) / 4;
		const base = await e.meter(`gc()`);
		const samples = [];
		for (let k = 0; k < blocks.length; k++) {
			const m = await e.meter(`__hour(${k})`);
			samples.push({ hour: k + 1, heap: m.currentHeapCount, allocate: m.allocate, compute: m.compute });
		}
		const ms = await e.ask(`Array.from(__ms.subarray(0, __hours))`);
		const state = await e.ask(`__pipe.state()`);
		return { base: { heap: base.currentHeapCount, allocate: base.allocate }, perDelivery, samples, ms, state };
	} finally {
		await e.close();
	}
}

async function main() {
	const { start, seed } = JSON.parse(process.argv[2]);
	ensureXsnapBinary((line) => console.error(line));
	const script = await bundleForXs({ entry: path.join(HERE, "xs-pipeline-entry.ts"), globalName: GLOBAL });
	const t0 = performance.now();
	const blocks = evaluateInNode(script, GLOBAL).generateBlocks(start, seed, DAY, PER_BLOCK);
	const generateMs = performance.now() - t0;
	await importTool("@endo/init");
	const s = await steady(script, blocks, true);
	const parseOnly = await steady(script, blocks, false);
	const d = await day(script, blocks);
	const bytes = blocks.reduce((n, b) => n + b.length - 4 * (new Uint32Array(b.buffer, 0, 1)[0] + 2), 0);
	console.log(`XS-PIPELINE ${JSON.stringify({ generateMs, telegrams: DAY, bytes, steady: s, parseOnly, day: d })}`);
}

main().catch((e) => {
	console.error(e?.stack ? e.stack : e);
	process.exitCode = 1;
});
