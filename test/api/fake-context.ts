// A context with fixed data for the API tests: a config, a running quarter, a month peak and a
// few history files; it records which paths the API asked to read.

import type { ApiContext, ApiRequest } from "../../src/core/api/types";
import { LoginThrottle, type LoginThrottleOptions } from "../../src/core/api/throttle";
import { defaultConfig, type Config } from "../../src/core/config/schema";
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
		end: "2026-03-29T01:00:00.000Z",
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
	"/meter/2026/03/29/0245S.json": "{\"quarter_id\":1,\"consumed_power_avg\":300}",
	"/meter/2026/03/29/day.json": "{\"day\":\"2026-03-29\"}",
	"/meter/2026/03/month.json": "{\"month\":\"2026-03\"}",
	"/meter/2026/year.json": "{\"year\":2026}",
	"/config.json": "{\"wifi\":{\"ssid\":\"x\",\"password\":\"secret-on-card\"}}",
	"/meter/../config.json": "{\"leak\":\"secret-on-card\"}",
});

export interface FakeContext extends ApiContext {
	reads: string[];
	clock: { ms: number };
}

export function fakeContext(config: Config = wifiConfig(), options: Partial<LoginThrottleOptions> = {}, files: Readonly<Record<string, string>> = FILES): FakeContext {
	const clock = { ms: 1_000_000 };
	const reads: string[] = [];
	let current: QuarterRecord | undefined = quarter();
	return {
		reads,
		clock,
		config: () => config,
		currentQuarter: () => current,
		monthPeak: () => ({ quarter_id: 0x1a031d0b, power: 5123 }),
		readMeterFile(path) {
			reads.push(path);
			return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
		},
		memory: () => ({ free: 51234, largest: 20480 }),
		throttle: new LoginThrottle({ now: () => clock.ms, ...options }),
	};
}

export function basic(user: string, password: string): string {
	return "Basic " + Buffer.from(`${user}:${password}`, "utf8").toString("base64");
}

export function get(target: string, authorization?: string, method = "GET", extra: Record<string, string> = {}): ApiRequest {
	const headers: Record<string, string> = { host: "digimon.local", ...extra };
	if (authorization !== undefined)
		headers.authorization = authorization;
	return { method, target, headers, remote: "192.168.1.50" };
}

export function text(body: string | Uint8Array): string {
	return typeof body === "string" ? body : Buffer.from(body).toString("utf8");
}
