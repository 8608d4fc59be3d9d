// Connection slots on the firmware's HTTP adapter (src/hosts/moddable/http-server.ts), against a
// fake of the SDK's legacy `http` Server that keeps its connection list, a fake clock (Time.ticks)
// and the adapter's sweep timer called by hand. The SDK server has no timeout and no cap of its
// own: without the slot rule, silent and slow sockets would hold the board's few TCP connections.
// Expected deadlines are worked out from the LAN limits: head 2 s from accept, 1 s without a byte,
// 10 s for a body, 5 s for a connection that sends nothing.

import { TextChunks } from "../../src/core/api/chunks";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";

const clock = { ticks: 0 };
const timers: { fn: () => void; ms: number }[] = [];

jest.mock("time", () => ({ __esModule: true, default: clock }), { virtual: true });
jest.mock(
	"timer",
	() => ({
		__esModule: true,
		default: { repeat: (fn: () => void, ms: number) => timers.push({ fn, ms }) },
	}),
	{ virtual: true },
);
jest.mock("http", () => require("./sdk-fakes").fakeHttp());

import { Server } from "http";

const ADAPTER = "../../src/hosts/moddable/http-server";
const { serveHttp } = require(ADAPTER) as {
	serveHttp(options: {
		port: number;
		handle(r: ApiRequest): ApiResponse;
		onError(e: unknown): void;
		slots?: number;
	}): unknown;
};

type Callback = (this: object, message: number, a?: unknown, b?: unknown) => unknown;

/** The SDK's per-connection Request, as far as the adapter sees it. */
class Conn {
	closed = false;
	written: string[] = [];
	line: string | undefined;
	total: number | undefined;
	socket: { get(): string; write(t: string): void } | undefined = {
		get: () => "192.168.1.20",
		write: (t: string) => this.written.push(t),
	};
	close(): void {
		this.closed = true;
		this.socket = undefined;
	}
}

interface Board {
	callback: Callback;
	connections: Conn[];
	/** Advances the clock by `ms` in steps, running the sweep timer whenever its interval has passed. */
	wait(ms: number): void;
	accept(): Conn;
}

const OK = (): ApiResponse => ({ status: 200, headers: {}, body: '{"ok":true}' });

function board(slots?: number, handle: (r: ApiRequest) => ApiResponse = OK): Board {
	timers.length = 0;
	clock.ticks = 1000;
	serveHttp({ port: 80, handle, onError: () => {}, slots });
	const fake = (Server as unknown as { last: { callback: Callback; connections: Conn[] } }).last;
	const sweep = timers[0] ?? { fn: () => undefined, ms: 1000 }; // no timer: the clock still runs
	let next = clock.ticks + sweep.ms;
	return {
		callback: fake.callback,
		connections: fake.connections,
		wait(ms) {
			const end = clock.ticks + ms;
			while (next <= end) {
				clock.ticks = next;
				sweep.fn();
				next += sweep.ms;
			}
			clock.ticks = end;
		},
		accept() {
			const c = new Conn();
			fake.connections.push(c); // as the SDK's listener does before it tells the app
			fake.callback.call(c, 1);
			return c;
		},
	};
}

/** The SDK's work on a request line and headers that came in whole. */
function head(b: Board, c: Conn, lines = 2): void {
	b.callback.call(c, 2, "/v1/now", "GET");
	for (let i = 1; i < lines; i++) b.callback.call(c, 3, "host", "digimon.local");
}

/** The rest of a bodiless request, as the SDK drives it: the answer's status, or undefined when closed. */
function finish(b: Board, c: Conn): number | undefined {
	if (c.closed) return undefined;
	b.callback.call(c, 4);
	b.callback.call(c, 6, undefined);
	const response = b.callback.call(c, 8) as { status: number };
	while (b.callback.call(c, 9, 1024) !== undefined);
	b.callback.call(c, 10);
	b.connections.splice(b.connections.indexOf(c), 1); // the SDK closes after every reply
	c.close();
	return response.status;
}

const open = (list: Conn[]) => list.filter((c) => !c.closed);

test("64 silent connections: the sixth slot onwards replaces the oldest, a client still gets in, and the board closes the rest at the idle deadline (5 s)", () => {
	const b = board();
	const silent: Conn[] = [];
	for (let i = 0; i < 64; i++) {
		b.wait(10);
		silent.push(b.accept()); // silent[i] at 1010 + 10 i ms
	}
	expect(open(silent)).toEqual(silent.slice(58)); // the six newest kept, the others replaced oldest first
	expect(b.connections).toHaveLength(6); // the SDK forgot the ones closed
	const client = b.accept();
	head(b, client);
	expect(finish(b, client)).toBe(200);
	expect(silent[58].closed).toBe(true); // the client took the oldest silent one's slot
	b.wait(4860); // 6500: the last five were accepted at 1600..1640, their deadlines are 6600..6640
	expect(open(silent)).toHaveLength(5);
	b.wait(250); // the next sweep, at 6750
	expect(open(silent)).toHaveLength(0);
	expect(b.connections).toHaveLength(0);
	expect(silent.every((c) => c.written.length === 0)).toBe(true); // a connection that said nothing is closed quietly
});

