// POST /update on the firmware's HTTP adapter (src/hosts/moddable/http-server.ts) with a device
// OTA partition: the head goes through the core (login and all), the body streams from the
// socket into a FirmwareUpload in the fragments the SDK announces, never held whole; a refusal
// decided on the head is answered after the body is read past.

import { createHash } from "node:crypto";
import { handle } from "../../src/core/api/handle";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";
import { CHIP_ID } from "../../src/core/device/esp-image";
import type { FirmwareSink } from "../../src/core/ports";
import { fakeContext, SSID, WIFI_PASSWORD } from "../api/fake-context";
import { buildImage } from "../device/image-builder";

// the adapter's slot sweep runs on the SDK's clock and timer, which these tests leave idle
jest.mock("time", () => require("./sdk-fakes").fakeTime(() => 0), { virtual: true });
jest.mock("timer", () => require("./sdk-fakes").collectingTimer(() => undefined), { virtual: true });
jest.mock("http", () => require("./sdk-fakes").fakeHttp());

import { Server } from "http";

const ADAPTER = "../../src/hosts/moddable/http-server";
const { serveHttp } = require(ADAPTER) as {
	serveHttp(options: {
		port: number;
		handle(r: ApiRequest): ApiResponse;
		onError(e: unknown): void;
		firmware?(): FirmwareSink | undefined;
	}): unknown;
};

type Callback = (this: object, message: number, a?: unknown, b?: unknown) => unknown;
const nodeSha = (b: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(b).digest());
const LOGIN = "Basic " + Buffer.from(`${SSID}:${WIFI_PASSWORD}`).toString("base64");

class FakeSink implements FirmwareSink {
	chipId = CHIP_ID.esp32c3;
	maxBytes = 0x1c0000;
	written: number[] = [];
	bytes = 0;
	events: string[] = [];
	open(): void {
		this.events.push("open");
	}
	write(chunk: Uint8Array): void {
		this.written.push(chunk.length);
		this.bytes += chunk.length;
	}
	commit(): void {
		this.events.push("commit");
	}
	abort(): void {
		this.events.push("abort");
	}
	restart(): void {
		this.events.push("restart");
	}
}

/** The SDK's per-connection object with a socket holding `body`, counted down as the SDK's own reads do. */
function connection(body: Uint8Array) {
	let at = 0;
	const reads: number[] = [];
	const socket = {
		read(_type: unknown, count: number): ArrayBuffer {
			reads.push(count);
			const piece = body.slice(at, at + count);
			at += count;
			return piece.buffer;
		},
		get: () => "192.168.4.2",
	};
	return {
		c: { socket, total: body.length } as { socket: typeof socket; total: number },
		reads,
		left: () => body.length - at,
	};
}

function serve(sink: FakeSink | undefined) {
	const context = fakeContext();
	context.firmware = () => sink;
	serveHttp({ port: 80, handle: (r) => handle(r, context), onError: () => {}, firmware: () => sink });
	return (Server as unknown as { last: { callback: Callback } }).last.callback;
}

/** Head, then the body in the fragments `sizes` (bytes the socket has each time) while the adapter asks for it. */
function post(callback: Callback, body: Uint8Array, headers: [string, string][], sizes = 1460) {
	const { c, reads } = connection(body);
	callback.call(c, 1);
	callback.call(c, 2, "/update", "POST");
	for (const [n, v] of headers) callback.call(c, 3, n, v);
	const mode = callback.call(c, 4);
	// the socket announces `sizes` each time: at the end more than the body has left (the next request)
	if (mode === true) while (c.total > 0) callback.call(c, 5, sizes);
	callback.call(c, 6, undefined);
	const head = callback.call(c, 8) as { status: number };
	const parts: string[] = [];
	for (let piece = callback.call(c, 9, 4096); piece !== undefined; piece = callback.call(c, 9, 4096))
		parts.push(Buffer.from(piece as Uint8Array).toString());
	callback.call(c, 10);
	return { mode, status: head.status, text: parts.join(""), reads };
}

function headers(length: number, login = LOGIN): [string, string][] {
	return [
		["host", "digimon.local"],
		["authorization", login],
		["content-type", "application/octet-stream"],
		["content-length", String(length)],
	];
}

test("a good image streams into the partition in the socket's fragments and is committed", () => {
	const sink = new FakeSink();
	const image = buildImage({ version: "2.0.1" }, nodeSha);
	const r = post(serve(sink), image, headers(image.length), 1460);
	expect(r.mode).toBe(true);
	expect(r.status).toBe(200);
	expect(JSON.parse(r.text)).toMatchObject({ ok: true, bytes: image.length, restarting: true });
	expect(sink.bytes).toBe(image.length);
	expect(Math.max(...sink.written)).toBeLessThanOrEqual(1460); // never held whole
	expect(r.reads.reduce((a, b) => a + b, 0)).toBe(image.length); // not a byte past the body
	expect(sink.events).toEqual(["open", "commit", "restart"]);
});

test("without the login: 401 decided on the head, the body read past, nothing opened", () => {
	const sink = new FakeSink();
	const image = buildImage({}, nodeSha);
	const r = post(serve(sink), image, headers(image.length, "Basic eDp5"));
	expect(r.mode).toBe(false); // the SDK reads the body past
	expect(r.status).toBe(401);
	expect(sink.events).toEqual([]);
});

test("larger than the partition: 413 before anything is written", () => {
	const sink = new FakeSink();
	const r = post(serve(sink), new Uint8Array(16), headers(0x1c0001));
	expect(r.mode).toBe(false);
	expect(r.status).toBe(413);
	expect(sink.events).toEqual([]);
});

test("a wrong file: 422, the running firmware kept", () => {
	const sink = new FakeSink();
	const junk = new Uint8Array(5000).fill(0x41);
	const r = post(serve(sink), junk, headers(junk.length));
	expect(r.status).toBe(422);
	expect(JSON.parse(r.text).error).toMatch(/the running firmware is kept$/);
	expect(sink.events).not.toContain("commit");
});

test("the connection lost mid-body aborts the update", () => {
	const sink = new FakeSink();
	const image = buildImage({}, nodeSha);
	const callback = serve(sink);
	const { c } = connection(image);
	callback.call(c, 1);
	callback.call(c, 2, "/update", "POST");
	for (const [n, v] of headers(image.length)) callback.call(c, 3, n, v);
	expect(callback.call(c, 4)).toBe(true);
	callback.call(c, 5, 1000);
	callback.call(c, -1);
	expect(sink.bytes).toBe(1000);
	expect(sink.events).toEqual(["open", "abort"]);
});

test("without a partition (the simulator) the image is read past and the route answers 501", () => {
	const image = buildImage({}, nodeSha);
	const r = post(serve(undefined), image, headers(image.length));
	expect(r.mode).toBe(false);
	expect(r.status).toBe(501);
});
