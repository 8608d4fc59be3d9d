// The firmware's network transports (src/hosts/moddable/net) against fakes of the SDK modules they
// use: a legacy TCP `socket` whose send room is set by the test (lwIP-like: the room comes back
// only when the peer acknowledges; lin-like: a 1 KB staging buffer, emptied at once), the legacy
// `sdk/mqtt` client writing its packets through the link's socket as the real one does, `timer`
// and `time` on a clock the test moves, and the `http` Request. Expected bytes and packet sizes
// are worked out here, not taken from the code under test.

import type { Frame } from "../../src/core/dsmr/framer";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading } from "../../src/core/dsmr/parse";
import type { DeviceInfo } from "../../src/core/integrations/ha-discovery";
import type { Figures } from "../../src/core/integrations/ha-sensors";
import { ENTITIES } from "../../src/core/integrations/ha-sensors";
import { RAW_BACKLOG_BYTES } from "../../src/core/net/raw-telegram";
import { SimMeter } from "../../src/sim/meter";
import { status } from "../api/fake-context";

jest.mock(
	"timer",
	() => {
		interface T {
			cb: (t: T) => void;
			at: number;
			every: number;
		}
		const timers = new Set<T>();
		let now = 0;
		const Timer = {
			set(cb: T["cb"], ms = 0): T {
				const t = { cb, at: now + ms, every: 0 };
				timers.add(t);
				return t;
			},
			repeat(cb: T["cb"], ms: number): T {
				const t = { cb, at: now + ms, every: ms };
				timers.add(t);
				return t;
			},
			clear(t: T | undefined): void {
				if (t !== undefined) timers.delete(t);
			},
			/** Moves the clock, firing what falls due in order. */
			advance(ms: number): void {
				const end = now + ms;
				for (;;) {
					let next: T | undefined;
					for (const t of timers) if (t.at <= end && (next === undefined || t.at < next.at)) next = t;
					if (next === undefined) break;
					now = next.at;
					if (next.every > 0) next.at += next.every;
					else timers.delete(next);
					next.cb(next);
				}
				now = end;
			},
			now: () => now,
			reset(): void {
				timers.clear();
			},
		};
		return { __esModule: true, default: Timer };
	},
	{ virtual: true },
);

jest.mock(
	"time",
	() => ({
		__esModule: true,
		default: {
			get ticks() {
				return require("timer").default.now();
			},
		},
	}),
	{ virtual: true },
);

jest.mock(
	"socket",
	() => {
		class Socket {
			static made: Socket[] = [];
			options: Record<string, unknown>;
			callback: (message: number, value?: number) => void = () => {};
			/** Bytes it takes now. */
			room = 1 << 20;
			/** lin: the room never shrinks (the staging buffer goes to the kernel at once). */
			staging = false;
			out: number[] = [];
			writes = 0;
			closed = false;
			/** The peer went away: a write fails as lin's does when the kernel takes only part of it. */
			broken = false;
			constructor(options: Record<string, unknown>) {
				this.options = options;
				Socket.made.push(this);
			}
			write(data?: ArrayBuffer | Uint8Array): number | undefined {
				if (data === undefined) return this.closed ? 0 : this.room;
				if (this.closed) throw new Error("write on closed socket");
				const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
				if (bytes.length > this.room) throw new Error("can't write all data");
				if (this.broken) throw new Error("write failed");
				for (const b of bytes) this.out.push(b);
				this.writes++;
				if (!this.staging) this.room -= bytes.length;
				return undefined;
			}
			read(): ArrayBuffer {
				return new ArrayBuffer(0);
			}
			close(): void {
				this.closed = true;
			}
			/** The peer acknowledged `n` bytes: the room grows and the socket says "writable". */
			ack(n: number): void {
				this.room += n;
				this.callback(3, n);
			}
		}
		class Listener {
			static last: Listener | undefined;
			options: Record<string, unknown>;
			callback: () => void = () => {};
			closed = false;
			constructor(options: Record<string, unknown>) {
				this.options = options;
				Listener.last = this;
			}
			close(): void {
				this.closed = true;
			}
		}
		return { Socket, Listener };
	},
	{ virtual: true },
);

