// The dashboard's files: served gzipped without the login, everything else still behind it.

import { gunzipSync, gzipSync } from "node:zlib";
import { assetName } from "../../src/core/api/assets";
import { handle } from "../../src/core/api/handle";
import type { ApiRequest } from "../../src/core/api/types";
import { startHttpServer } from "../../src/hosts/node/http-server";
import { basic, type FakeContext, fakeContext, SSID, WIFI_PASSWORD } from "./fake-context";

const INDEX = "<!doctype html><title>x</title>";
const FILES: Readonly<Record<string, Uint8Array>> = Object.freeze({
	"index.html": gzipSync(INDEX),
	"app.0123456789.js": gzipSync("console.log(1)"),
	"app.abcdef0123.css": gzipSync("body{}"),
	"manifest.webmanifest": gzipSync("{}"),
	"icon.svg": gzipSync("<svg/>"),
});

function withAssets(): FakeContext & { asked: string[] } {
	const asked: string[] = [];
	return Object.assign(fakeContext(), {
		asked,
		asset(name: string) {
			asked.push(name);
			return Object.hasOwn(FILES, name) ? FILES[name] : undefined;
		},
	});
}

function get(target: string, method = "GET", headers: Record<string, string> = {}): ApiRequest {
	return { method, target, headers: { host: "digimon.local", ...headers }, remote: "10.0.0.7" };
}

describe("asset names", () => {
	test.each([
		["/", "index.html"],
		["/app.0123456789.js", "app.0123456789.js"],
		["/icon.svg", "icon.svg"],
		["/manifest.webmanifest", "manifest.webmanifest"],
	])("%s is %s", (path, name) => expect(assetName(path)).toBe(name));

	test.each([
		"/v1/now",
		"/watt",
		"/meter/2026/year.json",
		"/index",
		"/.js",
		"/config.json",
		"/a/b.js",
		"/a%2fb.js",
		"/x.exe",
		"/" + "a".repeat(70) + ".js",
	])("%s names no asset", (path) => expect(assetName(path)).toBeUndefined());
});

describe("serving", () => {
	test("/ is index.html, gzipped, without the login, revalidated each time", () => {
		const context = withAssets();
		const response = handle(get("/"), context);
		expect(response.status).toBe(200);
		expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
		expect(response.headers["content-encoding"]).toBe("gzip");
		expect(response.headers["cache-control"]).toBe("no-cache");
		expect(response.headers["content-length"]).toBe(String(FILES["index.html"].length));
		expect(gunzipSync(response.body as Uint8Array).toString()).toBe(INDEX);
		expect(context.asked).toEqual(["index.html"]);
	});

	test("hashed names are kept for good, others revalidated; a type per extension", () => {
		const context = withAssets();
		const js = handle(get("/app.0123456789.js"), context);
		expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
		expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
		const css = handle(get("/app.abcdef0123.css"), context);
		expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
		expect(css.headers["cache-control"]).toContain("immutable");
		const icon = handle(get("/icon.svg"), context);
		expect(icon.headers["content-type"]).toBe("image/svg+xml");
		expect(icon.headers["cache-control"]).toBe("no-cache");
		expect(handle(get("/manifest.webmanifest"), context).headers["content-type"]).toBe("application/manifest+json");
	});

	test("HEAD has the GET's headers and no body", () => {
		const response = handle(get("/", "HEAD"), withAssets());
		expect(response.status).toBe(200);
		expect(response.headers["content-length"]).toBe(String(FILES["index.html"].length));
		expect(response.body).toBe("");
	});

	test("the API still needs the login, and a missing asset tells a stranger nothing", () => {
		const context = withAssets();
		expect(handle(get("/v1/now"), context).status).toBe(401);
		expect(handle(get("/current/quarter"), context).status).toBe(401);
		expect(handle(get("/nothing.js"), context).status).toBe(401);
		expect(handle(get("/", "POST", { "content-type": "application/json" }), context).status).toBe(401);
		const login = { authorization: basic(SSID, WIFI_PASSWORD) };
		expect(handle(get("/v1/now", "GET", login), context).status).toBe(200);
		expect(handle(get("/nothing.js", "GET", login), context).status).toBe(404);
	});

	test("without assets (a host that has none) / is behind the login as before", () => {
		expect(handle(get("/"), fakeContext()).status).toBe(401);
	});

	test("a foreign Host is refused for assets too", () => {
		expect(handle(get("/", "GET", { host: "evil.example" }), withAssets()).status).toBe(421);
	});
});

test("over HTTP: / without a login decodes to the page, /v1/now asks for the login", async () => {
	const context = withAssets();
	const server = await startHttpServer({ port: 0, host: "127.0.0.1", handle: (r) => handle(r, context) });
	try {
		const url = `http://127.0.0.1:${server.port}`;
		const page = await fetch(url + "/");
		expect(page.status).toBe(200);
		expect(page.headers.get("content-encoding")).toBe("gzip");
		expect(await page.text()).toBe(INDEX); // fetch undoes the gzip
		const api = await fetch(url + "/v1/now");
		expect(api.status).toBe(401);
		expect(api.headers.get("www-authenticate")).toBe('Basic realm="digimon"');
	} finally {
		await server.close();
	}
});
