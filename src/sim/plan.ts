// One day of a Flemish household's appliance use, planned at once from the day's own random
// stream: when people get up, leave, come home, cook, wash, charge the car and go to bed.
// Everything lands in the shared segment table as absolute UTC instants, so runs across
// midnight and the DST days need no special cases afterwards.

import { localToUtc } from "../core/time/brussels";
import { hash2, Rng } from "./random";
import type { Segments } from "./segments";
import { winterness } from "./weather";

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { floor, max, min, round } = Math;

const DAY = 86400000;
const MIN = 60000;
const HOUR = 3600000;

export type EvKind = "none" | "1phase" | "3phase";

export interface HouseholdOptions {
	/** People living there (1-6); scales washing, showers, water. Default 3. */
	persons?: number;
	/** Solar panels, kWp; 0 for none. Default 5. */
	pvKwp?: number;
	/** 1 = single-phase inverter on L1 (allowed up to 5 kVA in Flanders), 3 = three-phase. Default 1 up to 5 kWp. */
	pvPhases?: 1 | 3;
	/** Electric car: 7.4 kW on L3, 11 kW on three phases, or none. Default "1phase". */
	ev?: EvKind;
	/** Evenings a week the car is charged. Default 3. */
	evPerWeek?: number;
	/** Air-to-water heat pump running on winter evenings (hybrid with the gas boiler). Default true. */
	heatPump?: boolean;
	/** Gas boiler for heating and hot water. Default true. */
	gas?: boolean;
	/** Heat loss of the house, W per K. Default 220 (a partly renovated semi-detached house). */
	heatLossWK?: number;
}

export interface ResolvedHousehold {
	persons: number;
	pvKwp: number;
	pvPhases: 1 | 3;
	ev: EvKind;
	evPerWeek: number;
	heatPump: boolean;
	gas: boolean;
	heatLossWK: number;
}

export function resolveHousehold(o: HouseholdOptions = {}): ResolvedHousehold {
	const pvKwp = max(0, o.pvKwp ?? 5);
	return {
		persons: min(6, max(1, round(o.persons ?? 3))),
		pvKwp,
		pvPhases: o.pvPhases ?? (pvKwp > 5 ? 3 : 1),
		ev: o.ev ?? "1phase",
		evPerWeek: min(7, max(0, o.evPerWeek ?? 3)),
		heatPump: o.heatPump ?? true,
		gas: o.gas ?? true,
		heatLossWK: o.heatLossWK ?? 220,
	};
}

/** The day's rhythm, for the loads that are not appliance runs (lights, heating, media). */
export interface DayPlan {
	day: number; // local day number (days since 1970-01-01 of the Brussels date)
	wake: number; // UTC ms
	sleep: number;
	/** Thermostat at comfort temperature between these (setback at night). */
	comfortStart: number;
	comfortEnd: number;
	/** Nobody home (thermostat lower) between these; NaN when someone stays home. */
	awayStart: number;
	awayEnd: number;
	/** Heat pump allowed between these (winter evenings); NaN outside the heating season. */
	hpStart: number;
	hpEnd: number;
}

export function newDayPlan(): DayPlan {
	return {
		day: NaN,
		wake: NaN,
		sleep: NaN,
		comfortStart: NaN,
		comfortEnd: NaN,
		awayStart: NaN,
		awayEnd: NaN,
		hpStart: NaN,
		hpEnd: NaN,
	};
}

/** UTC ms of `hours` after local midnight of day `day` (hours may pass 24). */
function localAt(day: number, hours: number): number {
	const extra = floor(hours / 24);
	const date = new Date((day + extra) * DAY);
	let secs = round((hours - extra * 24) * 3600);
	const h = floor(secs / 3600);
	secs -= h * 3600;
	const m = floor(secs / 60);
	return localToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), h, m, secs - m * 60);
}

// Phase weights of single-phase and two-phase appliances (L1, L2, L3).
const L1 = 0;
const L2 = 1;
const L3 = 2;

function one(segs: Segments, phase: number, start: number, ms: number, w: number): number {
	return segs.add(start, ms, phase === L1 ? w : 0, phase === L2 ? w : 0, phase === L3 ? w : 0);
}

