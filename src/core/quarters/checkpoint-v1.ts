// Checkpoint format 1 (positional arrays, read back by index), as the engine wrote it before
// format 2 named its fields. A device updated from that firmware still has one in flash: it is
// turned into the format 2 shape once, restored, and the next checkpoint is written as format 2.

function list(v: unknown, n: number): unknown[] {
	if (!Array.isArray(v) || v.length < n) throw new Error("bad checkpoint");
	return v;
}

/** The format 2 shape of a format 1 checkpoint; throws "bad checkpoint" when `c` is not one. */
export function checkpointFromV1(c: Record<string, unknown>): Record<string, unknown> {
	const begin = list(c.begin, 2);
	const broken = list(c.broken, 2);
	const meter = list(c.meter, 2);
	const last = list(c.last, 6);
	const back = list(c.back, 2);
	const check = list(c.check, 3);
	const counters = list(c.counters, 7);
	return {
		v: 2,
		quarter:
			c.open === null || c.open === undefined
				? undefined
				: {
						block: c.open,
						beginImpWh: begin[0],
						beginExpWh: begin[1],
						impBroken: broken[0],
						expBroken: broken[1],
						samples: c.samples,
						demandW: meter[0],
						peakW: meter[1],
						slots: c.slots,
					},
		closed: c.closed,
		last: { t: last[0], impWh: last[1], expWh: last[2], importW: last[3], exportW: last[4], demandW: last[5] },
		back: { run: back[0], t: back[1] },
		check: { quarterId: check[0], ownW: check[1], meterW: check[2] },
		counters: {
			duplicates: counters[0],
			out_of_order: counters[1],
			no_time: counters[2],
			gaps: counters[3],
			clock_back: counters[4],
			register_breaks: counters[5],
			skipped: counters[6],
		},
		months: c.months, // positional rows: MonthPeaks.load() reads them
	};
}
