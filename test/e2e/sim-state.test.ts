// Which simulated meter the PC host runs after a restart, and when a --start is refused.

import { planSim, startConflict } from "../../src/hosts/node/sim-state";
import { MemoryStore } from "../helpers/memory-store";

const T0 = Date.parse("2026-06-01T16:00:30Z");
const DAY = 86400000;

test("a first start makes a new meter at --start (to the second) and saves it", () => {
	const state = new MemoryStore();
	const plan = planSim(state, 3, T0 + 250, NaN, 0);
	expect(plan).toEqual({ sim: { seed: 3, epoch: T0 }, from: T0, note: "new", warning: undefined });
	expect(JSON.parse(state.read("/sim.json")!)).toEqual({ seed: 3, epoch: T0 });
});

test("a restart continues the saved meter one second after the last telegram stored, without writing", () => {
	const state = new MemoryStore();
	state.write("/sim.json", JSON.stringify({ seed: 3, epoch: T0 }));
	const writes = state.writes;
	const plan = planSim(state, 1, undefined, T0 + 20 * DAY, Date.now());
	expect(plan.sim).toEqual({ seed: 3, epoch: T0 });
	expect(plan.from).toBe(T0 + 20 * DAY + 1000);
	expect(plan.note).toBe("continuing the one started at 2026-06-01T16:00:30.000Z");
	expect(plan.warning).toBeUndefined();
	expect(state.writes).toBe(writes);
});

test("a meter more than 31 days along starts anew where it stopped, and says so", () => {
	const state = new MemoryStore();
	state.write("/sim.json", JSON.stringify({ seed: 3, epoch: T0 }));
	const resume = T0 + 40 * DAY;
	const plan = planSim(state, 1, undefined, resume, Date.now());
	expect(plan.sim).toEqual({ seed: 3, epoch: resume + 1000 });
	expect(plan.from).toBe(resume + 1000);
	expect(plan.warning).toContain("40 days");
	expect(JSON.parse(state.read("/sim.json")!)).toEqual({ seed: 3, epoch: resume + 1000 });
});

test("--start is refused only when it names another meter than the saved one", () => {
	const saved = { seed: 3, epoch: T0 };
	expect(startConflict(saved, T0 + 400)).toBeUndefined();
	expect(startConflict(undefined, T0 + 5 * DAY)).toBeUndefined();
	expect(startConflict(saved, undefined)).toBeUndefined();
	expect(startConflict(saved, T0 + DAY)).toContain("--data-dir");
});
