// node:http adapter for the core API: turns each request into a plain ApiRequest and writes the
// ApiResponse back. Everything here is about limits (sizes, time, connections); what is served and
// to whom is decided in src/core/api. Who keeps a connection slot is core/api/connections' rule,
// the same the device follows: this adapter only reports what each socket does and closes the
// ones the rule gives up.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type ChunkSource, isChunkSource } from "../../core/api/chunks";
import {
	type ConnectionLimits,
	closeOverdue,
	closeSlot,
	connectionLimits,
	createSlotTable,
	enterPhase,
	evictionVictim,
	openSlot,
	Phase,
	received,
	type SlotTable,
	sent,
} from "../../core/api/connections";
import type { ApiRequest, ApiResponse } from "../../core/api/types";

export interface HttpServerOptions {
	/** 0 picks a free port; the chosen one is in the result. */
	port: number;
	/** Address to listen on; loopback unless the caller opens it up. */
	host?: string;
	handle(request: ApiRequest): ApiResponse;
	/** Larger request bodies get 413. */
	maxBodyBytes?: number;
	/**
	 * For a request-target whose body is passed by rather than kept (a firmware image the host
	 * cannot use): the most bytes to read and drop, 413 beyond; 0 to keep the body as usual.
	 */
	discardBody?(target: string): number;
	/** Larger request heads (request line and headers) get 431 from Node's parser. */
	maxHeaderBytes?: number;
	/** Time to receive a request head, ms (408 beyond). */
	headersTimeoutMs?: number;
	/** Longest pause between two bytes of a request, ms (408 beyond). */
	stallTimeoutMs?: number;
	/** Time to receive a body, and longest a reply may go without a byte taken by the client, ms. */
	requestTimeoutMs?: number;
	/** An idle keep-alive connection is closed after this, ms. */
	keepAliveTimeoutMs?: number;
	/** Connection slots; when all are taken a newcomer replaces an idle or slow connection. */
	maxConnections?: number;
	/** A handler that threw or a socket error; the client got a 500 or lost its connection. */
	onError?(error: unknown): void;
}

export interface HttpServer {
	port: number;
	close(): Promise<void>;
}

const INTERNAL_ERROR = '{"error":"internal error"}';
const TOO_LARGE = '{"error":"body too large"}';
/** Status lines for the parser's refusals by error code; anything else is a 400. */
const CLIENT_ERROR_STATUS: Readonly<Record<string, string>> = Object.freeze({
	HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
	ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
});
/** Bytes asked of a streamed body per write. */
const STREAM_CHUNK = 16384;
const TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";

/** The connection slots and the sockets in them. */
interface Slots {
	table: SlotTable;
	limits: ConnectionLimits;
	sockets: (Socket | undefined)[];
	slotOf: Map<Socket, number>;
	/** socket.bytesRead when the slot's progress was last taken. */
	seen: Float64Array;
	/** socket.bytesWritten then. */
	wrote: Float64Array;
}

