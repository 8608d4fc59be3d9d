// A checkpoint of format 1 (positional arrays, the firmware before checkpoint format 2) worked
// out by hand from the telegrams fed, for the jest test and the XS case: from the start of a
// quarter to 7.5 minutes into the next, one telegram a second.

import type { Reading } from "../../src/core/dsmr/reading";
import { local, Q } from "./helpers";

export interface Fed {
	t: number;
	imp: number;
	exp: number;
	importW: number;
	exportW: number;
	demandW: number;
	peakW: number;
	peakTime: number;
}

export const fed = (r: Reading): Fed => ({
	t: r.time,
	imp: r.importT1Wh + r.importT2Wh,
	exp: r.exportT1Wh + r.exportT2Wh,
	importW: r.importW,
	exportW: r.exportW,
	demandW: r.demandW,
	peakW: r.monthPeakW,
	peakTime: r.monthPeakTime,
});

/** The quarter_id layout of the original firmware, spelled out here rather than taken from the code under test. */
function idOf(year: number, month: number, day: number, hour: number, minute: number, summer: boolean): number {
	return ((year - 2000) << 24) | (month << 16) | (day << 8) | (hour * 4 + minute / 15) | (summer ? 0x80 : 0);
}

export interface Scenario {
	name: string;
	/** UTC start of the quarter that closes before the checkpoint. */
	start: number;
	/** Its quarter_id, and the key of its month (year * 12 + month - 1, the engine's month key). */
	id: number;
	monthKey: number;
}

export const SCENARIOS: readonly Scenario[] = [
	{
		name: "an ordinary morning (09:45 closed, 10:00 open)",
		start: local(2026, 1, 20, 9, 45),
		id: idOf(2026, 1, 20, 9, 45, false),
		monthKey: 2026 * 12 + 0,
	},
	{
		name: "the autumn DST night (02:45 summer time closed, 02:00 winter time open)",
		start: local(2026, 10, 25, 2, 45, 0, true),
		id: idOf(2026, 10, 25, 2, 45, true),
		monthKey: 2026 * 12 + 9,
	},
	{
		name: "a month end (23:30 closed, 23:45 open, then November)",
		start: local(2026, 10, 31, 23, 30),
		id: idOf(2026, 10, 31, 23, 30, false),
		monthKey: 2026 * 12 + 9,
	},
];

/** The last telegram taken into the checkpoint: 7.5 minutes into the open quarter. */
export const cutOf = (s: Scenario) => s.start + Q + 450000;
export const power = (t: number) => 1500 + ((t / 1000) % 4) * 250;
const nul = (v: number) => (v === v ? v : null);

/**
 * The format 1 checkpoint at the last telegram fed, worked out from the telegrams alone: the
 * scenario's quarter is closed and was complete (one telegram a second throughout), the next is open.
 */
export function v1Checkpoint(telegrams: Fed[], s: Scenario): object {
	const open = s.start / Q + 1;
	const inOpen = telegrams.filter((f) => Math.floor(f.t / Q) === open);
	const atBound = inOpen[0]; // stamped on the bound: the end of one quarter and the start of the next
	const atStart = telegrams.find((f) => f.t === s.start)!;
	const last = telegrams[telegrams.length - 1];
	const cs: number[] = [],
		cn: number[] = [],
		ps: number[] = [],
		pn: number[] = [];
	for (const f of inOpen) {
		const slot = Math.floor((f.t - open * Q) / 5000);
		while (cs.length <= slot) {
			cs.push(0);
			cn.push(0);
			ps.push(0);
			pn.push(0);
		}
		cs[slot] += f.importW;
		cn[slot]++;
		ps[slot] += f.exportW;
		pn[slot]++;
	}
	const own = (atBound.imp - atStart.imp) * 4;
	return {
		v: 1,
		open,
		begin: [atBound.imp, atBound.exp],
		broken: [false, false],
		samples: inOpen.length,
		meter: [nul(last.demandW), nul(last.peakW)],
		slots: { cs, cn, ps, pn },
		closed: open - 1,
		last: [last.t, last.imp, last.exp, last.importW, last.exportW, nul(last.demandW)],
		back: [0, null],
		check: [s.id, own, atBound.demandW],
		counters: [0, 0, 0, 0, 0, 0, 0],
		months: [[s.monthKey, own, s.id, nul(last.peakW), nul(last.peakTime), null, null]],
	};
}
