// First setup without a login: while the device's access point is up and no WiFi network is
// saved, only GET/POST /v1/settings and GET /v1/wifi/networks are served without one. Every row
// of the route table, every method, in the four states of (setup mode, a network saved); the
// open set is written out here, not taken from the table's own marks.

import { handle } from "../../src/core/api/handle";
import { ROUTES, type Route } from "../../src/core/api/routes";
import type { ApiContext, ApiRequest, WifiNetwork } from "../../src/core/api/types";
import { MAX_NETWORKS, networkList } from "../../src/core/api/wifi-networks";
import { type Config, defaultConfig } from "../../src/core/config/schema";
import { basic, fakeContext, get, SSID, WIFI_PASSWORD, wifiConfig } from "./fake-context";

const OPEN_IN_SETUP = new Set([
	"GET /v1/settings",
	"HEAD /v1/settings",
	"POST /v1/settings",
	"GET /v1/wifi/networks",
	"HEAD /v1/wifi/networks",
]);

const SCAN: WifiNetwork[] = [{ ssid: "Thuis-WiFi", rssi: -61, secure: true }];

function pathOf(row: Route): string {
	return row.prefix ? row.path + "2026/year.json" : row.path;
}

function request(row: Route, method: string, authorization?: string): ApiRequest {
	const r = get(pathOf(row), authorization, method);
	if (method === "POST") {
		r.headers["content-type"] = row.accepts;
		r.body = new TextEncoder().encode(row.accepts === "application/json" ? "{}" : "\u0000firmware");
	}
	return r;
}

function context(config: Config, setup: boolean | undefined): ApiContext {
	const c = fakeContext(config);
	if (setup !== undefined) c.setupMode = () => setup;
	c.wifiNetworks = () => SCAN;
	return c;
}

const CASES: [string, Route][] = [];
for (const row of ROUTES) for (const method of row.methods) CASES.push([method, row]);

test("the open set names rows that exist", () => {
	const served = new Set(CASES.map(([m, row]) => `${m} ${pathOf(row)}`));
	for (const key of OPEN_IN_SETUP) expect(served.has(key)).toBe(true);
});

describe.each(CASES)("%s %s without a login", (method, row) => {
	const key = `${method} ${pathOf(row)}`;
	test("in setup with no network saved: only the setup routes (and the public /api)", () => {
		const response = handle(request(row, method), context(defaultConfig(), true));
		if (OPEN_IN_SETUP.has(key) || row.open) expect(response.status).not.toBe(401);
		else expect(response.status).toBe(401);
	});
	test.each([
		["in setup with a network saved", wifiConfig(), true],
		["not in setup, no network saved", defaultConfig(), false],
		["on a host without setup mode (the PC)", defaultConfig(), undefined],
	] as const)("%s: the login as always", (_name, config, setup) => {
		const response = handle(request(row, method), context(config, setup));
		expect(response.status).toBe(row.open ? response.status : 401);
		if (!row.open) expect(response.headers["www-authenticate"]).toBe('Basic realm="digimon"');
	});
});

test("a path that is no route still asks for the login in setup", () => {
	const response = handle(get("/v1/nothing"), context(defaultConfig(), true));
	expect(response.status).toBe(401);
});

test("setup: the settings are read without a login, no password in them, and a save closes the door", () => {
	const config = defaultConfig();
	const c = context(config, true);
	let saved: Config | undefined;
	c.config = () => saved ?? config;
	c.saveConfig = (next) => {
		saved = next;
	};
	const read = handle(get("/v1/settings"), c);
	expect(read.status).toBe(200);
	const shown = JSON.parse(String(read.body)) as { wifi: Record<string, unknown> };
	expect(shown.wifi).toEqual({ ssid: "", password_set: false });
	const post = get("/v1/settings", undefined, "POST", { "content-type": "application/json" });
	post.body = new TextEncoder().encode(JSON.stringify({ wifi: { ssid: "Thuis", password: "twelve-chars" } }));
	const answer = handle(post, c);
	expect(answer.status).toBe(200);
	expect(saved?.wifi.ssid).toBe("Thuis");
	// the network is saved: the same request without a login is refused, with the new login it is served
	expect(handle(get("/v1/settings"), c).status).toBe(401);
	expect(handle(get("/v1/settings", basic("Thuis", "twelve-chars")), c).status).toBe(200);
});

test("setup: a settings change still needs the host and origin checks", () => {
	const post = get("/v1/settings", undefined, "POST", {
		"content-type": "application/json",
		origin: "http://evil.example",
	});
	post.body = new TextEncoder().encode("{}");
	expect(handle(post, context(defaultConfig(), true)).status).toBe(403);
	expect(
		handle(get("/v1/settings", undefined, "GET", { host: "evil.example" }), context(defaultConfig(), true)).status,
	).toBe(421);
});

describe("GET /v1/wifi/networks", () => {
	test("404 on a host without WiFi (no hook), with the login", () => {
		const c = fakeContext();
		expect(handle(get("/v1/wifi/networks", basic(SSID, WIFI_PASSWORD)), c).status).toBe(404);
	});

	test("the scan as the setup page reads it, with the login", () => {
		const c = fakeContext();
		c.wifiNetworks = () => [
			{ ssid: "Buren", rssi: -80, secure: true },
			{ ssid: "Thuis", rssi: -70, secure: true },
			{ ssid: "", rssi: -40, secure: false },
			{ ssid: "Thuis", rssi: -55, secure: true },
			{ ssid: "Gast", rssi: -55, secure: false },
		];
		const response = handle(get("/v1/wifi/networks", basic(SSID, WIFI_PASSWORD)), c);
		expect(response.status).toBe(200);
		expect(JSON.parse(String(response.body))).toEqual({
			networks: [
				{ ssid: "Gast", rssi: -55, secure: false },
				{ ssid: "Thuis", rssi: -55, secure: true },
				{ ssid: "Buren", rssi: -80, secure: true },
			],
		});
	});

	test("at most MAX_NETWORKS, the strongest", () => {
		const seen: WifiNetwork[] = [];
		for (let i = 0; i < 40; i++) seen.push({ ssid: `net${i}`, rssi: -100 + i, secure: true });
		const list = networkList(seen);
		expect(list.length).toBe(24);
		expect(MAX_NETWORKS).toBe(24);
		expect(list[0]).toEqual({ ssid: "net39", rssi: -61, secure: true });
		expect(list[23].ssid).toBe("net16");
	});
});
