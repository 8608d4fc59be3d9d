// The simulated meter keeps its household (seed) and the instant it started (epoch) in the state
// directory, so a restart continues the same simulated history where the monitor left off
// instead of jumping back to "now" with different registers. A restart replays the meter from
// its epoch (the simulation is a function of time, not a saved snapshot); beyond a bound that
// would keep a CPU busy for minutes or hours, so a meter that far along starts anew where it
// left off, with new registers (the monitor counts that as a register break), and says so.

import { writeAtomic } from "../../core/history/atomic";
import { parseJson } from "../../core/history/state-files";
import type { FileStore } from "../../core/ports";

export interface SimState {
	seed: number;
	epoch: number;
}

export const SIM_PATH = "/sim.json";

/**
 * Simulated time replayed at most on a restart: 31 days are 2.7 million silent seconds, a few
 * seconds of CPU (SimSource skips them in slices, so HTTP answers meanwhile); decades would be hours.
 */
export const MAX_CATCH_UP_MS = 31 * 24 * 3600 * 1000;

const iso = (t: number) => new Date(t).toISOString();

/** The saved simulated meter, undefined when there is none (or it is unreadable). */
export function readSimState(state: Pick<FileStore, "read">): SimState | undefined {
	const s = parseJson(state.read(SIM_PATH)) as Partial<SimState> | undefined;
	return s && Number.isFinite(s.seed) && Number.isFinite(s.epoch) ? (s as SimState) : undefined;
}

/** Read-only check before start: a --start other than the saved meter's would be ignored, so it is refused. */
export function startConflict(saved: SimState | undefined, start: number | undefined): string | undefined {
	if (!saved || start === undefined || toSecond(start) === saved.epoch) return undefined;
	return `--start ${iso(start)}: this data directory already holds a simulated meter started at ${iso(saved.epoch)}; leave out --start to continue it, or give a new --data-dir to start afresh`;
}

function toSecond(t: number): number {
	return Math.floor(t / 1000) * 1000;
}

export interface SimPlan {
	sim: SimState;
	/** UTC ms of the first telegram to deliver. */
	from: number;
	/** What happens, for the console. */
	note: string;
	warning?: string;
}

/**
 * Which meter runs and from when: the saved one from where the history stopped (`resume`, NaN
 * when nothing was stored yet), or a new one. Writes sim.json when the meter is new.
 */
export function planSim(
	state: FileStore,
	seed: number,
	start: number | undefined,
	resume: number,
	now: number,
): SimPlan {
	const saved = readSimState(state);
	let sim = saved ?? { seed, epoch: toSecond(start ?? now) };
	const from = resume === resume && resume >= sim.epoch ? resume + 1000 : sim.epoch;
	let warning: string | undefined;
	if (from - sim.epoch > MAX_CATCH_UP_MS) {
		const days = Math.round((from - sim.epoch) / 86400000);
		warning = `the simulated meter started at ${iso(sim.epoch)} has run ${days} days; rather than replay them all, a new simulated meter (seed ${sim.seed}, new registers) starts at ${iso(from)}`;
		sim = { seed: sim.seed, epoch: from };
	}
	if (sim !== saved) writeAtomic(state, SIM_PATH, JSON.stringify(sim));
	const note = sim === saved && from > sim.epoch ? `continuing the one started at ${iso(sim.epoch)}` : "new";
	return { sim, from, note, warning };
}
