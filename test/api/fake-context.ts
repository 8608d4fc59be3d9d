// A context with fixed data for the API tests: a config, a running quarter, a month peak, the
// engine's status, a telegram and a few history files and directories; it records which paths
// the API asked to read or list.

import { type ChunkSource, isChunkSource } from "../../src/core/api/chunks";
import { newPeakWarning } from "../../src/core/api/peak-warning";
import { newFacts } from "../../src/core/api/status";
import { KeptTelegram } from "../../src/core/api/telegram";
import { LoginThrottle, type LoginThrottleOptions } from "../../src/core/api/throttle";
import type { ApiContext, ApiRequest } from "../../src/core/api/types";
import { type Config, defaultConfig } from "../../src/core/config/schema";
import { crc16 } from "../../src/core/dsmr/crc16";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading } from "../../src/core/dsmr/parse";
import type { Reading } from "../../src/core/dsmr/reading";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import type { PeakSources } from "../../src/core/quarters/month-peaks";
import type { QuarterRecord } from "../../src/core/quarters/records";

export const SSID = "Thuis-WiFi";
export const WIFI_PASSWORD = "correct horse battery";

export function wifiConfig(ssid = SSID, password = WIFI_PASSWORD): Config {
	const config = defaultConfig();
	config.wifi.ssid = ssid;
	config.wifi.password = password;
	return config;
}

export function quarter(): QuarterRecord {
	return {
		quarter_id: (26 << 24) | (3 << 16) | (29 << 8) | (2 * 4 + 3) | 0x80,
		consumed_power_avg: 412,
		begin_consumed_wh: 1234567,
		begin_produced_wh: 89012,
		interval_secs: 5,
		consumed_power_interval_avgs: [400, 410, null, 430],
		produced_power_interval_avgs: [0, -10, null, 0],
		start: "2026-03-29T00:45:00.000Z",
		end: "2026-03-29T01:00:00Z",
		end_consumed_wh: null,
		end_produced_wh: null,
		energy_avg_w: null,
		energy_produced_avg_w: null,
		meter_demand_w: 405,
		samples: 4,
		complete: false,
	};
}

export const FILES: Readonly<Record<string, string>> = Object.freeze({
	"/meter/2026/03/29/0245S.json": '{"quarter_id":1,"consumed_power_avg":300}',
	"/meter/2026/03/29/day.json": '{"day":"2026-03-29"}',
	"/meter/2026/03/month.json": '{"month":"2026-03"}',
	"/meter/2026/year.json": '{"year":2026}',
	"/config.json": '{"wifi":{"ssid":"x","password":"secret-on-card"}}',
	"/meter/../config.json": '{"leak":"secret-on-card"}',
});

/** Directory listings of the fake card, as FileStore.list gives them (unsorted, directories with "/"). */
export const DIRS: Readonly<Record<string, readonly string[]>> = Object.freeze({
	"/meter/": ["2026/", "2025/", "1999/", "lost+found/", "20261/", "abcd/", "2026", "notes.txt"],
	"/meter/2026/": ["year.json", "03/", "01/", "13/", "00/", "1/", "02/"],
	"/meter/2026/02/": ["month.json", "28/", "01/", "29/", "30/", "15/", "tmp/"],
	"/meter/2026/03/": ["month.json", "29/"],
	"/meter/2026/03/29/": [
		"day.json",
		"0245S.json",
		"0000W.json",
		"0300S.json",
		"0100W.json",
		"0210S.json",
		"0245S.tmp",
		"0245S.json.bad",
		"2400W.json",
		"0130X.json",
		"sub/",
	],
	"/meter/2026/10/25/": ["0200W.json", "0245W.json", "0200S.json", "0245S.json", "0145S.json", "0300W.json"],
});

/**
 * The engine's status in the middle of a quarter, made up by hand: 450 s of 18:00-18:15 local
 * (17:00 UTC) on 10 Feb 2026 gone, 375 Wh drawn (3000 W on average), 4000 W month peak, no target.
 */
export function status(): QuarterStatus {
	return {
		quarter_id: (26 << 24) | (2 << 16) | (10 << 8) | (18 * 4),
		start: "2026-02-10T17:00:00Z",
		end: "2026-02-10T17:15:00Z",
		elapsed_s: 450,
		energy_wh: 375,
		current_w: 3000,
		current_export_w: 0,
		projection_w: 3000,
		allowance_w: 5000,
		threshold_w: 4000,
		target_w: null,
		month: "2026-02",
		month_peak_own_w: 3950,
		month_peak_meter_w: 4000,
		meter_demand_w: 2990,
		meter_check: null,
		capacity: {
			months: [],
			values_w: [],
			average_w: null,
			eur_per_kw_year: 57.45,
			eur_per_year: null,
			area: "imewo",
			year: 2026,
		},
		counters: { duplicates: 0, out_of_order: 0, no_time: 0, gaps: 0, clock_back: 0, register_breaks: 0, skipped: 0 },
	};
}

/** A three-phase telegram's powers: 1200 W, 1000 W and 800 W drawn, nothing returned. */
export function reading(): Reading {
	const r = newReading();
	r.importW = 3000;
	r.exportW = 0;
	[1200, 1000, 800].forEach((w, i) => {
		r.phases[i].importW = w;
		r.phases[i].exportW = 0;
	});
	return r;
}

