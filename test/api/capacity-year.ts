// A year of month peaks driven through the real quarter engine, for the capacity route: one
// telegram on every quarter bound from 1 Nov 2025 to 10 Nov 2026 (Brussels), 400 W of base load,
// one peak quarter a month, a meter whose 1.6.0 / 98.1.0 agree with our registers or not, months
// below the 2.5 kW floor, and peaks on both DST days. Everything a test expects is written in
// PLAN by hand (UTC instants and quarter_ids included), never taken from the code under test.

import { newPeakWarning } from "../../src/core/api/peak-warning";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { newReading } from "../../src/core/dsmr/parse";
import { QuarterEngine } from "../../src/core/quarters/engine";

const Q = 900000;
const BASE_WH = 100; // 400 W for a quarter

export interface MonthPlan {
	month: string;
	/** UTC start of the peak quarter, and its id as the original names it (by hand). */
	start: number;
	id: number;
	/** Our figure: the peak quarter's energy x 4. */
	own: number;
	/** What the meter's 1.6.0 shows for that quarter; null: the meter sends no 1.6.0 this month. */
	meter: number | null;
	/** The month's 0-0:98.1.0 entry in the last telegram; null: none. */
	history: number | null;
}

/** quarter_id by hand: (YY << 24) | (MM << 16) | (DD << 8) | (hour * 4 + minute / 15) | 0x80 in summer time. */
function qid(y: number, mo: number, d: number, h: number, mi: number, summer: boolean): number {
	return (((y - 2000) << 24) | (mo << 16) | (d << 8) | (h * 4 + mi / 15) | (summer ? 0x80 : 0)) >>> 0;
}

export const PLAN: readonly MonthPlan[] = [
	// no meter figures at all (P1 consent lapsed): our own quarters count; the first is below the floor
	{
		month: "2025-11",
		start: Date.UTC(2025, 10, 14, 17),
		id: qid(2025, 11, 14, 18, 0, false),
		own: 2000,
		meter: null,
		history: null,
	},
	{
		month: "2025-12",
		start: Date.UTC(2025, 11, 20, 17),
		id: qid(2025, 12, 20, 18, 0, false),
		own: 3600,
		meter: null,
		history: null,
	},
	{
		month: "2026-01",
		start: Date.UTC(2026, 0, 12, 18),
		id: qid(2026, 1, 12, 19, 0, false),
		own: 5200,
		meter: 5197,
		history: 5197,
	},
	{
		month: "2026-02",
		start: Date.UTC(2026, 1, 3, 7, 30),
		id: qid(2026, 2, 3, 8, 30, false),
		own: 2400,
		meter: 2400,
		history: 2400,
	},
	// spring DST day: 03:00 summer time is 01:00 UTC, the first quarter after the skipped hour
	{
		month: "2026-03",
		start: Date.UTC(2026, 2, 29, 1),
		id: qid(2026, 3, 29, 3, 0, true),
		own: 4400,
		meter: 4402,
		history: 4402,
	},
	{
		month: "2026-04",
		start: Date.UTC(2026, 3, 8, 16, 45),
		id: qid(2026, 4, 8, 18, 45, true),
		own: 1600,
		meter: 1599,
		history: 1599,
	},
	// the history disagrees with the running 1.6.0 seen: the history counts (and is reconciled)
	{
		month: "2026-05",
		start: Date.UTC(2026, 4, 17, 10),
		id: qid(2026, 5, 17, 12, 0, true),
		own: 3000,
		meter: 3000,
		history: 3010,
	},
	{
		month: "2026-06",
		start: Date.UTC(2026, 5, 30, 21, 45),
		id: qid(2026, 5 + 1, 30, 23, 45, true),
		own: 2800,
		meter: 2796,
		history: 2796,
	},
	// 40 W apart: more than rounding explains
	{
		month: "2026-07",
		start: Date.UTC(2026, 6, 1, 12),
		id: qid(2026, 7, 1, 14, 0, true),
		own: 6000,
		meter: 5960,
		history: 5960,
	},
	{
		month: "2026-08",
		start: Date.UTC(2026, 7, 9, 3, 15),
		id: qid(2026, 8, 9, 5, 15, true),
		own: 2200,
		meter: 2200,
		history: 2200,
	},
	// no history yet: the running 1.6.0 counts
	{
		month: "2026-09",
		start: Date.UTC(2026, 8, 21, 5),
		id: qid(2026, 9, 21, 7, 0, true),
		own: 3200,
		meter: 3200,
		history: null,
	},
	// autumn DST day: 02:15 winter time (01:15 UTC) is the peak, 02:15 summer time (00:15 UTC) just below it
	{
		month: "2026-10",
		start: Date.UTC(2026, 9, 25, 1, 15),
		id: qid(2026, 10, 25, 2, 15, false),
		own: 4000,
		meter: 3997,
		history: null,
	},
	{
		month: "2026-11",
		start: Date.UTC(2026, 10, 3, 17),
		id: qid(2026, 11, 3, 18, 0, false),
		own: 2600,
		meter: 2600,
		history: null,
	},
];