test("a head that stalls gets a 408 and is closed: 1 s after its last line, and 2 s after its accept however it trickles", () => {
	const b = board();
	const stalled = b.accept();
	head(b, stalled, 1); // the request line, then nothing
	const trickle = b.accept();
	trickle.line = "G";
	b.wait(900);
	trickle.line = "GE"; // a byte inside the line: seen by the sweep, no SDK callback
	expect([stalled.closed, trickle.closed]).toEqual([false, false]);
	b.wait(200); // 1.1 s: the stalled one has gone 1 s without a byte
	expect([stalled.closed, trickle.closed]).toEqual([true, false]);
	expect(stalled.written.join("")).toMatch(/^HTTP\/1\.1 408 /);
	for (let t = 0; t < 8; t++) {
		b.wait(100);
		trickle.line += "T"; // a byte every 100 ms, never a whole head
	}
	expect(trickle.closed).toBe(false); // 1.9 s
	b.wait(150);
	expect(trickle.closed).toBe(true); // 2 s after its accept
	expect(trickle.written.join("")).toMatch(/^HTTP\/1\.1 408 /);
	expect(b.connections).toHaveLength(0);
});

test("a body the SDK gathers is not cut while it keeps coming, and is cut 1 s after the sweep saw its last piece", () => {
	const b = board();
	const c = b.accept();
	head(b, c, 1);
	b.callback.call(c, 3, "content-length", "3000");
	expect(b.callback.call(c, 4)).toBe(ArrayBuffer);
	c.total = 3000; // the SDK counts it down as it reads
	for (let i = 0; i < 5; i++) {
		b.wait(600);
		c.total -= 100;
	}
	expect(c.closed).toBe(false); // 3 s into the body, a piece every 0.6 s
	b.wait(1000);
	expect(c.closed).toBe(false); // its last piece was seen by the sweep after it came (up to 250 ms late)
	b.wait(500);
	expect(c.closed).toBe(true);
	expect(c.written).toEqual([]); // past its head: no 408, only the close
});

test("connections being answered are never cut for a newcomer; with every slot answering the newcomer is refused", () => {
	const b = board(2);
	const answering = [b.accept(), b.accept()];
	for (const c of answering) {
		head(b, c);
		b.callback.call(c, 4);
		b.callback.call(c, 6, undefined);
		b.callback.call(c, 8); // the reply is going out in fragments
	}
	const late = b.accept();
	expect(late.closed).toBe(true);
	expect(open(answering)).toEqual(answering);
	expect(b.connections).toEqual(answering);
	for (const c of answering) {
		while (b.callback.call(c, 9, 1024) !== undefined);
		b.callback.call(c, 10);
	}
	const next = b.accept(); // the slots were given back at responseComplete
	expect(next.closed).toBe(false);
});

test("a slowloris and 64 silent connections reconnecting at once for 30 s: a client every second is answered, and none of them stays", () => {
	const b = board();
	const attackers: Conn[] = [];
	const connect = (slow: boolean) => {
		const c = b.accept();
		if (slow) c.line = "G"; // one byte of its request line, more every 2 s
		attackers.push(c);
		(c as Conn & { slow?: boolean }).slow = slow;
	};
	for (let i = 0; i < 64; i++) connect(false);
	for (let i = 0; i < 32; i++) connect(true);
	const statuses: (number | undefined)[] = [];
	for (let t = 1; t <= 300; t++) {
		b.wait(99);
		for (const c of attackers) if (!c.closed && (c as Conn & { slow?: boolean }).slow && t % 20 === 0) c.line += "E";
		// every attacker the board closed reconnects at once, each arrival pushing another out
		const gone = attackers.filter((c) => c.closed);
		attackers.splice(0, attackers.length, ...open(attackers));
		for (const c of gone) connect((c as Conn & { slow?: boolean }).slow === true);
		if (t % 10 === 0) {
			// a LAN client: it connects, five attackers arrive before its head does (the most a
			// six-slot table lets a newcomer survive), then its whole head comes in one segment
			b.wait(1);
			const client = b.accept();
			for (let i = 0; i < 5; i++) connect(i % 2 === 0);
			head(b, client);
			statuses.push(finish(b, client));
		}
	}
	expect(statuses).toEqual(new Array(30).fill(200));
	expect(b.connections.length).toBeLessThanOrEqual(6);
	// the attack stops: every attack socket still open is closed within the idle/head deadlines
	b.wait(5100);
	expect(open(attackers)).toEqual([]);
	expect(b.connections).toEqual([]);
});

test("a newcomer outlives slots - 1 later arrivals before its first line; the next one takes its slot", () => {
	const b = board(3);
	const client = b.accept();
	b.accept();
	b.accept();
	expect(client.closed).toBe(false);
	b.accept();
	expect(client.closed).toBe(true);
});

