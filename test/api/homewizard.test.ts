// The HomeWizard-compatible API (v1) over a real Monitor fed a meter's telegram. The expected
// payloads are read from the telegram's text by test/helpers/homewizard-expected.ts, not by the
// monitor's parser.

import fs from "node:fs";
import path from "node:path";
import { handle } from "../../src/core/api/handle";
import { NO_WIFI_SSID } from "../../src/core/api/homewizard";
import { HOMEWIZARD_NOTE } from "../../src/core/api/settings";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";
import { type Config, defaultConfig } from "../../src/core/config/schema";
import { crc16 } from "../../src/core/dsmr/crc16";
import { Monitor } from "../../src/core/monitor";
import { expectedData } from "../helpers/homewizard-expected";
import { MemoryStore } from "../helpers/memory-store";
import { basic, fakeContext, get, saving, text } from "./fake-context";

const FIXTURE = path.join(__dirname, "../fixtures/telegrams/ndokter-dsmr_parser/fluvius-v171-alt.txt");
const SERIAL = "3c39e7a1b2c3";

function config(enabled: boolean, ssid = "Thuis-WiFi"): Config {
	const c = defaultConfig();
	c.wifi.ssid = ssid;
	c.wifi.password = "correct horse battery";
	c.homewizard.enabled = enabled;
	return c;
}

/** `serial` null: the host gives none. */
function monitor(c: Config, serial: string | null = SERIAL): Monitor {
	const m = new Monitor({
		sd: new MemoryStore(),
		state: new MemoryStore(),
		log: { info: () => {}, warn: () => {} },
		config: () => c,
		now: () => 0,
		version: "1.2.3",
		serial: serial ?? undefined,
	});
	m.start();
	return m;
}

function ask(m: Monitor, target: string, method = "GET", headers: Record<string, string> = {}): ApiResponse {
	const request: ApiRequest = { method, target, headers: { host: "192.168.1.20", ...headers }, remote: "192.168.1.50" };
	return m.handle(request);
}

function json(response: ApiResponse): unknown {
	return JSON.parse(text(response.body));
}

/** A telegram with its CRC, from lines without one. */
function telegram(lines: string[]): Uint8Array {
	const body = lines.join("\r\n") + "\r\n!";
	const bytes = Uint8Array.from(body, (c) => c.charCodeAt(0));
	return Uint8Array.from(body + crc16(bytes).toString(16).toUpperCase().padStart(4, "0") + "\r\n", (c) =>
		c.charCodeAt(0),
	);
}

// ---------------------------------------------------------------- tests

