import { createHash } from "node:crypto";
import { handle } from "../../src/core/api/handle";
import type { ApiResponse } from "../../src/core/api/types";
import { FirmwareUpload, STREAM_BODY, UPDATE_PATH } from "../../src/core/api/update";
import { CHIP_ID } from "../../src/core/device/esp-image";
import { Sha256 } from "../../src/core/device/sha256";
import type { FirmwareSink, Hasher } from "../../src/core/ports";
import { fakeContext, SSID, WIFI_PASSWORD } from "../api/fake-context";
import { buildImage } from "./image-builder";

const nodeSha = (b: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(b).digest());
const LOGIN = "Basic " + Buffer.from(`${SSID}:${WIFI_PASSWORD}`).toString("base64");

/** An OTA partition that records what happened to it. */
class FakeSink implements FirmwareSink {
	chipId = CHIP_ID.esp32c3;
	maxBytes = 0x1c0000;
	written = 0;
	events: string[] = [];
	failOpen = false;
	failCommit = false;
	hasher?: () => Hasher;
	project?: string;
	#open = false;
	isOpen(): boolean {
		return this.#open;
	}
	open(): void {
		if (this.failOpen) throw new Error("no partition");
		this.events.push("open");
		this.#open = true;
	}
	write(chunk: Uint8Array): void {
		this.written += chunk.length;
	}
	commit(): void {
		this.#open = false;
		if (this.failCommit) throw new Error("esp_ota_end");
		this.events.push("commit");
	}
	abort(): void {
		this.#open = false;
		this.events.push("abort");
	}
	restart(): void {
		this.events.push("restart");
	}
}

function upload(sink: FakeSink, image: Uint8Array, length = image.length, chunk = 1460): ApiResponse {
	const u = new FirmwareUpload(sink);
	const refused = u.start(length);
	if (refused) return refused;
	for (let i = 0; i < image.length; i += chunk) if (!u.push(image.subarray(i, i + chunk))) break;
	return u.end();
}

function json(r: ApiResponse): Record<string, unknown> {
	return JSON.parse(r.body as string);
}

test("a good image is written, committed and restarted into", () => {
	const sink = new FakeSink();
	const image = buildImage({ version: "2.0.1" }, nodeSha);
	const r = upload(sink, image);
	expect(r.status).toBe(200);
	expect(json(r)).toEqual({ ok: true, bytes: image.length, version: "2.0.1", project: "digimon", restarting: true });
	expect(sink.written).toBe(image.length);
	expect(sink.events).toEqual(["open", "commit", "restart"]);
});

test("a damaged image is never committed: 422 with the reason, the running firmware kept", () => {
	const sink = new FakeSink();
	const image = buildImage({}, nodeSha);
	image[800] ^= 1; // inside the third segment's data (it starts at 24 + 8 + 256 + 8 + 400 + 8 = 704)
	const r = upload(sink, image);
	expect(r.status).toBe(422);
	expect(json(r).error).toMatch(/^checksum mismatch .*; the running firmware is kept$/);
	expect(sink.events).toEqual(["open", "abort"]);
});

test("the wrong chip stops the upload at the header: nothing after it is written", () => {
	const sink = new FakeSink();
	const r = upload(sink, buildImage({ chipId: CHIP_ID.esp32s2 }, nodeSha), undefined, 16);
	expect(r.status).toBe(422);
	expect(json(r).error).toBe("firmware for esp32s2, this board is esp32c3; the running firmware is kept");
	expect(sink.written).toBe(16); // the first chunk, before the 24-byte header was whole
	expect(sink.events).not.toContain("commit");
});

test("too large, unknown size, too small: refused before the partition is opened", () => {
	const sink = new FakeSink();
	expect(new FirmwareUpload(sink).start(0x1c0001)?.status).toBe(413);
	expect(new FirmwareUpload(sink).start(Number.NaN)?.status).toBe(411);
	expect(new FirmwareUpload(sink).start(10)?.status).toBe(422);
	expect(sink.events).toEqual([]);
});

