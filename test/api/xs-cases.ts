// XS conformance cases for the config and the API (the contract of test/xs/support/case.ts):
// the same requests and config files run in Node and inside XS must give the same bytes. What
// the answers should be is checked by the jest tests next to this file; this proves the
// device's engine computes the same (base64, UTF-8, JSON key order, number formatting).
// To run it in `npm test`, test/xs/api.ts needs one line: export { cases } from "../api/xs-cases";

import {
	closeSlot,
	connectionLimits,
	createSlotTable,
	deadline,
	enterPhase,
	evictionVictim,
	openSlot,
	Phase,
	received,
} from "../../src/core/api/connections";
import { isOwnHost, isOwnOrigin } from "../../src/core/api/cross-site";
import { handle } from "../../src/core/api/handle";
import { newPeakWarning } from "../../src/core/api/peak-warning";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext, ApiRequest } from "../../src/core/api/types";
import { createConfig } from "../../src/core/config/create";
import { parseConfig, serializeConfig } from "../../src/core/config/parse";
import { redactConfig } from "../../src/core/config/redact";
import type { Config } from "../../src/core/config/schema";
import { utf8Decode, utf8Encode } from "../../src/core/config/utf8";
import { newReading } from "../../src/core/dsmr/parse";
import type { XsCase } from "../xs/support/case";

const CONFIGS = [
	'{"wifi":{"ssid":"Thuis","password":"geheim123"},"network":{"dhcp":true,"device_name":"digimon","ip":"","gateway":"","subnet":""}}',
	'{"wifi":{"ssid":"Café:Thuis","password":"wachtwoord-é€","bssid":"aa"},"auth":{"user":"jan","password":"apart"},"tariff":{"grid_area":"imewo","price_eur_kw_year":53.125,"target_w":4000.5},"x":[1,2.5,null,{"token":"t"}]}',
	'{"network":{"dhcp":false,"ip":"192.168.1.9","gateway":"192.168.2.1","subnet":"255.255.0.255","device_name":"-x"},"http":{"port":70000}}',
	'{"__proto__":{"a":1},"auth":{"user":"a:b","password":""}}',
	"not json",
	"[]",
];

function base64(bytes: Uint8Array): string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	let out = "";
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		out += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63];
		out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : "=";
		out += i + 2 < bytes.length ? alphabet[n & 63] : "=";
	}
	return out;
}

function basic(pair: string): string {
	return "Basic " + base64(utf8Encode(pair));
}

function context(config: Config): ApiContext {
	let ms = 0;
	return {
		config: () => config,
		currentQuarter: () => ({
			quarter_id: 0x1a031d8b,
			consumed_power_avg: 412,
			begin_consumed_wh: 1234567,
			begin_produced_wh: 89012,
			interval_secs: 5,
			consumed_power_interval_avgs: [400, 410.5, null],
			produced_power_interval_avgs: [-0, -10, null],
			start: "2026-03-29T00:45:00.000Z",
			end: "2026-03-29T01:00:00.000Z",
			end_consumed_wh: null,
			end_produced_wh: null,
			energy_avg_w: 1e21,
			energy_produced_avg_w: 0.1 + 0.2,
			meter_demand_w: 405,
			samples: 3,
			complete: false,
		}),
		monthPeak: () => ({ quarter_id: 0x1a031d0b, power: 5123.75 }),
		readMeterFile: (path) => (path === "/meter/2026/year.json" ? '{"year":2026,"note":"één"}' : undefined),
		memory: () => ({ free: 51234 }),
		throttle: new LoginThrottle({ now: () => (ms += 1000), freeFailures: 3, globalPerMinute: 30 }),
		status: () => {
			throw new Error("not used");
		},
		reading: newReading,
		listMeterDir: () => [],
		warning: newPeakWarning(),
		peakSources: () => false,
	};
}

function configs(): string {
	const lines: string[] = [];
	for (const text of CONFIGS) {
		const { config, errors } = parseConfig(text);
		lines.push(JSON.stringify({ errors, config: serializeConfig(config), redacted: redactConfig(config) }));
	}
	let next = 0;
	lines.push(
		serializeConfig(
			createConfig((n) => {
				const bytes = new Uint8Array(n);
				for (let i = 0; i < n; i++) bytes[i] = next = (next * 73 + 41) & 0xff;
				return bytes;
			}),
		),
	);
	return lines.join("\n");
}

