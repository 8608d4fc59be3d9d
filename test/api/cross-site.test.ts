// What another web site could make a logged-in browser send: a foreign Host (DNS rebinding), a
// foreign Origin, a form's content-type. Chosen statuses: 421 Misdirected Request for a Host that
// is not one of the device's names (the request reached a server that is not the one named),
// 403 for a foreign Origin, 415 for a body of the wrong type.

import { isContentType, isOwnHost, isOwnOrigin } from "../../src/core/api/cross-site";
import { handle } from "../../src/core/api/handle";
import type { ApiRequest } from "../../src/core/api/types";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

function post(target: string, headers: Record<string, string>, body = "{}"): ApiRequest {
	const r = get(target, LOGIN, "POST", headers);
	r.body = new TextEncoder().encode(body);
	return r;
}

describe("Host names this device", () => {
	test.each([
		["digimon.local", true],
		["DigiMon.Local:80", true],
		["digimon.local.", true],
		["digimon", true],
		["digimon:8080", true],
		["localhost:3000", true],
		["127.0.0.1", true],
		["192.168.1.20:80", true],
		["[::1]:8080", true],
		["[fe80::1]", true],
		["evil.example", false],
		["digimon.evil.example", false],
		["digimon.local.evil.example", false],
		["192.168.1.20.nip.io", false],
		["localhost.evil.example", false],
		["", false],
		[":80", false],
		["digimon.local:http", false],
		["digimon.local:80:80", false],
		["[evil.example]", false],
		["[]", false],
	])("%s -> %s", (host, own) => {
		expect(isOwnHost(host, "digimon", [])).toBe(own);
	});

	test("the device name comes from the config, the host adds its own names", () => {
		expect(isOwnHost("meter.local", "meter", [])).toBe(true);
		expect(isOwnHost("digimon.local", "meter", [])).toBe(false);
		expect(isOwnHost("my-pc.local:8080", "digimon", ["my-pc", "my-pc.local"])).toBe(true);
	});
});

describe("Origin is the device's own", () => {
	test.each([
		["http://digimon.local", "digimon.local", true],
		["http://digimon.local", "digimon.local:80", true],
		["http://digimon.local:8080", "digimon.local:8080", true],
		["HTTP://DIGIMON.LOCAL", "digimon.local", true],
		["http://192.168.1.20", "192.168.1.20", true],
		["http://[::1]:8080", "[::1]:8080", true],
		["https://digimon.local", "digimon.local", false], // 443 against 80
		["http://digimon.local:8080", "digimon.local", false],
		["http://evil.example", "digimon.local", false],
		["http://digimon.local.evil.example", "digimon.local", false],
		["null", "digimon.local", false],
		["file://", "digimon.local", false],
		["http://digimon.local/", "digimon.local", false],
		["http://user@digimon.local", "digimon.local", false],
	])("%s from %s -> %s", (origin, host, own) => {
		expect(isOwnOrigin(origin, host)).toBe(own);
	});

	test("no Host: no origin can match it", () => {
		expect(isOwnOrigin("http://digimon.local", undefined)).toBe(false);
	});
});

test.each([
	["application/json", true],
	["Application/JSON; charset=utf-8", true],
	[" application/json ;charset=UTF-8", true],
	["application/x-www-form-urlencoded", false],
	["multipart/form-data; boundary=x", false],
	["text/plain", false],
	["application/json-seq", false],
	["application/jsonx", false],
])("content-type %s is json: %s", (type, json) => {
	expect(isContentType(type, "application/json")).toBe(json);
});

