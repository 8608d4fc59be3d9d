#!/usr/bin/env node
// XS conformance: every module test/xs/*.ts exports `cases` (named functions returning one
// JSON string each). Each module is bundled once with esbuild; the same script then runs in
// this Node process and inside a real XS engine (xsnap), and the two outputs must be
// byte-identical. XS is the engine of the device, so this is what catches code that only
// works in V8 (missing APIs, number formatting, sort order, regexp flavour, ...).
//
// Node's half runs first: "@endo/init", which xsnap requires, locks down this realm's
// globals for good, and neither esbuild nor the code under test should run in that state.

import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs, evaluateInNode } from "./xs/bundle.mjs";
import { describeDifference } from "./xs/compare.mjs";
import { makeCommandHandler, nodeHost, XS_HOST_SCRIPT } from "./xs/host.mjs";
import { importTool } from "./xs/tools.mjs";
import { ensureXsnapBinary } from "./xs/worker.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY_DIR = path.join(ROOT, "test/xs");
const GLOBAL = "__xsEntry";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Runs case i of the bundled entry and reports "status\nmilliseconds\noutput" through the
// host; the same text is evaluated nowhere else, the Node side mirrors it in runInNode.
const XS_DRIVER_SCRIPT = `
globalThis.__xsRunCase = (i) => {
	const c = ${GLOBAL}.cases[i];
	const t0 = performance.now();
	let out;
	try {
		const text = c.run(__xsHost);
		if (typeof text !== "string") throw new Error("a case must return a string");
		out = "ok\\n" + text;
	} catch (e) {
		out = "error\\n" + String(e && e.stack ? e.stack : e);
	}
	const ms = performance.now() - t0;
	const nl = out.indexOf("\\n");
	__xsHost.send("result", out.slice(0, nl) + "\\n" + ms + out.slice(nl));
};
__xsHost.send("result", JSON.stringify(${GLOBAL}.cases.map((c) => c.name)));
`;

function entries() {
	return readdirSync(ENTRY_DIR)
		.filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
		.sort()
		.map((name) => path.join(ENTRY_DIR, name));
}

function runInNode(cases) {
	const host = nodeHost(ROOT);
	return cases.map((c) => {
		const t0 = performance.now();
		try {
			const out = c.run(host);
			if (typeof out !== "string") throw new Error("a case must return a string");
			return { ok: true, bytes: encoder.encode(out), ms: performance.now() - t0 };
		} catch (e) {
			return { ok: false, error: String(e?.stack ? e.stack : e), ms: performance.now() - t0 };
		}
	});
}

function parseResult(payload) {
	const a = payload.indexOf(10);
	const b = payload.indexOf(10, a + 1);
	const status = decoder.decode(payload.subarray(0, a));
	const ms = Number(decoder.decode(payload.subarray(a + 1, b)));
	const body = payload.slice(b + 1);
	return status === "ok" ? { ok: true, bytes: body, ms } : { ok: false, error: decoder.decode(body), ms };
}

async function runInXs(script, count, label) {
	const { startWorker } = await import("./xs/worker.mjs");
	const results = [];
	let names;
	const worker = await startWorker({
		name: `xs-check-${path.basename(label, ".ts")}`,
		onCommand: makeCommandHandler({
			root: ROOT,
			onResult: (payload) => {
				if (!names) names = JSON.parse(decoder.decode(payload));
				else results.push(parseResult(payload));
			},
		}),
	});
	try {
		await worker.evaluate(XS_HOST_SCRIPT);
		// xsnap evaluates each script so that its top-level `var` stays local: publish the
		// bundle's exports explicitly.
		await worker.evaluate(`${script}\nglobalThis.${GLOBAL} = ${GLOBAL};`);
		await worker.evaluate(XS_DRIVER_SCRIPT);
		for (let i = 0; i < count; i++) {
			const { meterUsage } = await worker.evaluate(`__xsRunCase(${i})`);
			results[i].computrons = meterUsage.compute;
		}
	} finally {
		await worker.close().catch(() => worker.terminate());
	}
	return { names, results };
}

// Not toLocaleString: lockdown tames the locale methods, so grouping is done by hand.
const fmt = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

async function main() {
	ensureXsnapBinary();
	const list = entries();
	if (list.length === 0) throw new Error(`no entry modules in ${path.relative(ROOT, ENTRY_DIR)}`);

	// Node first (see the header comment).
	const prepared = [];
	for (const entry of list) {
		const label = path.relative(ROOT, entry);
		const script = await bundleForXs({ entry, globalName: GLOBAL });
		const { cases } = evaluateInNode(script, GLOBAL);
		prepared.push({ label, script, names: cases.map((c) => c.name), node: runInNode(cases) });
	}

	await importTool("@endo/init");
	let passed = 0;
	let failed = 0;
	for (const { label, script, names, node } of prepared) {
		console.log(`xs: ${label}`);
		let xs;
		try {
			xs = await runInXs(script, names.length, label);
		} catch (e) {
			console.log(`  FAIL  the entry did not run in XS: ${e?.message ? e.message : e}`);
			failed += names.length;
			continue;
		}
		if (JSON.stringify(xs.names) !== JSON.stringify(names)) {
			console.log(`  FAIL  XS sees other cases: ${JSON.stringify(xs.names)}`);
			failed += names.length;
			continue;
		}
		names.forEach((name, i) => {
			const n = node[i];
			const x = xs.results[i];
			const lines = [];
			if (!n.ok) lines.push(`node threw: ${n.error}`);
			if (!x.ok) lines.push(`xs threw: ${x.error}`);
			if (n.ok && x.ok) lines.push(...describeDifference(n.bytes, x.bytes));
			const ok = lines.length === 0;
			if (ok) passed++;
			else failed++;
			// Cases write one record a line between "[" and "]".
			const records = n.ok ? n.bytes.reduce((c, b) => c + (b === 10 ? 1 : 0), 0) - 1 : 0;
			const size = n.ok ? `${fmt(Math.max(records, 1))} records, ${fmt(n.bytes.length)} B` : "-";
			console.log(
				`  ${ok ? "ok  " : "FAIL"}  ${name}  (${size} of JSON; node ${fmt(n.ms)} ms, xs ${fmt(x.ms)} ms, ${fmt(x.computrons)} computrons)`,
			);
			if (!ok) for (const line of lines.join("\n").split("\n")) console.log(`        ${line}`);
		});
	}
	console.log(`xs: ${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
	console.error(e?.stack ? e.stack : e);
	console.log("xs: 0 passed, 1 failed");
	process.exitCode = 1;
});