function requests(): string {
	const config = parseConfig(CONFIGS[1]).config;
	const ctx = context(config);
	const lines: string[] = [];
	const logins = [
		undefined,
		basic("jan:apart"),
		basic("jan:wrong"),
		basic("Café:Thuis:wachtwoord-é€"),
		"Basic !!!",
		"basic " + base64(utf8Encode("jan:apart")) + "  ",
	];
	const targets = [
		"/current/quarter",
		"/current/month/peak",
		"/meter/2026/year.json",
		"/meter/2026/01/month.json",
		"/meter/../config.json",
		"/meter/%2e%2e/x",
		"/meter/2026%2fyear.json",
		"/meter/%252e%252e/x",
		"/meter/2026/%79ear.json?a=1",
		"/" + "a".repeat(520),
		"/nope",
	];
	for (const method of ["GET", "HEAD", "POST"])
		for (const target of targets)
			for (const authorization of logins) {
				const headers: Record<string, string> = { host: "digimon.local" };
				if (authorization !== undefined) headers.authorization = authorization;
				const request: ApiRequest = {
					method,
					target,
					headers,
					remote: authorization === "Basic !!!" ? "10.0.0.66" : "10.0.0.2",
				};
				const response = handle(request, ctx);
				lines.push(JSON.stringify({ method, target: target.slice(0, 40), authorization, response }));
			}
	return lines.join("\n");
}

/**
 * A device-sized table (6 slots) under a scripted mix: silent connections, a slowloris drip and a
 * client that sends its head at once and is answered; every admission, eviction and deadline close
 * is logged, with the table after each step.
 */
function connectionSlots(): string {
	const limits = connectionLimits({ headMs: 1500, stallMs: 700, requestMs: 4000, idleMs: 3000 });
	const table = createSlotTable(6);
	const lines: string[] = [];
	let seed = 7;
	const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16; // the low bits of this generator repeat quickly
	for (let now = 0; now <= 20000; now += 50 + (next() % 200)) {
		const kind = next() % 4; // 0, 1 silent arrival, 2 drip, 3 client
		const log: (string | number)[] = [now, kind];
		if (kind === 2) {
			const slot = next() % table.size;
			received(table, slot, 1, now);
			log.push("drip", slot);
		} else {
			let slot = openSlot(table, now);
			if (slot < 0) {
				const victim = evictionVictim(table, now, limits);
				log.push("evict", victim);
				if (victim >= 0) {
					closeSlot(table, victim);
					slot = openSlot(table, now);
				}
			}
			log.push("slot", slot);
			if (slot >= 0 && kind === 3) {
				received(table, slot, 180, now);
				enterPhase(table, slot, Phase.Reply, now);
				enterPhase(table, slot, (next() & 1) === 0 ? Phase.Idle : Phase.Reply, now + 5);
			}
		}
		for (let slot = 0; slot < table.size; slot++)
			if (deadline(table, slot, limits) <= now) {
				log.push("close", slot);
				closeSlot(table, slot);
			}
		log.push(Array.from(table.phase).join(""), Array.from(table.bytes).join(","));
		lines.push(JSON.stringify(log));
	}
	return lines.join("\n");
}

