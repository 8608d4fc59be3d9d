// The raw telegram port on a real socket: a reader gets every telegram the simulated meter sent,
// byte for byte, and nothing of a telegram with a bad CRC; a fifth reader is closed; a reader that
// never reads is dropped while the monitor keeps taking telegrams and the other reader keeps
// receiving them. Nothing here measures time: the waits are for bytes and events.

import net from "node:net";
import { defaultConfig } from "../../src/core/config/schema";
import { Monitor } from "../../src/core/monitor";
import { type RawTelegramServer, startRawTelegramServer } from "../../src/hosts/node/raw-telegram-server";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../helpers/memory-store";

const START = Date.UTC(2026, 0, 14, 17, 0);
const quiet = { info: () => {}, warn: () => {} };
const CONFIG = defaultConfig();
CONFIG.auth.user = "jan";
CONFIG.auth.password = "geheim";

interface Reader {
	socket: net.Socket;
	/** Bytes received so far (counted as they come: concatenating megabytes at every check would be the test's whole cost). */
	count(): number;
	bytes(): Buffer;
	closed: Promise<void>;
}

function connect(port: number): Promise<Reader> {
	return new Promise((resolve, reject) => {
		const received: Buffer[] = [];
		let count = 0;
		const socket = net.connect(port, "127.0.0.1");
		const closed = new Promise<void>((done) => socket.on("close", () => done()));
		socket.on("data", (b) => {
			received.push(b);
			count += b.length;
		});
		socket.on("error", () => {}); // a dropped reader may see a reset
		socket.once("connect", () => resolve({ socket, count: () => count, bytes: () => Buffer.concat(received), closed }));
		socket.once("error", reject);
	});
}

/** Lets the event loop run until `done()` holds; fails after `turns` turns rather than hang. */
async function until(done: () => boolean, what: string, turns = 20000): Promise<void> {
	for (let i = 0; i < turns; i++) {
		if (done()) return;
		await new Promise((r) => setTimeout(r, 1));
	}
	throw new Error(`gave up waiting for ${what}`);
}

function setUp(server: RawTelegramServer): Monitor {
	const m = new Monitor({
		sd: new MemoryStore(),
		state: new MemoryStore(),
		log: quiet,
		config: () => CONFIG,
		now: () => 0,
		onTelegram: (frame) => server.send(frame),
	});
	m.start();
	return m;
}

let server: RawTelegramServer;
const open: net.Socket[] = [];

beforeEach(async () => {
	server = await startRawTelegramServer({ port: 0, host: "127.0.0.1", log: quiet });
});

afterEach(async () => {
	for (const s of open.splice(0)) s.destroy();
	await server.close();
});

async function reader(): Promise<Reader> {
	const r = await connect(server.port);
	open.push(r.socket);
	await until(() => server.counters.clients >= 1, "the server to count the client");
	return r;
}

test("a reader receives the telegrams byte for byte, and nothing of one with a bad CRC or of the noise between", async () => {
	const a = await reader();
	const m = setUp(server);
	const meter = new SimMeter({ start: START, seed: 5 });
	const sent: Buffer[] = [];
	for (let i = 0; i < 30; i++) {
		const t = Buffer.from(meter.next()); // next() reuses its buffer
		if (i === 10) {
			const bad = Buffer.from(t);
			bad[40] ^= 1; // a flipped bit: the CRC fails, the telegram is dropped
			m.push(bad);
			continue;
		}
		m.push(i === 20 ? Buffer.concat([Buffer.from("\r\nnoise\r\n"), t]) : t);
		sent.push(t);
	}
	const expected = Buffer.concat(sent);
	await until(() => a.count() >= expected.length, "the telegrams");
	expect(a.bytes().equals(expected)).toBe(true);
	expect(m.counters.telegrams).toBe(29);
	expect(m.counters.crcErrors).toBe(1);
	// the last one on the port is the one /v1/telegram shows as sent
	const answer = m.handle({
		method: "GET",
		target: "/v1/telegram",
		headers: { host: "localhost", authorization: "Basic " + Buffer.from("jan:geheim").toString("base64") },
	});
	expect(answer.status).toBe(200);
	expect(JSON.parse(String(answer.body)).raw).toBe(sent[sent.length - 1].toString("latin1"));
});

test("a fifth reader is closed at once, the four others keep receiving", async () => {
	const four = [await reader(), await reader(), await reader(), await reader()];
	await until(() => server.counters.clients === 4, "four clients");
	const fifth = await connect(server.port);
	open.push(fifth.socket);
	await fifth.closed;
	expect(server.counters.refused).toBe(1);
	const m = setUp(server);
	const t = Buffer.from(new SimMeter({ start: START, seed: 5 }).next());
	m.push(t);
	await until(() => four.every((r) => r.count() >= t.length), "the telegram at every reader");
	for (const r of four) expect(r.bytes().equals(t)).toBe(true);
	expect(fifth.count()).toBe(0);
});

test("a reader that never reads is dropped; the monitor keeps taking telegrams and the other reader keeps receiving", async () => {
	const live = await reader();
	const stalled = await reader();
	stalled.socket.pause(); // reads nothing from here on: the kernel buffers fill, then the server's backlog
	await until(() => server.counters.clients === 2, "both clients");
	const m = setUp(server);
	const meter = new SimMeter({ start: START, seed: 5 });
	let pushed = 0;
	let length = 0;
	// Push in batches and let the sockets flush between them, until the stalled reader is dropped;
	// each batch waits for the live reader, so the only reader left behind is the stalled one.
	for (let batch = 0; server.counters.dropped === 0; batch++) {
		if (batch > 500) throw new Error("the stalled reader was never dropped");
		for (let i = 0; i < 200; i++) {
			const t = meter.next();
			length += t.length;
			m.push(t);
			pushed++;
		}
		await until(() => live.count() >= length, "the live reader to keep up");
	}
	expect(m.counters.telegrams).toBe(pushed);
	stalled.socket.resume(); // only a reading socket learns that its peer closed
	await stalled.closed;
	expect(server.counters.clients).toBe(1);
	// the monitor goes on as before, and so does the reader that reads
	const before = m.counters.telegrams;
	const more: Buffer[] = [];
	for (let i = 0; i < 20; i++) {
		const t = Buffer.from(meter.next());
		more.push(t);
		m.push(t);
	}
	expect(m.counters.telegrams).toBe(before + 20);
	const tail = Buffer.concat(more);
	await until(() => live.count() >= length + tail.length, "the telegrams after the drop");
	const all = live.bytes();
	expect(all.subarray(length).equals(tail)).toBe(true);
	expect(server.counters.dropped).toBe(1);
	// the live reader got every telegram, not one lost: its stream is one telegram after another
	const stream = all.toString("latin1");
	expect(stream.split("\r\n!").length - 1).toBe(pushed + 20);
}, 120000);
