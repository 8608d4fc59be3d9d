// The peak warning POSTed to a configured URL (an ntfy topic, a Home Assistant webhook) with the
// core's small JSON body (core/integrations/peak-notice.ts), by fetch. Which request runs, which
// waits and what is counted is core/integrations/post-queue's, the same as on the device; this
// adapter only does one request with a timeout, so a slow or dead server costs the monitor nothing.

import type { PostCounts } from "../../core/integrations/post-queue";
import { PostQueue } from "../../core/integrations/post-queue";
import type { Log } from "../../core/ports";

const TIMEOUT_MS = 5000;

export class Webhook {
	#queue: PostQueue;
	#idle: (() => void)[] = [];

	constructor(log: Log, timeoutMs = TIMEOUT_MS) {
		this.#queue = new PostQueue(
			(url, body, done) => void post(url, body, timeoutMs).then(done),
			log,
			() => {
				for (const resolve of this.#idle.splice(0)) resolve();
			},
		);
	}

	send(url: string, body: string): void {
		this.#queue.send(url, body);
	}

	/** The shared queue itself, for core/integrations/hub. */
	get queue(): PostQueue {
		return this.#queue;
	}

	get counts(): PostCounts {
		return this.#queue.counts;
	}

	/** Resolves when nothing is being sent (a clean stop, the tests). */
	idle(): Promise<void> {
		return this.#queue.busy ? new Promise((resolve) => this.#idle.push(resolve)) : Promise.resolve();
	}
}

/** Resolves with undefined on a 2xx answer, with the reason otherwise; never rejects. */
async function post(url: string, body: string, timeoutMs: number): Promise<string | undefined> {
	try {
		const response = await fetch(url, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body,
			signal: AbortSignal.timeout(timeoutMs),
			redirect: "error",
		});
		await response.arrayBuffer().catch(() => undefined);
		return response.ok ? undefined : `answered ${response.status}`;
	} catch (e) {
		const err = e as Error & { cause?: { code?: string } };
		return err.name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : (err.cause?.code ?? err.message);
	}
}
