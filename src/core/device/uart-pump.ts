// Moves P1 bytes from the UART driver's ring buffer into the core (ByteSource chunks). The ring
// buffer (in C, filled by the UART interrupt) is what keeps bytes while JavaScript is busy with
// an SD write or an HTTP response; this pump empties it from a timer through one reused chunk
// buffer and views of it made once per length (at most chunkBytes of them), so reading costs
// no allocation once running. A poll moves at most `maxPerPoll` bytes, so a full
// ring cannot hold up the other timers for long; the rest follows at the next poll.

/** The native side: copies up to into.length waiting bytes into `into`, returns how many (0: none). */
export type UartRead = (into: Uint8Array) => number;

/** How long the ring buffer bridges a busy JavaScript thread: whole telegrams it holds, times their interval. */
export function ringHoldsMs(ringBytes: number, telegramBytes: number, intervalMs: number): number {
	return Math.floor(ringBytes / telegramBytes) * intervalMs;
}

export class UartPump {
	#read: UartRead;
	#chunk: Uint8Array;
	#views: (Uint8Array | undefined)[];
	#maxPerPoll: number;
	#total = 0;

	constructor(read: UartRead, chunkBytes = 64, maxPerPoll = 2048) {
		if (!(chunkBytes >= 1 && maxPerPoll >= chunkBytes)) throw new RangeError("bad uart pump sizes");
		this.#read = read;
		this.#chunk = new Uint8Array(chunkBytes);
		this.#views = new Array<Uint8Array | undefined>(chunkBytes).fill(undefined);
		this.#maxPerPoll = maxPerPoll;
	}

	/** Bytes moved since start. */
	get total(): number {
		return this.#total;
	}

	/** Hands what is waiting to `onBytes`, chunk by chunk (each valid during the call only); returns the count. */
	poll(onBytes: (chunk: Uint8Array) => void): number {
		const chunk = this.#chunk;
		let moved = 0;
		while (moved < this.#maxPerPoll) {
			const n = this.#read(chunk);
			if (!(n > 0)) break;
			if (n > chunk.length) throw new RangeError("uart read overran its buffer");
			moved += n;
			onBytes(n === chunk.length ? chunk : this.#view(n));
			if (n < chunk.length) break; // the ring is empty
		}
		this.#total += moved;
		return moved;
	}

	#view(n: number): Uint8Array {
		let v = this.#views[n];
		if (v === undefined) this.#views[n] = v = this.#chunk.subarray(0, n);
		return v;
	}
}
