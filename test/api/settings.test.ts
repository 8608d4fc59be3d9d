// GET and POST /v1/settings against the core: the shapes, the round trip, every kind of refusal
// (which must leave the config exactly as it was), and the tariff applied at once by the Monitor.

import { handle } from "../../src/core/api/handle";
import { MAX_SETTINGS_BYTES } from "../../src/core/api/settings";
import type { ApiRequest } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import type { Config } from "../../src/core/config/schema";
import { basic, fakeContext, get, SSID, saving, text, WIFI_PASSWORD, wifiConfig } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

function post(body: string | Uint8Array, authorization = LOGIN): ApiRequest {
	const r = get("/v1/settings", authorization, "POST", { "content-type": "application/json" });
	r.body = typeof body === "string" ? new TextEncoder().encode(body) : body;
	return r;
}

function json(response: { body: Parameters<typeof text>[0] }): Record<string, unknown> {
	return JSON.parse(text(response.body));
}

function separateLogin(): Config {
	const config = wifiConfig();
	config.auth.user = "jan";
	config.auth.password = "apart-wachtwoord";
	config.mqtt.password = "broker-secret";
	return config;
}

describe("GET /v1/settings", () => {
	test("every setting, passwords only as password_set", () => {
		const response = handle(get("/v1/settings", basic("jan", "apart-wachtwoord")), fakeContext(separateLogin()));
		expect(response.status).toBe(200);
		expect(response.headers["cache-control"]).toBe("no-store");
		expect(json(response)).toEqual({
			network: { device_name: "digimon", dhcp: true, ip: "", gateway: "", subnet: "", dns: "" },
			wifi: { ssid: "Thuis-WiFi", password_set: true },
			auth: { user: "jan", password_set: true },
			tariff: { grid_area: "", price_eur_kw_year: null, target_w: null },
			homewizard: { enabled: false },
			mqtt: {
				enabled: false,
				host: "",
				port: 1883,
				user: "",
				password_set: true,
				topic: "digimon",
				interval_s: 10,
				discovery_prefix: "homeassistant",
			},
			raw_telegram: { enabled: false, port: 8088 },
			warning: { url: "" },
		});
	});

	test("password_set is false for an empty password", () => {
		const body = json(handle(get("/v1/settings", LOGIN), fakeContext()));
		expect((body.auth as Record<string, unknown>).password_set).toBe(false);
		expect((body.mqtt as Record<string, unknown>).password_set).toBe(false);
	});

	test("a plain value equal to a password is left out rather than sent", () => {
		const config = wifiConfig("geheim-en-lang", "geheim-en-lang");
		const body = json(handle(get("/v1/settings", basic("geheim-en-lang", "geheim-en-lang")), fakeContext(config)));
		expect(body.wifi).toEqual({ password_set: true });
	});
});