/** A short Fluvius-like telegram with its CRC, as the meter would send it. */
export function shortTelegram(): Uint8Array {
	const body =
		"/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n0-0:96.1.1(3153414733313031303231363035)\r\n" +
		"0-0:1.0.0(260210180730W)\r\n1-0:1.8.1(001234.567*kWh)\r\n1-0:1.4.0(02.990*kW)\r\n!";
	const bytes = Uint8Array.from(body, (c) => c.charCodeAt(0));
	const crc = crc16(bytes).toString(16).toUpperCase().padStart(4, "0");
	return Uint8Array.from(body + crc + "\r\n", (c) => c.charCodeAt(0));
}

export interface FakeContext extends ApiContext {
	reads: string[];
	lists: string[];
	clock: { ms: number };
}

export function fakeContext(
	config: Config = wifiConfig(),
	options: Partial<LoginThrottleOptions> = {},
	files: Readonly<Record<string, string>> = FILES,
): FakeContext {
	const clock = { ms: 1_000_000 };
	const reads: string[] = [];
	const lists: string[] = [];
	const live = status();
	const telegram = reading();
	const current: QuarterRecord | undefined = quarter();
	const facts = newFacts("0.1.0", 0, undefined);
	facts.nowMs = 3_600_000;
	const kept = new KeptTelegram(256);
	new Framer({ onFrame: (frame) => kept.keep(frame) }).push(shortTelegram());
	return {
		reads,
		lists,
		clock,
		config: () => config,
		currentQuarter: () => current,
		monthPeak: () => ({ quarter_id: 0x1a031d0b, power: 5123 }),
		readMeterFile(path) {
			reads.push(path);
			return Object.hasOwn(files, path) ? files[path] : undefined;
		},
		memory: () => ({ free: 51234, largest: 20480 }),
		throttle: new LoginThrottle({ now: () => clock.ms, ...options }),
		status: () => live,
		reading: () => telegram,
		listMeterDir(dir) {
			lists.push(dir);
			return Object.hasOwn(DIRS, dir) ? [...DIRS[dir]] : [];
		},
		warning: newPeakWarning(),
		peakSources(month, out) {
			const p = Object.hasOwn(PEAKS, month) ? PEAKS[month] : undefined;
			Object.assign(out, p ?? NO_PEAK);
			return p !== undefined;
		},
		facts: () => facts,
		lastTelegram: () => kept.frame(),
		identity: { serial: "0a1b2c3d4e5f", version: "0.1.0" },
	};
}

const NO_PEAK: PeakSources = Object.freeze({
	ownW: NaN,
	ownQuarterId: NaN,
	meterW: NaN,
	meterT: NaN,
	historyW: NaN,
	historyT: NaN,
});

/**
 * Month peaks of the fake engine by month index (year * 12 + month - 1), around status()'s
 * month 2026-02: January closed (98.1.0 known), February running (1.6.0), December 2025 from our
 * own quarters only and below the floor.
 */
export const PEAKS: Readonly<Record<number, PeakSources>> = Object.freeze({
	[2025 * 12 + 11]: { ...NO_PEAK, ownW: 2100, ownQuarterId: 0x190c0f48 },
	[2026 * 12 + 0]: {
		ownW: 4800,
		ownQuarterId: 0x1a010c4c,
		meterW: 4797,
		meterT: Date.UTC(2026, 0, 12, 18, 15),
		historyW: 4797,
		historyT: Date.UTC(2026, 0, 12, 18, 15),
	},
	[2026 * 12 + 1]: {
		...NO_PEAK,
		ownW: 3950,
		ownQuarterId: 0x1a020a48,
		meterW: 4000,
		meterT: Date.UTC(2026, 1, 10, 17, 15),
	},
});

export function basic(user: string, password: string): string {
	return "Basic " + Buffer.from(`${user}:${password}`, "utf8").toString("base64");
}

export function get(
	target: string,
	authorization?: string,
	method = "GET",
	extra: Record<string, string> = {},
): ApiRequest {
	const headers: Record<string, string> = { host: "digimon.local", ...extra };
	if (authorization !== undefined) headers.authorization = authorization;
	return { method, target, headers, remote: "192.168.1.50" };
}

/** The body as text; a streamed one is drained through a small buffer, as a host would. */
export function text(body: string | Uint8Array | ChunkSource): string {
	if (typeof body === "string") return body;
	if (!isChunkSource(body)) return Buffer.from(body).toString("utf8");
	const parts: Buffer[] = [];
	const buffer = new Uint8Array(64);
	for (let n = body.next(buffer); n > 0; n = body.next(buffer)) parts.push(Buffer.from(buffer.subarray(0, n)));
	body.close();
	return Buffer.concat(parts).toString("utf8");
}

/** `context` with a config that POST /v1/settings can change; `saved` counts the stores. */
export function saving(context: FakeContext): FakeContext & { saved: Config[] } {
	let current = context.config();
	const saved: Config[] = [];
	return Object.assign(context, {
		saved,
		config: () => current,
		saveConfig(next: Config) {
			saved.push(next);
			current = next;
		},
	});
}
