// Who keeps a connection slot. An HTTP server has a fixed number of slots (the PC host 64, the
// device a handful); a client that opens connections and sends nothing, or one header byte now and
// then (slowloris), or asks for a large answer and then reads nothing (slow read), must not be able
// to hold them all. The rule, the same on every host:
// - every connection has deadlines: the request head complete within `headMs` of its first byte,
//   a byte at least every `stallMs` while a request comes in, the whole request within
//   `requestMs`, a byte of the reply taken by the client at least every `requestMs`, and a
//   keep-alive connection idle for at most `idleMs`. A reply has no total limit: a year's CSV
//   export to a phone on weak WiFi takes as long as the link needs, as long as it moves. A LAN
//   client sends its head in milliseconds, so the other limits are short; the host closes a
//   connection once its deadline has passed.
// - progress is what the phase waits for: bytes received while a request comes in, bytes the
//   socket took while a reply goes out. A client that sends while its reply is stuck does not
//   keep the reply alive.
// - a new connection that has sent nothing yet counts as idle: browsers open connections ahead of
//   the requests they will carry, and such a connection is closed quietly, never answered 408.
//   For replacement it counts as idle only once silent for `stallMs`; before that it is a
//   newcomer whose head is on its way.
// - when all slots are taken, a new connection still gets in: it replaces, in this order, one past
//   its deadline, an idle keep-alive connection, or the connection without progress for longest
//   among those receiving a request and those whose reply has not moved for `stallMs` (a slow
//   reader). A reply that is moving is never replaced; when every slot holds one the newcomer is
//   refused.
// A newcomer is thus never the first to go: an attacker who keeps reconnecting can only push out
// connections older and slower than their own, and a LAN client is done long before.
// The table is plain typed arrays, allocated once; the functions keep no other state.

/** What a connection is doing. */
export const Phase = Object.freeze({
	Free: 0,
	/** Receiving a request head (request line and headers). */
	Head: 1,
	/** Head complete, receiving the body. */
	Body: 2,
	/** Request complete, the reply is being made and sent. */
	Reply: 3,
	/** Keep-alive: reply sent, waiting for the next request. */
	Idle: 4,
} as const);
export type Phase = (typeof Phase)[keyof typeof Phase];

export interface ConnectionLimits {
	/** From accept (or the first byte after idling) to the end of the request head, ms. */
	headMs: number;
	/** Longest gap without a byte while a head or body comes in, ms. */
	stallMs: number;
	/** Longest time to receive a body, and longest a reply may go without a byte taken, ms. */
	requestMs: number;
	/** Longest keep-alive idle time, ms. */
	idleMs: number;
}

/** Defaults for a LAN: a client sends its head within a few hundred ms. */
export const LAN_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
	headMs: 2000,
	stallMs: 1000,
	requestMs: 10000,
	idleMs: 5000,
});

const LIMIT_NAMES: readonly (keyof ConnectionLimits)[] = Object.freeze([
	"headMs",
	"stallMs",
	"requestMs",
	"idleMs",
] as const);

/** `LAN_LIMITS` with the given `overrides`; a limit that is not a positive number of ms is refused. */
export function connectionLimits(overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
	const limits = { ...LAN_LIMITS };
	for (const name of LIMIT_NAMES) {
		const value = overrides[name] ?? LAN_LIMITS[name];
		if (!(typeof value === "number" && value > 0 && value < 1e9)) throw new RangeError("bad " + name);
		limits[name] = value;
	}
	return limits;
}

export interface SlotTable {
	readonly size: number;
	readonly phase: Uint8Array;
	/** Bytes received since accept. */
	readonly bytes: Float64Array;
	readonly acceptedAt: Float64Array;
	/** When the current phase began. */
	readonly phaseAt: Float64Array;
	/** When the phase last progressed: a byte arrived, or in a reply one went out; or when it began. */
	readonly progressAt: Float64Array;
}

export function createSlotTable(size: number): SlotTable {
	if (!(Number.isInteger(size) && size >= 1 && size <= 65535)) throw new RangeError("bad slot count");
	return Object.freeze({
		size,
		phase: new Uint8Array(size),
		bytes: new Float64Array(size),
		acceptedAt: new Float64Array(size),
		phaseAt: new Float64Array(size),
		progressAt: new Float64Array(size),
	});
}

interface PhaseRule {
	/** The limit on the phase's whole length, from its start. */
	limit: keyof ConnectionLimits | undefined;
	/** The limit on a gap in its progress. */
	stall: keyof ConnectionLimits | undefined;
	/** Progress is bytes sent (the reply), not bytes received. */
	outward: boolean;
	/** Order of replacement when slots run out, lower first; -1 never. */
	rank: number;
	/** The order once the phase has not progressed for `stallMs`. */
	stuckRank: number;
}