test("a body longer than announced, a cut body, a lost connection", () => {
	const image = buildImage({}, nodeSha);
	const longer = new FakeSink();
	expect(upload(longer, image, image.length - 100).status).toBe(400);
	expect(longer.events).toEqual(["open", "abort"]);
	const cut = new FakeSink();
	const u = new FirmwareUpload(cut);
	u.start(image.length);
	u.push(image.subarray(0, 1000));
	const r = u.end();
	expect(r.status).toBe(422);
	expect(json(r).error).toBe("image cut short after 1000 bytes; the running firmware is kept");
	const lost = new FakeSink();
	const v = new FirmwareUpload(lost);
	v.start(image.length);
	v.push(image.subarray(0, 1000));
	v.abort();
	expect(lost.events).toEqual(["open", "abort"]);
	expect(v.push(image.subarray(1000))).toBe(false);
});

test("a partition that cannot be opened or activated: a clear error", () => {
	const image = buildImage({}, nodeSha);
	const closed = new FakeSink();
	closed.failOpen = true;
	expect(upload(closed, image).status).toBe(503);
	const refusing = new FakeSink();
	refusing.failCommit = true;
	const r = upload(refusing, image);
	expect(r.status).toBe(500);
	expect(refusing.events).toEqual(["open", "abort"]);
});

describe("the /update route", () => {
	const head = {
		method: "POST",
		target: UPDATE_PATH,
		headers: { host: "digimon.local", "content-type": "application/octet-stream", authorization: LOGIN },
	};

	test("without a firmware port (the PC host): 501 as before", () => {
		expect(handle(head, fakeContext()).status).toBe(501);
	});

	test("with one: the login and content-type are checked first, then STREAM_BODY", () => {
		const context = fakeContext();
		const sink = new FakeSink();
		context.firmware = () => sink;
		expect(handle(head, context).status).toBe(STREAM_BODY);
		expect(handle({ ...head, headers: { ...head.headers, authorization: "Basic eDp5" } }, context).status).toBe(401);
		expect(handle({ ...head, headers: { ...head.headers, "content-type": "text/plain" } }, context).status).toBe(415);
		expect(sink.events).toEqual([]); // the route itself opens nothing
	});
});

test("the sink's own hasher is the one used", () => {
	const sink = new FakeSink();
	let updates = 0;
	const sha = new Sha256();
	sink.hasher = () => ({
		reset: () => sha.reset(),
		update(bytes: Uint8Array, from: number, to: number) {
			updates++;
			sha.update(bytes, from, to);
		},
		digest: () => sha.digest(),
	});
	const image = buildImage({}, nodeSha);
	expect(upload(sink, image).status).toBe(200);
	expect(updates).toBeGreaterThan(0);
});

test("a second upload while one is being written is refused with 409 and leaves the first alone", () => {
	const sink = new FakeSink();
	const image = buildImage({ version: "3.0.0" }, nodeSha);
	const first = new FirmwareUpload(sink);
	expect(first.start(image.length)).toBeUndefined();
	expect(first.push(image.subarray(0, 1000))).toBe(true);
	const second = new FirmwareUpload(sink);
	const refused = second.start(image.length);
	expect(refused?.status).toBe(409);
	expect(json(refused as ApiResponse).error).toBe("update in progress");
	second.abort(); // its connection closes: the first upload's partition is not touched
	expect(second.end().status).not.toBe(200);
	expect(sink.events).toEqual(["open"]);
	expect(first.push(image.subarray(1000))).toBe(true);
	expect(first.end().status).toBe(200);
	expect(sink.events).toEqual(["open", "commit", "restart"]);
	// once the first is over, the next may start
	const third = new FirmwareUpload(sink);
	expect(third.start(image.length)).toBeUndefined();
});

test("an image of another project is refused; the running firmware is kept", () => {
	const sink = new FakeSink();
	sink.project = "xs_esp32";
	const r = upload(sink, buildImage({ project: "arduino-lib-builder" }, nodeSha));
	expect(r.status).toBe(422);
	expect(json(r).error).toBe(
		'firmware of project "arduino-lib-builder", this device runs "xs_esp32"; the running firmware is kept',
	);
	expect(sink.events).toEqual(["open", "abort"]);
	const same = new FakeSink();
	same.project = "xs_esp32";
	expect(upload(same, buildImage({ project: "xs_esp32" }, nodeSha)).status).toBe(200);
});
