// The firmware's HTTP adapter (src/hosts/moddable/http-server.ts) against a fake of the SDK's legacy
// `http` Server: the fake drives the adapter's callback with the messages the SDK sends, per
// connection, and collects what the adapter answers.

import type { ChunkSource } from "../../src/core/api/chunks";
import { MAX_SETTINGS_BYTES } from "../../src/core/api/settings";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";
import { MAX_FIRMWARE_BYTES } from "../../src/core/api/update";

// the adapter's slot sweep runs on the SDK's clock and timer, which these tests leave idle
jest.mock("time", () => require("./sdk-fakes").fakeTime(() => 0), { virtual: true });
jest.mock("timer", () => require("./sdk-fakes").collectingTimer(() => undefined), { virtual: true });
jest.mock("http", () => require("./sdk-fakes").fakeHttp());

import { Server } from "http";

// required by a path in a variable: the module is type-checked against the SDK's typings
// (scripts/typecheck-moddable.ts), not against Node's, where "http" is another module
const ADAPTER = "../../src/hosts/moddable/http-server";
const { serveHttp } = require(ADAPTER) as {
	serveHttp(options: { port: number; handle(r: ApiRequest): ApiResponse; onError(e: unknown): void }): unknown;
};

type Callback = (this: object, message: number, a?: unknown, b?: unknown) => unknown;
interface SdkResponse {
	status: number;
	headers: string[];
	body: unknown;
}

function server(handle: (r: ApiRequest) => ApiResponse, errors: unknown[] = []) {
	serveHttp({ port: 80, handle, onError: (e) => errors.push(e) });
	const fake = (Server as unknown as { last: { callback: Callback } }).last;
	return fake.callback;
}

/** One connection: the request's head and body as the SDK reports them; returns the response head. */
function send(
	callback: Callback,
	connection: object,
	method: string,
	target: string,
	headers: [string, string][],
	body?: Buffer,
): { head: SdkResponse; keep: unknown } {
	callback.call(connection, 1);
	callback.call(connection, 2, target, method);
	for (const [n, v] of headers) callback.call(connection, 3, n, v);
	const keep = callback.call(connection, 4);
	if (keep === ArrayBuffer && body !== undefined) callback.call(connection, 6, new Uint8Array(body).buffer);
	else callback.call(connection, 6, undefined);
	return { head: callback.call(connection, 8) as SdkResponse, keep };
}

/** Pulls the body in fragments of `room` bytes, as the socket would ask, until the adapter says it is done. */
function drain(callback: Callback, connection: object, room: number): Buffer {
	const parts: Buffer[] = [];
	for (let i = 0; i < 100000; i++) {
		const piece = callback.call(connection, 9, room) as Uint8Array | undefined;
		if (piece === undefined) break;
		expect(piece.length).toBeGreaterThan(0);
		expect(piece.length).toBeLessThanOrEqual(room);
		parts.push(Buffer.from(piece)); // copied: the adapter may reuse its scratch for the next piece
	}
	callback.call(connection, 10);
	return Buffer.concat(parts);
}

function headerOf(head: SdkResponse, name: string): string[] {
	const values: string[] = [];
	for (let i = 0; i < head.headers.length; i += 2) if (head.headers[i] === name) values.push(head.headers[i + 1]);
	return values;
}

const TEXT = '{"naam":"Brussel-Zuid é€ 😀","n":1}';

function textResponse(): ApiResponse {
	return {
		status: 200,
		headers: { "content-type": "application/json", "content-length": "999", connection: "keep-alive" },
		body: TEXT,
	};
}

test("a text body goes out as UTF-8 with its byte length, in fragments no larger than the socket asks", () => {
	const callback = server(textResponse);
	const c = {};
	const { head } = send(callback, c, "GET", "/v1/now", []);
	expect(head.status).toBe(200);
	expect(head.body).toBe(true);
	const expected = Buffer.from(TEXT, "utf8");
	expect(headerOf(head, "content-length")).toEqual([String(expected.length)]); // the bytes sent, once
	expect(headerOf(head, "connection")).toEqual([]); // the SDK writes its own
	expect(drain(callback, c, 3).equals(expected)).toBe(true);
});

test("a streamed body passes whole through any fragment size, even below the source's smallest chunk, and the source is closed once", () => {
	const rows = ["datum;kW\r\n", "2026-06-01 18:00;3,250\r\n", "€€€€€\r\n"];
	let closes = 0;
	let at = 0;
	let pending = Buffer.alloc(0);
	const source: ChunkSource = {
		next(into) {
			expect(into.length).toBeGreaterThanOrEqual(4);
			if (pending.length === 0 && at < rows.length) pending = Buffer.from(rows[at++], "utf8");
			const n = Math.min(into.length, pending.length);
			pending.copy(into, 0, 0, n);
			pending = pending.subarray(n);
			return n;
		},
		close() {
			closes++;
		},
	};
	const callback = server(() => ({ status: 200, headers: { "content-type": "text/csv" }, body: source }));
	const c = {};
	const { head } = send(callback, c, "GET", "/v1/export.csv", []);
	expect(headerOf(head, "content-length")).toEqual([]); // chunked
	expect(drain(callback, c, 1).toString("utf8")).toBe(rows.join(""));
	expect(closes).toBe(1);
});

