#!/usr/bin/env node
// The XS rows of the API bench: what answering one request costs the device's engine, per route.
// A process of its own for the same reason as xs-run.mjs ("@endo/init" locks the realm down).
// argv[2]: JSON {dataDir, targets, live}. Prints one line "XS-API <json>".
//
// The PC host's data directory after the simulated day (config.json, /meter, state/) is read
// here, the telegrams that follow it are made in Node by the same bundle (SimMeter), and all of
// it is handed to one XS engine, which rebuilds the monitor from it (xs-api-entry.ts).
//
// Method, per route, in that one engine (routes measured one after the other):
// - a probe request (its status is reported: a route not served yet answers 404), then a
//   warm-up of WARMUP requests: the first answers intern property names and make lazily
//   created objects once;
// - computrons: a delivery runs gc() then n requests; per request = (compute(n) - compute(0)) / n,
//   which cancels the delivery's own cost; measured twice to see it is deterministic;
// - slots: currentHeapCount at the end of such a delivery is the live count after its gc() plus
//   every slot allocated since (no collection happens in so small a batch, sized from the cost
//   of one request), so per request = (count(n) - count(0)) / n: allocations, garbage included.
//   Strings (response bodies among them) live in XS chunks, which this does not count.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs, evaluateInNode } from "../xs/bundle.mjs";
import { importTool } from "../xs/tools.mjs";
import { ensureXsnapBinary } from "../xs/worker.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GLOBAL = "__apiBench";
const WARMUP = 4;
const COMPUTE_BATCH = 8;
const SLOT_BUDGET = 100_000;

const decoder = new TextDecoder();

/** Every file below `dir` as "/relative/path" -> text, leaving out the directories in `skip`. */
function readTree(dir, skip = []) {
	const files = {};
	const walk = (d) => {
		for (const name of readdirSync(d)) {
			const p = path.join(d, name);
			if (statSync(p).isDirectory()) {
				if (!skip.includes(p)) walk(p);
			} else files[`/${path.relative(dir, p).split(path.sep).join("/")}`] = readFileSync(p, "utf8");
		}
	};
	walk(dir);
	return files;
}

function input(script, dataDir, liveCount) {
	const stateDir = path.join(dataDir, "state");
	const state = readTree(stateDir);
	const sd = readTree(path.join(dataDir, "meter"));
	const meterFiles = Object.fromEntries(Object.entries(sd).map(([p, text]) => [`/meter${p}`, text]));
	const config = readFileSync(path.join(dataDir, "config.json"), "utf8");
	const login = JSON.parse(config).auth;
	const sim = JSON.parse(state["/sim.json"]);
	const checkpoint = JSON.parse(state["/checkpoint.json"]);
	const live = evaluateInNode(script, GLOBAL).liveTelegrams(sim.seed, sim.epoch, checkpoint.data.last.t, liveCount);
	const auth = `Basic ${Buffer.from(`${login.user}:${login.password}`).toString("base64")}`;
	return JSON.stringify({ config, sd: meterFiles, state, live, auth });
}

async function main() {
	const { dataDir, targets, live } = JSON.parse(process.argv[2]);
	ensureXsnapBinary((line) => console.error(line));
	const script = await bundleForXs({ entry: path.join(HERE, "xs-api-entry.ts"), globalName: GLOBAL });
	const text = input(script, dataDir, live);
	await importTool("@endo/init");
	const { startWorker } = await import("../xs/worker.mjs");
	let last;
	const worker = await startWorker({
		name: "api-bench",
		onCommand: (message) => {
			const t = decoder.decode(message);
			const nl = t.indexOf("\n");
			const kind = t.slice(0, nl);
			if (kind === "input") return new TextEncoder().encode(text);
			if (kind === "result") {
				last = JSON.parse(t.slice(nl + 1));
				return new Uint8Array(0);
			}
			throw new Error(`unknown command ${kind}`);
		},
	});
	const send = `(kind, text) => { const b = new TextEncoder().encode(kind + "\\n" + text); return issueCommand(b.buffer); }`;
	const ask = async (expr) => {
		last = undefined;
		await worker.evaluate(`(${send})("result", JSON.stringify(${expr}))`);
		return last;
	};
	const meter = async (n) => (await worker.evaluate(`__batch(${n})`)).meterUsage;
	const rows = [];
	try {
		await worker.evaluate(`${script}
globalThis.${GLOBAL} = ${GLOBAL};
globalThis.__api = new ${GLOBAL}.ApiBench(new TextDecoder().decode((${send})("input", "")));
globalThis.__batch = (n) => { gc(); __api.run(n); };`);
		for (const target of targets) {
			const status = await ask(`__api.select(${JSON.stringify(target)})`);
			const bytes = await ask(`__api.bytes`);
			await meter(WARMUP);
			const base = await meter(0);
			const full = await meter(COMPUTE_BATCH);
			const again = await meter(COMPUTE_BATCH);
			const one = (await meter(1)).currentHeapCount - (await meter(0)).currentHeapCount;
			const slotBatch = Math.max(1, Math.min(32, Math.floor(SLOT_BUDGET / Math.max(1, one))));
			const heap0 = (await meter(0)).currentHeapCount;
			const heapN = (await meter(slotBatch)).currentHeapCount;
			rows.push({
				target,
				status,
				bytes,
				computrons: (full.compute - base.compute) / COMPUTE_BATCH,
				deterministic: full.compute === again.compute,
				slots: (heapN - heap0) / slotBatch,
				slotBatch,
			});
		}
	} finally {
		await worker.close().catch(() => worker.terminate());
	}
	console.log(`XS-API ${JSON.stringify(rows)}`);
}

main().catch((e) => {
	console.error(e?.stack ? e.stack : e);
	process.exitCode = 1;
});
