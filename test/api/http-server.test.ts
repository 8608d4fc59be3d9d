import { connect } from "node:net";
import { handle } from "../../src/core/api/handle";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";
import { type HttpServer, type HttpServerOptions, startHttpServer } from "../../src/hosts/node/http-server";
import { basic, fakeContext, quarter, SSID, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

let servers: HttpServer[] = [];

async function start(
	options: Partial<HttpServerOptions> = {},
): Promise<HttpServer & { url: string; seen: ApiRequest[] }> {
	const context = fakeContext();
	const seen: ApiRequest[] = [];
	const server = await startHttpServer({
		port: 0,
		host: "127.0.0.1",
		handle: (request) => {
			seen.push(request);
			return handle(request, context);
		},
		...options,
	});
	servers.push(server);
	return Object.assign(server, { url: `http://127.0.0.1:${server.port}`, seen });
}

afterEach(async () => {
	await Promise.all(servers.map((s) => s.close()));
	servers = [];
});

/** Sends `text` as is (no URL normalisation, unlike fetch) and returns everything the server wrote. */
function raw(port: number, text: string | Buffer, endAfterWrite = false): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, "127.0.0.1");
		const chunks: Buffer[] = [];
		socket.on("data", (chunk) => chunks.push(chunk));
		socket.on("error", (error: NodeJS.ErrnoException) =>
			error.code === "ECONNRESET" ? resolve(Buffer.concat(chunks).toString("latin1")) : reject(error),
		);
		socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
		socket.write(text);
		if (endAfterWrite) socket.end();
	});
}

function statusOf(response: string): number {
	return Number(response.slice(9, 12));
}

