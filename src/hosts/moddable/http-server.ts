// The core API on the SDK's legacy HTTP server (`http` Server), the one that also takes the
// HTTP/1.0 of captive-portal probes. Each connection is its own Request object, so several requests
// run side by side; this adapter keeps an exchange on it, hands core/api a plain ApiRequest once
// the body is in, and streams every response body in the fragments the socket asks for: nothing
// larger than the socket's free space is copied per write. Who may do what is core/api's business;
// who keeps a connection slot is core/api/connections' rule, applied by ./http-slots.

import { type ChunkSource, isChunkSource } from "core/api/chunks";
import { type ConnectionLimits, connectionLimits, Phase } from "core/api/connections";
import { errorResponse } from "core/api/responses";
import { MAX_SETTINGS_BYTES } from "core/api/settings";
import { parseTarget } from "core/api/target";
import type { ApiRequest, ApiResponse } from "core/api/types";
import { FirmwareUpload, MAX_FIRMWARE_BYTES, STREAM_BODY, UPDATE_PATH } from "core/api/update";
import type { FirmwareSink } from "core/ports";
import { ConnectionSlots, type SlotHolder } from "host/http-slots";
import { Server } from "http";
import Time from "time";
import Timer from "timer";

export interface HttpOptions {
	port: number;
	handle(request: ApiRequest): ApiResponse;
	/** A handler that threw: the client got a 500. */
	onError(error: unknown): void;
	/**
	 * Larger request bodies get 413 before any of them is held. Default: the largest a route takes
	 * (the settings, 4 KB); the SDK gathers a body in pieces and joins them, so a body costs twice its size.
	 */
	maxBodyBytes?: number;
	/** Scratch bytes per streamed response: a ChunkSource writes this much at a time. */
	chunkBytes?: number;
	/**
	 * The device's OTA partition: POST /update is then judged on its head (handle() without a
	 * body), and when the route answers STREAM_BODY the body streams into a FirmwareUpload. Absent
	 * (the simulator): the image is read past and the route answers 501.
	 */
	firmware?(): FirmwareSink | undefined;
	/**
	 * Connections served at once (default 6, what a browser opens to one host); when all are
	 * taken a newcomer replaces an idle or slow one. Keep it below lwIP's TCP connections.
	 */
	slots?: number;
	/** Deadlines of core/api/connections; LAN defaults. */
	limits?: Partial<ConnectionLimits>;
}

/** One request in flight, kept on the server's per-connection Request object. */
interface Exchange {
	method: string;
	target: string;
	headers: Record<string, string>;
	length: number;
	refused: boolean;
	body: Uint8Array | undefined;
	head: boolean;
	/** A body in bytes (text, a stored file, a web asset) and how far it has gone out. */
	bytes: Uint8Array | undefined;
	at: number;
	/** A streamed body, its scratch buffer and what of the scratch is still to go out. */
	source: ChunkSource | undefined;
	scratch: Uint8Array | undefined;
	from: number;
	to: number;
	/** The response head was just prepared: the SDK's next ask for a piece is in the same write event. */
	prepared: boolean;
	/** A firmware image streaming in, and the bytes of it still to come. */
	upload: FirmwareUpload | undefined;
	/** The answer decided on the head (a refused upload): the body is read past. */
	early: ApiResponse | undefined;
}

/** The SDK's per-connection object: what this adapter reads of it and keeps on it. */
interface Connection extends SlotHolder {
	exchange?: Exchange;
	socket?: {
		get?(what: string): string | undefined;
		read?(type: typeof ArrayBuffer, count: number): ArrayBuffer;
		write?(text: string): void;
	};
	/** Body bytes still to come: the SDK counts it down only for bodies it gathers itself. */
	total?: number;
	close?(): void;
}

/** The SDK server's list of open connections, which it keeps public. */
type Listed = { connections?: Connection[] };

const TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";

type SdkResponse = { status: number; headers: string[]; body: true };

function newExchange(method: string, target: string): Exchange {
	return {
		method,
		target,
		headers: Object.create(null) as Record<string, string>,
		length: 0,
		refused: false,
		body: undefined,
		head: method === "HEAD",
		bytes: undefined,
		at: 0,
		source: undefined,
		scratch: undefined,
		from: 0,
		to: 0,
		prepared: false,
		upload: undefined,
		early: undefined,
	};
}

/** Headers as the SDK wants them (a flat name, value list), without those it writes itself. */
function headerList(headers: Record<string, string>, length: number): string[] {
	const list: string[] = [];
	for (const name in headers) if (name !== "content-length" && name !== "connection") list.push(name, headers[name]);
	if (length >= 0) list.push("content-length", String(length));
	return list;
}

