// XS conformance for the connection-slot rule (src/core/api/connections.ts): a small table driven
// through a fixed schedule of arrivals, request bytes, replies that move and replies that stop,
// with every deadline and every choice of victim written down. The jest tests say what the rule
// must decide; this proves XS decides the same (typed arrays, Infinity, the frozen rule table).

import {
	closeSlot,
	connectionLimits,
	createSlotTable,
	deadline,
	enterPhase,
	evictionVictim,
	openSlot,
	Phase,
	received,
	sent,
} from "../../src/core/api/connections";
import type { XsCase } from "./support/case";

function schedule(): string {
	const limits = connectionLimits({ headMs: 2000, stallMs: 1000, requestMs: 10000, idleMs: 5000 });
	const table = createSlotTable(5);
	const lines: string[] = [];
	let seed = 12345;
	const random = () => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
	for (let now = 0; now < 60000; now += 250) {
		for (let slot = 0; slot < table.size; slot++) {
			const phase = table.phase[slot];
			const roll = random();
			if (phase === Phase.Free) continue;
			if (deadline(table, slot, limits) <= now) closeSlot(table, slot);
			else if (phase === Phase.Head && roll < 0.3) received(table, slot, 40, now);
			else if (phase === Phase.Head && roll < 0.4) enterPhase(table, slot, Phase.Reply, now);
			else if (phase === Phase.Reply && slot % 2 === 0 && roll < 0.7) sent(table, slot, 1460, now);
			else if (phase === Phase.Reply && roll < 0.05) enterPhase(table, slot, Phase.Idle, now);
			else if (phase === Phase.Idle && roll < 0.1) received(table, slot, 30, now);
		}
		if (random() < 0.5) {
			let slot = openSlot(table, now);
			const victim = slot < 0 ? evictionVictim(table, now, limits) : -2;
			if (victim >= 0) {
				closeSlot(table, victim);
				slot = openSlot(table, now);
			}
			const deadlines: (number | string)[] = [];
			for (let i = 0; i < table.size; i++) {
				const d = deadline(table, i, limits);
				deadlines.push(d === Infinity ? "inf" : d);
			}
			lines.push(JSON.stringify([now, slot, victim, Array.from(table.phase), deadlines, Array.from(table.bytes)]));
		}
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [{ name: "connection slots", run: schedule }];
