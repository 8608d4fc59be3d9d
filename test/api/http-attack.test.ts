// The node host under connection attacks, over real loopback sockets: silent connections and
// slowloris must not lock a legitimate client out, and every attack socket ends up closed by the
// server. Attackers are bounded in count and time and stop by themselves.

import { get } from "node:http";
import { connect, type Socket } from "node:net";
import type { ChunkSource } from "../../src/core/api/chunks";
import { handle } from "../../src/core/api/handle";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";
import { type HttpServer, type HttpServerOptions, startHttpServer } from "../../src/hosts/node/http-server";
import { type Attack, askDuring, ask as askOnce, probe, attack as startAttack } from "../helpers/attack";
import { basic, fakeContext, SSID, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);
const REQUEST = `GET /current/quarter HTTP/1.1\r\nhost: digimon.local\r\nauthorization: ${LOGIN}\r\n`;

jest.setTimeout(30000);

let servers: HttpServer[] = [];
let attacks: Attack[] = [];

async function start(options: Partial<HttpServerOptions> = {}): Promise<HttpServer> {
	const context = fakeContext();
	const server = await startHttpServer({
		port: 0,
		host: "127.0.0.1",
		handle: (request) => handle(request, context),
		...options,
	});
	servers.push(server);
	return server;
}

afterEach(async () => {
	for (const attack of attacks) attack.abort();
	attacks = [];
	await Promise.all(servers.map((s) => s.close()));
	servers = [];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection naming `what` after `ms`: a failure detector, not a timing assert. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
	});
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function ask(port: number, ms = 5000): Promise<number> {
	return askOnce(port, REQUEST, ms);
}

function attack(...args: Parameters<typeof startAttack>): Attack {
	const state = startAttack(...args);
	attacks.push(state);
	return state;
}

describe("node host under connection attacks", () => {
	test("64 silent connections and a slowloris attacker do not keep a client out, and the server closes them all", async () => {
		const server = await start();
		const attackMs = 4500;
		const silent = attack(server.port, 64, "", Infinity, attackMs);
		const slow = attack(server.port, 32, "GET /current/quarter HTTP/1.1\r\nhost: x\r\nx-a: ", 2000, attackMs);
		await sleep(300); // every slot taken before the client comes
		// the bound: an answer within a second, or a failure
		const { statuses, line } = await askDuring(server.port, REQUEST, attackMs - 500, 100, 1000);
		process.stdout.write(`node host attack: ${line}\n`);
		expect(statuses.length).toBeGreaterThanOrEqual(5);
		expect(statuses).toEqual(statuses.map(() => 200));
		await Promise.all([silent.allClosed(10000), slow.allClosed(10000)]);
		expect(silent.closedByServer).toBe(silent.opened);
		expect(slow.closedByServer).toBe(slow.opened);
		expect(silent.opened).toBeGreaterThanOrEqual(64);
	});

	test("idle keep-alive connections give their slots to a newcomer", async () => {
		const server = await start({ maxConnections: 2, keepAliveTimeoutMs: 60000 });
		const idle: Socket[] = [];
		const closed: Promise<void>[] = [];
		for (let i = 0; i < 2; i++) {
			const socket = connect(server.port, "127.0.0.1");
			socket.on("error", () => undefined);
			closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
			const answered = new Promise((resolve) => socket.once("data", resolve));
			socket.write(REQUEST + "\r\n");
			await answered;
			idle.push(socket);
		}
		expect(await ask(server.port)).toBe(200);
		expect(await ask(server.port)).toBe(200);
		await within(Promise.race(closed), 5000, "an idle connection let go"); // to make room
		for (const socket of idle) socket.destroy();
	});

	test("a keep-alive connection idle past its time is closed by the server", async () => {
		const server = await start({ keepAliveTimeoutMs: 300 });
		const socket = connect({ port: server.port, host: "127.0.0.1", allowHalfOpen: true });
		socket.on("error", () => undefined);
		const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
		socket.on("end", () => probe(socket));
		const answered = new Promise((resolve) => socket.once("data", resolve));
		socket.write(REQUEST + "\r\n");
		await answered;
		await within(closed, 5000, "the idle connection closed");
	});

	test("a body that stops coming is cut off, and its slot freed", async () => {
		const server = await start({ stallTimeoutMs: 300, maxConnections: 1 });
		const socket = connect({ port: server.port, host: "127.0.0.1", allowHalfOpen: true });
		socket.on("error", () => undefined);
		const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
		socket.on("end", () => probe(socket));
		socket.write(REQUEST.replace("GET", "POST") + "content-length: 1000\r\n\r\n" + "x".repeat(10));
		await within(closed, 5000, "the stalled upload closed");
		expect(await ask(server.port)).toBe(200); // the one slot is free again
	});

	test("a large answer read slowly but steadily goes out whole however long it takes; a reader that stops is replaced when slots run out", async () => {
		// Small limits: a reply may go 1 s without a byte taken, and a stuck one is replaceable after 0.2 s.
		const server = await start({ maxConnections: 2, stallTimeoutMs: 200, requestTimeoutMs: 1000, handle: large });
		const attacker = connect({ port: server.port, host: "127.0.0.1", allowHalfOpen: true });
		attacker.on("error", () => undefined);
		const attackerClosed = new Promise<void>((resolve) => attacker.on("close", () => resolve()));
		attacker.on("end", () => probe(attacker));
		attacker.write("GET /large HTTP/1.1\r\nhost: x\r\n\r\n"); // and reads nothing: the sockets fill and stay full
		const reading = readSteadily(server.port);
		await sleep(600); // the attacker's reply has been stuck for more than 0.2 s
		expect(await ask(server.port)).toBe(200); // it replaced the stuck reply, not the moving one
		let taken = 0;
		attacker.on("data", (chunk: Buffer) => (taken += chunk.length)); // what the kernels held, then the server's close
		await within(attackerClosed, 5000, "the slow reader closed");
		expect(taken).toBeLessThan(LARGE_BYTES);
		const got = await within(reading, 60000, "the steady reader done");
		process.stdout.write(`steady reader: ${got.bytes} bytes in ${got.ms.toFixed(0)} ms\n`);
		expect(got.ms).toBeGreaterThan(1000); // else the test would prove nothing: longer than requestMs
		expect(got).toEqual({ bytes: LARGE_BYTES, wrong: 0, complete: true, ms: got.ms });
	});

	test("a large answer in bytes (a stored file, an asset) read steadily goes out whole too", async () => {
		const server = await start({ stallTimeoutMs: 200, requestTimeoutMs: 1000, handle: whole });
		const got = await within(readSteadily(server.port), 60000, "the steady reader done");
		expect(got.ms).toBeGreaterThan(1000);
		expect(got).toEqual({ bytes: LARGE_BYTES, wrong: 0, complete: true, ms: got.ms });
	});
});