jest.mock(
	"sdk/mqtt",
	() => {
		/** The real client's PUBLISH size: fixed header, remaining length, topic length, topic, payload. */
		function packetBytes(topic: string, payload: string): number {
			const rest = 2 + Buffer.byteLength(topic) + Buffer.byteLength(payload);
			return 1 + (rest < 128 ? 1 : rest < 16384 ? 2 : 3) + rest;
		}
		class Client {
			static made: Client[] = [];
			options: Record<string, unknown> & { Socket: new (o: object) => { write(b?: ArrayBuffer): unknown } };
			ws: { write(b?: ArrayBuffer): unknown; close(): void; callback: (m: number) => void } | undefined;
			state = 1;
			closed = false;
			published: { topic: string; payload: string; retain: boolean }[] = [];
			onReady?: () => void;
			onClose?: () => void;
			constructor(options: Client["options"]) {
				this.options = options;
				Client.made.push(this);
				this.ws = new options.Socket({ host: options.host, port: options.port }) as Client["ws"];
				(this.ws as { callback: (m: number) => void }).callback = (m: number) => {
					if (m < 0) this.fail(`socket error ${m}`);
				};
			}
			/** The broker's CONNACK. */
			ready(): void {
				this.state = 2;
				this.onReady?.();
			}
			publish(topic: string, payload: string, flags: { retain?: boolean }): void {
				if (this.state < 2) throw new Error("connection closed");
				this.ws?.write(new Uint8Array(packetBytes(topic, payload)).buffer);
				this.published.push({ topic, payload, retain: flags.retain === true });
			}
			fail(_why?: string): void {
				this.onClose?.();
				this.close();
			}
			close(): void {
				this.closed = true;
				this.ws?.close();
				this.ws = undefined;
				this.state = -1;
			}
		}
		return { __esModule: true, default: Client, packetBytes };
	},
	{ virtual: true },
);

jest.mock("http", () => {
	class Request {
		static made: Request[] = [];
		options: Record<string, unknown>;
		callback: (message: number, value?: unknown) => void = () => {};
		closed = false;
		constructor(options: Record<string, unknown>) {
			this.options = options;
			Request.made.push(this);
		}
		close(): void {
			this.closed = true;
		}
	}
	return { Request };
});

(ArrayBuffer as unknown as { fromString(s: string): ArrayBuffer }).fromString = (s: string) =>
	new Uint8Array(Buffer.from(s, "utf8")).buffer;

// the modules are type-checked against the SDK's typings (scripts/typecheck-moddable.ts): required by path here
const NET = "../../src/hosts/moddable/net/";
const { MqttLink } = require(`${NET}mqtt-link`);
const { RawTelegramPort } = require(`${NET}raw-telegram-port`);
const { httpPost } = require(`${NET}webhook`);
const Timer = require("timer").default;
const { Socket, Listener } = require("socket");
const { default: Client, packetBytes } = require("sdk/mqtt");

interface FakeSocket {
	options: Record<string, unknown>;
	callback: (message: number, value?: number) => void;
	room: number;
	staging: boolean;
	out: number[];
	writes: number;
	closed: boolean;
	broken: boolean;
	ack(n: number): void;
	close(): void;
}
interface FakeClient {
	options: Record<string, unknown>;
	published: { topic: string; payload: string; retain: boolean }[];
	closed: boolean;
	ready(): void;
	fail(why?: string): void;
}

const DEVICE: DeviceInfo = Object.freeze({
	id: "digimon",
	name: "Digitale Meter Monitor (digimon)",
	model: "P1 monitor on the Moddable runtime",
	manufacturer: "Digitale Meter Monitor",
	version: "0.1.0",
	configurationUrl: "http://digimon.local/",
});

