import { handle } from "../../src/core/api/handle";
import { ROUTES } from "../../src/core/api/routes";
import { basic, fakeContext, get, quarter, SSID, text, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

const TARGETS = [
	"/current/quarter",
	"/current/month/peak",
	"/meter/2026/03/29/0245S.json",
	"/meter/2026/03/29/day.json",
	"/meter/2026/03/month.json",
	"/meter/2026/year.json",
];

function json(body: Parameters<typeof text>[0]): unknown {
	return JSON.parse(text(body));
}

describe("routes with a valid login", () => {
	test("GET /current/quarter is the running quarter in the shape of a quarter file", () => {
		const response = handle(get("/current/quarter", LOGIN), fakeContext());
		expect(response.status).toBe(200);
		expect(json(response.body)).toEqual(quarter());
		expect(response.headers["cache-control"]).toBe("no-store");
		expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
	});

	test("GET /current/quarter is {} before the first telegram, as the original", () => {
		const context = fakeContext();
		context.currentQuarter = () => undefined;
		const response = handle(get("/current/quarter", LOGIN), context);
		expect(response.status).toBe(200);
		expect(text(response.body)).toBe("{}");
	});

	test("GET /current/month/peak has the original shape", () => {
		const response = handle(get("/current/month/peak", LOGIN), fakeContext());
		expect(response.status).toBe(200);
		expect(json(response.body)).toEqual({
			memory: { free: 51234, largest: 20480 },
			peak: { quarter_id: 0x1a031d0b, power: 5123 },
		});
	});

	test("GET /current/month/peak leaves peak out while it is unknown, and memory is {} without a source", () => {
		const context = fakeContext();
		context.monthPeak = () => undefined;
		delete context.memory;
		const response = handle(get("/current/month/peak", LOGIN), context);
		expect(json(response.body)).toEqual({ memory: {} });
	});

	test.each([
		["/meter/2026/03/29/0245S.json", "private, max-age=3600"],
		["/meter/2026/03/29/day.json", "private, no-cache"],
		["/meter/2026/03/month.json", "private, no-cache"],
		["/meter/2026/year.json", "private, no-cache"],
	])("GET %s serves the stored file (%s)", (target, cache) => {
		const context = fakeContext();
		const response = handle(get(target, LOGIN), context);
		expect(response.status).toBe(200);
		expect(text(response.body)).toBe(context.readMeterFile(target));
		expect(response.headers["cache-control"]).toBe(cache);
	});

	test("a query string is ignored for files", () => {
		const context = fakeContext();
		const response = handle(get("/meter/2026/year.json?download=1&x=../../config.json", LOGIN), context);
		expect(response.status).toBe(200);
		expect(context.reads).toEqual(["/meter/2026/year.json"]);
	});

	test("a history file that does not exist is a 404", () => {
		const context = fakeContext();
		const response = handle(get("/meter/2025/01/01/0000W.json", LOGIN), context);
		expect(response.status).toBe(404);
		expect(json(response.body)).toEqual({ error: "not found" });
		expect(context.reads).toEqual(["/meter/2025/01/01/0000W.json"]);
	});

	test.each([
		"/",
		"/config.json",
		"/current",
		"/current/quarter/",
		"/current//quarter",
		"/CURRENT/QUARTER",
		"/meter",
		"/meter/",
		"/meter/2026",
		"/meter/2026/03/29/0250S.json",
		"/meter/2026/03/29/0260S.json",
		"/meter/2026/03/29/0245X.json",
		"/meter/2026/13/month.json",
		"/meter/2026/03/32/day.json",
		"/meter/2026/03/29/2400W.json",
		"/meter/1999/year.json",
		"/meter/2026/year.json.bak",
		"/meter/2026/03/29/0245S.json/",
		"/meter//2026/year.json",
		"/meter/2026/03/29/0245S.JSON",
	])("%s is a 404 and reads no file outside the grammar", (target) => {
		const context = fakeContext();
		const response = handle(get(target, LOGIN), context);
		expect(response.status).toBe(404);
		expect(context.reads).toEqual([]);
	});

	test("a history file the store found damaged (and set aside) is a 500 that says so, never cached", () => {
		const context = fakeContext();
		context.readMeterFile = () => null;
		const response = handle(get("/meter/2026/03/29/0245S.json", LOGIN), context);
		expect(response.status).toBe(500);
		expect(json(response.body)).toEqual({ error: "damaged file set aside" });
		expect(response.headers["cache-control"]).toBe("no-store");
	});

	test("content-length is the UTF-8 byte length of the body", () => {
		const context = fakeContext(undefined, undefined, { "/meter/2026/year.json": '{"note":"één €"}' });
		const response = handle(get("/meter/2026/year.json", LOGIN), context);
		expect(response.headers["content-length"]).toBe(String(Buffer.byteLength(text(response.body))));
	});

	test("an exception inside the context is a bare 500, its message not exposed", () => {
		const context = fakeContext();
		context.readMeterFile = () => {
			throw new Error("EIO /sd/meter/2026 secret-detail");
		};
		const response = handle(get("/meter/2026/year.json", LOGIN), context);
		expect(response.status).toBe(500);
		expect(text(response.body)).not.toContain("secret-detail");
	});
});

describe("HEAD and methods", () => {
	test.each(TARGETS)("HEAD %s has the GET's status and headers and no body", (target) => {
		const got = handle(get(target, LOGIN), fakeContext());
		const head = handle(get(target, LOGIN, "HEAD"), fakeContext());
		expect(head.status).toBe(got.status);
		expect(head.headers).toEqual(got.headers);
		expect(text(head.body)).toBe("");
		expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
	});

	test.each(["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "TRACE"])("%s is a 405 with Allow", (method) => {
		for (const target of TARGETS) {
			const context = fakeContext();
			const response = handle(get(target, LOGIN, method), context);
			expect(response.status).toBe(405);
			expect(response.headers.allow).toBe("GET, HEAD");
			expect(context.reads).toEqual([]);
		}
	});

	test("a 405 needs the login too", () => {
		expect(handle(get("/current/quarter", undefined, "POST"), fakeContext()).status).toBe(401);
	});

	test("the route table is data: every row is frozen and allows HEAD with GET", () => {
		expect(Object.isFrozen(ROUTES)).toBe(true);
		for (const row of ROUTES) {
			expect(Object.isFrozen(row)).toBe(true);
			if (row.methods.indexOf("GET") >= 0) expect(row.methods).toContain("HEAD");
			expect(row.path.startsWith("/")).toBe(true);
		}
	});
});

describe("every response", () => {
	test.each(TARGETS.concat(["/nope", "/meter/../config.json", "x".repeat(600)]))(
		"%s: nosniff, content-type, content-length, never cached when an error",
		(target) => {
			for (const authorization of [undefined, LOGIN, basic(SSID, "wrong")]) {
				const response = handle(get(target, authorization), fakeContext());
				expect(response.headers["x-content-type-options"]).toBe("nosniff");
				expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
				expect(response.headers["content-length"]).toBe(String(Buffer.byteLength(text(response.body))));
				if (response.status >= 400) expect(response.headers["cache-control"]).toBe("no-store");
				JSON.parse(text(response.body));
			}
		},
	);
});
