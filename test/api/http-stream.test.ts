// The node host drives a streamed body (core/api/chunks) the way the device will: a bounded chunk
// at a time, the next only when the socket has taken the last, and the source closed once however
// the response ends (finished, HEAD, client gone, source failing).

import { connect } from "node:net";
import type { ChunkSource } from "../../src/core/api/chunks";
import type { ApiResponse } from "../../src/core/api/types";
import { type HttpServer, startHttpServer } from "../../src/hosts/node/http-server";

/** Byte i of every test body: a pattern a lost, repeated or reordered chunk would break. */
function byteAt(i: number): number {
	return (i * 31 + 7 + (i >> 11)) & 0xff;
}

class Pattern implements ChunkSource {
	produced = 0;
	calls = 0;
	closed = 0;
	largest = 0;
	constructor(
		readonly size: number,
		readonly failAt = Infinity,
	) {}
	next(into: Uint8Array): number {
		this.calls++;
		this.largest = Math.max(this.largest, into.length);
		if (this.produced >= this.failAt) throw new Error("card removed");
		const n = Math.min(into.length, this.size - this.produced);
		for (let k = 0; k < n; k++) into[k] = byteAt(this.produced + k);
		this.produced += n;
		return n;
	}
	close(): void {
		this.closed++;
	}
}

let servers: HttpServer[] = [];
afterEach(async () => {
	await Promise.all(servers.map((s) => s.close()));
	servers = [];
});

async function serve(source: () => Pattern, errors: unknown[] = []): Promise<HttpServer> {
	const server = await startHttpServer({
		port: 0,
		handle: (request): ApiResponse => ({
			status: 200,
			headers: { "content-type": "application/octet-stream", "cache-control": "no-store" },
			body: request.method === "HEAD" ? "" : source(),
		}),
		onError: (error) => errors.push(error),
	});
	servers.push(server);
	return server;
}

async function until(condition: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

test("a 4 MB body arrives whole, produced in chunks no larger than 16 KB, sent chunked", async () => {
	const source = new Pattern(4 * 1024 * 1024 + 123);
	const server = await serve(() => source);
	const response = await fetch(`http://127.0.0.1:${server.port}/x`);
	expect(response.headers.get("transfer-encoding")).toBe("chunked");
	expect(response.headers.get("content-length")).toBeNull();
	const body = new Uint8Array(await response.arrayBuffer());
	expect(body.length).toBe(4 * 1024 * 1024 + 123);
	let bad = -1;
	for (let i = 0; i < body.length && bad < 0; i++) if (body[i] !== byteAt(i)) bad = i;
	expect(bad).toBe(-1);
	expect(source.largest).toBe(16384);
	expect(source.calls).toBe(Math.ceil(body.length / 16384) + 1); // the last call says the end
	await until(() => source.closed > 0);
	expect(source.closed).toBe(1);
});

test("a client that stops reading holds the source back; when it leaves, the source is closed", async () => {
	const source = new Pattern(512 * 1024 * 1024);
	const server = await serve(() => source);
	const socket = connect(server.port, "127.0.0.1");
	socket.write("GET /x HTTP/1.1\r\nhost: digimon.local\r\n\r\n");
	socket.pause(); // reads nothing: the kernel buffers fill, then the server's writes stop being taken
	let last = -1;
	await until(() => {
		const settled = source.produced > 0 && source.produced === last;
		last = source.produced;
		return settled;
	});
	// socket buffers on both sides hold a few MB at most; without backpressure all 512 MB would be made
	expect(source.produced).toBeLessThan(64 * 1024 * 1024);
	expect(source.closed).toBe(0);
	socket.destroy();
	await until(() => source.closed > 0);
	expect(source.closed).toBe(1);
	expect(source.produced).toBeLessThan(source.size);
});

test("a source that fails cuts the response short, is reported and closed", async () => {
	const source = new Pattern(1024 * 1024, 100 * 1024);
	const errors: unknown[] = [];
	const server = await serve(() => source, errors);
	await expect(fetch(`http://127.0.0.1:${server.port}/x`).then((r) => r.arrayBuffer())).rejects.toThrow();
	await until(() => source.closed > 0);
	expect(source.closed).toBe(1);
	expect(errors.map((e) => (e as Error).message)).toContain("card removed");
});

test("HEAD of a streamed body asks nothing of the source and closes it", async () => {
	const source = new Pattern(1000);
	const server = await startHttpServer({
		port: 0,
		handle: () => ({ status: 200, headers: { "content-type": "text/csv" }, body: source }),
	});
	servers.push(server);
	const response = await fetch(`http://127.0.0.1:${server.port}/x`, { method: "HEAD" });
	expect(response.status).toBe(200);
	await until(() => source.closed > 0);
	expect(source.calls).toBe(0);
	expect(source.closed).toBe(1);
});
