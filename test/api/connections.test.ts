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
	sent,
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
		seen.push(deadline(table, slot, LIMITS)); // reply: 3000 + 10000 without a byte sent
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

	test("when every slot is being answered and sending nobody is replaced", () => {
		const table = createSlotTable(2);
		for (let i = 0; i < 2; i++) {
			openSlot(table, 0);
			enterPhase(table, i, Phase.Reply, 0);
		}
		expect(evictionVictim(table, 999, LIMITS)).toBe(-1);
		sent(table, 0, 512, 4500);
		sent(table, 1, 512, 4600);
		expect(evictionVictim(table, 5000, LIMITS)).toBe(-1);
		expect(evictionVictim(table, 5500, LIMITS)).toBe(0); // slot 0 has sent nothing for a stall
		expect(deadline(table, 1, LIMITS)).toBe(14600); // and is closed 10 s after its last byte
	});

	test("a reply is bounded by its progress: one still sending is never closed, one that sends nothing for requestMs is", () => {
		const table = createSlotTable(1);
		openSlot(table, 0);
		received(table, 0, 40, 50);
		enterPhase(table, 0, Phase.Reply, 100);
		const seen = [deadline(table, 0, LIMITS)]; // nothing sent yet: 100 + 10000
		for (let t = 5000; t <= 60000; t += 5000) sent(table, 0, 1024, t); // a large export, a piece every 5 s for a minute
		seen.push(deadline(table, 0, LIMITS)); // its last piece at 60000: 70000
		received(table, 0, 30, 65000); // a pipelined request's bytes are not the reply's progress
		seen.push(deadline(table, 0, LIMITS));
		sent(table, 0, 0, 66000); // nor is a write of nothing
		seen.push(deadline(table, 0, LIMITS));
		expect(seen).toEqual([10100, 70000, 70000, 70000]);
		expect(table.bytes[0]).toBe(70);
	});

	test("bytes sent outside a reply change no deadline", () => {
		const table = createSlotTable(1);
		openSlot(table, 0);
		received(table, 0, 5, 100);
		sent(table, 0, 100, 900); // a 408 going out, say: the head still stalls 1 s after its last byte
		expect(deadline(table, 0, LIMITS)).toBe(1100);
		enterPhase(table, 0, Phase.Idle, 1000);
		sent(table, 0, 100, 3000);
		expect(deadline(table, 0, LIMITS)).toBe(6000);
	});

	test("a reply that has sent nothing for stallMs is replaced like a stalled receiver; one still sending never is", () => {
		const table = createSlotTable(3);
		for (let i = 0; i < 3; i++) {
			openSlot(table, 0);
			received(table, i, 50, 10);
			enterPhase(table, i, Phase.Reply, 20);
		}
		for (let t = 520; t <= 30020; t += 500) {
			sent(table, 0, 1460, t); // a download to a phone, a segment every 0.5 s
			if (t <= 2020) sent(table, 1, 1460, t); // a slow reader: stops reading at 2020
			sent(table, 2, 1460, t);
		}
		expect(evictionVictim(table, 2500, LIMITS)).toBe(-1); // nobody stuck for a stall yet
		expect(evictionVictim(table, 3020, LIMITS)).toBe(1); // 2020 + 1000
		expect(evictionVictim(table, 30100, LIMITS)).toBe(1);
		closeSlot(table, 1);
		expect(evictionVictim(table, 30100, LIMITS)).toBe(-1); // 30 s of reply each, both still sending
	});

	test("a stalled reply goes after an idle connection, and among stalled ones the longest without progress goes first", () => {
		const table = createSlotTable(3);
		for (let i = 0; i < 3; i++) openSlot(table, 0);
		received(table, 0, 50, 10);
		enterPhase(table, 0, Phase.Reply, 20);
		sent(table, 0, 1024, 400); // a reply stuck since 400
		received(table, 1, 3, 700); // a head stuck since 700
		enterPhase(table, 2, Phase.Idle, 800);
		expect(evictionVictim(table, 1650, LIMITS)).toBe(2); // nobody is past a deadline yet (the head's: 1700)
		closeSlot(table, 2);
		expect(evictionVictim(table, 1650, LIMITS)).toBe(0);
		sent(table, 0, 1024, 1600);
		expect(evictionVictim(table, 1650, LIMITS)).toBe(1);
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
