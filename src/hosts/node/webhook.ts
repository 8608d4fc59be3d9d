// The peak warning POSTed to a configured URL (an ntfy topic, a Home Assistant webhook) with the
// core's small JSON body (core/integrations/peak-notice.ts). At most one request runs at a time
// and at most one waits behind it (a newer notice replaces the waiting one), each with a timeout,
// so a slow or dead server costs the monitor nothing. Failures are logged and counted.

import type { Log } from "../../core/ports";

const TIMEOUT_MS = 5000;

export class Webhook {
	#log: Log;
	#busy = false;
	#waiting: { url: string; body: string } | undefined;
	#sent = 0;
	#failed = 0;
	#lastError = "";
	#idle: (() => void)[] = [];
	#timeoutMs: number;

	constructor(log: Log, timeoutMs = TIMEOUT_MS) {
		this.#log = log;
		this.#timeoutMs = timeoutMs;
	}

	send(url: string, body: string): void {
		if (url === "") return;
		if (this.#busy) {
			this.#waiting = { url, body };
			return;
		}
		this.#busy = true;
		void this.#post(url, body);
	}

	get counts(): { sent: number; failed: number; last_error: string } {
		return { sent: this.#sent, failed: this.#failed, last_error: this.#lastError };
	}

	/** Resolves when nothing is being sent (a clean stop, the tests). */
	idle(): Promise<void> {
		return this.#busy ? new Promise((resolve) => this.#idle.push(resolve)) : Promise.resolve();
	}

	async #post(url: string, body: string): Promise<void> {
		try {
			const response = await fetch(url, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body,
				signal: AbortSignal.timeout(this.#timeoutMs),
				redirect: "error",
			});
			await response.arrayBuffer().catch(() => undefined);
			if (!response.ok) throw new Error(`answered ${response.status}`);
			this.#sent++;
		} catch (e) {
			this.#failed++;
			const err = e as Error & { cause?: { code?: string } };
			this.#lastError =
				err.name === "TimeoutError" ? `no answer in ${this.#timeoutMs / 1000} s` : (err.cause?.code ?? err.message);
			this.#log.warn(`warning.url: POST to ${origin(url)} failed (${this.#lastError})`);
		}
		const next = this.#waiting;
		this.#waiting = undefined;
		if (next !== undefined) return this.#post(next.url, next.body);
		this.#busy = false;
		for (const resolve of this.#idle.splice(0)) resolve();
	}
}

/** Scheme and host only: the path of an ntfy topic or a webhook id is its secret. */
function origin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return "(bad url)";
	}
}