function figures(): Figures {
	const reading = newReading();
	reading.importW = 3210;
	reading.exportW = 0;
	reading.phases[0].importW = 3210;
	reading.phases[0].voltageV = 229.9;
	return { status: status(), reading, warning: false };
}

let logs: string[];
const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(`warning: ${m}`) };

beforeEach(() => {
	logs = [];
	Timer.reset();
	Socket.made.length = 0;
	Client.made.length = 0;
	jest.spyOn(Math, "random").mockReturnValue(0);
});

afterEach(() => jest.restoreAllMocks());

function startLink(topic = "digimon") {
	const link = new MqttLink({
		config: {
			enabled: true,
			host: "broker",
			port: 1883,
			user: "mon",
			password: "geheim",
			topic,
			interval_s: 10,
			discovery_prefix: "homeassistant",
		},
		device: DEVICE,
		log,
		figures,
	});
	link.start();
	return link;
}

const lastClient = (): FakeClient => Client.made[Client.made.length - 1];
const lastSocket = (): FakeSocket => Socket.made[Socket.made.length - 1];

/** What a full publication holds: "online", then one config and one state per entity with a value. */
function expectedMessages(): number {
	const f = figures();
	const known = ENTITIES.filter((e) => !Number.isNaN(e.value(f))).length;
	expect(known).toBeGreaterThan(5);
	return 1 + 2 * known;
}