describe("through handle", () => {
	const JSON_TYPE = { "content-type": "application/json" };

	test("a foreign Host is refused with 421 before the login is looked at, for every method", () => {
		for (const method of ["GET", "HEAD", "POST"]) {
			const context = fakeContext();
			const r = get("/v1/now", undefined, method, { host: "evil.example" });
			const response = handle(r, context);
			expect(response.status).toBe(421);
			expect(JSON.parse(text(response.body) || "{}")).toEqual(
				method === "HEAD" ? {} : { error: "host is not a name of this device" },
			);
		}
	});

	test("a foreign Host with the right login is refused all the same (DNS rebinding)", () => {
		const response = handle(get("/current/quarter", LOGIN, "GET", { host: "rebind.evil.example:80" }), fakeContext());
		expect(response.status).toBe(421);
	});

	test("a request without Host (HTTP/1.0) is served", () => {
		const r = get("/current/quarter", LOGIN);
		delete r.headers.host;
		expect(handle(r, fakeContext()).status).toBe(200);
	});

	test("a POST from another site's page is refused with 403 and changes nothing", () => {
		const context = fakeContext();
		let saved = 0;
		context.saveConfig = () => saved++;
		const r = post("/v1/settings", { ...JSON_TYPE, origin: "http://evil.example" }, '{"tariff":{"target_w":100}}');
		const response = handle(r, context);
		expect(response.status).toBe(403);
		expect(JSON.parse(text(response.body))).toEqual({ error: "request from another site refused" });
		expect(saved).toBe(0);
	});

	test("a foreign Origin costs the login throttle nothing", () => {
		const context = fakeContext(undefined, { freeFailures: 0 });
		const r = post("/v1/settings", { ...JSON_TYPE, origin: "http://evil.example" });
		r.headers.authorization = basic(SSID, "guess");
		for (let i = 0; i < 5; i++) expect(handle(r, context).status).toBe(403);
		expect(handle(post("/v1/settings", JSON_TYPE), context).status).toBe(200);
	});

	test.each([
		["the device's own origin", "http://digimon.local"],
		["no origin (curl, scripts)", undefined],
	])("a JSON POST with %s is served", (_name, origin) => {
		const headers: Record<string, string> = { ...JSON_TYPE };
		if (origin !== undefined) headers.origin = origin;
		expect(handle(post("/v1/settings", headers), fakeContext()).status).toBe(200);
	});

	test.each(["application/x-www-form-urlencoded", "multipart/form-data; boundary=----x", "text/plain"])(
		"a POST of a form's type %s is refused with 415 and changes nothing",
		(type) => {
			const context = fakeContext();
			let saved = 0;
			context.saveConfig = () => saved++;
			const r = post("/v1/settings", { "content-type": type }, '{"tariff":{"target_w":100}}');
			const response = handle(r, context);
			expect(response.status).toBe(415);
			expect(JSON.parse(text(response.body))).toEqual({ error: "unsupported content-type" });
			expect(saved).toBe(0);
		},
	);

	test("a POST without content-type is refused with 415", () => {
		expect(handle(post("/v1/settings", {}), fakeContext()).status).toBe(415);
	});

	test("GET needs no content-type and is not judged by Origin", () => {
		const response = handle(get("/v1/settings", LOGIN, "GET", { origin: "http://evil.example" }), fakeContext());
		expect(response.status).toBe(200);
	});

	test("no response carries Access-Control-Allow-Origin, whatever is asked", () => {
		const context = fakeContext();
		const requests = [
			get("/current/quarter", LOGIN),
			get("/v1/settings", LOGIN, "GET", { origin: "http://evil.example" }),
			get("/v1/settings", LOGIN, "OPTIONS", { origin: "http://evil.example", "access-control-request-method": "POST" }),
			post("/v1/settings", JSON_TYPE),
			post("/update", { "content-type": "application/octet-stream" }),
			get("/nope", undefined),
		];
		for (const r of requests) {
			const response = handle(r, context);
			for (const name of Object.keys(response.headers)) expect(name.toLowerCase()).not.toMatch(/^access-control-/);
		}
	});
});

describe("POST /update", () => {
	test("on a host without firmware updates: 501 with a message, after the login", () => {
		const r = post("/update", { "content-type": "application/octet-stream" }, "\u00e9firmware");
		const response = handle(r, fakeContext());
		expect(response.status).toBe(501);
		expect(JSON.parse(text(response.body))).toEqual({
			error: "firmware updates are not supported on this host (only on the device)",
		});
		const stranger = { ...r, headers: { ...r.headers } };
		delete stranger.headers.authorization;
		expect(handle(stranger, fakeContext()).status).toBe(401);
	});

	test("takes application/octet-stream only (415 for JSON), and POST only (405 with Allow)", () => {
		expect(handle(post("/update", { "content-type": "application/json" }), fakeContext()).status).toBe(415);
		const response = handle(get("/update", LOGIN), fakeContext());
		expect(response.status).toBe(405);
		expect(response.headers.allow).toBe("POST");
	});
});