function answer(ex: Exchange, options: HttpOptions, remote: string | undefined): ApiResponse {
	if (ex.early !== undefined) return ex.early;
	if (ex.upload !== undefined) return ex.upload.end();
	if (ex.refused) return errorResponse(413);
	const request: ApiRequest = { method: ex.method, target: ex.target, headers: ex.headers };
	if (remote !== undefined) request.remote = remote;
	if (ex.body !== undefined) request.body = ex.body;
	try {
		return options.handle(request);
	} catch (e) {
		options.onError(e);
		return errorResponse(500);
	}
}

/** The response head for the SDK; the body always goes out through responseFragment. */
function prepare(ex: Exchange, response: ApiResponse): SdkResponse {
	const body = response.body;
	if (isChunkSource(body)) {
		ex.source = body;
		// a HEAD has no body to stream: the chunked head alone, then the end
		return { status: response.status, headers: headerList(response.headers, -1), body: true };
	}
	const bytes = typeof body === "string" ? new Uint8Array(ArrayBuffer.fromString(body)) : body;
	ex.bytes = bytes;
	// a HEAD comes without its body but with the GET's length, which the core put in the headers
	const declared = ex.head ? response.headers["content-length"] : undefined;
	const length = declared !== undefined ? Number(declared) : bytes.length;
	return { status: response.status, headers: headerList(response.headers, length), body: true };
}

/**
 * The next piece of the body, at most `room` bytes but at least one; undefined at its end. The
 * SDK takes an empty answer as the end, so when it asks without room (after its first ask, which
 * may wait: see Server.responseFragment) a chunked body would end early with a valid last chunk, a
 * short answer that looks whole. One byte fits wherever a chunk's framing did; where it does not,
 * the SDK's write throws and it closes the connection, which the client sees as the cut it is.
 */
function fragment(ex: Exchange, room: number, chunkBytes: number): Uint8Array | undefined {
	if (ex.head) return undefined;
	const most = room > 0 ? room : 1;
	const bytes = ex.bytes;
	if (bytes !== undefined) {
		const n = bytes.length - ex.at < most ? bytes.length - ex.at : most;
		if (n <= 0) return undefined;
		ex.at += n;
		return bytes.subarray(ex.at - n, ex.at);
	}
	const source = ex.source;
	if (source === undefined) return undefined;
	if (ex.from === ex.to) {
		ex.scratch ??= new Uint8Array(chunkBytes);
		ex.from = 0;
		ex.to = source.next(ex.scratch);
		if (ex.to === 0) {
			finish(ex);
			return undefined;
		}
	}
	const n = ex.to - ex.from < most ? ex.to - ex.from : most;
	ex.from += n;
	return (ex.scratch as Uint8Array).subarray(ex.from - n, ex.from);
}

function finish(ex: Exchange | undefined): void {
	if (ex === undefined) return;
	const source = ex.source;
	ex.source = undefined;
	ex.bytes = undefined;
	ex.scratch = undefined;
	source?.close();
	ex.upload?.abort(); // a no-op once end() answered
	ex.upload = undefined;
}

/**
 * POST /update on the device, at the end of its head: the core judges the head (host, origin,
 * login, content-type); STREAM_BODY starts a FirmwareUpload, whose own refusal (size) or any other
 * answer is kept and the body read past. True: the body comes in fragments into the upload.
 */
function startUpload(ex: Exchange, options: HttpOptions, sink: FirmwareSink, remote: string | undefined): boolean {
	const head = answer(ex, options, remote);
	if (head.status !== STREAM_BODY) {
		ex.early = head;
		return false;
	}
	const upload = new FirmwareUpload(sink);
	const refused = upload.start(ex.headers["content-length"] === undefined ? Number.NaN : ex.length);
	if (refused !== undefined) {
		ex.early = refused;
		return false;
	}
	ex.upload = upload;
	return ex.length > 0;
}

/** A fragment of a streamed firmware body: read from the socket (at most what is left) into the upload. */
function uploadFragment(connection: Connection, ex: Exchange, available: number): void {
	const left = connection.total ?? 0;
	const count = available < left ? available : left;
	const read = connection.socket?.read;
	if (count <= 0 || read === undefined) return;
	const bytes = read.call(connection.socket, ArrayBuffer, count);
	connection.total = left - count; // the SDK finishes the request when this reaches 0
	ex.upload?.push(new Uint8Array(bytes)); // false once failed: the rest is read and dropped
}

/** Bodies this host passes by unread: a firmware image here is only counted against its limit. */
function bodyLimit(target: string, maxBodyBytes: number): number {
	return parseTarget(target) === UPDATE_PATH ? MAX_FIRMWARE_BYTES : maxBodyBytes;
}

