// The API rows of `npm run bench` (issue 9), one table side by side: per route, requests/s and
// p50/p99 latency on the PC host at 50 connections (api-http.ts, autocannon) and what answering
// one request costs in XS, computrons and slots (xs-api.mjs). Both answer from the same simulated
// day, written by the PC host (api-host.ts). Figures and goals side by side; nothing fails the run.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PREFIX } from "../../src/core/api/live";
import { bundleHost } from "../../test/e2e/host";
import { fillDay, serveDay } from "./api-host";
import { type HttpFigures, measureRoutes } from "./api-http";
import { BENCH_DAY, BENCH_ROUTES } from "./api-routes";
import type { PipelineSection } from "./pipeline";
import { group, renderTable } from "./table";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 50;
/** Short runs: the machine is shared; the 30 s run is the load test's (test/e2e/load.test.ts). */
const SECONDS = 5;
const LIVE_TELEGRAMS = 300;
const GOALS = Object.freeze({ nowP99Ms: 5, slots: 200 });
/** A logged-in request for a path no route serves: the fixed cost every request pays (checks, login, lookup). */
export const OVERHEAD = `${PREFIX}no-such-route`;
const SLOT_BYTES = { xsnap: 32, esp32: 16 } as const;

interface XsApiRow {
	target: string;
	status: number;
	bytes: number;
	computrons: number;
	deterministic: boolean;
	slots: number;
}

const met = (ok: boolean) => (ok ? "met" : "NOT met");

export function runXs(dataDir: string): { rows: XsApiRow[]; error?: string } {
	const targets = [...BENCH_ROUTES.map((r) => r.target), OVERHEAD];
	const child = spawnSync(
		process.execPath,
		[path.join(HERE, "xs-api.mjs"), JSON.stringify({ dataDir, targets, live: LIVE_TELEGRAMS })],
		{ encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
	);
	const line = child.stdout.split("\n").find((l) => l.startsWith("XS-API "));
	if (!line) return { rows: [], error: `xs-api.mjs exited with ${child.status} and no figures` };
	return { rows: JSON.parse(line.slice("XS-API ".length)) as XsApiRow[] };
}

function xsCells(x: XsApiRow | undefined): string[] {
	if (x?.status !== 200) return ["-", "-", "-", "-"];
	return [
		group(x.bytes),
		group(x.computrons) + (x.deterministic ? "" : "*"),
		group(x.slots, 1),
		x.slots <= GOALS.slots ? "met" : "NOT met",
	];
}

function httpCells(h: HttpFigures | undefined): string[] {
	if (h?.status !== 200) return ["-", "-", "-", "-"];
	const bad = h.errors + h.non2xx;
	return [group(h.perSecond), group(h.p50, 2), group(h.p99, 2), bad === 0 ? "0" : `${bad} of ${group(h.requests)}`];
}

/** 200, or why the row has no figures (a route not in this build answers 404). */
function statusCell(h: HttpFigures | undefined, x: XsApiRow | undefined): string {
	const status = h?.status ?? x?.status;
	if (status === undefined) return "-";
	if (status === 404) return "404: not in this build";
	return x && h && x.status !== h.status ? `${h.status} (XS ${x.status})` : String(status);
}

async function run(): Promise<string[]> {
	const bundle = bundleHost();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-api-bench-"));
	try {
		await fillDay(bundle, dataDir);
		const xs = runXs(dataDir); // before the host serves: the files exactly as the day left them
		const host = await serveDay(bundle, dataDir);
		let http: HttpFigures[];
		try {
			http = await measureRoutes(host, BENCH_ROUTES, CONNECTIONS, SECONDS);
		} finally {
			await host.stop();
		}
		const rows = BENCH_ROUTES.map((route, i) => {
			const x = xs.rows.find((r) => r.target === route.target);
			return [route.target, statusCell(http[i], x), ...httpCells(http[i]), ...xsCells(x)];
		});
		const overhead = xs.rows.find((r) => r.target === OVERHEAD);
		rows.push([
			`${OVERHEAD} (the cost every request pays)`,
			overhead ? `${overhead.status}, logged in` : "-",
			"-",
			"-",
			"-",
			"-",
			overhead ? group(overhead.bytes) : "-",
			overhead ? group(overhead.computrons) : "-",
			overhead ? group(overhead.slots, 1) : "-",
			"",
		]);
		const now = http.find((h) => h.route.target === `${PREFIX}now`);
		const nowP99 = now?.p99 ?? NaN;
		const served = xs.rows.filter((r) => r.status === 200 && r.target !== OVERHEAD);
		const worst = served.reduce((a, b) => (b.slots > a.slots ? b : a), served[0]);
		const load = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`;
		return [
			`${SECONDS} s per route at ${CONNECTIONS} connections (autocannon, keep-alive, loopback; host and client share the machine, ${load}); XS: Monitor.handle in xsnap, body pulled to the end`,
			renderTable(
				[
					"route",
					"status",
					"req/s",
					"p50 ms",
					"p99 ms",
					"errors",
					"XS body B",
					"XS computrons/req",
					"XS slots/req",
					`<= ${GOALS.slots} slots`,
				],
				rows,
				2,
			),
			`goals: /v1/now p99 < ${GOALS.nowP99Ms} ms at ${CONNECTIONS} connections: ${group(nowP99, 2)} ms (${Number.isFinite(nowP99) ? met(nowP99 < GOALS.nowP99Ms) : "not measured"}); ` +
				`<= ${GOALS.slots} slots per request in XS (exports: constant per chunk): worst ${worst ? `${group(worst.slots, 1)} (${worst.target})` : "-"} (${worst ? met(served.every((r) => r.slots <= GOALS.slots)) : "not measured"})`,
			`  the day: simulated meter seed ${BENCH_DAY.seed}, ${BENCH_DAY.start} to ${BENCH_DAY.until}, written by the PC host at full speed; then served at 1x speed (HTTP) or rebuilt in XS from the same files plus ${LIVE_TELEGRAMS} live telegrams`,
			`  latency: every response's own time (fractional ms), nearest rank; errors: socket errors, timeouts and non-2xx answers`,
			`  XS slots: allocated per request, garbage included (x ${SLOT_BYTES.xsnap} B in 64-bit xsnap, x ${SLOT_BYTES.esp32} B on the ESP32); response bodies are strings, in chunks, not counted; computrons marked * differed between two runs`,
			`  404: not in this build: a row of scripts/bench/api-routes.ts waiting for its route; the last row is a logged-in request no route serves (header checks, login, lookup, the error answer)`,
			`  ${CONNECTIONS} connections each keep one request in flight, so the mean latency is ${CONNECTIONS} / (req/s): a p99 under ${GOALS.nowP99Ms} ms needs well over ${group((CONNECTIONS * 1000) / GOALS.nowP99Ms)} req/s, with the client on the same cores`,
			...(xs.error ? [`XS: ${xs.error}`] : []),
		];
	} finally {
		fs.rmSync(dataDir, { recursive: true, force: true });
		fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
	}
}

export const apiSection: PipelineSection = {
	title: "API bench (issue 9): routes on the PC host (HTTP) and in xsnap (XS)",
	run,
};