test("an answered connection the client keeps open is done: a newcomer replaces it, and the board closes it at the idle deadline", () => {
	// The SDK sends the last piece and then waits for the client to close (it closes only on a
	// later write event, which never comes): a client that never closes would keep the slot.
	const b = board(2);
	const kept = b.accept();
	head(b, kept);
	b.callback.call(kept, 4);
	b.callback.call(kept, 6, undefined);
	b.callback.call(kept, 8);
	while (b.callback.call(kept, 9, 1024) !== undefined); // all of the body handed to the socket, no responseComplete
	const answering = b.accept();
	head(b, answering);
	b.callback.call(answering, 4);
	b.callback.call(answering, 6, undefined);
	b.callback.call(answering, 8);
	const late = b.accept();
	expect([kept.closed, answering.closed, late.closed]).toEqual([true, false, false]);
	expect(kept.written).toEqual([]); // closed quietly
	const lingering = b.accept(); // the one being answered is never replaced: the newcomer before it is
	expect(lingering.closed).toBe(false);
	expect(late.closed).toBe(true);
	// answered and left open: gone at the idle deadline, 5 s after its body ended
	head(b, lingering);
	expect(finish(b, lingering)).toBe(200);
	while (b.callback.call(answering, 9, 1024) !== undefined);
	b.wait(4900);
	expect(answering.closed).toBe(false);
	b.wait(350);
	expect(answering.closed).toBe(true);
	expect(b.connections).toEqual([]);
});

/** A streamed CSV of `rows` rows, as the export's: "row N,..." lines; and its text, built separately. */
const ROW = (i: number) => `${i},2026-06-30T23:45:00+02:00,1234.567,0.000,2500\n`;
function csv(rows: number): { handle: () => ApiResponse; text: string } {
	let text = "";
	for (let i = 0; i < rows; i++) text += ROW(i);
	const handle = (): ApiResponse => {
		let i = 0;
		const body = new TextChunks(() => (i < rows ? ROW(i++) : undefined));
		return { status: 200, headers: { "content-type": "text/csv" }, body };
	};
	return { handle, text };
}

/** A request whose reply the SDK is about to send: up to prepareResponse. */
function answering(b: Board): Conn {
	const c = b.accept();
	head(b, c);
	b.callback.call(c, 4);
	b.callback.call(c, 6, undefined);
	b.callback.call(c, 8);
	return c;
}

/** One write event's fragment as bytes; undefined at the end. */
function piece(b: Board, c: Conn, room: number): Buffer | undefined {
	const got = b.callback.call(c, 9, room) as Uint8Array | undefined;
	return got === undefined ? undefined : Buffer.from(got);
}

test("a year's export going out slowly is never cut while it moves: a kilobyte every 2 s for 2 minutes, whole", () => {
	const year = csv(35040); // a year of quarters, about 1.7 MB: the client takes it as slowly as its link allows
	const b = board(undefined, year.handle);
	const c = answering(b);
	const got: Buffer[] = [];
	for (let t = 0; t < 60; t++) {
		const next = piece(b, c, 1024);
		if (next !== undefined) got.push(next);
		b.wait(2000);
	}
	expect(c.closed).toBe(false); // 120 s into its reply
	expect(Buffer.concat(got).toString("utf8")).toBe(year.text.slice(0, 60 * 1024));
});

test("a reply the client stops taking is cut 10 s after its last piece, and replaced by a newcomer once stuck for 1 s", () => {
	const large = csv(2000);
	const b = board(2, large.handle);
	const stuck = answering(b);
	const moving = answering(b);
	piece(b, stuck, 1024); // then its client reads no more: no write event, no fragment
	for (let t = 0; t < 5; t++) {
		b.wait(300);
		piece(b, moving, 1024);
	}
	const late = b.accept(); // 1.5 s: the stuck reply goes, the moving one stays
	expect([stuck.closed, moving.closed, late.closed]).toEqual([true, false, false]);
	expect(stuck.written).toEqual([]); // a reply cut short gets no 408, only the close
	const later = b.accept(); // a moving reply is never replaced: the newcomer before it is
	expect([moving.closed, late.closed, later.closed]).toEqual([false, true, false]);
	piece(b, moving, 1024); // its last piece: from now on its client reads nothing
	b.wait(9800);
	expect(moving.closed).toBe(false);
	b.wait(450); // the sweep after 10 s without a piece
	expect(moving.closed).toBe(true);
});

test("asked for a fragment with no room mid-body the adapter gives one byte, never the end; the first ask after the head may wait", () => {
	// The SDK has no "nothing now" answer after its first ask: undefined or an empty piece ends the
	// body, which would end a chunked CSV early with a valid last chunk, a short answer looking whole.
	const day = csv(96);
	const b = board(undefined, day.handle);
	const c = answering(b);
	const got: Buffer[] = [];
	expect(piece(b, c, 0)).toBeUndefined(); // the SDK's first ask, in the write event of the head: it waits for the next
	for (const room of [100, 0, -8, 1, -1, 500]) {
		const next = piece(b, c, room);
		expect(next?.length).toBe(room > 0 ? room : 1);
		if (next !== undefined) got.push(next);
	}
	for (let next = piece(b, c, 1016); next !== undefined; next = piece(b, c, 1016)) got.push(next);
	expect(Buffer.concat(got).toString("utf8")).toBe(day.text);
	expect(c.closed).toBe(false);
});
