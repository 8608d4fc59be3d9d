// Values no household connection can produce. A meter (or its P1 firmware) now and then sends one
// such as 1-0:1.7.0(99999.000*kW) under a valid CRC: taken as read, one second of it moved a
// quarter's average by 110 kW and one 1-0:1.6.0 stayed in a month summary for good. Each such
// value is set to NaN, exactly what an object the meter did not send gives, and counted; the
// rest of the telegram is kept. Register jumps are the quarter engine's business, not this.
//
// The bounds come from what the meter says about the connection, else from the largest one:
// - per phase, HEADROOM x the fuse supervision threshold (1-0:31.4.0, in A) when it is set,
//   else HEADROOM x MAX_FUSE_A; in W, that current at MAX_PHASE_V;
// - the connection: that times the phases (3 when 1-0:52/72.x or 41/61/42/62.7.0 are present or
//   when no phase object is, 1 when only L1 objects are), for 1.4.0, 1.6.0 and 98.1.0 entries;
// - instant power (1.7.0, 2.7.0) also under HEADROOM x the limiter (0-0:17.0.0 in kW) when one is
//   set; not the month's peaks: a limiter set mid-month does not undo a peak from before it;
// - voltages 0 .. MAX_V (a lost phase reads 0 V); power and current are never negative.
// Fluvius sends 0-0:17.0.0(999.9*kW) and 1-0:31.4.0(999*A) for "not set": a threshold above
// the largest connection is no threshold. DSMR 4's limiter in A (limiterA) is not used.

import type { Phase, Reading } from "./reading";

/**
 * The largest connection Fluvius equips with a digital meter and bills by capacity: 56 kVA,
 * which at 3 x 400 V + N is 80 A a phase (larger ones get an AMR meter and other tariffs).
 */
const MAX_FUSE_A = 80;
const MAX_CONNECTION_W = 56_000;
/** Breakers carry up to 1.45 x their rating for up to an hour (IEC 60898-1), meters measure a little high: 1.5. */
const HEADROOM = 1.5;
/** 230 V + 10 %, the upper bound of normal supply (EN 50160). */
const MAX_PHASE_V = 253;
/** A broken neutral can put a phase at the line voltage, 400 V + 10 %. */
const MAX_V = 440;

function hasAny(phase: Phase): boolean {
	return (
		phase.importW === phase.importW ||
		phase.exportW === phase.exportW ||
		phase.voltageV === phase.voltageV ||
		phase.currentA === phase.currentA ||
		phase.sags === phase.sags ||
		phase.swells === phase.swells
	);
}

/** Phases of the connection as the telegram shows them; 3 when it shows none (the larger bound). */
function phaseCount(phases: readonly Phase[]): number {
	return hasAny(phases[1]) || hasAny(phases[2]) || !hasAny(phases[0]) ? 3 : 1;
}

/**
 * Sets every impossible value of `r` to NaN and returns how many there were. NaN (not sent)
 * fails both comparisons, so it passes; written out per field, without a call, as XS charges
 * per call and this runs every second.
 */
export function rejectImpossible(r: Reading): number {
	const fuse = r.fuseA;
	const phaseA = HEADROOM * (fuse > 0 && fuse <= MAX_FUSE_A ? fuse : MAX_FUSE_A);
	const phaseW = phaseA * MAX_PHASE_V;
	const connectionW = phaseCount(r.phases) * phaseW;
	const limiter = r.limiterW;
	const instantW =
		limiter > 0 && limiter <= MAX_CONNECTION_W && HEADROOM * limiter < connectionW ? HEADROOM * limiter : connectionW;
	let n = 0;
	if (r.importW < 0 || r.importW > instantW) {
		r.importW = NaN;
		n++;
	}
	if (r.exportW < 0 || r.exportW > instantW) {
		r.exportW = NaN;
		n++;
	}
	if (r.demandW < 0 || r.demandW > connectionW) {
		r.demandW = NaN;
		n++;
	}
	if (r.monthPeakW < 0 || r.monthPeakW > connectionW) {
		r.monthPeakW = NaN;
		n++;
	}
	for (let i = 0; i < r.historyCount; i++) {
		const entry = r.history[i];
		if (entry.w < 0 || entry.w > connectionW) {
			entry.w = NaN;
			n++;
		}
	}
	for (let i = 0; i < 3; i++) {
		const phase = r.phases[i];
		if (phase.importW < 0 || phase.importW > phaseW) {
			phase.importW = NaN;
			n++;
		}
		if (phase.exportW < 0 || phase.exportW > phaseW) {
			phase.exportW = NaN;
			n++;
		}
		if (phase.currentA < 0 || phase.currentA > phaseA) {
			phase.currentA = NaN;
			n++;
		}
		if (phase.voltageV < 0 || phase.voltageV > MAX_V) {
			phase.voltageV = NaN;
			n++;
		}
	}
	return n;
}