/** The rule of each phase, indexed by Phase. */
const RULES: readonly Readonly<PhaseRule>[] = Object.freeze([
	Object.freeze({ limit: undefined, stall: undefined, outward: false, rank: -1, stuckRank: -1 }),
	Object.freeze({ limit: "headMs", stall: "stallMs", outward: false, rank: 2, stuckRank: 2 }),
	Object.freeze({ limit: "requestMs", stall: "stallMs", outward: false, rank: 2, stuckRank: 2 }),
	Object.freeze({ limit: undefined, stall: "requestMs", outward: true, rank: -1, stuckRank: 2 }),
	Object.freeze({ limit: "idleMs", stall: undefined, outward: false, rank: 1, stuckRank: 1 }),
] as const);

const OVERDUE_RANK = 0;

/** Claims a free slot for a connection accepted at `now`; -1 when all are taken. */
export function openSlot(table: SlotTable, now: number): number {
	const slot = table.phase.indexOf(Phase.Free);
	if (slot >= 0) {
		table.phase[slot] = Phase.Head;
		table.bytes[slot] = 0;
		table.acceptedAt[slot] = now;
		table.phaseAt[slot] = now;
		table.progressAt[slot] = now;
	}
	return slot;
}

export function closeSlot(table: SlotTable, slot: number): void {
	table.phase[slot] = Phase.Free;
}

/** `count` bytes arrived on `slot`; an idle connection starts a new request head. */
export function received(table: SlotTable, slot: number, count: number, now: number): void {
	if (table.phase[slot] === Phase.Free) return;
	if (table.phase[slot] === Phase.Idle) enterPhase(table, slot, Phase.Head, now);
	table.bytes[slot] += count;
	if (!RULES[table.phase[slot]].outward) table.progressAt[slot] = now;
}

/** The socket of `slot` took `count` more bytes of its reply. */
export function sent(table: SlotTable, slot: number, count: number, now: number): void {
	if (count > 0 && RULES[table.phase[slot]].outward) table.progressAt[slot] = now;
}

export function enterPhase(table: SlotTable, slot: number, phase: Phase, now: number): void {
	if (table.phase[slot] === Phase.Free || phase === Phase.Free) return; // a late event for a connection already closed
	table.phase[slot] = phase;
	table.phaseAt[slot] = now;
	table.progressAt[slot] = now;
}

/** Idle, or new and silent so far: closed quietly, first to go when slots run out. */
export function isIdle(table: SlotTable, slot: number): boolean {
	const phase = table.phase[slot];
	return phase === Phase.Idle || (phase === Phase.Head && table.bytes[slot] === 0);
}

/** The time at which `slot` must be closed; Infinity for a free slot. */
export function deadline(table: SlotTable, slot: number, limits: Readonly<ConnectionLimits>): number {
	const rule = RULES[isIdle(table, slot) ? Phase.Idle : table.phase[slot]];
	const end = rule.limit === undefined ? Infinity : table.phaseAt[slot] + limits[rule.limit];
	const stall = rule.stall === undefined ? Infinity : table.progressAt[slot] + limits[rule.stall];
	return end < stall ? end : stall;
}

/**
 * Calls `close` for every slot past its deadline at `now`, with whether it stalled inside a
 * request head (that client is told why, 408; any other is closed quietly). The host frees the
 * slot in `close`.
 */
export function closeOverdue(
	table: SlotTable,
	now: number,
	limits: Readonly<ConnectionLimits>,
	close: (slot: number, stalledInHead: boolean) => void,
): void {
	for (let slot = 0; slot < table.size; slot++) {
		if (deadline(table, slot, limits) > now) continue;
		close(slot, table.phase[slot] === Phase.Head && !isIdle(table, slot));
	}
}

/**
 * Where `slot` stands in the order of replacement. A connection that has sent nothing is idle
 * only once it has been silent for a stall: a moment after its accept it is a newcomer whose
 * head is on its way, and with a device's few slots a burst of arrivals would otherwise push a
 * LAN client out before its first segment is read.
 */
function evictionRank(table: SlotTable, slot: number, now: number, limits: Readonly<ConnectionLimits>): number {
	const phase = table.phase[slot];
	if (phase === Phase.Free) return -1;
	if (deadline(table, slot, limits) <= now) return OVERDUE_RANK;
	if (isIdle(table, slot)) {
		const fresh = phase === Phase.Head && now - table.acceptedAt[slot] < limits.stallMs;
		return RULES[fresh ? Phase.Head : Phase.Idle].rank;
	}
	const rule = RULES[phase];
	return now - table.progressAt[slot] < limits.stallMs ? rule.rank : rule.stuckRank;
}

/**
 * The slot a connection arriving at `now` should replace when none is free: past its deadline
 * first, then idle, then receiving or with a stuck reply, each time the one longest without
 * progress; -1 when every slot holds a reply that moves.
 */
export function evictionVictim(table: SlotTable, now: number, limits: Readonly<ConnectionLimits>): number {
	let victim = -1;
	let victimRank = Infinity;
	for (let slot = 0; slot < table.size; slot++) {
		const rank = evictionRank(table, slot, now, limits);
		if (rank < 0) continue;
		if (rank < victimRank || (rank === victimRank && table.progressAt[slot] < table.progressAt[victim])) {
			victim = slot;
			victimRank = rank;
		}
	}
	return victim;
}
