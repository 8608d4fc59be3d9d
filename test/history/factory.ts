// QuarterRecords for history tests, built without the quarter engine: the quarter_id bit layout
// is spelled out here from docs/architecture.md ("File formats") on purpose, so that paths.ts is checked against it.

import type { MonthPeak, QuarterRecord } from "../../src/core/quarters/records";
import { utcToLocal } from "../../src/core/time/brussels";

export const QUARTER_MS = 900000;

export function idOf(year: number, month: number, day: number, hour: number, minute: number, summer: boolean): number {
	return ((year - 2000) << 24) | (month << 16) | (day << 8) | (hour * 4 + minute / 15) | (summer ? 0x80 : 0);
}

/** Small deterministic PRNG (mulberry32), so expected values are derived from the same inputs every run. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface QuarterInput {
	/** UTC start of the quarter. */
	startMs: number;
	/** Registers at the start, Wh; null for unknown. */
	beginImport: number | null;
	beginExport: number | null;
	/** Energy in the quarter, Wh. */
	importWh: number;
	exportWh: number;
}

/** The record of the quarter starting at `startMs` (UTC), local identity from the Brussels clock. */
export function quarterRecord(q: QuarterInput): QuarterRecord {
	const t = utcToLocal(q.startMs);
	const id = idOf(t.year, t.month, t.day, t.hour, t.minute, t.summer);
	const consumed: (number | null)[] = [];
	const produced: (number | null)[] = [];
	const meanImport = q.importWh * 4;
	for (let i = 0; i < 180; i++) {
		consumed.push(i === 7 ? null : Math.round(meanImport + ((i * 37) % 50) - 25));
		produced.push(q.exportWh > 0 ? -Math.round(q.exportWh * 4) : 0);
	}
	const known = q.beginImport !== null && q.beginExport !== null;
	return {
		quarter_id: id,
		consumed_power_avg: Math.round(meanImport),
		begin_consumed_wh: q.beginImport,
		begin_produced_wh: q.beginExport,
		interval_secs: 5,
		consumed_power_interval_avgs: consumed,
		produced_power_interval_avgs: produced,
		start: new Date(q.startMs).toISOString(),
		end: new Date(q.startMs + QUARTER_MS).toISOString(),
		end_consumed_wh: known ? (q.beginImport as number) + q.importWh : null,
		end_produced_wh: known ? (q.beginExport as number) + q.exportWh : null,
		energy_avg_w: known ? q.importWh * 4 : null,
		energy_produced_avg_w: known ? q.exportWh * 4 : null,
		meter_demand_w: known ? q.importWh * 4 : null,
		samples: 180,
		complete: known,
	};
}

export interface Series {
	records: QuarterRecord[];
	/** Import/export register at the first quarter's start and after the last quarter, Wh. */
	firstImport: number;
	firstExport: number;
	lastImport: number;
	lastExport: number;
}

/**
 * Consecutive quarters from `startMs` (UTC) to `endMs` with random energy, registers counting
 * on from `import0`/`export0`. `unknown(i)` makes quarter i a quarter without register data.
 */
export function series(
	startMs: number,
	endMs: number,
	seed: number,
	import0 = 1_000_000,
	export0 = 200_000,
	unknown?: (i: number) => boolean,
): Series {
	const r = rng(seed);
	const records: QuarterRecord[] = [];
	let imp = import0,
		exp = export0;
	for (let t = startMs, i = 0; t < endMs; t += QUARTER_MS, i++) {
		const importWh = Math.floor(r() * 1500);
		const exportWh = r() < 0.5 ? 0 : Math.floor(r() * 800);
		const known = !unknown?.(i);
		records.push(
			quarterRecord({
				startMs: t,
				beginImport: known ? imp : null,
				beginExport: known ? exp : null,
				importWh,
				exportWh,
			}),
		);
		imp += importWh;
		exp += exportWh;
	}
	return { records, firstImport: import0, firstExport: export0, lastImport: imp, lastExport: exp };
}

/** UTC ms of Brussels local midnight starting the given date (midnight never falls in a DST gap in Brussels). */
export function localMidnight(year: number, month: number, day: number): number {
	// local midnight is 22:00 or 23:00 UTC the day before; pick whichever maps to 00:00 local
	const base = new Date(Date.UTC(year, month - 1, day)); // normalizes day 32 etc.
	for (const offset of [1, 2]) {
		const t = base.getTime() - offset * 3600000;
		const l = utcToLocal(t);
		if (
			l.year === base.getUTCFullYear() &&
			l.month === base.getUTCMonth() + 1 &&
			l.day === base.getUTCDate() &&
			l.hour === 0 &&
			l.minute === 0
		)
			return t;
	}
	throw new Error("no local midnight");
}

export function monthPeak(
	month: string,
	own: number | null,
	ownId: number | null,
	meter: number | null = null,
	meterTime: string | null = null,
): MonthPeak {
	return { month, own_w: own, own_quarter_id: ownId, meter_w: meter, meter_time: meterTime };
}
