// The peak warning's POST on the device (lin and ESP32): one request with the SDK's legacy HTTP
// client, given up after a timeout. Which request runs and which waits is core/integrations'
// PostQueue, as on the PC. Only http URLs: the device has no TLS for this.

import type { Post } from "core/integrations/post-queue";
import { httpTarget } from "core/net/http-url";
import { Request } from "http";
import Timer from "timer";

const TIMEOUT_MS = 5000;
const STATUS = 1;

/** A Post for core/integrations/post-queue: done at the answer's status line, on an error or at the timeout. */
export function httpPost(timeoutMs = TIMEOUT_MS): Post {
	return (url, body, done) => {
		const target = httpTarget(url);
		if (typeof target === "string") {
			done(target);
			return;
		}
		let request: Request | undefined;
		let timer: Timer | undefined;
		const finish = (error: string | undefined) => {
			if (timer !== undefined) Timer.clear(timer);
			timer = undefined;
			const r = request;
			request = undefined;
			if (r === undefined) return; // finished already
			try {
				r.close();
			} catch {
				// closed already
			}
			done(error);
		};
		request = new Request({
			host: target.host,
			port: target.port,
			path: target.path,
			method: "POST",
			headers: ["content-type", "application/json"],
			body: ArrayBuffer.fromString(body), // its byteLength is the content-length: the text may hold UTF-8
		});
		// the status is all we need: the body is not read, the connection closed at once
		request.callback = (message: number, value?: unknown) => {
			if (message === STATUS) {
				const status = Number(value);
				finish(status >= 200 && status < 300 ? undefined : `answered ${status}`);
			} else if (message < 0) finish("no connection");
		};
		timer = Timer.set(() => {
			timer = undefined;
			finish(`no answer in ${timeoutMs / 1000} s`);
		}, timeoutMs);
	};
}