/**
 * Closes a connection the SDK would have kept: what it was sending is finished, one stalled in its
 * head gets a 408 first, and the SDK's server forgets it (as it does after a reply).
 */
function hangUp(server: Listed, connection: Connection, inHead: boolean): void {
	finish(connection.exchange);
	connection.exchange = undefined;
	if (inHead) {
		try {
			connection.socket?.write?.(TIMEOUT);
		} catch {
			// no room for it: the close says enough
		}
	}
	const list = server.connections;
	const at = list === undefined ? -1 : list.indexOf(connection);
	if (at >= 0) list?.splice(at, 1);
	connection.close?.();
}

export function serveHttp(options: HttpOptions): Server {
	const maxBodyBytes = options.maxBodyBytes ?? MAX_SETTINGS_BYTES;
	const chunkBytes = options.chunkBytes ?? 1024;
	const limits = connectionLimits(options.limits);
	const server = new Server({ port: options.port });
	const listed = server as unknown as Listed;
	const slots = new ConnectionSlots(options.slots ?? 6, limits, (holder, inHead) =>
		hangUp(listed, holder as Connection, inHead),
	);
	// deadlines are checked a few times per stall period, so a slow client goes close to its time
	Timer.repeat(() => slots.sweep(Time.ticks), Math.max(50, Math.min(limits.stallMs, limits.headMs) / 4));
	server.callback = function (this: unknown, message: number, value?: unknown, etc?: unknown) {
		const connection = this as Connection;
		const ex = connection.exchange;
		switch (message) {
			case Server.connection:
				if (!slots.admit(connection, Time.ticks)) hangUp(listed, connection, false); // every slot is being answered
				return;
			case Server.status:
				slots.progress(connection, Time.ticks);
				connection.exchange = newExchange(etc as string, value as string);
				return;
			case Server.header: {
				slots.progress(connection, Time.ticks);
				if (ex === undefined) return;
				const name = value as string;
				const headers = ex.headers;
				headers[name] = name in headers ? headers[name] + ", " + (etc as string) : (etc as string);
				if (name === "content-length") ex.length = Number(etc);
				return;
			}
			case Server.headersComplete: {
				if (ex === undefined) return;
				// the SDK reads a body when it was told its length, and answers at once otherwise
				slots.phase(connection, ex.length > 0 ? Phase.Body : Phase.Reply, Time.ticks);
				const sink = ex.method === "POST" && parseTarget(ex.target) === UPDATE_PATH ? options.firmware?.() : undefined;
				if (sink !== undefined) return startUpload(ex, options, sink, connection.socket?.get?.("REMOTE_IP"));
				if (ex.length === 0) return;
				const limit = bodyLimit(ex.target, maxBodyBytes);
				if (ex.length > limit) ex.refused = true;
				// a body this host does not keep (too large, a firmware image) is read past by the server
				if (ex.refused || limit !== maxBodyBytes) return false;
				return ArrayBuffer;
			}
			case Server.requestFragment:
				slots.progress(connection, Time.ticks);
				if (ex !== undefined) uploadFragment(connection, ex, value as number);
				return;
			case Server.requestComplete:
				slots.phase(connection, Phase.Reply, Time.ticks);
				if (ex !== undefined && value instanceof ArrayBuffer && value.byteLength > 0) ex.body = new Uint8Array(value);
				return;
			case Server.prepareResponse: {
				if (ex === undefined) return { status: 400, headers: [], body: "" };
				const response = answer(ex, options, connection.socket?.get?.("REMOTE_IP"));
				ex.body = undefined;
				ex.prepared = true;
				return prepare(ex, response);
			}
			case Server.responseFragment: {
				if (ex === undefined) return undefined;
				const room = value as number;
				// asked in the event that wrote the head, without room: the SDK waits for the next write event
				const waits = ex.prepared && room <= 0 && !ex.head;
				ex.prepared = false;
				if (waits) return undefined;
				const piece = fragment(ex, room, chunkBytes);
				// asked on a write event: the socket took the last piece, the reply moves
				if (piece !== undefined) slots.replied(connection, piece.length, Time.ticks);
				// the end: the SDK closes only on a later write event (none after a body of known length),
				// so until the client closes, the connection is done like a keep-alive one
				else slots.phase(connection, Phase.Idle, Time.ticks);
				return piece as unknown as ArrayBuffer;
			}
			case Server.responseComplete:
			case Server.error:
				slots.release(connection);
				finish(ex);
				connection.exchange = undefined;
				return;
		}
	} as unknown as Server["callback"];
	return server;
}