/** The near-peak in the first 02:15 of 25 Oct 2026 (summer time), which must not be taken for the peak. */
export const AUTUMN_SUMMER_QUARTER = { start: Date.UTC(2026, 9, 25, 0, 15), own: 3900, meter: 3900 };

/** Local month starts in UTC (midnight Brussels), by hand: where the meter resets its 1.6.0. */
const MONTH_STARTS = [
	Date.UTC(2025, 9, 31, 23),
	Date.UTC(2025, 10, 30, 23),
	Date.UTC(2025, 11, 31, 23),
	Date.UTC(2026, 0, 31, 23),
	Date.UTC(2026, 1, 28, 23),
	Date.UTC(2026, 2, 31, 22),
	Date.UTC(2026, 3, 30, 22),
	Date.UTC(2026, 4, 31, 22),
	Date.UTC(2026, 5, 30, 22),
	Date.UTC(2026, 6, 31, 22),
	Date.UTC(2026, 7, 31, 22),
	Date.UTC(2026, 8, 30, 22),
	Date.UTC(2026, 9, 31, 23),
	Date.UTC(2026, 10, 30, 23),
];
export const FIRST = MONTH_STARTS[0];
export const LAST = Date.UTC(2026, 10, 10, 11);

/** Index into PLAN of the month an instant falls in. */
function monthAt(t: number): number {
	let i = 0;
	while (i + 1 < MONTH_STARTS.length && MONTH_STARTS[i + 1] <= t) i++;
	return i;
}

/**
 * The engine after the year. `sparse`: telegrams only on the bounds of the peak quarters (the
 * same peaks, far fewer telegrams: for the XS case, where a year of quarters would be slow).
 */
export function simulateYear(sparse = false): QuarterEngine {
	const engine = new QuarterEngine({ area: "imewo" });
	const r = newReading();
	while (r.history.length < 13) r.history.push({ period: NaN, periodRaw: "", time: NaN, timeRaw: "", w: NaN });
	let register = 1_000_000;
	let meterMonth = -1;
	let meterPeak = NaN;
	let meterPeakT = NaN;
	for (let t = FIRST; t <= LAST; t += Q) {
		// the quarter [t - Q, t) has just ended: what it drew, and what the meter makes of it
		const q = t - Q;
		const m = monthAt(q);
		const plan = PLAN[m];
		const extra = q === plan.start ? plan : q === AUTUMN_SUMMER_QUARTER.start ? AUTUMN_SUMMER_QUARTER : undefined;
		const energy = extra ? extra.own / 4 : BASE_WH;
		if (t > FIRST) register += energy;
		if (m !== meterMonth) {
			meterMonth = m;
			meterPeak = NaN;
			meterPeakT = NaN;
		}
		const meterW = extra ? extra.meter : plan.meter === null ? null : energy * 4;
		if (t > FIRST && meterW !== null && !(meterW <= meterPeak)) {
			meterPeak = meterW;
			meterPeakT = t;
		}
		const send = !sparse || t === FIRST || t === LAST || isPeakBound(t);
		if (!send) continue;
		r.time = t;
		r.importT1Wh = register;
		r.importT2Wh = 0;
		r.exportT1Wh = 0;
		r.exportT2Wh = 0;
		r.importW = 400;
		r.exportW = 0;
		const meterOn = plan.meter !== null && meterPeak === meterPeak;
		r.monthPeakW = meterOn ? meterPeak : NaN;
		r.monthPeakTime = meterOn ? meterPeakT : NaN;
		r.historyCount = t === LAST ? fillHistory(r.history) : 0;
		engine.update(r);
	}
	return engine;
}

function isPeakBound(t: number): boolean {
	for (const p of PLAN) if (t === p.start || t === p.start + Q) return true;
	return t === AUTUMN_SUMMER_QUARTER.start || t === AUTUMN_SUMMER_QUARTER.start + Q;
}

/** The 98.1.0 entries of the plan, newest first, stamped 00:00 local on the 1st of the next month. */
function fillHistory(into: { period: number; time: number; w: number }[]): number {
	let n = 0;
	for (let i = PLAN.length - 1; i >= 0; i--) {
		const p = PLAN[i];
		if (p.history === null) continue;
		into[n].period = MONTH_STARTS[i + 1];
		into[n].time = p.start + Q;
		into[n].w = p.history;
		n++;
	}
	return n;
}

/** An API context over the engine, with the WiFi login "Thuis" / "geheim123". */
export function engineContext(engine: QuarterEngine): ApiContext {
	const config = parseConfig('{"wifi":{"ssid":"Thuis","password":"geheim123"}}').config;
	let ms = 0;
	return {
		config: () => config,
		currentQuarter: () => engine.current(),
		monthPeak: () => undefined,
		readMeterFile: () => undefined,
		throttle: new LoginThrottle({ now: () => (ms += 1000) }),
		status: () => engine.status(),
		reading: newReading,
		listMeterDir: () => [],
		warning: newPeakWarning(),
		peakSources: (month, out) => engine.peakSources(month, out),
	};
}

/** "Basic " + base64("Thuis:geheim123"). */
export const LOGIN = "Basic VGh1aXM6Z2VoZWltMTIz";
