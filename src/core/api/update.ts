// POST /update: a firmware image as the raw body (application/octet-stream).
//
// On a host without a FirmwareSink (the PC) the answer is a clear 501, and the host passes the
// body by, counted, up to MAX_FIRMWARE_BYTES, never buffering it whole.
//
// On the device the body is far too large to hold, so the HTTP adapter streams it: it runs
// handle() on the request head first (host, origin, login, content-type: the usual order), and
// this route answers STREAM_BODY (status 100) when the upload may go on. The adapter then feeds
// the body to a FirmwareUpload and sends what its end() returns. Each chunk is checked
// (esp-image.ts) before it is written; the new image is committed only when the whole file
// passed, so a wrong or damaged file leaves the running firmware in place with a clear error.

import { EspImageCheck } from "../device/esp-image";
import type { FirmwareSink } from "../ports";
import { Cache, errorMessage, jsonResponse } from "./responses";
import type { ApiContext, ApiResponse } from "./types";

export const UPDATE_PATH = "/update";

/** Largest image taken: the ESP32 app partitions of the boards we support hold less. */
export const MAX_FIRMWARE_BYTES = 4 * 1024 * 1024;

/** The route's answer when the device's adapter should stream the body into a FirmwareUpload. */
export const STREAM_BODY = 100;

const NOT_HERE = "firmware updates are not supported on this host (only on the device)";

export function update(_path: string, context: ApiContext): ApiResponse {
	if (context.firmware?.() === undefined) return errorMessage(501, NOT_HERE);
	return { status: STREAM_BODY, headers: {}, body: "" };
}

const IDLE = 0;
const STREAMING = 1;
const FAILED = 2;
const ENDED = 3;

/** One upload: start(), push() per body chunk, end() for the response. */
export class FirmwareUpload {
	#sink: FirmwareSink;
	#check: EspImageCheck;
	#state = IDLE;
	#expected = 0;
	#error = "";
	#status = 422;

	constructor(sink: FirmwareSink) {
		this.#sink = sink;
		this.#check = new EspImageCheck({
			chipId: sink.chipId,
			maxBytes: sink.maxBytes,
			hasher: sink.hasher?.(),
			project: sink.project,
		});
	}

	/** Before the body, given its content-length (NaN when absent): a refusal, or undefined to stream it. */
	start(contentLength: number): ApiResponse | undefined {
		if (this.#state !== IDLE) throw new Error("upload already started");
		// the partition holds one image: another upload's open() would throw its bytes away
		if (this.#sink.isOpen?.() === true) {
			this.#state = ENDED;
			return errorMessage(409, "update in progress");
		}
		const size = EspImageCheck.sizeError(contentLength, this.#sink.maxBytes);
		if (size !== "") {
			this.#state = ENDED;
			return errorMessage(contentLength > this.#sink.maxBytes ? 413 : contentLength >= 0 ? 422 : 411, size);
		}
		try {
			this.#sink.open();
		} catch {
			this.#state = ENDED;
			return errorMessage(503, "cannot open the update partition");
		}
		this.#expected = contentLength;
		this.#state = STREAMING;
		return undefined;
	}

	/** A piece of the body; false once the upload has failed (the rest may be read and dropped). */
	push(chunk: Uint8Array): boolean {
		if (this.#state !== STREAMING) return false;
		if (this.#check.received + chunk.length > this.#expected)
			return this.#fail(400, "body longer than its content-length");
		const error = this.#check.push(chunk);
		if (error !== "") return this.#fail(422, error);
		try {
			this.#sink.write(chunk);
		} catch {
			return this.#fail(500, "writing the update partition failed");
		}
		return true;
	}

	/** The body is over (or the connection is gone): the response, and for a good image the commit and restart. */
	end(): ApiResponse {
		if (this.#state === STREAMING) {
			const error = this.#check.finish();
			if (error !== "") this.#fail(422, error);
			else return this.#commit();
		}
		this.#state = ENDED;
		return errorMessage(
			this.#status,
			this.#error === "" ? "no upload" : this.#error + "; the running firmware is kept",
		);
	}

	/** The connection was lost: drop what was written. */
	abort(): void {
		if (this.#state === STREAMING) this.#fail(400, "upload interrupted");
		this.#state = ENDED;
	}

	#commit(): ApiResponse {
		this.#state = ENDED;
		try {
			this.#sink.commit();
		} catch {
			this.#sink.abort();
			return errorMessage(500, "the new firmware could not be activated; the running firmware is kept");
		}
		this.#sink.restart();
		const body = JSON.stringify({
			ok: true,
			bytes: this.#check.received,
			version: this.#check.version,
			project: this.#check.project,
			restarting: true,
		});
		return jsonResponse(200, body, Cache.None);
	}

	#fail(status: number, error: string): false {
		this.#state = FAILED;
		this.#status = status;
		this.#error = error;
		this.#sink.abort();
		return false;
	}
}