/** GET /large: LARGE_BYTES as one byte array, as a stored file is answered. */
function whole(request: ApiRequest): ApiResponse {
	const body = new Uint8Array(request.target === "/large" ? LARGE_BYTES : 0);
	for (let i = 0; i < body.length; i++) body[i] = i % 251;
	return { status: 200, headers: { "content-type": "application/octet-stream" }, body };
}

/**
 * 24 MiB, byte i being i mod 251: far more than the kernel's buffers on both ends of a loopback
 * socket hold (about 4 MiB here), so most of it goes out only as the client reads.
 */
const LARGE_BYTES = 24 << 20;
/**
 * The steady reader pauses 10 ms after each this many bytes: at most 8 MiB/s, so the answer takes
 * over 2 s. The server sees progress only when the kernel lets it write again, after a third of its
 * send buffer (some 1.3 MiB) went out: every 0.16 s at that rate, well inside the 1 s limit.
 */
const STEADY_BYTES = 80 << 10;

/** GET /large: LARGE_BYTES streamed; anything else: a small JSON answer. */
function large(request: ApiRequest): ApiResponse {
	if (request.target !== "/large") return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
	let at = 0;
	const source: ChunkSource = {
		next(into) {
			const n = Math.min(into.length, LARGE_BYTES - at);
			for (let i = 0; i < n; i++) into[i] = (at + i) % 251;
			at += n;
			return n;
		},
		close() {},
	};
	return { status: 200, headers: { "content-type": "application/octet-stream" }, body: source };
}

/** GET /large, read at a steady pace: what came, how many bytes were not i mod 251, and how long it took. */
function readSteadily(port: number): Promise<{ bytes: number; wrong: number; complete: boolean; ms: number }> {
	const started = performance.now();
	return new Promise((resolve) => {
		let bytes = 0;
		let wrong = 0;
		let paced = 0;
		const done = (complete: boolean) => resolve({ bytes, wrong, complete, ms: performance.now() - started });
		const req = get({ host: "127.0.0.1", port, path: "/large", agent: false }, (res) => {
			res.on("data", (chunk: Buffer) => {
				for (let i = 0; i < chunk.length; i++) if (chunk[i] !== (bytes + i) % 251) wrong++;
				bytes += chunk.length;
				paced += chunk.length;
				if (paced < STEADY_BYTES) return;
				paced = 0;
				res.pause();
				setTimeout(() => res.resume(), 10);
			});
			res.on("end", () => done(res.complete));
			res.on("error", () => done(false));
			res.on("aborted", () => done(false));
		});
		req.on("error", () => done(false));
	});
}
