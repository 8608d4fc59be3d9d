// XS conformance for /v1/status, /v1/telegram and the CSV export: the jest tests in test/api say
// what the answers must be; this proves XS gives the same bytes (ages in tenths, the equipment
// id's hex, the notice sentences, the latin-1 telegram and its decoded tree, the export's query
// reader, local times across both DST days and the decimal marks of both formats).

import { isChunkSource } from "../../src/core/api/chunks";
import { CsvRows, readExportQuery } from "../../src/core/api/export-csv";
import { handle } from "../../src/core/api/handle";
import { newPeakWarning } from "../../src/core/api/peak-warning";
import { newFacts } from "../../src/core/api/status";
import { KeptTelegram } from "../../src/core/api/telegram";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext, ApiResponse, DeviceFacts } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading } from "../../src/core/dsmr/parse";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import { hexDecoded } from "../../src/core/util/hex";
import type { XsCase, XsHost } from "./support/case";

const LOGIN = "Basic amFuOmFwYXJ0"; // jan:apart

/** Quarter files of the autumn DST day and a spring one, with fractional, negative and unknown figures. */
const FILES: Readonly<Record<string, string>> = Object.freeze({
	"/meter/2026/10/25/0200S.json":
		'{"quarter_id":436869512,"begin_consumed_wh":1000,"end_consumed_wh":1250,"begin_produced_wh":5,"end_produced_wh":5,"energy_avg_w":1000,"meter_demand_w":999.5,"complete":true}',
	"/meter/2026/10/25/0200W.json":
		'{"quarter_id":436869384,"begin_consumed_wh":1250,"end_consumed_wh":1251,"begin_produced_wh":5,"end_produced_wh":2005,"energy_avg_w":4,"meter_demand_w":null,"complete":false}',
	"/meter/2026/10/25/0245W.json":
		'{"quarter_id":436869387,"begin_consumed_wh":1251,"end_consumed_wh":null,"begin_produced_wh":2005,"end_produced_wh":null,"energy_avg_w":null,"meter_demand_w":0.1,"complete":false}',
	"/meter/2026/10/25/0100S.json": "{torn",
	"/meter/2026/03/29/0300S.json":
		'{"quarter_id":436411788,"begin_consumed_wh":900,"end_consumed_wh":12345678,"begin_produced_wh":0,"end_produced_wh":0,"energy_avg_w":49378712,"meter_demand_w":2500,"complete":true}',
});

const DIRS: Readonly<Record<string, readonly string[]>> = Object.freeze({
	"/meter/2026/10/25/": ["0245W.json", "0200W.json", "0200S.json", "0100S.json", "day.json", "0200S.tmp"],
	"/meter/2026/03/29/": ["0300S.json", "0145W.json"],
});

function idle(): QuarterStatus {
	return {
		quarter_id: null,
		start: null,
		end: null,
		elapsed_s: null,
		energy_wh: null,
		current_w: null,
		current_export_w: null,
		projection_w: null,
		allowance_w: null,
		threshold_w: 2500,
		target_w: null,
		month: null,
		month_peak_own_w: null,
		month_peak_meter_w: null,
		meter_demand_w: null,
		meter_check: null,
		capacity: {
			months: [],
			values_w: [],
			average_w: null,
			eur_per_kw_year: null,
			eur_per_year: null,
			area: null,
			year: null,
		},
		counters: { duplicates: 0, out_of_order: 0, no_time: 0, gaps: 0, clock_back: 0, register_breaks: 0, skipped: 0 },
	} as unknown as QuarterStatus;
}

function context(facts: DeviceFacts, kept: KeptTelegram): ApiContext {
	let ms = 0;
	const config = parseConfig(
		'{"wifi":{"ssid":"Thuis","password":"geheim123"},"auth":{"user":"jan","password":"apart"}}',
	).config;
	const live = idle();
	const reading = newReading();
	return {
		config: () => config,
		currentQuarter: () => undefined,
		monthPeak: () => undefined,
		readMeterFile: (path) => {
			if (!Object.hasOwn(FILES, path)) return undefined;
			const text = FILES[path];
			return text.startsWith("{torn") ? null : text;
		},
		memory: () => ({ free: 40960.5 }),
		throttle: new LoginThrottle({ now: () => (ms += 1000) }),
		status: () => live,
		reading: () => reading,
		listMeterDir: (dir) => (Object.hasOwn(DIRS, dir) ? DIRS[dir].slice() : []),
		warning: newPeakWarning(),
		peakSources: () => false,
		facts: () => facts,
		lastTelegram: () => kept.frame(),
	};
}