describe("node adapter end to end", () => {
	test("serves a route behind the login", async () => {
		const server = await start();
		const refused = await fetch(`${server.url}/current/quarter`);
		expect(refused.status).toBe(401);
		expect(refused.headers.get("www-authenticate")).toBe('Basic realm="digimon"');
		const ok = await fetch(`${server.url}/current/quarter`, { headers: { authorization: LOGIN } });
		expect(ok.status).toBe(200);
		expect(ok.headers.get("content-type")).toBe("application/json; charset=utf-8");
		expect(await ok.json()).toEqual(quarter());
	});

	test("passes the raw target, lower-case headers, the peer address and the body to the core", async () => {
		const server = await start();
		await fetch(`${server.url}/meter/2026/%79ear.json?x=1`, {
			method: "POST",
			headers: { "X-Mixed-Case": "v", authorization: LOGIN },
			body: "hello",
		});
		const request = server.seen[0];
		expect(request.method).toBe("POST");
		expect(request.target).toBe("/meter/2026/%79ear.json?x=1");
		expect(request.headers["x-mixed-case"]).toBe("v");
		expect(request.remote).toMatch(/127\.0\.0\.1$/);
		expect(Buffer.from(request.body!).toString()).toBe("hello");
	});

	test("HEAD: the GET's headers, content-length included, and no body", async () => {
		const server = await start();
		const got = await fetch(`${server.url}/meter/2026/year.json`, { headers: { authorization: LOGIN } });
		const body = await got.text();
		const head = await raw(
			server.port,
			`HEAD /meter/2026/year.json HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${LOGIN}\r\nconnection: close\r\n\r\n`,
		);
		expect(statusOf(head)).toBe(200);
		expect(head).toContain(`content-length: ${Buffer.byteLength(body)}\r\n`);
		expect(head.endsWith("\r\n\r\n")).toBe(true);
	});

	test.each([
		["traversal", "GET /meter/../config.json HTTP/1.1", 400],
		["encoded dots", "GET /meter/%2e%2e/config.json HTTP/1.1", 400],
		["encoded slash", "GET /meter/2026%2fyear.json HTTP/1.1", 400],
		["encoded NUL", "GET /meter/2026/year.json%00 HTTP/1.1", 400],
		["backslashes", "GET /meter\\..\\config.json HTTP/1.1", 400],
		["overlong target", "GET /" + "a".repeat(600) + " HTTP/1.1", 414],
		["other method", "DELETE /current/quarter HTTP/1.1", 405],
		["file outside /meter", "GET /config.json HTTP/1.1", 404],
	])("%s over a socket", async (_name, line, status) => {
		const server = await start();
		const response = await raw(
			server.port,
			`${line}\r\nhost: 127.0.0.1\r\nauthorization: ${LOGIN}\r\nconnection: close\r\n\r\n`,
		);
		expect(statusOf(response)).toBe(status);
		expect(response).not.toContain("secret-on-card");
	});

	test("a declared body over the limit gets 413 without being read", async () => {
		const server = await start({ maxBodyBytes: 1024 });
		const response = await raw(
			server.port,
			`POST /current/quarter HTTP/1.1\r\nhost: x\r\ncontent-length: 1025\r\n\r\n`,
		);
		expect(statusOf(response)).toBe(413);
		expect(server.seen).toEqual([]);
	});

	test("the default body limit is 64 KB", async () => {
		const server = await start();
		const over = await raw(server.port, `POST /current/quarter HTTP/1.1\r\nhost: x\r\ncontent-length: 65537\r\n\r\n`);
		expect(statusOf(over)).toBe(413);
		const at = await fetch(`${server.url}/current/quarter`, {
			method: "POST",
			body: new Uint8Array(65536),
			headers: { authorization: LOGIN },
		});
		expect(at.status).toBe(405);
	});

	test("a chunked body that grows over the limit gets 413", async () => {
		const server = await start({ maxBodyBytes: 1024 });
		const chunk = "x".repeat(600);
		const head = "POST /current/quarter HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n";
		const body = `258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`;
		const response = await raw(server.port, head + body);
		expect(statusOf(response)).toBe(413);
		expect(server.seen).toEqual([]);
	});

	test("headers over the limit are refused with 431 by the parser", async () => {
		const server = await start({ maxHeaderBytes: 2048 });
		const response = await raw(
			server.port,
			`GET /current/quarter HTTP/1.1\r\nhost: x\r\nx-big: ${"b".repeat(4096)}\r\n\r\n`,
		);
		expect(statusOf(response)).toBe(431);
		expect(server.seen).toEqual([]);
	});

	test("a client that never finishes its headers is disconnected", async () => {
		const server = await start({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
		const response = await raw(server.port, "GET /current/quarter HTTP/1.1\r\nhost: x\r\n");
		expect(response === "" || statusOf(response) === 408).toBe(true);
	});

	test("a handler that throws gives a bare 500 and is reported", async () => {
		const errors: unknown[] = [];
		const server = await start({
			handle: () => {
				throw new Error("boom secret-detail");
			},
			onError: (e) => errors.push(e),
		});
		const response = await fetch(`${server.url}/current/quarter`);
		expect(response.status).toBe(500);
		expect(await response.text()).not.toContain("secret-detail");
		expect(errors).toHaveLength(1);
	});

	test("a header value that would split the response is not sent", async () => {
		const errors: unknown[] = [];
		const bad: ApiResponse = { status: 200, headers: { "x-bad": "a\r\nset-cookie: evil=1" }, body: "{}" };
		const server = await start({ handle: () => bad, onError: (e) => errors.push(e) });
		const response = await raw(server.port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
		expect(statusOf(response)).toBe(500);
		expect(response.toLowerCase()).not.toContain("set-cookie");
		expect(errors).toHaveLength(1);
	});

	test("close() is idempotent and stops the server", async () => {
		const server = await start();
		const first = server.close();
		const second = server.close();
		expect(second).toBe(first);
		await first;
		await server.close();
		await expect(fetch(`${server.url}/current/quarter`)).rejects.toThrow();
	});

	test("close() ends idle keep-alive connections instead of waiting for them", async () => {
		const server = await start({ keepAliveTimeoutMs: 60000 });
		const socket = connect(server.port, "127.0.0.1");
		const closed = new Promise((resolve) => socket.on("close", resolve));
		socket.on("error", () => undefined);
		socket.write(`GET /current/quarter HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${LOGIN}\r\n\r\n`);
		await new Promise((resolve) => socket.once("data", resolve));
		await server.close();
		await closed;
	});

	test("listening on a port in use is an error, not a hang", async () => {
		const server = await start();
		await expect(
			startHttpServer({ port: server.port, host: "127.0.0.1", handle: () => ({ status: 200, headers: {}, body: "" }) }),
		).rejects.toThrow(/EADDRINUSE/);
	});
});
