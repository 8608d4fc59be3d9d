// XS conformance for the HomeWizard-compatible API: test/api/homewizard.test.ts says what the
// answers must be; this proves XS gives the same bytes (kWh from Wh, signed currents, the
// YYMMDDhhmmss numbers, the external list, the raw telegram, the 404 and the disabled 403).

import { handle } from "../../src/core/api/handle";
import { newPeakWarning } from "../../src/core/api/peak-warning";
import { KeptTelegram } from "../../src/core/api/telegram";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext, ApiResponse } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import type { Config } from "../../src/core/config/schema";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import type { XsCase, XsHost } from "./support/case";

const FIXTURES = Object.freeze([
	"test/fixtures/telegrams/ndokter-dsmr_parser/fluvius-v171-alt.txt",
	"test/fixtures/telegrams/ndokter-dsmr_parser/fluvius-v171.txt",
	"test/fixtures/telegrams/dsmr-reader/fluvius-multiple-gas-devices.txt",
	"test/fixtures/telegrams/dsmr-reader/fluvius-with-peak-data.txt",
]);

function context(config: Config): ApiContext & { take(bytes: Uint8Array): void } {
	const reading = newReading();
	const kept = new KeptTelegram(4096);
	const framer = new Framer({
		onFrame: (frame) => {
			parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, reading);
			kept.keep(frame);
		},
	});
	let ms = 0;
	return {
		take(bytes: Uint8Array) {
			for (let i = 0; i < bytes.length; i += 64) framer.push(bytes.subarray(i, i + 64));
		},
		config: () => config,
		currentQuarter: () => undefined,
		monthPeak: () => undefined,
		readMeterFile: () => undefined,
		throttle: new LoginThrottle({ now: () => (ms += 1000) }),
		status: () => ({}) as QuarterStatus,
		reading: () => reading,
		listMeterDir: () => [],
		warning: newPeakWarning(),
		peakSources: () => false,
		lastTelegram: () => kept.frame(),
		identity: { serial: "3c39e7a1b2c3", version: "0.1.0" },
	};
}

function ask(c: ApiContext, target: string, method = "GET"): string {
	const response: ApiResponse = handle({ method, target, headers: { host: "192.168.1.20" } }, c);
	return JSON.stringify(response);
}

function config(enabled: boolean, ssid: string): Config {
	return parseConfig(
		JSON.stringify({
			wifi: { ssid, password: "geheim123" },
			homewizard: { enabled },
			auth: { user: "jan", password: "apart" },
		}),
	).config;
}

function data(host: XsHost): string {
	const lines: string[] = [];
	for (const path of FIXTURES) {
		const c = context(config(true, "Thuis"));
		c.take(host.read(path));
		lines.push(ask(c, "/api/v1/data"));
	}
	const empty = context(config(true, ""));
	lines.push(ask(empty, "/api/v1/data"));
	return lines.join("\n");
}

function others(host: XsHost): string {
	const lines: string[] = [];
	const on = context(config(true, "Thuis"));
	for (const target of ["/api", "/api/v1/telegram", "/api/v1/state"]) lines.push(ask(on, target));
	on.take(host.read(FIXTURES[0]));
	lines.push(ask(on, "/api/v1/telegram"), ask(on, "/api/v1/identify", "PUT"), ask(on, "/api/v1/data", "HEAD"));
	const off = context(config(false, "Thuis"));
	lines.push(ask(off, "/api"), ask(off, "/api/v1/data"));
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "api: HomeWizard /api/v1/data of Fluvius telegrams", run: data },
	{ name: "api: HomeWizard /api, telegram, 404 and the disabled API", run: others },
];