/** The response with a streamed body drained through a 7-byte buffer, as hex chunks. */
function answer(response: ApiResponse): string {
	const body = response.body;
	if (!isChunkSource(body)) return JSON.stringify(response);
	const buffer = new Uint8Array(7);
	let text = "";
	for (let n = body.next(buffer); n > 0; n = body.next(buffer))
		for (let k = 0; k < n; k++) text += String.fromCharCode(buffer[k]);
	body.close();
	return JSON.stringify({ status: response.status, headers: response.headers, body: text });
}

function ask(c: ApiContext, target: string): string {
	return answer(handle({ method: "GET", target, headers: { host: "digimon.local", authorization: LOGIN } }, c));
}

function statuses(): string {
	const lines: string[] = [];
	const facts = newFacts("1.0.0-rc.1", 1000, { now: () => 0 });
	const kept = new KeptTelegram(64);
	const c = context(facts, kept);
	lines.push(ask(c, "/v1/status")); // before any telegram
	const reading = newReading();
	reading.header = "FLU5\\253769484_A\u00e9";
	reading.version = "50217";
	reading.equipmentId = "3153414733313031303231363035";
	facts.reading = reading;
	facts.telegrams = 123456;
	facts.crcErrors = 3;
	facts.rejectedValues = 2;
	facts.clockHeld = 9;
	facts.firstTelegramMs = 1500;
	facts.lastTelegramMs = 400123;
	facts.seenMs = [400123, 90077, NaN];
	facts.meterClockOffsetMs = -2499.5;
	facts.freeBytes = 31914983424;
	facts.health = {
		setAside: 2,
		recent: [{ path: "/meter/2026/03/29/day.json", to: "/meter/2026/03/29/day.json.bad1", reason: "does not parse" }],
		tmpCleaned: 1,
	};
	facts.recovery = {
		day: "2026-03-29",
		finished: ["/a"],
		discarded: [],
		setAside: [],
		rebuilt: ["/b", "/c"],
		checkpoint: "ok",
		peaks: "repaired",
		errors: ["peaks: card \u00e9 removed"],
		actions: [],
	};
	for (const now of [400123, 400178, 700123, 700124]) {
		facts.nowMs = now;
		lines.push(ask(c, "/v1/status"));
	}
	facts.seenMs = [700000, 700000, 700000];
	facts.lastTelegramMs = 700100;
	lines.push(ask(c, "/v1/status"));
	for (const id of ["", "31", "3", "0x", "7F41", "4142434", "e282ac", "1SAG31", "0a41"])
		lines.push(JSON.stringify([id, hexDecoded(id)]));
	return lines.join("\n");
}

function telegrams(host: XsHost): string {
	const kept = new KeptTelegram(2048);
	const c = context(newFacts("", 0, undefined), kept);
	const lines = [ask(c, "/v1/telegram")];
	const framer = new Framer({ onFrame: (frame) => kept.keep(frame) });
	const bytes = host.read("test/fixtures/telegrams/ndokter-dsmr_parser/fluvius-v171.txt");
	for (let i = 0; i < bytes.length; i += 100) framer.push(bytes.subarray(i, i + 100));
	lines.push(ask(c, "/v1/telegram"));
	return lines.join("\n");
}

function exports(): string {
	const lines: string[] = [];
	const c = context(newFacts("", 0, undefined), new KeptTelegram(16));
	for (const target of [
		"/v1/export.csv?date=2026-10-25",
		"/v1/export.csv?date=2026-10-25&sep=comma",
		"/v1/export.csv?from=2026-03-28&to=2026-03-30&sep=semicolon",
		"/v1/export.csv?month=2026-02",
		"/v1/export.csv?month=2026-02-01",
		"/v1/export.csv?from=2024-02-29&to=2025-02-28",
		"/v1/export.csv?from=2024-02-28&to=2025-02-28",
	])
		lines.push(ask(c, target));
	for (const target of [
		"/x?month=2024-02",
		"/x?month=2100-02",
		"/x?month=2000-12",
		"/x?date=2255-12-31",
		"/x?date=2256-01-01",
	])
		lines.push(JSON.stringify([target, readExportQuery(target)]));
	const rows = new CsvRows(c, 20751, 20751, { separator: ";", decimal: "," });
	const held: number[] = [];
	for (let piece = rows.next(); piece !== undefined; piece = rows.next()) held.push(rows.heldChars());
	lines.push(JSON.stringify(held));
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "api: /v1/status over its facts, and the equipment id's hex", run: statuses },
	{ name: "api: /v1/telegram of a Fluvius telegram", run: telegrams },
	{ name: "api: /v1/export.csv across the DST days, both formats, the query reader", run: exports },
];