describe("POST /v1/settings", () => {
	test("changes what it names and keeps the rest; login and tariff at once, network after a restart", () => {
		const context = saving(fakeContext());
		const response = handle(
			post(
				JSON.stringify({
					network: {
						device_name: "meter",
						dhcp: false,
						ip: "192.168.1.20",
						subnet: "255.255.255.0",
						gateway: "192.168.1.1",
						dns: "1.1.1.1",
					},
					tariff: { grid_area: "imewo", target_w: 4000 },
				}),
			),
			context,
		);
		expect(response.status).toBe(200);
		expect(json(response)).toEqual({
			ok: true,
			applied: ["tariff.grid_area", "tariff.target_w"],
			pending: [
				"network.device_name",
				"network.dhcp",
				"network.ip",
				"network.subnet",
				"network.gateway",
				"network.dns",
			],
			restart_needed: true,
			message:
				"saved; network.device_name, network.dhcp, network.ip, network.subnet, network.gateway, network.dns take effect after a restart",
		});
		expect(context.saved).toHaveLength(1);
		const config = context.config();
		expect(config.network).toEqual({
			dhcp: false,
			device_name: "meter",
			ip: "192.168.1.20",
			gateway: "192.168.1.1",
			subnet: "255.255.255.0",
			dns: "1.1.1.1",
		});
		expect(config.tariff).toEqual({ grid_area: "imewo", price_eur_kw_year: null, target_w: 4000 });
		expect(config.wifi).toEqual({ ssid: SSID, password: WIFI_PASSWORD });
	});

	test("round trip: what GET gives, POSTed back, changes nothing; a change then reads back", () => {
		const context = saving(fakeContext(separateLogin()));
		const login = basic("jan", "apart-wachtwoord");
		const before = text(handle(get("/v1/settings", login), context).body);
		const same = handle(post(before, login), context);
		expect(json(same)).toEqual({
			ok: true,
			applied: [],
			pending: [],
			restart_needed: false,
			message: "nothing changed",
		});
		expect(context.saved).toHaveLength(0);
		const changed = JSON.parse(before);
		changed.tariff.price_eur_kw_year = 50.5;
		changed.mqtt = { ...changed.mqtt, enabled: true, host: "broker.lan" };
		expect(handle(post(JSON.stringify(changed), login), context).status).toBe(200);
		expect(json(handle(get("/v1/settings", login), context))).toEqual(changed);
		expect(context.config().mqtt.password).toBe("broker-secret");
	});

	test("an omitted password keeps the stored one; a given one replaces it, and the new login works at once", () => {
		const context = saving(fakeContext(separateLogin()));
		const old = basic("jan", "apart-wachtwoord");
		expect(handle(post('{"auth":{"user":"piet"}}', old), context).status).toBe(200);
		expect(context.config().auth).toEqual({ user: "piet", password: "apart-wachtwoord" });
		const response = handle(
			post('{"auth":{"password":"nieuw-wachtwoord"}}', basic("piet", "apart-wachtwoord")),
			context,
		);
		expect(json(response)).toEqual({
			ok: true,
			applied: ["auth.password"],
			pending: [],
			restart_needed: false,
			message: "saved and applied; log in again with the new login",
		});
		expect(handle(get("/v1/settings", basic("piet", "apart-wachtwoord")), context).status).toBe(401);
		expect(handle(get("/v1/settings", basic("piet", "nieuw-wachtwoord")), context).status).toBe(200);
	});

	test("a WiFi change needs a restart and says so", () => {
		const context = saving(fakeContext(separateLogin()));
		const response = handle(
			post('{"wifi":{"ssid":"Nieuw","password":"nieuw-wifi-ww"}}', basic("jan", "apart-wachtwoord")),
			context,
		);
		expect(json(response)).toMatchObject({
			applied: [],
			pending: ["wifi.ssid", "wifi.password"],
			restart_needed: true,
		});
		expect(context.config().wifi).toEqual({ ssid: "Nieuw", password: "nieuw-wifi-ww" });
	});

	test.each([
		["broken json", '{"tariff":', "", "body is not valid json"],
		["empty body", "", "", "body is not valid json"],
		["an array", "[]", "", "body must be a json object"],
		["a string", '"x"', "", "body must be a json object"],
		["unknown section", '{"mqqt":{}}', "mqqt", "unknown setting"],
		["a section not settable", '{"http":{"port":81}}', "http", "unknown setting"],
		["__proto__", '{"__proto__":{"x":1}}', "__proto__", "unknown setting"],
		["unknown key", '{"wifi":{"sid":"x"}}', "wifi.sid", "unknown setting"],
		["section not an object", '{"wifi":"x"}', "wifi", "must be an object"],
		[
			"ssid too long",
			JSON.stringify({ wifi: { ssid: "x".repeat(33) } }),
			"wifi.ssid",
			"must be text of at most 32 bytes",
		],
		[
			"wpa password too short",
			'{"wifi":{"password":"kort"}}',
			"wifi.password",
			'must be 8 to 63 printable ASCII characters, 64 hex digits, or "" for an open network',
		],
		["wrong type", '{"tariff":{"target_w":"4000"}}', "tariff.target_w", "must be a number from 0 to 1000000, or null"],
		["out of range", '{"tariff":{"target_w":-1}}', "tariff.target_w", "must be a number from 0 to 1000000, or null"],
		[
			"unknown grid area",
			'{"tariff":{"grid_area":"mars"}}',
			"tariff.grid_area",
			'must be "" (the default area) or one of ',
		],
		[
			"bad device name",
			'{"network":{"device_name":"-x"}}',
			"network.device_name",
			"must be 1 to 63 letters, digits or '-', not starting or ending with '-'",
		],
		["boolean as text", '{"network":{"dhcp":"false"}}', "network.dhcp", "must be true or false"],
		["static without address", '{"network":{"dhcp":false}}', "network.ip", "required when dhcp is false"],
		[
			"gateway outside the subnet",
			'{"network":{"dhcp":false,"ip":"192.168.1.5","subnet":"255.255.255.0","gateway":"10.0.0.1"}}',
			"network.gateway",
			"must be in the subnet of network.ip",
		],
		["half a login", '{"auth":{"user":"jan"}}', "auth.password", "required when auth.user is set"],
		[
			"a colon in the user",
			'{"auth":{"user":"a:b","password":"abcdefgh"}}',
			"auth.user",
			"must be text of at most 32 bytes without ':'",
		],
		["mqtt on without a broker", '{"mqtt":{"enabled":true}}', "mqtt.host", "required when mqtt is enabled"],
		[
			"a port out of range",
			'{"raw_telegram":{"port":65536}}',
			"raw_telegram.port",
			"must be a whole number from 1 to 65535",
		],
		["a fractional port", '{"mqtt":{"port":1883.5}}', "mqtt.port", "must be a whole number from 1 to 65535"],
		[
			"raw port on the http port",
			'{"raw_telegram":{"enabled":true,"port":80}}',
			"raw_telegram.port",
			"must differ from http.port",
		],
		["no login left", '{"wifi":{"password":""}}', "auth.password", "the change would leave no login"],
		[
			"a wildcard in the mqtt topic",
			'{"mqtt":{"topic":"home/#"}}',
			"mqtt.topic",
			"must be 1 to 64 letters, digits, '_' or '-', in levels separated by single '/'",
		],
		[
			"an empty topic level",
			'{"mqtt":{"topic":"home//p1"}}',
			"mqtt.topic",
			"must be 1 to 64 letters, digits, '_' or '-', in levels separated by single '/'",
		],
		[
			"a discovery prefix with a leading slash",
			'{"mqtt":{"discovery_prefix":"/ha"}}',
			"mqtt.discovery_prefix",
			"must be 1 to 64 letters, digits, '_' or '-', in levels separated by single '/'",
		],
		["no publish interval", '{"mqtt":{"interval_s":0}}', "mqtt.interval_s", "must be a whole number from 1 to 3600"],
		[
			"a warning url that is no web address",
			'{"warning":{"url":"ftp://x/y"}}',
			"warning.url",
			'must be "" or an http:// or https:// address of at most 256 characters, without spaces',
		],
		[
			"a warning url without a host",
			'{"warning":{"url":"http:///topic"}}',
			"warning.url",
			'must be "" or an http:// or https:// address of at most 256 characters, without spaces',
		],
		[
			"a space in the warning url",
			'{"warning":{"url":"http://ntfy.sh/a b"}}',
			"warning.url",
			'must be "" or an http:// or https:// address of at most 256 characters, without spaces',
		],
	])("%s: 400 naming the field, nothing stored", (_name, body, field, message) => {
		const context = saving(fakeContext());
		const before = JSON.stringify(context.config());
		const response = handle(post(body), context);
		expect(response.status).toBe(400);
		const answer = json(response);
		expect(answer.field).toBe(field);
		expect(String(answer.error).startsWith(message)).toBe(true);
		expect(context.saved).toHaveLength(0);
		expect(JSON.stringify(context.config())).toBe(before);
	});

	test("one bad field refuses the whole change, the good fields beside it included", () => {
		const context = saving(fakeContext());
		const response = handle(post('{"tariff":{"target_w":4000},"network":{"ip":"300.1.1.1"}}'), context);
		expect(response.status).toBe(400);
		expect(json(response)).toEqual({ error: "must be an IPv4 address like 192.168.1.20", field: "network.ip" });
		expect(context.config().tariff.target_w).toBeNull();
	});

	test("a body that is not UTF-8 is a 400", () => {
		const response = handle(post(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])), saving(fakeContext()));
		expect(json(response)).toEqual({ error: "body is not utf-8", field: "" });
	});

	test("a body over the limit is a 413", () => {
		const context = saving(fakeContext());
		const big = JSON.stringify({ tariff: { target_w: 1 }, pad: " ".repeat(MAX_SETTINGS_BYTES) });
		const response = handle(post(big), context);
		expect(response.status).toBe(413);
		expect(context.saved).toHaveLength(0);
	});

	test("a store that fails: 500, and the running config is the old one", () => {
		const context = fakeContext();
		context.saveConfig = () => {
			throw new Error("disk full /secret/path");
		};
		const response = handle(post('{"tariff":{"target_w":4000}}'), context);
		expect(response.status).toBe(500);
		expect(json(response)).toEqual({ error: "settings could not be stored; nothing changed" });
		expect(context.config().tariff.target_w).toBeNull();
	});

	test("a host that cannot store settings answers 501", () => {
		const response = handle(post('{"tariff":{"target_w":4000}}'), fakeContext());
		expect(response.status).toBe(501);
		expect(json(response)).toEqual({ error: "settings cannot be changed on this host" });
	});

	test("PUT and DELETE are 405 with Allow", () => {
		for (const method of ["PUT", "DELETE"]) {
			const r = post("{}");
			r.method = method;
			const response = handle(r, fakeContext());
			expect(response.status).toBe(405);
			expect(response.headers.allow).toBe("GET, POST, HEAD");
		}
	});

	test("a stored change reads back from config.json text the same", () => {
		const context = saving(fakeContext());
		handle(post('{"mqtt":{"enabled":true,"host":"10.0.0.2","user":"m","password":"mqtt-pw","topic":"p1"}}'), context);
		const stored = context.saved[0];
		const { config, errors } = parseConfig(JSON.stringify(stored));
		expect(errors).toEqual([]);
		expect(config.mqtt).toEqual({
			enabled: true,
			host: "10.0.0.2",
			port: 1883,
			user: "m",
			password: "mqtt-pw",
			topic: "p1",
			interval_s: 10,
			discovery_prefix: "homeassistant",
		});
	});
});

test("the MQTT interval and discovery prefix apply after a restart, the warning URL at once", () => {
	const context = saving(fakeContext());
	const body = '{"mqtt":{"interval_s":30,"discovery_prefix":"ha/test"},"warning":{"url":"https://ntfy.sh/piek-thuis"}}';
	const response = handle(post(body), context);
	expect(response.status).toBe(200);
	expect(json(response)).toMatchObject({
		applied: ["warning.url"],
		pending: ["mqtt.interval_s", "mqtt.discovery_prefix"],
	});
	const config = context.config();
	expect(config.mqtt.interval_s).toBe(30);
	expect(config.mqtt.discovery_prefix).toBe("ha/test");
	expect(config.warning).toEqual({ url: "https://ntfy.sh/piek-thuis" });
	expect(handle(post('{"warning":{"url":""}}'), context).status).toBe(200); // "" switches it off
	expect(context.config().warning.url).toBe("");
});
