// node:http adapter for the core API: turns each request into a plain ApiRequest and writes the
// ApiResponse back. Everything here is about limits (sizes, time, connections); what is served and
// to whom is decided in src/core/api.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiRequest, ApiResponse } from "../../core/api/types";

export interface HttpServerOptions {
	/** 0 picks a free port; the chosen one is in the result. */
	port: number;
	/** Address to listen on; loopback unless the caller opens it up. */
	host?: string;
	handle(request: ApiRequest): ApiResponse;
	/** Larger request bodies get 413. */
	maxBodyBytes?: number;
	/** Larger request heads (request line and headers) get 431 from Node's parser. */
	maxHeaderBytes?: number;
	/** Time to receive the headers, and the whole request, ms (408 beyond). */
	headersTimeoutMs?: number;
	requestTimeoutMs?: number;
	/** An idle keep-alive connection is closed after this, ms. */
	keepAliveTimeoutMs?: number;
	maxConnections?: number;
	/** A handler that threw or a socket error; the client got a 500 or lost its connection. */
	onError?(error: unknown): void;
}

export interface HttpServer {
	port: number;
	close(): Promise<void>;
}

const INTERNAL_ERROR = "{\"error\":\"internal error\"}";
const TOO_LARGE = "{\"error\":\"body too large\"}";

export function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
	const maxBodyBytes = options.maxBodyBytes ?? 65536;
	const requestTimeout = options.requestTimeoutMs ?? 30000;
	const headersTimeout = Math.min(options.headersTimeoutMs ?? 10000, requestTimeout);
	const server = createServer({
		maxHeaderSize: options.maxHeaderBytes ?? 8192,
		requestTimeout,
		headersTimeout,
		keepAliveTimeout: options.keepAliveTimeoutMs ?? 5000,
		// How often Node looks for requests past their time; the default (30 s) would let a slow
		// client hold a socket much longer than the timeouts above say.
		connectionsCheckingInterval: Math.max(100, Math.min(headersTimeout, requestTimeout) / 2),
	});
	server.maxConnections = options.maxConnections ?? 64;
	server.on("request", (req: IncomingMessage, res: ServerResponse) => receive(req, res, options, maxBodyBytes));
	server.on("clientError", (error: Error & { code?: string }, socket) => {
		// Node's parser refused the request (malformed, head too large, timeout): answer if we still can.
		if (socket.writable && !socket.writableEnded) {
			const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large"
				: error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
			socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
		}
		else
			socket.destroy();
	});

	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port, options.host ?? "127.0.0.1", () => {
			server.off("error", reject);
			server.on("error", (error) => options.onError?.(error));
			let closing: Promise<void> | undefined;
			resolve({
				port: (server.address() as AddressInfo).port,
				close() {
					closing ??= new Promise<void>((done) => {
						server.close(() => done());
						server.closeAllConnections();
					});
					return closing;
				},
			});
		});
	});
}

function receive(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions, maxBodyBytes: number): void {
	const declared = Number(req.headers["content-length"] ?? 0);
	if (declared > maxBodyBytes) {
		refuseBody(req, res);
		return;
	}
	const chunks: Buffer[] = [];
	let size = 0;
	let refused = false;
	req.on("data", (chunk: Buffer) => {
		if (refused)
			return;
		size += chunk.length;
		if (size > maxBodyBytes) {
			refused = true;
			chunks.length = 0;
			refuseBody(req, res);
			return;
		}
		chunks.push(chunk);
	});
	req.on("error", (error) => options.onError?.(error));
	req.on("end", () => {
		if (refused)
			return;
		const request: ApiRequest = {
			method: req.method ?? "",
			target: req.url ?? "",
			headers: headersOf(req),
			remote: req.socket.remoteAddress ?? "",
		};
		if (size > 0)
			request.body = new Uint8Array(Buffer.concat(chunks, size));
		let response: ApiResponse;
		try {
			response = options.handle(request);
		}
		catch (error) {
			options.onError?.(error);
			send(res, req.method === "HEAD", 500, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }, INTERNAL_ERROR);
			return;
		}
		send(res, req.method === "HEAD", response.status, response.headers, response.body, options);
	});
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

function send(res: ServerResponse, head: boolean, status: number, headers: Record<string, string>, body: string | Uint8Array, options?: HttpServerOptions): void {
	const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
	try {
		for (const name in headers)
			res.setHeader(name, headers[name]);
		if (!head || !("content-length" in headers))
			res.setHeader("content-length", String(bytes.length)); // what is actually sent wins over what was computed
		res.writeHead(status);
		res.end(head ? undefined : bytes);
	}
	catch (error) {
		// An invalid header value (it would have been a response-splitting bug): nothing half-written goes out.
		options?.onError?.(error);
		if (!res.headersSent) {
			for (const name of res.getHeaderNames())
				res.removeHeader(name);
			res.writeHead(500, { "content-type": "application/json; charset=utf-8", "content-length": String(INTERNAL_ERROR.length) });
			res.end(head ? undefined : INTERNAL_ERROR);
		}
		else
			res.destroy();
	}
}

function refuseBody(req: IncomingMessage, res: ServerResponse): void {
	// Close afterwards: the rest of the body is not read, so the connection cannot carry another request.
	res.writeHead(413, {
		"content-type": "application/json; charset=utf-8",
		"content-length": String(TOO_LARGE.length),
		"cache-control": "no-store",
		"connection": "close",
	});
	res.end(req.method === "HEAD" ? undefined : TOO_LARGE);
	req.resume();
}