describe("MQTT link", () => {
	test("connects with the login, a retained last will on the availability topic, a keepalive; then says online and publishes discovery and states, retained", () => {
		startLink();
		const client = lastClient();
		expect(client.options).toMatchObject({
			host: "broker",
			port: 1883,
			user: "mon",
			password: "geheim",
			timeout: 30000,
			will: { topic: "digimon/status", message: "offline", retain: true },
		});
		expect(client.options.id).toMatch(/^digimon-[0-9a-f]+$/);
		expect(lastSocket().options).toEqual({ host: "broker", port: 1883 });
		client.ready();
		const sent = client.published;
		expect(sent[0]).toEqual({ topic: "digimon/status", payload: "online", retain: true });
		expect(sent).toHaveLength(expectedMessages());
		expect(sent.every((m) => m.retain)).toBe(true);
		const power = sent.find((m) => m.topic === "homeassistant/sensor/digimon/power_import/config");
		expect(JSON.parse(power?.payload ?? "{}")).toMatchObject({
			unique_id: "digimon_power_import",
			unit_of_measurement: "W",
			device_class: "power",
		});
		const state = sent.find((m) => m.topic === JSON.parse(power?.payload ?? "{}").state_topic);
		expect(state?.payload).toBe("3210");
		// the bytes on the socket are the packets' bytes, nothing more
		const bytes = sent.reduce((n, m) => n + packetBytes(m.topic, m.payload), 0);
		expect(lastSocket().out.length).toBe(bytes);
		expect(logs).toContain("mqtt: connected to broker:1883");
	});

	test("hands the client only what the socket takes now, and the rest when the peer acknowledges (lwIP-like room)", () => {
		startLink();
		const socket = lastSocket();
		socket.room = 1500;
		const client = lastClient();
		client.ready();
		let acked = 1500;
		expect(socket.out.length).toBeLessThanOrEqual(1500);
		expect(client.published.length).toBeGreaterThan(0);
		expect(client.published.length).toBeLessThan(expectedMessages());
		for (let i = 0; i < 200 && client.published.length < expectedMessages(); i++) {
			socket.ack(700);
			acked += 700;
			expect(socket.out.length).toBeLessThanOrEqual(acked); // never more than the socket took
		}
		expect(client.published).toHaveLength(expectedMessages());
		expect(client.closed).toBe(false);
		expect(new Set(client.published.map((m) => m.topic)).size).toBe(expectedMessages());
	});

	test("a packet larger than lin's 1 KB staging buffer goes out in pieces, whole", () => {
		const topic = `digimon/${"x".repeat(600)}`; // discovery configs name it twice: over 1 KB each
		startLink(topic);
		const socket = lastSocket();
		socket.room = 1024;
		socket.staging = true;
		const client = lastClient();
		client.ready();
		expect(client.published).toHaveLength(expectedMessages());
		const sizes = client.published.map((m) => packetBytes(m.topic, m.payload));
		expect(Math.max(...sizes)).toBeGreaterThan(1024);
		expect(socket.out.length).toBe(sizes.reduce((a, b) => a + b, 0));
		expect(socket.writes).toBeGreaterThan(client.published.length);
	});

	test("a refused login is retried after the core's backoff (1 s, then 2 s, halved by the random part), and logged once per try", () => {
		startLink();
		lastClient().fail("server rejected mqtt request with code 5");
		expect(logs).toContain(
			"warning: mqtt: cannot reach broker:1883 (server rejected mqtt request with code 5); next try in 1 s",
		);
		expect(Client.made).toHaveLength(1);
		Timer.advance(499);
		expect(Client.made).toHaveLength(1);
		Timer.advance(1);
		expect(Client.made).toHaveLength(2);
		lastClient().fail("server rejected mqtt request with code 5");
		Timer.advance(999);
		expect(Client.made).toHaveLength(2);
		Timer.advance(1);
		expect(Client.made).toHaveLength(3);
		lastClient().ready();
		expect(logs).toContain("mqtt: connected to broker:1883 after 2 failed attempts");
	});

	test("when the network comes up, a link waiting out a long backoff tries at once", () => {
		const link = startLink();
		for (let i = 0; i < 8; i++) {
			lastClient().fail("socket error -2"); // no network yet: each try fails at once
			for (let t = 0; t < 300000 && Client.made.length === i + 1; t += 100) Timer.advance(100);
		}
		lastClient().fail("socket error -2");
		expect(link.state).toMatchObject({ state: "waiting", failures: 9 });
		Timer.advance(1000);
		expect(Client.made).toHaveLength(9); // the 10th try is 128 s away
		link.retryNow();
		expect(Client.made).toHaveLength(10);
		lastClient().ready();
		expect(link.state).toMatchObject({ state: "connected", failures: 0 });
		link.retryNow(); // connected: nothing to do
		expect(Client.made).toHaveLength(10);
	});

	test("a broker that never answers is given up after 10 s and the socket closed", () => {
		const link = startLink();
		const first = lastClient();
		Timer.advance(9999);
		expect(first.closed).toBe(false);
		Timer.advance(1);
		expect(first.closed).toBe(true);
		expect(link.state).toMatchObject({ state: "waiting", failures: 1, last_error: "no answer in 10 s" });
		Timer.advance(500);
		expect(Client.made).toHaveLength(2);
	});

	test("a connection that breaks while publishing is closed and retried; nothing piles up meanwhile: each topic once after the reconnection", () => {
		const link = startLink();
		const client = lastClient();
		client.ready();
		const socket = lastSocket();
		socket.broken = true; // the peer went away: writes now throw
		link.publishSoon();
		expect(client.closed).toBe(true);
		expect(link.state).toMatchObject({ state: "waiting", failures: 1 });
		expect(logs.some((m) => m.startsWith("warning: mqtt: lost broker:1883 ("))).toBe(true);
		// the broker stays away for a minute: six publication intervals go by, every try is refused
		for (let t = 0; t < 60000; t += 100) {
			Timer.advance(100);
			const c = lastClient();
			if (c !== client && !c.closed) c.fail("socket error -1");
		}
		const tries = Client.made.length;
		expect(tries).toBeGreaterThan(3);
		expect(tries).toBeLessThan(12); // backoff: 0.5 + 1 + 2 + 4 + 8 + 16 + 32 s > 60 s
		for (let t = 0; t < 120000 && Client.made.length === tries; t += 100) Timer.advance(100);
		const back = lastClient();
		expect(Client.made.length).toBe(tries + 1);
		back.ready();
		expect(back.published).toHaveLength(expectedMessages());
		expect(new Set(back.published.map((m) => m.topic)).size).toBe(expectedMessages());
		expect(link.state).toMatchObject({ state: "connected", failures: 0 });
	});
});

