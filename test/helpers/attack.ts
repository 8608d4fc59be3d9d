// Connection attacks over real loopback sockets, for the PC host's and the firmware's HTTP servers:
// silent connections, slowloris, and a client that asks once per connection. Attackers are bounded
// in count and time and stop by themselves; only the server may close their sockets.

import { connect, type Socket } from "node:net";

/**
 * One request on a fresh connection: its status once the answer's head is in (the client then
 * closes, as a browser does after a `connection: close` answer), or a rejection when no answer
 * came within `ms` or the server closed first.
 */
export function ask(port: number, request: string, ms = 5000): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, "127.0.0.1");
		let text = "";
		let done = false;
		const end = (error: Error | undefined, status = 0) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			socket.destroy();
			if (error) reject(error);
			else resolve(status);
		};
		const timer = setTimeout(() => end(new Error("no answer in time")), ms);
		socket.on("data", (chunk: Buffer) => {
			text += chunk.toString("latin1");
			if (text.startsWith("HTTP/1.1 ") && text.includes("\r\n\r\n")) end(undefined, Number(text.slice(9, 12)));
		});
		socket.on("error", () => undefined); // a reset still ends in "close"
		socket.on("close", () => end(new Error("connection closed without an answer")));
		socket.write(request + "connection: close\r\n\r\n");
	});
}

/**
 * After the server's FIN, writes a byte now and then: a server that really closed its socket
 * refuses them (reset, then "close" here); one that only half-closed takes them in silence.
 */
export function probe(socket: Socket, tries = 50): void {
	if (socket.destroyed || tries === 0) return;
	socket.write("x");
	setTimeout(() => probe(socket, tries - 1), 100);
}

export interface Attack {
	/** Sockets the server closed (each one proven closed: bytes written after its FIN were refused). */
	closedByServer: number;
	opened: number;
	/** Resolves once every socket of the attack is closed, or rejects after `ms`. */
	allClosed(ms: number): Promise<void>;
	abort(): void;
}

/**
 * `count` connections that each send `text` one byte every `gapMs` (never, for Infinity), and
 * reconnect as soon as the server closes them, until `forMs` has passed or `maxOpened` connections
 * were made. Half-open on purpose: the attacker never closes its side; only the server can.
 */
export function attack(
	port: number,
	count: number,
	text: string,
	gapMs: number,
	forMs: number,
	maxOpened = 4000,
): Attack {
	const live = new Set<Socket>();
	const ends = Date.now() + forMs;
	let aborted = false;
	let waiter: (() => void) | undefined;
	const state: Attack = {
		closedByServer: 0,
		opened: 0,
		allClosed(ms) {
			return new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`${live.size} attack sockets still open`)), ms);
				waiter = () => {
					if (live.size === 0) {
						clearTimeout(timer);
						resolve();
					}
				};
				waiter();
			});
		},
		abort() {
			aborted = true;
			for (const socket of live) socket.destroy();
		},
	};
	const open = () => {
		if (aborted || Date.now() >= ends || state.opened >= maxOpened) return;
		state.opened++;
		const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
		live.add(socket);
		let sent = 0;
		let timer: NodeJS.Timeout | undefined;
		const drip = () => {
			if (aborted || Date.now() >= ends || socket.destroyed) return; // after the attack the socket stays open and silent: the server must close it
			socket.write(text[sent++ % text.length]);
			timer = setTimeout(drip, gapMs);
		};
		socket.on("connect", () => {
			if (gapMs !== Infinity) drip();
		});
		socket.on("data", () => undefined);
		socket.on("end", () => probe(socket));
		socket.on("error", () => undefined);
		socket.on("close", () => {
			clearTimeout(timer);
			live.delete(socket);
			if (!aborted) state.closedByServer++;
			waiter?.();
			open();
		});
	};
	for (let i = 0; i < count; i++) open();
	return state;
}

/**
 * A client asking once per connection every `gapMs` for `forMs`: each answer's status and how long
 * it took. An answer later than `boundMs` rejects (a failure detector for the bound).
 */
export async function askDuring(
	port: number,
	request: string,
	forMs: number,
	gapMs: number,
	boundMs: number,
): Promise<{ statuses: number[]; waits: number[]; line: string }> {
	const statuses: number[] = [];
	const waits: number[] = [];
	const started = Date.now();
	for (let i = 0; i < 200 && Date.now() - started < forMs; i++) {
		const asked = performance.now();
		statuses.push(await ask(port, request, boundMs));
		waits.push(performance.now() - asked);
		await new Promise((resolve) => setTimeout(resolve, gapMs));
	}
	const sorted = [...waits].sort((a, b) => a - b);
	const line = `${sorted.length} answers during the attack, median ${sorted[sorted.length >> 1]?.toFixed(1)} ms, slowest ${sorted[sorted.length - 1]?.toFixed(1)} ms`;
	return { statuses, waits, line };
}
