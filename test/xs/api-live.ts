// XS conformance for the streamed bodies, the strict query reader, /watt, /historic and /v1/now
// (with the peak warning stepped across requests). The jest tests in test/api say what the
// answers must be; this proves XS produces the same bytes (UTF-8 at chunk edges, sort order,
// number formatting of fractional figures).

import { TextChunks } from "../../src/core/api/chunks";
import { handle } from "../../src/core/api/handle";
import { newPeakWarning, stepPeakWarning } from "../../src/core/api/peak-warning";
import { readQuery } from "../../src/core/api/query";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { newReading } from "../../src/core/dsmr/parse";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import type { XsCase } from "./support/case";

const LOGIN = "Basic amFuOmFwYXJ0"; // jan:apart

function chunks(): string {
	const lines: string[] = [];
	const pieces = ["", "a;é;€;😀\n", "x\ud800y", "😀😀😀😀😀", "tail\n"];
	for (const size of [4, 5, 6, 7, 11, 64]) {
		let i = 0;
		const source = new TextChunks(() => (i < pieces.length * 3 ? pieces[i++ % pieces.length] : undefined));
		const buffer = new Uint8Array(size);
		const out: string[] = [];
		for (let n = source.next(buffer); n > 0; n = source.next(buffer)) {
			let hex = "";
			for (let k = 0; k < n; k++) hex += (buffer[k] < 16 ? "0" : "") + buffer[k].toString(16);
			out.push(hex);
		}
		lines.push(JSON.stringify({ size, chunks: out }));
	}
	return lines.join("\n");
}

function queries(): string {
	const fields = [
		{ name: "year", min: 2000, max: 2255 },
		{ name: "month", min: 1, max: 12 },
	];
	const targets = [
		"/x",
		"/x?",
		"/x?year=2026&month=03",
		"/x?month=12&year=2000",
		"/x?year=2026",
		"/x?year=2026&month=13",
		"/x?year=2026&month=1&month=2",
		"/x?year=2026&day=1",
		"/x?year=20%326&month=1",
		"/x?year=999999&month=1",
		"/x?year=9999999&month=1",
		"/x?year&month=1",
		"/x?year=2026&&month=1",
		"/x?year=2026&month=+1",
	];
	const lines: string[] = [];
	for (const target of targets) {
		const values = [0, 0];
		const error = readQuery(target, fields, values);
		lines.push(JSON.stringify({ target, error: error ?? null, values }));
	}
	return lines.join("\n");
}

const DIRS: Readonly<Record<string, readonly string[]>> = Object.freeze({
	"/meter/": ["2026/", "2025/", "1999/", "x/", "2026"],
	"/meter/2026/": ["year.json", "10/", "02/", "13/"],
	"/meter/2026/02/": ["28/", "29/", "01/", "month.json"],
	"/meter/2026/10/25/": [
		"0300W.json",
		"0200W.json",
		"0245S.json",
		"0200S.json",
		"0145S.json",
		"day.json",
		"0245S.tmp",
		"0207S.json",
	],
});

function status(): QuarterStatus {
	return {
		quarter_id: 0x1a0a198b,
		start: "2026-10-25T00:45:00Z",
		end: "2026-10-25T01:00:00Z",
		elapsed_s: 451,
		energy_wh: 187.5,
		current_w: 1234,
		current_export_w: 0,
		projection_w: 2437,
		allowance_w: 3299,
		threshold_w: 2500.5,
		target_w: 2500.5,
		month: "2026-10",
		month_peak_own_w: 2100,
		month_peak_meter_w: null,
		meter_demand_w: 1490,
		meter_check: null,
		capacity: {
			months: [],
			values_w: [],
			average_w: null,
			eur_per_kw_year: 0.1 + 0.2,
			eur_per_year: null,
			area: "imewo",
			year: 2026,
		},
		counters: { duplicates: 0, out_of_order: 0, no_time: 0, gaps: 0, clock_back: 0, register_breaks: 0, skipped: 0 },
	};
}

function routes(): string {
	let ms = 0;
	const live = status();
	const reading = newReading();
	reading.phases[0].importW = 1234;
	reading.phases[0].exportW = 0;
	reading.phases[2].exportW = 5.5;
	const config = parseConfig(
		'{"wifi":{"ssid":"Thuis","password":"geheim123"},"auth":{"user":"jan","password":"apart"}}',
	).config;
	const context: ApiContext = {
		config: () => config,
		currentQuarter: () => undefined,
		monthPeak: () => undefined,
		readMeterFile: () => undefined,
		throttle: new LoginThrottle({ now: () => (ms += 1000) }),
		status: () => live,
		reading: () => reading,
		listMeterDir: (dir) => (Object.hasOwn(DIRS, dir) ? DIRS[dir].slice() : []),
		warning: newPeakWarning(),
		peakSources: () => false,
	};
	const lines: string[] = [];
	const ask = (target: string, method = "GET", authorization: string | null = LOGIN) => {
		const headers: Record<string, string> = { host: "digimon.local" };
		if (authorization !== null) headers.authorization = authorization;
		lines.push(
			JSON.stringify({ method, target, response: handle({ method, target, headers, remote: "10.0.0.2" }, context) }),
		);
	};
	for (const target of [
		"/historic/years",
		"/historic/months?year=2026",
		"/historic/days?year=2026&month=2",
		"/historic/quarters?year=2026&month=10&day=25",
		"/historic/quarters?year=2026&month=2&day=29",
		"/historic/days?month=2",
		"/watt",
		"/v1/now",
	])
		ask(target);
	ask("/v1/now", "HEAD");
	ask("/v1/now", "POST");
	ask("/historic/years", "GET", null);
	for (const projection of [2600.5, 2601, 2400, 2300, 2299.5, 3000]) {
		live.projection_w = projection;
		stepPeakWarning(context.warning, live.quarter_id ?? NaN, projection, live.threshold_w); // as the monitor does per telegram
		ask("/v1/now");
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "api: chunked text bodies at every buffer size", run: chunks },
	{ name: "api: strict query parameters", run: queries },
	{ name: "api: /historic lists, /watt, /v1/now and the peak warning", run: routes },
];