/** Telegrams of the simulated meter, each as the meter sends it, and the frames the framer makes of them. */
function telegrams(n: number): { sent: Buffer[]; frames: (send: (f: Frame) => void) => void } {
	const meter = new SimMeter({ start: Date.parse("2026-06-01T18:00:00+02:00"), seed: 3 });
	const sent: Buffer[] = [];
	for (let i = 0; i < n; i++) sent.push(Buffer.from(meter.next()));
	return {
		sent,
		frames(send) {
			const framer = new Framer({ onFrame: send });
			for (const t of sent) framer.push(t);
		},
	};
}

function connectReader(): FakeSocket {
	Listener.last.callback();
	return lastSocket();
}

describe("raw telegram port", () => {
	test("listens on the port, sends every telegram byte for byte to each reader, in pieces where lin stages 1 KB", () => {
		const port = new RawTelegramPort(8088, log);
		expect(Listener.last.options).toEqual({ port: 8088 });
		const a = connectReader();
		const b = connectReader();
		b.room = 1024;
		b.staging = true;
		const t = telegrams(5);
		expect(t.sent[0].length).toBeGreaterThan(1024);
		t.frames((f) => port.send(f));
		const all = Buffer.concat(t.sent);
		expect(Buffer.from(a.out).equals(all)).toBe(true);
		expect(Buffer.from(b.out).equals(all)).toBe(true);
		expect(port.counters).toEqual({ clients: 2, refused: 0, dropped: 0 });
	});

	test("a fifth reader is closed at once; a reader that leaves frees its place", () => {
		const port = new RawTelegramPort(8088, log);
		const readers = [connectReader(), connectReader(), connectReader(), connectReader()];
		const fifth = connectReader();
		expect(fifth.closed).toBe(true);
		expect(port.counters).toEqual({ clients: 4, refused: 1, dropped: 0 });
		readers[0].callback(-1);
		expect(port.counters.clients).toBe(3);
		const again = connectReader();
		expect(again.closed).toBe(false);
		expect(port.counters.clients).toBe(4);
	});

	test("a reader that leaves is closed: the SDK keeps a socket (and its JS object) until close(), whatever the peer did", () => {
		// found by npm run memory:lin -- --net: the live heap grew by about 17 slots per reader that came and went
		const port = new RawTelegramPort(8088, log);
		const readers = [connectReader(), connectReader(), connectReader()];
		readers[0].callback(-1); // the peer closed
		readers[1].callback(-2); // an error
		expect(readers.map((r) => r.closed)).toEqual([true, true, false]);
		expect(port.counters).toEqual({ clients: 1, refused: 0, dropped: 0 });
		// a socket that refuses a second close (as lin's does once it has gone) changes nothing
		const gone = connectReader();
		gone.close = () => {
			throw new Error("close on closed socket");
		};
		expect(() => gone.callback(-1)).not.toThrow();
		expect(port.counters.clients).toBe(1);
		expect(logs).toEqual([]); // a reader that leaves is not a warning
	});

	test("a stalled reader misses whole telegrams and is dropped once they pass 16 KiB; the others get every one", () => {
		const port = new RawTelegramPort(8088, log);
		const good = connectReader();
		const slow = connectReader();
		const t = telegrams(40);
		slow.room = t.sent[0].length + 10; // takes the first telegram, then nothing: its peer acknowledges nothing
		let dropped = -1;
		let i = 0;
		t.frames((f) => {
			port.send(f);
			if (dropped < 0 && slow.closed) dropped = i;
			i++;
		});
		expect(Buffer.from(good.out).equals(Buffer.concat(t.sent))).toBe(true);
		// it is dropped at the first telegram that would take its missed bytes past 16 KiB
		let missed = 0;
		let expected = -1;
		for (let k = 1; k < t.sent.length && expected < 0; k++) {
			if (missed + t.sent[k].length > RAW_BACKLOG_BYTES) expected = k;
			else missed += t.sent[k].length;
		}
		expect(dropped).toBe(expected);
		expect(Buffer.from(slow.out).equals(t.sent[0])).toBe(true); // whole telegrams only
		expect(port.counters).toMatchObject({ clients: 1, dropped: 1 });
		expect(logs).toContain("warning: raw telegram port: a reader fell behind and was dropped");
	});

	test("a reader that catches up keeps its place; one whose socket breaks mid-telegram is dropped at once", () => {
		const port = new RawTelegramPort(8088, log);
		const lagging = connectReader();
		const broken = connectReader();
		const t = telegrams(6);
		lagging.room = 0;
		let i = 0;
		t.frames((f) => {
			if (i === 3) lagging.room = 1 << 20; // back after missing three
			if (i === 1) broken.broken = true;
			port.send(f);
			i++;
		});
		expect(Buffer.from(lagging.out).equals(Buffer.concat(t.sent.slice(3)))).toBe(true);
		expect(broken.out.length).toBe(t.sent[0].length);
		expect(broken.closed).toBe(true);
		expect(port.counters).toMatchObject({ clients: 1, dropped: 1 });
		expect(logs).toContain("warning: raw telegram port: a reader stopped taking data and was dropped");
	});
});

