// Slows down password guessing without locking out the household. Each peer address gets a few
// free mistakes (typos), then a delay that doubles per failure up to a cap. Only an address with
// failures on record is ever delayed: a login from an address that has not failed is always
// checked, so no number of guessing addresses can keep the rightful user out.
// Memory is fixed: a table of `slots` entries; when it is full the oldest attacker (the entry
// whose last failure is oldest) makes room, a full table never means "deny".
// A global budget of failures per minute marks a flood (many addresses guessing): while it is
// spent, a failing address gets no free mistakes, so a small pool of rotating addresses is slowed
// from its first failure. An attacker with more addresses than the table remembers is slowed only
// by the server's own pace; that is the price of never refusing an address that did nothing wrong.

export interface LoginThrottleOptions {
	/** Milliseconds, monotonic if the host has it; a clock that steps back is treated as standing still. */
	now(): number;
	/** Addresses remembered at once. */
	slots?: number;
	/** Failures per address before delays start. */
	freeFailures?: number;
	/** Longest delay per address, ms. */
	maxDelayMs?: number;
	/** Failures per minute from all addresses together beyond which no address gets free mistakes. */
	globalPerMinute?: number;
	/** An address quiet for this long starts afresh, ms. */
	forgetAfterMs?: number;
}

export class LoginThrottle {
	#now: () => number;
	#keys: (string | undefined)[];
	#failures: number[];
	#until: number[];
	#failedAt: number[];
	#freeFailures: number;
	#maxDelayMs: number;
	#forgetAfterMs: number;
	#capacity: number;
	#tokens: number;
	#refilled: number;
	#last = -Infinity;

	constructor(options: LoginThrottleOptions) {
		const slots = options.slots ?? 32;
		if (!(slots >= 1)) throw new RangeError("bad slots");
		this.#now = options.now;
		this.#keys = new Array<string | undefined>(slots).fill(undefined);
		this.#failures = new Array<number>(slots).fill(0);
		this.#until = new Array<number>(slots).fill(0);
		this.#failedAt = new Array<number>(slots).fill(0);
		this.#freeFailures = options.freeFailures ?? 5;
		this.#maxDelayMs = options.maxDelayMs ?? 60000;
		this.#forgetAfterMs = options.forgetAfterMs ?? 15 * 60000;
		this.#capacity = options.globalPerMinute ?? 30;
		if (!(this.#capacity >= 1)) throw new RangeError("bad globalPerMinute");
		this.#tokens = this.#capacity;
		this.#refilled = this.#time();
	}

	/** Milliseconds `remote` must wait before its credentials are checked; 0 when it may try now. */
	wait(remote: string): number {
		const now = this.#time();
		const slot = this.#find(remote, now);
		return slot >= 0 && this.#until[slot] > now ? this.#until[slot] - now : 0;
	}

	/** Records a wrong or malformed login from `remote`. */
	failed(remote: string): void {
		const now = this.#time();
		this.#refill(now);
		const flood = this.#tokens < 1;
		this.#tokens = Math.max(this.#tokens - 1, 0);
		let slot = this.#find(remote, now);
		if (slot < 0) slot = this.#claim(remote);
		const failures = ++this.#failures[slot];
		this.#failedAt[slot] = now;
		const over = failures - (flood ? 0 : this.#freeFailures);
		if (over > 0) this.#until[slot] = now + Math.min(1000 * 2 ** Math.min(over - 1, 30), this.#maxDelayMs);
	}

	/** A correct login: the address starts afresh (the flood budget does not, it refills by itself). */
	succeeded(remote: string): void {
		const slot = this.#find(remote, this.#time());
		if (slot >= 0) this.#clear(slot);
	}

	#time(): number {
		const now = this.#now();
		if (now > this.#last) this.#last = now;
		return this.#last;
	}

	#refill(now: number): void {
		this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#refilled) * this.#capacity) / 60000);
		this.#refilled = now;
	}

	#find(remote: string, now: number): number {
		const slot = this.#keys.indexOf(remote);
		if (slot >= 0 && this.#until[slot] <= now && now - this.#failedAt[slot] > this.#forgetAfterMs) {
			this.#clear(slot);
			return -1;
		}
		return slot;
	}

	#claim(remote: string): number {
		let slot = this.#keys.indexOf(undefined);
		if (slot < 0) {
			slot = 0;
			for (let i = 1; i < this.#failedAt.length; i++) if (this.#failedAt[i] < this.#failedAt[slot]) slot = i;
		}
		this.#clear(slot);
		this.#keys[slot] = remote;
		return slot;
	}

	#clear(slot: number): void {
		this.#keys[slot] = undefined;
		this.#failures[slot] = 0;
		this.#until[slot] = 0;
		this.#failedAt[slot] = 0;
	}
}