describe("GET /api/v1/data", () => {
	const raw = fs.readFileSync(FIXTURE, "latin1");

	test("a Fluvius telegram with gas and water, in HomeWizard's names and units, nothing the meter did not send", () => {
		const m = monitor(config(true));
		m.push(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
		const response = ask(m, "/api/v1/data");
		expect(response.status).toBe(200);
		expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
		const want = expectedData(raw, "Thuis-WiFi");
		expect(json(response)).toEqual(want);
		// spot checks of the recomputation itself, by hand from the telegram
		expect(want.total_power_import_kwh).toBe(571.562);
		expect(want.montly_power_peak_timestamp).toBe(231102114500);
		expect(want.active_power_w).toBe(338);
		expect((want.external as unknown[]).length).toBe(2);
	});

	test("a returning single-phase meter: negative power and current, counts, only L1, no capacity fields", () => {
		const lines = [
			"/ISK5\\2M550E-1012",
			"",
			"1-3:0.2.8(50)",
			"0-0:1.0.0(260210180730W)",
			"0-0:96.1.1(4530303434303037333230333438373139)",
			"1-0:1.8.1(001234.567*kWh)",
			"1-0:1.8.2(000765.433*kWh)",
			"1-0:2.8.1(000100.001*kWh)",
			"1-0:2.8.2(000200.002*kWh)",
			"0-0:96.14.0(0002)",
			"1-0:1.7.0(00.000*kW)",
			"1-0:2.7.0(01.234*kW)",
			"0-0:96.7.21(00004)",
			"0-0:96.7.9(00001)",
			"1-0:32.32.0(00002)",
			"1-0:32.36.0(00001)",
			"1-0:32.7.0(231.0*V)",
			"1-0:31.7.0(005*A)",
			"1-0:21.7.0(00.000*kW)",
			"1-0:22.7.0(01.234*kW)",
		];
		const m = monitor(config(true));
		m.push(telegram(lines));
		expect(json(ask(m, "/api/v1/data"))).toEqual({
			wifi_ssid: "Thuis-WiFi",
			smr_version: 50,
			meter_model: "ISK5\\2M550E-1012",
			unique_id: "4530303434303037333230333438373139",
			active_tariff: 2,
			total_power_import_kwh: 2000,
			total_power_import_t1_kwh: 1234.567,
			total_power_import_t2_kwh: 765.433,
			total_power_export_kwh: 300.003,
			total_power_export_t1_kwh: 100.001,
			total_power_export_t2_kwh: 200.002,
			active_power_w: -1234,
			active_power_l1_w: -1234,
			active_voltage_l1_v: 231,
			active_current_l1_a: -5,
			voltage_sag_l1_count: 2,
			voltage_swell_l1_count: 1,
			any_power_fail_count: 4,
			long_power_fail_count: 1,
		});
	});

	test("before the first telegram: only the WiFi network", () => {
		expect(json(ask(monitor(config(true)), "/api/v1/data"))).toEqual({ wifi_ssid: "Thuis-WiFi" });
	});

	test("wifi_ssid is always there: a fixed word without WiFi, and never a password", () => {
		expect(json(ask(monitor(config(true, "")), "/api/v1/data"))).toEqual({ wifi_ssid: NO_WIFI_SSID });
		const c = config(true, "hunter22hunter");
		c.auth.user = "jan";
		c.auth.password = "hunter22hunter"; // an SSID chosen as the password: it must not leave without a login
		const body = text(ask(monitor(c), "/api/v1/data").body);
		expect(JSON.parse(body)).toEqual({ wifi_ssid: NO_WIFI_SSID });
		expect(body).not.toContain("hunter22");
	});

	test("HEAD gives the headers of the GET and no body", () => {
		const m = monitor(config(true));
		m.push(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
		const got = ask(m, "/api/v1/data");
		const head = ask(m, "/api/v1/data", "HEAD");
		expect(head.status).toBe(200);
		expect(head.body).toBe("");
		expect(head.headers["content-length"]).toBe(got.headers["content-length"]);
	});
});

describe("GET /api and /api/v1/telegram", () => {
	test("/api: a P1 meter of API v1 with the host's serial and version", () => {
		expect(json(ask(monitor(config(true)), "/api"))).toEqual({
			product_type: "HWE-P1",
			product_name: "P1 Meter",
			serial: SERIAL,
			firmware_version: "1.2.3",
			api_version: "v1",
		});
	});

	test("/api without a serial from the host answers 503; a malformed serial is refused at start", () => {
		expect(ask(monitor(config(true), null), "/api").status).toBe(503);
		for (const bad of ["3C39E7A1B2C3", "3c39e7a1b2c", "3c39e7a1b2c3d", "3c:39:e7:a1:b2", "3c39e7a1b2cg"])
			expect(() => monitor(config(true), bad)).toThrow("not 12 lowercase hex digits");
	});

	test("/api/v1/telegram: the telegram byte for byte, as text/plain; 503 before one", () => {
		const m = monitor(config(true));
		expect(ask(m, "/api/v1/telegram").status).toBe(503);
		const raw = fs.readFileSync(FIXTURE, "latin1");
		m.push(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
		const response = ask(m, "/api/v1/telegram");
		expect(response.status).toBe(200);
		expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
		expect(text(response.body)).toBe(raw);
	});
});

describe("what HomeWizard's clients rely on", () => {
	const paths = ["/api", "/api/v1/data", "/api/v1/telegram"];

	test("no login: none, or a wrong one, is neither asked for nor counted", () => {
		const context = fakeContext(config(true));
		for (const target of paths) {
			expect(handle(get(target), context).status).not.toBe(401);
			for (let i = 0; i < 10; i++)
				expect(handle(get(target, basic("Thuis-WiFi", "wrong")), context).status).not.toBe(401);
		}
		expect(context.throttle.wait("192.168.1.50")).toBe(0);
		expect(handle(get("/v1/now"), context).status).toBe(401); // the rest of the API still needs the login
	});

	test.each([
		["GET", "/api/v1/state"],
		["PUT", "/api/v1/state"],
		["GET", "/api/v1/system"],
		["PUT", "/api/v1/system"],
		["PUT", "/api/v1/identify"],
		["GET", "/api/v1/identify"],
		["GET", "/api/v2/data"],
		["GET", "/api/"],
		["POST", "/api/v1/data"],
		["DELETE", "/api"],
	])("switched on, %s %s is not served: 404, never 403", (method, target) => {
		const m = monitor(config(true));
		const headers: Record<string, string> = method === "GET" ? {} : { "content-type": "application/json" };
		const response = ask(m, target, method, headers);
		expect(response.status).toBe(404);
		expect(json(response)).toEqual({ error: "not found" });
	});

	test.each(["/api", "/api/v1/data", "/api/v1/telegram", "/api/v1/state", "/api/v1/identify"])(
		"switched off (the default), %s answers as HomeWizard's disabled API",
		(target) => {
			const m = monitor(config(false));
			for (const method of ["GET", "PUT"]) {
				const response = ask(m, target, method, { "content-type": "application/json" });
				expect(response.status).toBe(403);
				expect(json(response)).toEqual({ error: { id: 202, description: "API not enabled" } });
			}
			expect(defaultConfig().homewizard.enabled).toBe(false);
		},
	);

	test("switching it on through the settings applies at once and says it needs no login", () => {
		const context = saving(fakeContext(config(false)));
		expect(handle(get("/api"), context).status).toBe(403);
		const post = get("/v1/settings", basic("Thuis-WiFi", "correct horse battery"), "POST", {
			"content-type": "application/json",
		});
		post.body = new TextEncoder().encode('{"homewizard":{"enabled":true}}');
		const answer = JSON.parse(text(handle(post, context).body));
		expect(answer.applied).toEqual(["homewizard.enabled"]);
		expect(answer.message).toContain(HOMEWIZARD_NOTE);
		expect(handle(get("/api"), context).status).toBe(200);
	});

	test("a request naming another host is still refused (DNS rebinding)", () => {
		const response = ask(monitor(config(true)), "/api/v1/data", "GET", { host: "evil.example" });
		expect(response.status).toBe(421);
	});
});