describe("warning POST", () => {
	// biome-ignore lint/style/useNodejsImportProtocol: the SDK's "http" (mocked above), not Node's
	const { Request } = require("http");
	beforeEach(() => (Request.made.length = 0));

	function post(url: string, body = '{"event":"peak_warning"}') {
		const results: (string | undefined)[] = [];
		httpPost(5000)(url, body, (e: string | undefined) => results.push(e));
		return { results, request: Request.made[Request.made.length - 1] };
	}

	test("POSTs the JSON body, its length in bytes, to the URL's host, port and path; a 2xx status ends it", () => {
		const body = '{"device":"kelder–1"}'; // an en dash: 3 bytes in UTF-8
		const { results, request } = post("http://ntfy.local:8080/piek?x=1", body);
		expect(request.options).toMatchObject({
			host: "ntfy.local",
			port: 8080,
			path: "/piek?x=1",
			method: "POST",
			headers: ["content-type", "application/json"],
		});
		expect(Buffer.from(request.options.body as ArrayBuffer).toString("utf8")).toBe(body);
		expect((request.options.body as ArrayBuffer).byteLength).toBe(body.length + 2);
		request.callback(1, 200);
		expect(results).toEqual([undefined]);
		expect(request.closed).toBe(true);
		Timer.advance(10000);
		expect(results).toEqual([undefined]); // the timeout does not end it twice
	});

	test("a refusal, a failed connection and a server that never answers each end it with the reason", () => {
		const refused = post("http://hass:8123/api/webhook/x");
		refused.request.callback(1, 404);
		expect(refused.results).toEqual(["answered 404"]);
		const failed = post("http://hass/");
		failed.request.callback(-2);
		expect(failed.results).toEqual(["no connection"]);
		const silent = post("http://hass/");
		Timer.advance(4999);
		expect(silent.results).toEqual([]);
		Timer.advance(1);
		expect(silent.results).toEqual(["no answer in 5 s"]);
		expect(silent.request.closed).toBe(true);
	});

	test("an https URL is refused without a request: the device has no TLS for it", () => {
		const { results } = post("https://ntfy.sh/topic");
		expect(Request.made).toHaveLength(0);
		expect(results).toEqual(["https needs tls, which the device lacks: use an http url"]);
	});
});
