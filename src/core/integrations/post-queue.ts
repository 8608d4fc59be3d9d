// The peak warning's POST (warning.url), the part every host shares: at most one request runs,
// at most one waits behind it (a newer notice replaces the waiting one), failures are logged and
// counted. The host's `post` does the request with its own timeout and calls `done` exactly once.

import type { Log } from "../ports";

/** Sends `body` as a JSON POST to `url`; `done(undefined)` on a 2xx answer, `done(reason)` otherwise. */
export type Post = (url: string, body: string, done: (error: string | undefined) => void) => void;

export interface PostCounts {
	sent: number;
	failed: number;
	last_error: string;
}

export class PostQueue {
	#post: Post;
	#log: Log;
	#busy = false;
	#waitingUrl = "";
	#waitingBody = "";
	#counts: PostCounts = { sent: 0, failed: 0, last_error: "" };
	#idle: (() => void) | undefined;

	/** `idle` is told each time the last request ends (a clean stop waits for it). */
	constructor(post: Post, log: Log, idle?: () => void) {
		this.#post = post;
		this.#log = log;
		this.#idle = idle;
	}

	get busy(): boolean {
		return this.#busy;
	}

	get counts(): PostCounts {
		return { ...this.#counts };
	}

	send(url: string, body: string): void {
		if (url === "") return;
		if (this.#busy) {
			this.#waitingUrl = url;
			this.#waitingBody = body;
			return;
		}
		this.#busy = true;
		this.#start(url, body);
	}

	#start(url: string, body: string): void {
		let ended = false;
		const done = (error: string | undefined) => {
			if (ended) return;
			ended = true;
			this.#ended(url, error);
		};
		try {
			this.#post(url, body, done);
		} catch (e) {
			done((e as Error).message);
		}
	}

	#ended(url: string, error: string | undefined): void {
		const c = this.#counts;
		if (error === undefined) c.sent++;
		else {
			c.failed++;
			c.last_error = error;
			this.#log.warn(`warning.url: POST to ${origin(url)} failed (${error})`);
		}
		if (this.#waitingUrl !== "") {
			const next = this.#waitingUrl;
			const body = this.#waitingBody;
			this.#waitingUrl = "";
			this.#waitingBody = "";
			this.#start(next, body);
			return;
		}
		this.#busy = false;
		this.#idle?.();
	}
}

/** Scheme and host only: the path of an ntfy topic or a webhook id is its secret, and so is a login in the URL. */
export function origin(url: string): string {
	const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^/?#@]*@)?([^/?#@]+)(?:[/?#]|$)/i.exec(url);
	return m === null ? "(bad url)" : m[1].toLowerCase() + m[2];
}