export function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
	const maxBodyBytes = options.maxBodyBytes ?? 65536;
	const limits = connectionLimits({
		headMs: options.headersTimeoutMs,
		stallMs: options.stallTimeoutMs,
		requestMs: options.requestTimeoutMs,
		idleMs: options.keepAliveTimeoutMs,
	});
	const size = options.maxConnections ?? 64;
	const slots: Slots = {
		table: createSlotTable(size),
		limits,
		sockets: new Array<Socket | undefined>(size).fill(undefined),
		slotOf: new Map(),
		seen: new Float64Array(size),
		wrote: new Float64Array(size),
	};
	const server = createServer({
		maxHeaderSize: options.maxHeaderBytes ?? 8192,
		// Node's own timers stay as a backstop; the sweep below acts first.
		requestTimeout: Math.max(limits.requestMs, limits.headMs) + 1000,
		headersTimeout: limits.headMs + 1000,
		keepAliveTimeout: limits.idleMs + 1000,
	});
	server.on("connection", (socket: Socket) => admit(slots, socket));
	server.on("request", (req: IncomingMessage, res: ServerResponse) => {
		phase(slots, req.socket, Phase.Body, req.socket.bytesRead);
		res.on("finish", () => phase(slots, req.socket, Phase.Idle));
		receive(req, res, options, maxBodyBytes, slots);
	});
	server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
		// Node's parser refused the request (malformed, head too large, timeout): answer if we still can.
		const code = error.code ?? "";
		const status = Object.hasOwn(CLIENT_ERROR_STATUS, code) ? CLIENT_ERROR_STATUS[code] : "400 Bad Request";
		hangUp(socket, `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
	});
	// Deadlines are checked a few times per stall period, so a slow client is closed close to its time.
	const sweeper = setInterval(
		() => sweep(slots, performance.now()),
		Math.max(50, Math.min(limits.stallMs, limits.headMs) / 4),
	);
	sweeper.unref();

	return new Promise((resolve, reject) => {
		server.once("error", (error) => {
			clearInterval(sweeper);
			reject(error);
		});
		server.listen(options.port, options.host ?? "127.0.0.1", () => {
			server.removeAllListeners("error");
			server.on("error", (error) => options.onError?.(error));
			let closing: Promise<void> | undefined;
			resolve({
				port: (server.address() as AddressInfo).port,
				close() {
					closing ??= new Promise<void>((done) => {
						clearInterval(sweeper);
						server.close(() => done());
						server.closeAllConnections();
						for (let slot = 0; slot < size; slot++) drop(slots, slot);
					});
					return closing;
				},
			});
		});
	});
}

/** Gives a new connection a slot, pushing out the one the core rule picks when all are taken. */
function admit(slots: Slots, socket: Socket): void {
	const now = performance.now();
	let slot = openSlot(slots.table, now);
	if (slot < 0) {
		takeProgress(slots, now); // who is idle is decided on what each socket has sent until now
		const victim = evictionVictim(slots.table, now, slots.limits);
		if (victim < 0) {
			socket.destroy(); // every slot is busy answering
			return;
		}
		drop(slots, victim);
		slot = openSlot(slots.table, now);
	}
	slots.sockets[slot] = socket;
	slots.slotOf.set(socket, slot);
	slots.seen[slot] = 0;
	slots.wrote[slot] = 0;
	socket.on("close", () => {
		const at = slots.slotOf.get(socket);
		if (at !== undefined) release(slots, at);
	});
}

/** Moves the socket's slot to `next`; `read` (its bytesRead) is counted as taken when given. */
function phase(slots: Slots, socket: Socket, next: Phase, read = NaN): void {
	const slot = slots.slotOf.get(socket);
	if (slot === undefined) return;
	if (read > slots.seen[slot]) slots.seen[slot] = read; // the head is in: its bytes are progress already
	enterPhase(slots.table, slot, next, performance.now());
}

/**
 * Tells the slot table which sockets have received or sent bytes since it was last told. The
 * counts are read from each socket rather than reported by a "data" listener, because such a
 * listener takes the socket away from Node's native HTTP parser: every chunk then passes through
 * JavaScript, which cost about a tenth of the time of a small request. A byte is thus seen up to
 * one sweep late, which only gives a slow client that much more time. bytesWritten counts what
 * Node holds besides what the kernel took, but the pump holds back until "drain", so it stops
 * growing as soon as a client stops reading.
 */
function takeProgress(slots: Slots, now: number): void {
	for (let slot = 0; slot < slots.table.size; slot++) {
		const socket = slots.sockets[slot];
		if (socket === undefined) continue;
		const read = socket.bytesRead;
		if (read > slots.seen[slot]) {
			received(slots.table, slot, read - slots.seen[slot], now);
			slots.seen[slot] = read;
		}
		const written = socket.bytesWritten;
		if (written > slots.wrote[slot]) {
			sent(slots.table, slot, written - slots.wrote[slot], now);
			slots.wrote[slot] = written;
		}
	}
}

/** Closes every connection past its deadline; one still sending its head is told why. */
function sweep(slots: Slots, now: number): void {
	takeProgress(slots, now);
	closeOverdue(slots.table, now, slots.limits, (slot, stalledInHead) => {
		const socket = slots.sockets[slot];
		release(slots, slot);
		if (socket === undefined) return;
		if (stalledInHead) hangUp(socket, TIMEOUT);
		else socket.destroy();
	});
}

function drop(slots: Slots, slot: number): void {
	const socket = slots.sockets[slot];
	release(slots, slot);
	socket?.destroy();
}

function release(slots: Slots, slot: number): void {
	const socket = slots.sockets[slot];
	if (socket !== undefined) slots.slotOf.delete(socket);
	slots.sockets[slot] = undefined;
	closeSlot(slots.table, slot);
}

/**
 * Writes a last answer and closes the socket for good. Ending alone is not enough: the server is
 * half-open, so an ended socket would wait for the client's side, which an attacker never closes.
 * The answer is a few dozen bytes to a socket that has been sent nothing else, so the kernel takes
 * it at once and destroying right after does not lose it.
 */
function hangUp(socket: Socket, answer: string): void {
	if (socket.writable && !socket.writableEnded) socket.end(answer);
	socket.destroy();
}

function receive(
	req: IncomingMessage,
	res: ServerResponse,
	options: HttpServerOptions,
	maxBodyBytes: number,
	slots: Slots,
): void {
	const discard = options.discardBody?.(req.url ?? "") ?? 0;
	const limit = discard > 0 ? discard : maxBodyBytes;
	const declared = Number(req.headers["content-length"] ?? 0);
	if (declared > limit) {
		refuseBody(req, res);
		return;
	}
	if (declared === 0 && req.headers["transfer-encoding"] === undefined) {
		// no body (HTTP/1.1 has none without either header): answered now, not when the stream ends
		answer(req, res, options, slots, undefined);
		return;
	}
	const chunks: Buffer[] = [];
	let size = 0;
	let refused = false;
	req.on("data", (chunk: Buffer) => {
		if (refused) return;
		size += chunk.length;
		if (size > limit) {
			refused = true;
			chunks.length = 0;
			refuseBody(req, res);
			return;
		}
		if (discard === 0) chunks.push(chunk);
	});
	req.on("error", (error) => options.onError?.(error));
	req.on("end", () => {
		if (!refused) answer(req, res, options, slots, size > 0 && discard === 0 ? Buffer.concat(chunks, size) : undefined);
	});
}

/** Hands the request to the core and sends its answer. */
function answer(
	req: IncomingMessage,
	res: ServerResponse,
	options: HttpServerOptions,
	slots: Slots,
	body: Buffer | undefined,
): void {
	phase(slots, req.socket, Phase.Reply);
	const request: ApiRequest = {
		method: req.method ?? "",
		target: req.url ?? "",
		headers: headersOf(req),
		remote: req.socket.remoteAddress ?? "",
	};
	if (body !== undefined) request.body = new Uint8Array(body);
	let response: ApiResponse;
	try {
		response = options.handle(request);
	} catch (error) {
		options.onError?.(error);
		send(
			res,
			req.method === "HEAD",
			500,
			{ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
			INTERNAL_ERROR,
		);
		return;
	}
	send(res, req.method === "HEAD", response.status, response.headers, response.body, options);
}

/** Headers with lower-case names; a repeated header is joined with ", " (a repeated Authorization then fails to decode). */
function headersOf(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = Object.create(null);
	const raw = req.rawHeaders;
	for (let i = 0; i + 1 < raw.length; i += 2) {
		const name = raw[i].toLowerCase();
		headers[name] = name in headers ? headers[name] + ", " + raw[i + 1] : raw[i + 1];
	}
	return headers;
}

function send(
	res: ServerResponse,
	head: boolean,
	status: number,
	headers: Record<string, string>,
	body: ApiResponse["body"],
	options?: HttpServerOptions,
): void {
	const source = isChunkSource(body) ? body : undefined;
	const bytes =
		source !== undefined ? undefined : typeof body === "string" ? Buffer.from(body, "utf8") : (body as Uint8Array);
	try {
		for (const name in headers) res.setHeader(name, headers[name]);
		if (bytes !== undefined && (!head || !("content-length" in headers)))
			res.setHeader("content-length", String(bytes.length)); // what is actually sent wins over what was computed
		res.writeHead(status);
		if (source !== undefined) pump(res, head, source, options);
		else if (!head && bytes !== undefined && bytes.length > STREAM_CHUNK) pump(res, head, slices(bytes), options);
		else res.end(head ? undefined : bytes);
	} catch (error) {
		source?.close();
		// An invalid header value (it would have been a response-splitting bug): nothing half-written goes out.
		options?.onError?.(error);
		if (!res.headersSent) {
			for (const name of res.getHeaderNames()) res.removeHeader(name);
			res.writeHead(500, {
				"content-type": "application/json; charset=utf-8",
				"content-length": String(INTERNAL_ERROR.length),
			});
			res.end(head ? undefined : INTERNAL_ERROR);
		} else res.destroy();
	}
}

/**
 * Sends a streamed body a chunk at a time, asking the source for the next one only once the socket
 * has taken the last (write() returned true, or "drain"), so a slow client holds the source back
 * instead of the body piling up in memory. The source is closed once, however the response ends.
 */
function pump(res: ServerResponse, head: boolean, source: ChunkSource, options?: HttpServerOptions): void {
	let open = true;
	const close = () => {
		if (open) {
			open = false;
			source.close();
		}
	};
	res.once("close", close); // finished, or the client went away
	const more = () => {
		try {
			while (open && !res.destroyed) {
				const chunk = Buffer.allocUnsafe(STREAM_CHUNK); // node keeps what it has not sent yet: no reuse here
				const n = head ? 0 : source.next(chunk);
				if (n === 0) {
					close();
					res.end();
					return;
				}
				if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
					res.once("drain", more);
					return;
				}
			}
			close();
		} catch (error) {
			// The head is out: a broken body can only be cut short, which the client sees as an incomplete response.
			options?.onError?.(error);
			close();
			res.destroy();
		}
	};
	more();
}

/**
 * A large body in bytes as a source, so that it too goes out as the client takes it: written whole,
 * socket.bytesWritten would count all of it at once and the slot rule would see no progress after.
 */
function slices(bytes: Uint8Array): ChunkSource {
	let at = 0;
	return {
		next(into) {
			const n = Math.min(into.length, bytes.length - at);
			into.set(bytes.subarray(at, at + n));
			at += n;
			return n;
		},
		close() {},
	};
}

function refuseBody(req: IncomingMessage, res: ServerResponse): void {
	// Close afterwards: the rest of the body is not read, so the connection cannot carry another request.
	res.writeHead(413, {
		"content-type": "application/json; charset=utf-8",
		"content-length": String(TOO_LARGE.length),
		"cache-control": "no-store",
		connection: "close",
	});
	res.end(req.method === "HEAD" ? undefined : TOO_LARGE);
	req.resume();
}
