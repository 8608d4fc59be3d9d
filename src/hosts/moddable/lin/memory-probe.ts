// A lin-only measuring aid for npm run memory:lin (built with mcconfig -i and memoryProbe=<ms>):
// every so often it collects the garbage and prints what is still alive, so that a run of many
// quarters shows whether the live set grows (a leak) rather than where the collector last ran.
// The instrumented build's own once-a-second samples include the garbage since the last collection.

import Debug from "debug";
import Instrumentation from "instrumentation";
import Timer from "timer";

const FIGURES = Object.freeze(["XS Slot Heap Used", "XS Chunk Heap Used", "XS Keys Used", "Timers", "Files"] as const);

/** Prints `memory after gc: <figures>` every `everyMs`; the first line names them. */
export function startMemoryProbe(everyMs: number): void {
	const ids = FIGURES.map((name) => Instrumentation.map(name));
	trace(`memory after gc key: ${FIGURES.join(",")}\n`);
	Timer.repeat(() => {
		Debug.gc();
		trace(`memory after gc: ${ids.map((id) => Instrumentation.get(id) ?? -1).join(",")}\n`);
	}, everyMs);
}