/** Settings read and changed, refusals of every kind, the cross-site rules and UTF-8 decoding. */
function settings(): string {
	let config = parseConfig(CONFIGS[1]).config;
	const ctx = context(config);
	ctx.config = () => config;
	ctx.saveConfig = (next) => {
		config = next;
	};
	const lines: string[] = [];
	const bodies: (string | number[])[] = [
		"",
		'{"tariff":{"target_w":3500.5,"grid_area":"limburg"},"wifi":{"ssid":"Café ☕"}}',
		'{"auth":{"password":"nieuw-wachtwoord"}}',
		'{"network":{"dhcp":false,"ip":"10.0.0.9","subnet":"255.255.255.0","gateway":"10.0.1.1"}}',
		'{"mqtt":{"enabled":true,"host":"broker.lan","password":"m-pw"},"raw_telegram":{"enabled":true}}',
		'{"__proto__":{"x":1}}',
		'{"wifi":{"password":"kort"}}',
		"[1]",
		[0x7b, 0xe2, 0x82, 0x7d],
		[0x7b, 0xed, 0xa0, 0x80, 0x7d],
		[0x22, 0xf0, 0x9f, 0x98, 0x80, 0x22],
	];
	let login = basic("jan:apart");
	for (const body of bodies) {
		const bytes = typeof body === "string" ? utf8Encode(body) : new Uint8Array(body);
		const headers: Record<string, string> = {
			host: "digimon.local",
			authorization: login,
			"content-type": "application/json",
		};
		const response = handle({ method: "POST", target: "/v1/settings", headers, body: bytes }, ctx);
		if (config.auth.password === "nieuw-wachtwoord") login = basic("jan:nieuw-wachtwoord");
		lines.push(JSON.stringify({ response, decoded: utf8Decode(bytes) ?? null }));
	}
	const read = handle(
		{ method: "GET", target: "/v1/settings", headers: { host: "10.0.0.9", authorization: login } },
		ctx,
	);
	lines.push(JSON.stringify(read), serializeConfig(config));
	const refused: Record<string, string>[] = [
		{ host: "evil.example" },
		{ host: "digimon.local", origin: "http://evil.example", "content-type": "application/json" },
		{ host: "digimon.local", "content-type": "text/plain" },
		{ host: "digimon.local:80", origin: "http://digimon.local", "content-type": "application/octet-stream" },
	];
	for (const extra of refused)
		for (const target of ["/v1/settings", "/update"]) {
			const headers: Record<string, string> = { ...extra, authorization: login };
			lines.push(JSON.stringify(handle({ method: "POST", target, headers, body: utf8Encode("{}") }, ctx)));
		}
	for (const host of ["DigiMon.Local.:8080", "[::1]:80", "192.168.001.2", "digimon.local.evil", "x:99999", "[x]"])
		lines.push(JSON.stringify([host, isOwnHost(host, "digimon", ["pc"]), isOwnOrigin(`http://${host}`, host)]));
	return lines.join("\n");
}

/** First setup: which requests pass without a login in and out of setup mode, and the network list. */
function setupOpen(): string {
	const lines: string[] = [];
	const empty = parseConfig("{}").config;
	const saved = parseConfig('{"wifi":{"ssid":"Thuis","password":"twelve-chars"}}').config;
	const targets: [string, string][] = [
		["GET", "/v1/settings"],
		["POST", "/v1/settings"],
		["GET", "/v1/wifi/networks"],
		["GET", "/v1/now"],
		["POST", "/update"],
		["GET", "/v1/nothing"],
	];
	for (const [config, setup] of [
		[empty, true],
		[empty, false],
		[saved, true],
	] as const) {
		const ctx = context(config);
		ctx.setupMode = () => setup;
		ctx.wifiNetworks = () => [
			{ ssid: "Thuis", rssi: -70, secure: true },
			{ ssid: "Thuis", rssi: -52, secure: true },
			{ ssid: "", rssi: -30, secure: false },
			{ ssid: "Gast", rssi: -52, secure: false },
		];
		for (const [method, target] of targets) {
			const headers: Record<string, string> = { host: "192.168.4.1", "content-type": "application/json" };
			const r = handle({ method, target, headers, body: method === "POST" ? utf8Encode("{}") : undefined }, ctx);
			lines.push(
				`${setup} ${config.wifi.ssid} ${method} ${target} ${r.status} ${typeof r.body === "string" ? r.body : ""}`,
			);
		}
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "config: parse, serialize, redact, create", run: configs },
	{ name: "api: routes, login, throttle, hostile targets", run: requests },
	{ name: "api: connection slots under silent and slowloris clients", run: connectionSlots },
	{ name: "api: settings, cross-site rules, UTF-8 bodies", run: settings },
	{ name: "api: first setup without a login, the network list", run: setupOpen },
];
