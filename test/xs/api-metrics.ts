// XS conformance for GET /metrics and the raw telegram bytes: the jest tests in test/api and
// test/net say what they must be; this proves XS gives the same bytes (number formatting of
// fractional and large figures, the joules of a register, label escaping, the streamed body
// drained through small buffers, a telegram rebuilt with its CRC digits and line end).

import type { TextChunks } from "../../src/core/api/chunks";
import { handle } from "../../src/core/api/handle";
import { newPeakWarning } from "../../src/core/api/peak-warning";
import { newFacts } from "../../src/core/api/status";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import { copyTelegram, telegramLength } from "../../src/core/net/raw-telegram";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import type { XsCase, XsHost } from "./support/case";

const LOGIN = "Basic amFuOmFwYXJ0"; // jan:apart

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
		month_peak_meter_w: 2150,
		meter_demand_w: 1490,
		meter_check: null,
		capacity: {
			months: ["2026-09", "2026-10"],
			values_w: [2500, 3333.3],
			average_w: 2916.65,
			eur_per_kw_year: 0.1 + 0.2,
			eur_per_year: 167.56,
			area: "imewo",
			year: 2026,
		},
		counters: { duplicates: 0, out_of_order: 0, no_time: 0, gaps: 0, clock_back: 0, register_breaks: 0, skipped: 0 },
	};
}

const TELEGRAMS = [
	"ndokter-dsmr_parser/fluvius-v171.txt",
	"ndokter-dsmr_parser/v5-warmtelink-unpadded-crc.txt",
	"ndokter-dsmr_parser/v2.2-iskra-mt382-no-crc.txt",
	"dsmr-reader/kaifa-dsmr42.txt",
];

function read(host: XsHost, file: string): Uint8Array {
	return host.read("test/fixtures/telegrams/" + file);
}

function metrics(host: XsHost): string {
	const reading = newReading();
	const bytes = read(host, TELEGRAMS[0]);
	const lines: string[] = [];
	new Framer({ onFrame: (f) => parseTelegram(f.bytes, f.start, f.end, f.crc, reading) }).push(bytes);
	reading.header = 'FLU5\\253769484_A"\n';
	const facts = newFacts("0.1.0", 1000, undefined);
	Object.assign(facts, {
		nowMs: 3_601_234,
		lastTelegramMs: 3_600_900,
		telegrams: 3598,
		crcErrors: 1,
		freeBytes: 31914983424,
	});
	const config = parseConfig('{"auth":{"user":"jan","password":"apart"}}').config;
	const live = status();
	const context: ApiContext = {
		config: () => config,
		currentQuarter: () => undefined,
		monthPeak: () => undefined,
		readMeterFile: () => undefined,
		throttle: new LoginThrottle({ now: () => 0 }),
		status: () => live,
		reading: () => reading,
		listMeterDir: () => [],
		warning: newPeakWarning(),
		peakSources: () => false,
		facts: () => facts,
	};
	for (const size of [7, 64, 4096]) {
		const response = handle(
			{ method: "GET", target: "/metrics", headers: { host: "digimon.local", authorization: LOGIN } },
			context,
		);
		const body = response.body as TextChunks;
		const buffer = new Uint8Array(size);
		let text = "";
		for (let n = body.next(buffer); n > 0; n = body.next(buffer))
			for (let i = 0; i < n; i++) text += String.fromCharCode(buffer[i]);
		lines.push(JSON.stringify({ size, status: response.status, headers: response.headers, text }));
	}
	return lines.join("\n");
}

function raw(host: XsHost): string {
	const lines: string[] = [];
	for (const file of TELEGRAMS) {
		new Framer({
			onFrame: (f) => {
				const out = new Uint8Array(telegramLength(f));
				const n = copyTelegram(f, out);
				let tail = "";
				for (let i = n - 12; i < n; i++) tail += String.fromCharCode(out[i]);
				lines.push(JSON.stringify({ file, crc: f.crc, n, tail }));
			},
		}).push(read(host, file));
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = Object.freeze([
	{ name: "metrics", run: metrics },
	{ name: "raw telegram bytes", run: raw },
]);
