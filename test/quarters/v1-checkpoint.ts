// A checkpoint of format 1 (positional arrays, the firmware before checkpoint format 2) worked
// out by hand from the telegrams fed, for the jest test and the XS case: 09:45 to 10:07:30 on
// 2026-01-20, one telegram a second.

import type { Reading } from "../../src/core/dsmr/reading";
import { quarterIdAt } from "../../src/core/quarters/quarter-id";
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
	t: r.time, imp: r.importT1Wh + r.importT2Wh, exp: r.exportT1Wh + r.exportT2Wh, importW: r.importW, exportW: r.exportW,
	demandW: r.demandW, peakW: r.monthPeakW, peakTime: r.monthPeakTime,
});

export const START = local(2026, 1, 20, 9, 45); // 09:45 closes at 10:00; the checkpoint is taken at 10:07:30
export const CUT = START + Q + 450000;
export const power = (t: number) => 1500 + ((t / 1000) % 4) * 250;
const nul = (v: number) => (v === v ? v : null);

/**
 * The format 1 checkpoint at the last telegram fed, worked out from the telegrams alone: the
 * 10:00 quarter is open, 09:45 is closed and was complete (one telegram a second throughout).
 */
export function v1Checkpoint(telegrams: Fed[]): object {
	const open = START / Q + 1;
	const inOpen = telegrams.filter((f) => Math.floor(f.t / Q) === open);
	const atBound = inOpen[0]; // stamped 10:00:00: the end of 09:45 and the start of 10:00
	const atStart = telegrams.find((f) => f.t === START)!;
	const last = telegrams[telegrams.length - 1];
	const cs: number[] = [], cn: number[] = [], ps: number[] = [], pn: number[] = [];
	for (const f of inOpen) {
		const slot = Math.floor((f.t - open * Q) / 5000);
		while (cs.length <= slot) cs.push(0), cn.push(0), ps.push(0), pn.push(0);
		cs[slot] += f.importW;
		cn[slot]++;
		ps[slot] += f.exportW;
		pn[slot]++;
	}
	const own = (atBound.imp - atStart.imp) * 4;
	const id0945 = quarterIdAt(START);
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
		check: [id0945, own, atBound.demandW],
		counters: [0, 0, 0, 0, 0, 0, 0],
		months: [[2026 * 12 + 0, own, id0945, nul(last.peakW), nul(last.peakTime), null, null]], // key = year * 12 + month - 1
	};
}

