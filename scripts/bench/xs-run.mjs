#!/usr/bin/env node
// The XS half of `npm run bench`, in a process of its own because xsnap needs "@endo/init",
// which locks down the realm (the Node timings must not run in that state). Reads the telegram
// sets as JSON from argv[2], prints one line "XS-BENCH <json>" with a row per set and subject.
//
// Method, per subject and set, each in a fresh XS engine of its own (one subject's garbage
// never triggers a collection in another's measurement):
// - computrons: xsnap meters every delivery (`compute`). A delivery runs gc() then n telegrams;
//   per telegram = (compute(n) - compute(0)) / n, which cancels the delivery's own cost and
//   the gc() call. Deterministic: the same code on the same bytes gives the same count.
// - slots: `currentHeapCount` at the end of a delivery is the live count after that gc()
//   plus every slot allocated since, as long as no collection happens inside the batch (a
//   collection resets it to the live count). Batches are sized to stay far below the free
//   slots of xsnap's 256 Ki-slot initial heap, so per telegram = (count(n) - count(0)) / n
//   counts allocations, garbage included: what the device's ~100 KB heap would have to collect.
//   Strings and buffer bodies live in XS "chunks", which this does not count.
// - time: batches timed inside XS with performance.now() (xsnap's clock), median of 11
//   batches of about 20 ms each, after warm-up; collections inside a batch are part of it.
//   The subjects' engines take turns batch by batch (see timeAll).
// Warm-up first in all cases: the first calls intern property names and create lazily made
// objects once, which is not the per-telegram cost.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../xs/bundle.mjs";
import { makeCommandHandler, XS_HOST_SCRIPT } from "../xs/host.mjs";
import { importTool } from "../xs/tools.mjs";
import { ensureXsnapBinary } from "../xs/worker.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const GLOBAL = "__bench";
const WARMUP = 20;
const COMPUTE_BATCH = 16;
const SLOT_BUDGET = 100_000;
const TIME_BATCH_US = 20_000;
const TIME_BATCHES = 11;

const median = (values) => {
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const DRIVER = `
globalThis.__batch = (n) => { gc(); ${GLOBAL}.run(n); };
globalThis.__report = (f) => {
	let out;
	try { out = { ok: f() }; } catch (e) { out = { error: String(e && e.message ? e.message : e) }; }
	__xsHost.send("result", JSON.stringify(out));
};
`;

/** A fresh XS engine holding the bench bundle, prepared for subject k on `telegrams`. */
async function open(script, k, telegrams) {
	const { startWorker } = await import("../xs/worker.mjs");
	let last;
	const worker = await startWorker({
		name: `bench-${k}`,
		onCommand: makeCommandHandler({ root: ROOT, onResult: (p) => (last = JSON.parse(new TextDecoder().decode(p))) }),
	});
	const call = async (code) => {
		last = undefined;
		await worker.evaluate(`__report(() => ${code})`);
		if (last.error) throw new Error(last.error);
		return last.ok;
	};
	const meter = async (n) => (await worker.evaluate(`__batch(${n})`)).meterUsage;
	const close = () => worker.close().catch(() => worker.terminate());
	try {
		await worker.evaluate(XS_HOST_SCRIPT);
		await worker.evaluate(`${script}\nglobalThis.${GLOBAL} = ${GLOBAL};`);
		await worker.evaluate(DRIVER);
		const list = telegrams.map((t) => `new Uint8Array([${Array.from(t).join(",")}])`).join(",");
		const check = await call(`${GLOBAL}.prepare(${k}, [${list}])`);
		await call(`${GLOBAL}.run(${WARMUP})`);
		await call(`${GLOBAL}.run(${WARMUP})`);
		return { call, meter, close, check };
	} catch (e) {
		await close();
		throw e;
	}
}

/** Computrons and slots per telegram: deterministic, so measured once per subject. */
async function meterUsage({ meter, check }) {
	const base = await meter(0);
	const full = await meter(COMPUTE_BATCH);
	const again = await meter(COMPUTE_BATCH);
	const computrons = (full.compute - base.compute) / COMPUTE_BATCH;
	const deterministic = full.compute === again.compute;

	const one = (await meter(1)).currentHeapCount - (await meter(0)).currentHeapCount;
	const slotBatch = Math.max(1, Math.min(64, Math.floor(SLOT_BUDGET / Math.max(1, one))));
	const heap0 = (await meter(0)).currentHeapCount;
	const heapN = (await meter(slotBatch)).currentHeapCount;
	return { check, computrons, deterministic, slots: (heapN - heap0) / slotBatch, slotBatch };
}

/**
 * Microseconds per telegram, the median of TIME_BATCHES batches. The engines of a set take
 * turns batch by batch, so a burst of load elsewhere on the machine hits every subject alike.
 */
async function timeAll(engines) {
	const sizes = [];
	for (const engine of engines) {
		const [probe] = await engine.call(`${GLOBAL}.time(5, 1)`);
		sizes.push(Math.max(5, Math.min(5000, Math.round(TIME_BATCH_US / Math.max(probe, 1)))));
	}
	const batches = engines.map(() => []);
	for (let b = 0; b < TIME_BATCHES; b++) {
		for (let i = 0; i < engines.length; i++)
			batches[i].push(...(await engines[i].call(`${GLOBAL}.time(${sizes[i]}, 1)`)));
	}
	return batches.map((values, i) => ({ us: median(values), timeBatch: sizes[i] }));
}

async function main() {
	const sets = JSON.parse(process.argv[2]);
	ensureXsnapBinary((line) => console.error(line));
	const script = await bundleForXs({
		entry: path.join(HERE, "xs-entry.ts"),
		globalName: GLOBAL,
		inject: [path.join(HERE, "xs-shims.mjs")],
	});
	// Names straight from the bundle, before lockdown, so the order matches the Node side.
	const names = new Function(`${script}\nreturn ${GLOBAL}.subjects.map((s) => s.name);`)();
	await importTool("@endo/init");
	const rows = [];
	for (const set of sets) {
		const telegrams = set.files.map((file) => new Uint8Array(readFileSync(file)));
		const opened = [];
		for (let k = 0; k < names.length; k++) {
			const row = { set: set.title, subject: names[k] };
			rows.push(row);
			try {
				const engine = await open(script, k, telegrams);
				opened.push({ row, engine });
				Object.assign(row, await meterUsage(engine));
			} catch (e) {
				row.error = String(e?.message ? e.message : e);
			}
		}
		try {
			const times = await timeAll(opened.map((o) => o.engine));
			opened.forEach((o, i) => Object.assign(o.row, times[i]));
		} finally {
			for (const o of opened) await o.engine.close();
		}
	}
	console.log(`XS-BENCH ${JSON.stringify(rows)}`);
}

main().catch((e) => {
	console.error(e?.stack ? e.stack : e);
	process.exitCode = 1;
});