test("two connections at once keep their own requests", () => {
	const seen: ApiRequest[] = [];
	const callback = server((r) => {
		seen.push(r);
		return { status: 200, headers: { "content-type": "text/plain" }, body: r.target };
	});
	const a = {};
	const b = {};
	callback.call(a, 2, "/a", "GET");
	callback.call(b, 2, "/b", "GET");
	callback.call(a, 3, "authorization", "Basic YQ==");
	callback.call(b, 3, "x-seen", "1");
	callback.call(b, 3, "x-seen", "2");
	callback.call(a, 4);
	callback.call(b, 4);
	const headB = callback.call(b, 8) as SdkResponse;
	const headA = callback.call(a, 8) as SdkResponse;
	expect(seen.map((r) => [r.target, r.headers])).toEqual([
		["/b", { "x-seen": "1, 2" }],
		["/a", { authorization: "Basic YQ==" }],
	]);
	expect(drain(callback, a, 100).toString()).toBe("/a");
	expect(drain(callback, b, 100).toString()).toBe("/b");
	expect(headA.status + headB.status).toBe(400);
});

test("a body is handed over whole; one over the largest a route takes (the settings) is read past and answered 413 without the handler", () => {
	const seen: ApiRequest[] = [];
	const callback = server((r) => {
		seen.push(r);
		return { status: 200, headers: { "content-type": "text/plain" }, body: "ok" };
	});
	const json = Buffer.from('{"tariff":{"target_w":3500}}');
	const small = send(callback, {}, "POST", "/v1/settings", [["content-length", String(json.length)]], json);
	expect(small.keep).toBe(ArrayBuffer);
	expect(Buffer.from(seen[0].body as Uint8Array).equals(json)).toBe(true);

	const c = {};
	const big = send(callback, c, "POST", "/v1/settings", [["content-length", String(MAX_SETTINGS_BYTES + 1)]]);
	expect(big.keep).toBe(false);
	expect(big.head.status).toBe(413);
	expect(JSON.parse(drain(callback, c, 64).toString())).toEqual({ error: "body too large" });
	expect(seen).toHaveLength(1);
});

test("a firmware image at /update is read past up to the firmware limit; the handler answers without it", () => {
	const seen: ApiRequest[] = [];
	const callback = server((r) => {
		seen.push(r);
		return { status: 501, headers: { "content-type": "application/json" }, body: "{}" };
	});
	const image = send(callback, {}, "POST", "/update", [["content-length", String(1 << 20)]]);
	expect(image.keep).toBe(false);
	expect(image.head.status).toBe(501);
	expect(seen[0].body).toBeUndefined();
	const huge = send(callback, {}, "POST", "/update", [["content-length", String(MAX_FIRMWARE_BYTES + 1)]]);
	expect(huge.head.status).toBe(413);
	expect(seen).toHaveLength(1);
});

test("a HEAD keeps the length the core gave and sends no body", () => {
	const callback = server(() => ({
		status: 200,
		headers: { "content-type": "application/json", "content-length": "1833" },
		body: "",
	}));
	const c = {};
	const { head } = send(callback, c, "HEAD", "/meter/2026/06/01/1800S.json", []);
	expect(headerOf(head, "content-length")).toEqual(["1833"]);
	expect(drain(callback, c, 512).length).toBe(0);
});

test("a handler that throws gets the client a 500 and is reported; a dropped connection closes its stream", () => {
	const errors: unknown[] = [];
	const callback = server(() => {
		throw new Error("boom");
	}, errors);
	const c = {};
	const { head } = send(callback, c, "GET", "/v1/now", []);
	expect(head.status).toBe(500);
	expect(JSON.parse(drain(callback, c, 512).toString())).toEqual({ error: "internal error" });
	expect(errors).toHaveLength(1);

	let closes = 0;
	const endless: ChunkSource = {
		next: (into) => into.fill(65).length,
		close: () => closes++,
	};
	const streaming = server(() => ({ status: 200, headers: { "content-type": "text/plain" }, body: endless }));
	const d = {};
	send(streaming, d, "GET", "/v1/export.csv", []);
	expect((streaming.call(d, 9, 10) as Uint8Array).length).toBe(10);
	streaming.call(d, -1); // the client went away
	expect(closes).toBe(1);
});
