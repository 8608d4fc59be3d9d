// Who keeps a connection slot on the device's HTTP server: core/api/connections' rule, the one the
// PC host follows, applied to the SDK's legacy `http` Server. That server accepts every connection
// lwIP hands it and has no timeout of its own, so without this a few silent sockets would hold the
// board's handful of TCP connections for good. What the SDK tells the adapter is progress: the
// request line, each header line, each body fragment, and for a reply each fragment it asks for
// (it asks on a write event, once the socket took the last one, so a client that stops reading
// stops the asking). Inside a line, and for a body the SDK gathers itself, the sweep samples what
// the SDK has taken in so far (its partial line, the body bytes it still expects), as the PC host
// samples socket.bytesRead, so a client still sending is seen.
// The SDK answers with `connection: close` but closes only on a write event after the last piece,
// and after a body of known length none comes (seen on lin): a connection whose reply has gone out
// is done, and counts as idle until the client closes it (replaced first, closed at the idle deadline).

import {
	type ConnectionLimits,
	closeOverdue,
	closeSlot,
	createSlotTable,
	enterPhase,
	evictionVictim,
	openSlot,
	type Phase,
	received,
	type SlotTable,
	sent,
} from "core/api/connections";

/** What the slots read of and keep on the SDK's per-connection object. */
export interface SlotHolder {
	/** The slot held; undefined before admission and once let go. */
	slot?: number;
	/** The SDK's partial request line or header line. */
	line?: string;
	/** Body bytes the SDK still expects. */
	total?: number;
	/** `line` and `total` as last sampled, in one number: a change is progress. */
	sampled?: number;
}

/**
 * Closes a connection the rule gives up: `inHead` when it stalled inside its request head (it
 * is owed a 408). The holder has already left its slot.
 */
export type CloseHolder = (holder: SlotHolder, inHead: boolean) => void;

export class ConnectionSlots {
	readonly #table: SlotTable;
	readonly #limits: Readonly<ConnectionLimits>;
	readonly #holders: (SlotHolder | undefined)[];
	readonly #close: CloseHolder;

	constructor(size: number, limits: Readonly<ConnectionLimits>, close: CloseHolder) {
		this.#table = createSlotTable(size);
		this.#limits = limits;
		this.#holders = new Array<SlotHolder | undefined>(size).fill(undefined);
		this.#close = close;
	}

	/**
	 * A slot for a new connection, pushing out the one the rule picks when all are taken. False:
	 * every slot is being answered, and the caller closes the newcomer.
	 */
	admit(holder: SlotHolder, now: number): boolean {
		let slot = openSlot(this.#table, now);
		if (slot < 0) {
			this.#sample(now); // who is idle is decided on what each connection has sent until now
			const victim = evictionVictim(this.#table, now, this.#limits);
			if (victim < 0) return false;
			this.#drop(victim, false);
			slot = openSlot(this.#table, now);
		}
		this.#holders[slot] = holder;
		holder.slot = slot;
		holder.sampled = 0;
		return true;
	}

	/** A line or a body fragment of the holder's request came in. */
	progress(holder: SlotHolder, now: number): void {
		const slot = holder.slot;
		if (slot !== undefined) received(this.#table, slot, 1, now);
	}

	/** `count` bytes of the holder's reply went to the socket. */
	replied(holder: SlotHolder, count: number, now: number): void {
		const slot = holder.slot;
		if (slot !== undefined) sent(this.#table, slot, count, now);
	}

	phase(holder: SlotHolder, phase: Phase, now: number): void {
		const slot = holder.slot;
		if (slot !== undefined) enterPhase(this.#table, slot, phase, now);
	}

	/** The connection ended (answered, or lost); its slot is free. */
	release(holder: SlotHolder): void {
		const slot = holder.slot;
		if (slot === undefined || this.#holders[slot] !== holder) return;
		this.#holders[slot] = undefined;
		holder.slot = undefined;
		closeSlot(this.#table, slot);
	}

	/** Closes every connection past its deadline; one stalled inside its head is told why. */
	sweep(now: number): void {
		this.#sample(now);
		closeOverdue(this.#table, now, this.#limits, this.#dropSlot);
	}

	/** Progress inside a line or a gathered body, seen as a change in what the SDK holds. */
	#sample(now: number): void {
		for (let slot = 0; slot < this.#table.size; slot++) {
			const holder = this.#holders[slot];
			if (holder === undefined) continue;
			const mark = (holder.line?.length ?? 0) - (holder.total ?? 0);
			if (mark !== holder.sampled) {
				holder.sampled = mark;
				received(this.#table, slot, 1, now);
			}
		}
	}

	// made once: the sweep runs every 250 ms and should leave no garbage
	#dropSlot = (slot: number, inHead: boolean): void => this.#drop(slot, inHead);

	#drop(slot: number, inHead: boolean): void {
		const holder = this.#holders[slot];
		if (holder === undefined) return;
		this.release(holder);
		this.#close(holder, inHead);
	}
}
