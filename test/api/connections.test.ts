import {
	closeSlot,
	connectionLimits,
	createSlotTable,
	deadline,
	enterPhase,
	evictionVictim,
	isIdle,
	LAN_LIMITS,
	openSlot,
	Phase,
	received,
} from "../../src/core/api/connections";

const LIMITS = Object.freeze({ headMs: 2000, stallMs: 1000, requestMs: 10000, idleMs: 5000 });

describe("connection slots", () => {
	test("slots are handed out until none is free, and a closed one is reused", () => {
		const table = createSlotTable(3);
		expect([openSlot(table, 0), openSlot(table, 0), openSlot(table, 0), openSlot(table, 0)]).toEqual([0, 1, 2, -1]);
		closeSlot(table, 1);
		expect(openSlot(table, 5)).toBe(1);
		expect(table.phase[1]).toBe(Phase.Head);
		expect(table.acceptedAt[1]).toBe(5);
		expect(table.bytes[1]).toBe(0);
	});

	test("deadlines through one keep-alive connection's life", () => {
		const table = createSlotTable(1);
		const slot = openSlot(table, 1000);
		const seen: number[] = [];
		seen.push(deadline(table, slot, LIMITS)); // nothing sent yet: idle from accept = 1000 + 5000
		received(table, slot, 10, 1500);
		seen.push(deadline(table, slot, LIMITS)); // a byte at 1500: stall 2500, head 3000
		received(table, slot, 10, 2400);
		seen.push(deadline(table, slot, LIMITS)); // head ends first now: 1000 + 2000
		enterPhase(table, slot, Phase.Body, 2900);
		seen.push(deadline(table, slot, LIMITS)); // body stalls at 3900
		enterPhase(table, slot, Phase.Reply, 3000);
		seen.push(deadline(table, slot, LIMITS)); // reply: 3000 + 10000, no stall rule
		enterPhase(table, slot, Phase.Idle, 3100);
		seen.push(deadline(table, slot, LIMITS)); // idle: 3100 + 5000
		received(table, slot, 5, 4000);
		seen.push(deadline(table, slot, LIMITS)); // next head from its first byte: stall 5000, head 6000
		closeSlot(table, slot);
		seen.push(deadline(table, slot, LIMITS));
		expect(seen).toEqual([6000, 2500, 3000, 3900, 13000, 8100, 5000, Infinity]);
		expect(table.bytes[slot]).toBe(25);
	});

	test("a connection that has sent nothing goes before one sending its head", () => {
		const table = createSlotTable(2);
		openSlot(table, 0); // a browser's pre-connect, silent
		openSlot(table, 100);
		received(table, 1, 3, 100); // slowloris: one byte now and then
		expect(isIdle(table, 0)).toBe(true);
		expect(isIdle(table, 1)).toBe(false);
		expect(evictionVictim(table, 200, LIMITS)).toBe(0);
	});

	test("events for a closed slot change nothing", () => {
		const table = createSlotTable(1);
		openSlot(table, 0);
		closeSlot(table, 0);
		received(table, 0, 10, 50);
		enterPhase(table, 0, Phase.Body, 60);
		expect(table.phase[0]).toBe(Phase.Free);
	});

	test("a newcomer replaces an overdue connection first, then an idle one, then the receiver longest without a byte", () => {
		const table = createSlotTable(4);
		for (let i = 0; i < 4; i++) openSlot(table, 0);
		enterPhase(table, 0, Phase.Reply, 0); // being answered: never replaced
		received(table, 1, 1, 300); // receiving, last byte at 300
		enterPhase(table, 2, Phase.Idle, 500); // idle since 500
		received(table, 3, 1, 100); // receiving, last byte at 100
		expect(evictionVictim(table, 600, LIMITS)).toBe(2);
		closeSlot(table, 2);
		expect(evictionVictim(table, 600, LIMITS)).toBe(3);
		// At 1200 slot 3 is past its stall deadline (100 + 1000); slot 1 (300 + 1000) is not yet.
		openSlot(table, 1150);
		enterPhase(table, 2, Phase.Idle, 1150);
		expect(evictionVictim(table, 1200, LIMITS)).toBe(3);
	});

	test("a connection a moment old that has sent nothing yet is a newcomer, not idle: it goes after older receivers until a stall has passed", () => {
		const table = createSlotTable(3);
		openSlot(table, 0);
		openSlot(table, 0);
		received(table, 0, 1, 100); // slowloris drips
		received(table, 1, 1, 150);
		openSlot(table, 300); // a LAN client: its head is on its way
		expect(isIdle(table, 2)).toBe(true); // still closed quietly at the idle deadline if it never speaks
		expect(evictionVictim(table, 400, LIMITS)).toBe(0);
		received(table, 0, 1, 1250);
		received(table, 1, 1, 1290);
		expect(evictionVictim(table, 1300, LIMITS)).toBe(2); // silent for 1000 ms (the stall limit): idle now
	});

	test("a newcomer is the last receiver to be replaced", () => {
		const table = createSlotTable(3);
		openSlot(table, 0);
		openSlot(table, 10);
		openSlot(table, 20);
		received(table, 0, 1, 30); // a slow client's drip
		expect(evictionVictim(table, 40, LIMITS)).toBe(1);
		closeSlot(table, 1);
		expect(openSlot(table, 40)).toBe(1);
		expect(evictionVictim(table, 40, LIMITS)).toBe(2);
	});

	test("when every slot is being answered nobody is replaced", () => {
		const table = createSlotTable(2);
		for (let i = 0; i < 2; i++) {
			openSlot(table, 0);
			enterPhase(table, i, Phase.Reply, 0);
		}
		expect(evictionVictim(table, 5000, LIMITS)).toBe(-1);
		expect(evictionVictim(table, 10000, LIMITS)).toBe(0); // overdue replies do go
	});

	test("limits: LAN defaults, overrides, and nonsense refused", () => {
		expect(connectionLimits()).toEqual({ headMs: 2000, stallMs: 1000, requestMs: 10000, idleMs: 5000 });
		expect(connectionLimits({ headMs: 300, idleMs: undefined })).toEqual({ ...LAN_LIMITS, headMs: 300 });
		for (const bad of [0, -1, NaN, Infinity])
			expect(() => connectionLimits({ stallMs: bad })).toThrow(new RangeError("bad stallMs"));
	});

	test.each([0, 1.5, -1, 65536])("a table of %p slots is refused", (size) => {
		expect(() => createSlotTable(size)).toThrow(RangeError);
	});
});