/** Plans local day `day` into `segs` and `out`. */
export function planDay(day: number, seed: number, h: ResolvedHousehold, segs: Segments, out: DayPlan): DayPlan {
	const rng = new Rng(hash2(seed ^ 0x0da7, day));
	const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
	const weekend = dow === 0 || dow === 6;
	const noon = localAt(day, 12);
	const w = winterness(noon);
	const homeOffice = !weekend && rng.chance(0.4);
	const away = !weekend && !homeOffice;

	const wakeH = weekend ? rng.range(7.75, 9.5) : rng.range(6.3, 7.1);
	const sleepH = rng.range(22.4, 23.6) + (dow === 5 || dow === 6 ? 0.6 : 0);
	const leaveH = wakeH + rng.range(0.9, 1.4);
	const backH = rng.range(17.1, 18.6);
	const wake = localAt(day, wakeH);
	const sleep = localAt(day, sleepH);
	out.day = day;
	out.wake = wake;
	out.sleep = sleep;
	out.comfortStart = localAt(day, wakeH - 0.5);
	out.comfortEnd = localAt(day, sleepH - 0.25);
	out.awayStart = away ? localAt(day, leaveH) : NaN;
	out.awayEnd = away ? localAt(day, backH) : NaN;
	const heatingSeason = w > 0.35;
	out.hpStart = h.heatPump && heatingSeason ? localAt(day, away ? backH - 0.5 : 16.5) : NaN;
	out.hpEnd = h.heatPump && heatingSeason ? sleep : NaN;

	// Breakfast: kettle, coffee, sometimes toast.
	one(segs, L1, localAt(day, wakeH + rng.range(0.1, 0.3)), rng.range(150, 210) * 1000, rng.range(2000, 2200));
	const coffees = rng.int(1, 3);
	for (let i = 0; i < coffees; i++) one(segs, L1, localAt(day, wakeH + rng.range(0.05, 0.8)), 45000, 1350);
	if (rng.chance(0.5)) one(segs, L1, localAt(day, wakeH + rng.range(0.2, 0.5)), 150000, 900);

	// Showers: the combi boiler burns about 15 kW of gas, 8 l/min of water.
	for (let p = 0; p < h.persons; p++) {
		const evening = weekend ? rng.chance(0.4) : rng.chance(0.15);
		const at = evening
			? localAt(day, sleepH - rng.range(0.6, 1.5))
			: localAt(day, wakeH + rng.range(0.1, away ? 0.8 : 1.5));
		const i = segs.add(at, rng.range(5, 10) * MIN, 0, 0, 0);
		segs.flow(i, h.gas ? 0.42 : 0, 0.135);
		if (rng.chance(0.35)) one(segs, L2, at + 11 * MIN, 4 * MIN, 1800); // hair dryer
	}
	if (!h.gas) one(segs, L1, localAt(day, 23.1), rng.range(1.5, 2.5) * HOUR, 2400); // without gas: an electric water heater on the night tariff

	// Toilets and taps over the waking hours.
	const flushes = h.persons * 5 + rng.int(0, 4);
	for (let i = 0; i < flushes; i++) {
		const at = localAt(day, wakeH + rng.range(0, sleepH - wakeH));
		if (away && at > out.awayStart && at < out.awayEnd) continue;
		segs.flow(segs.add(at, 50000, 0, 0, 0), 0, 0.12);
	}
	const taps = 8 + h.persons * 3;
	for (let i = 0; i < taps; i++)
		segs.flow(segs.add(localAt(day, wakeH + rng.range(0, sleepH - wakeH)), rng.range(10, 60) * 1000, 0, 0, 0), 0, 0.1);

	// Noon: weekend lunch or a home-office day.
	if (weekend ? rng.chance(0.8) : homeOffice && rng.chance(0.5)) {
		const at = localAt(day, rng.range(11.8, 12.6));
		const i = one(segs, L2, at, rng.range(10, 22) * MIN, rng.range(1400, 2300));
		segs.cycle(i, 40000, 28000); // induction pulsing at a medium setting
		if (rng.chance(0.5)) one(segs, L1, at + rng.range(2, 8) * MIN, rng.range(2, 4) * MIN, 950); // microwave
	}
	if (homeOffice) one(segs, L2, localAt(day, wakeH + 1.5), (17 - wakeH - 1.5) * HOUR, 140);

	// Dinner on the induction hob (two zones on L2 and L3), sometimes the oven and the kettle too.
	if (rng.chance(0.92)) {
		const at = localAt(day, away ? backH + rng.range(0.2, 0.6) : rng.range(17.8, 19.0));
		const boost = rng.range(240, 420) * 1000;
		one(segs, L2, at, boost, rng.range(3000, 3700));
		const simmer = one(segs, L2, at + boost, rng.range(15, 30) * MIN, rng.range(1200, 1800));
		segs.cycle(simmer, 30000, 18000);
		const b = at + rng.range(3, 8) * MIN;
		const bMs = rng.range(6, 15) * MIN;
		one(segs, L3, b, bMs, rng.range(1800, 2800));
		segs.cycle(one(segs, L3, b + bMs, 10 * MIN, rng.range(800, 1200)), 20000, 12000);
		if (rng.chance(0.3)) {
			const oven = at - rng.range(5, 20) * MIN;
			one(segs, L1, oven, 10 * MIN, 2800);
			segs.cycle(one(segs, L1, oven + 10 * MIN, rng.range(30, 50) * MIN, 2800), 90000, 36000);
		}
		if (rng.chance(0.4)) one(segs, L1, at + rng.range(0, 10) * MIN, 180000, 2200);
	}

	// Washing machine, and the dryer after it (more often in winter).
	if (rng.chance(((h.persons * 1.1) / 7) * (weekend ? 1.4 : 0.85))) {
		const startH = weekend
			? rng.range(9, 11)
			: homeOffice
				? rng.range(9, 15)
				: rng.chance(0.35)
					? 22
					: rng.range(19, 20.5);
		const at = localAt(day, startH);
		segs.flow(one(segs, L2, at, 4 * MIN, 15), 0, 0.2);
		one(segs, L2, at + 4 * MIN, rng.range(10, 20) * MIN, 2050);
		segs.cycle(one(segs, L2, at + 24 * MIN, 50 * MIN, 180), 20000, 12000);
		segs.flow(segs.add(at + 50 * MIN, 90000, 0, 0, 0), 0, 0.2);
		segs.flow(segs.add(at + 62 * MIN, 90000, 0, 0, 0), 0, 0.2);
		one(segs, L2, at + 74 * MIN, rng.range(8, 12) * MIN, rng.range(400, 600));
		if (rng.chance(0.2 + 0.55 * w)) {
			const dry = at + rng.range(90, 120) * MIN;
			const dMs = rng.range(60, 100) * MIN;
			segs.cycle(one(segs, L2, dry, dMs, 2300), 300000, 255000);
			one(segs, L2, dry + dMs, 10 * MIN, 150);
		}
	}

	// Dishwasher after dinner, often delayed to the night tariff.
	if (rng.chance(0.7)) {
		const at = localAt(day, rng.chance(0.4) ? 22 : rng.range(20, 21.5));
		segs.flow(one(segs, L2, at, 5 * MIN, 30), 0, 0.04);
		one(segs, L2, at + 5 * MIN, 18 * MIN, 2000);
		one(segs, L2, at + 23 * MIN, 30 * MIN, 100);
		segs.flow(segs.add(at + 53 * MIN, 60000, 0, 0, 0), 0, 0.07);
		one(segs, L2, at + 55 * MIN, 14 * MIN, 2000);
		one(segs, L2, at + 69 * MIN, 40 * MIN, 25);
	}

	// Saturday vacuuming; TV and computers in the evening.
	if (dow === 6 && rng.chance(0.6)) one(segs, L1, localAt(day, rng.range(10, 15)), rng.range(20, 35) * MIN, 900);
	const mediaFrom = away ? backH + 1.5 : rng.range(19, 20);
	one(segs, L2, localAt(day, mediaFrom), (sleepH - mediaFrom) * HOUR, rng.range(120, 200));

	// The car: home from work and plugged in, or set to start on the night tariff.
	if (h.ev !== "none") {
		const p = weekend ? 0.15 : min(1, h.evPerWeek / 5);
		if (rng.chance(p)) {
			const atH = rng.chance(0.55) ? (away ? backH + 0.1 : rng.range(17, 19.5)) : 22;
			const kwh = rng.range(8, 28);
			const three = h.ev === "3phase";
			const kw = three ? 11 : 7.4;
			const ms = (kwh / kw) * HOUR;
			const i = three ? segs.add(localAt(day, atH), ms, 3660, 3660, 3660) : one(segs, L3, localAt(day, atH), ms, 7360);
			if (i >= 0) segs.taper[i] = 12 * MIN;
		}
	}
	return out;
}
