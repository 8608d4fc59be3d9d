// A believable Flemish household, second by second: standby and the fridge, lights after dark,
// appliance runs from the day plan, a hybrid heating (heat pump on winter evenings, gas boiler
// otherwise), solar panels under passing clouds, and the grid voltage that sags under load and
// rises with the neighbourhood's solar export. Deterministic: the same seed and instant always
// give the same sample, whatever moment the simulation started at.

import { offsetMs } from "../core/time/brussels";
import type { DayPlan, HouseholdOptions, ResolvedHousehold } from "./plan";
import { newDayPlan, planDay, resolveHousehold } from "./plan";
import { hash2, smooth, unit } from "./random";
import { Segments } from "./segments";
import { clearSky, newIrradiance } from "./sun";
import { Weather, winterness } from "./weather";

export type { EvKind, HouseholdOptions, ResolvedHousehold } from "./plan";

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { PI, floor, max, min, round, sin, sqrt } = Math;

const DAY = 86400000;
const MIN = 60000;
const GAS_KWH_PER_M3 = 10.5; // Fluvius bills H-gas at about 10.5-11.5 kWh per m3
const BOILER_EFFICIENCY = 0.92;
const BOILER_MIN_W = 3500; // below this a boiler cycles instead of modulating further
const HP_MIN_W = 500;
const HP_MAX_THERMAL_W = 7000;
const LINE_OHMS = 0.25; // service cable and street network, per phase

/** One second of the household as the meter sees it. */
export interface HouseSample {
	/** Net active power per phase, W (import positive, export negative), integers. */
	p: Float64Array;
	/** Voltage per phase, V (0.1 V resolution). */
	v: Float64Array;
	/** Current per phase, A (magnitude, includes the reactive part). */
	i: Float64Array;
	/** Gas and water drawn during this second, litres. */
	gasL: number;
	waterL: number;
	/** Solar production and gross consumption, W (for reports and tests). */
	pvW: number;
	loadW: number;
}

export function newHouseSample(): HouseSample {
	return {
		p: new Float64Array(3),
		v: new Float64Array(3),
		i: new Float64Array(3),
		gasL: 0,
		waterL: 0,
		pvW: 0,
		loadW: 0,
	};
}

export class Household {
	readonly options: ResolvedHousehold;
	#seed: number;
	#weather: Weather;
	#segs = new Segments();
	#prev: DayPlan = newDayPlan();
	#cur: DayPlan = newDayPlan();
	#offset = 0;
	#offsetUntil = -Infinity;
	#offsetFrom = Infinity;
	#acc = new Float64Array(5);
	#irr = newIrradiance();
	// Values refreshed every 10 s (weather, sun, heating) rather than every second.
	#slowAt = NaN;
	#pvW = 0;
	#pvFraction = 0;
	#hpElecW = 0;
	#boilerW = 0;
	#baseW: number;
	#phaseVolts: Float64Array;

	constructor(seed: number, options?: HouseholdOptions) {
		this.#seed = seed | 0;
		this.options = resolveHousehold(options);
		this.#weather = new Weather(hash2(this.#seed, 0x3ea7));
		this.#baseW = 160 + 130 * unit(this.#seed, 11);
		this.#phaseVolts = new Float64Array([
			unit(this.#seed, 21) * 4 - 2,
			unit(this.#seed, 22) * 4 - 2,
			unit(this.#seed, 23) * 4 - 2,
		]);
	}

	get weather(): Weather {
		return this.#weather;
	}

	/** The household during the second starting at `utcMs` (call with increasing times). */
	sample(utcMs: number, out: HouseSample): HouseSample {
		const t = utcMs;
		const local = t + this.#localOffset(t);
		const day = floor(local / DAY);
		if (day !== this.#cur.day) this.#planTo(day, t);
		if (!(t - this.#slowAt < 10000 && t >= this.#slowAt)) this.#slow(t);

		const acc = this.#acc;
		acc.fill(0);
		this.#segs.sample(t, acc);
		const seed = this.#seed;
		const sec = floor(t / 1000);

		// Standby (router, TV and boxes, ventilation) with a slow wander.
		const base = this.#baseW * (1 + 0.12 * smooth(seed ^ 0xba5e, t / (10 * MIN)));
		acc[0] += base * 0.4;
		acc[1] += base * 0.35;
		acc[2] += base * 0.25;

		// Fridge on L1 and freezer on L2: compressor cycles, a start-up surge for a few seconds.
		const w = winterness(t);
		acc[0] += compressor(t + unit(seed, 31) * 3600000, 47 * MIN, (13 + 6 * (1 - w)) * MIN, 95);
		acc[1] += compressor(t + unit(seed, 32) * 3600000, 61 * MIN, (16 + 5 * (1 - w)) * MIN, 80);

		// Lights when someone is up and home after dark.
		if (this.#irr.elevationSin < 0.12 && this.#awake(t)) {
			const dark = min(1, (0.12 - this.#irr.elevationSin) / 0.15);
			const lights = 50 + 230 * dark;
			acc[0] += lights * 0.6;
			acc[1] += lights * 0.4;
		}

		// Heating: heat pump compressor (three-phase) cycling below its minimum, boiler fan and pump on L1.
		let gas = acc[3];
		if (this.#hpElecW > 0) {
			const hp =
				this.#hpElecW >= HP_MIN_W ? this.#hpElecW : cycle(t, 20 * MIN, this.#hpElecW / HP_MIN_W) ? HP_MIN_W : 0;
			acc[0] += hp / 3;
			acc[1] += hp / 3;
			acc[2] += hp / 3;
		}
		if (this.#boilerW > 0) {
			const burning =
				this.#boilerW >= BOILER_MIN_W
					? this.#boilerW
					: cycle(t + 300000, 12 * MIN, this.#boilerW / BOILER_MIN_W)
						? BOILER_MIN_W
						: 0;
			if (burning > 0) {
				gas += (burning / (GAS_KWH_PER_M3 * BOILER_EFFICIENCY * 1000)) * (1000 / 3600);
				acc[0] += 75;
			}
		}

		// Solar: single-phase inverter on L1 or spread over three phases.
		const pv = this.#pvW > 0 ? this.#pvW * (1 + 0.006 * (unit(seed ^ 0x50, sec) - 0.5)) : 0;
		const pvPhases = this.options.pvPhases;

		const v = out.v;
		const p = out.p;
		let load = 0;
		const evening = eveningLoad(local);
		for (let k = 0; k < 3; k++) {
			const jitter = 1 + 0.02 * (unit(seed + k, sec) - 0.5);
			const l = acc[k] * jitter + 2 * (unit(seed + 7 + k, sec) - 0.5);
			load += l;
			const gen = pvPhases === 3 ? pv / 3 : k === 0 ? pv : 0;
			const net = round(l - gen);
			p[k] = net;
			let volts =
				230.5 +
				this.#phaseVolts[k] +
				5 * this.#pvFraction -
				3 * evening +
				1.5 * smooth(seed ^ (0x7011 + k), t / (7 * MIN));
			volts += 0.3 * (unit(seed ^ (0x7021 + k), sec) - 0.5) - (LINE_OHMS * net) / 230;
			volts = round(min(253, max(207, volts)) * 10) / 10;
			v[k] = volts;
			const q = 0.25 * l + 45; // motors, electronics and chargers draw some reactive power
			out.i[k] = sqrt(net * net + q * q) / volts;
		}
		out.gasL = gas;
		out.waterL = acc[4];
		out.pvW = pv;
		out.loadW = load;
		return out;
	}

	#localOffset(t: number): number {
		if (t < this.#offsetFrom || t >= this.#offsetUntil) {
			this.#offset = offsetMs(t);
			// The offset can only change at 01:00 UTC; cache it until the next such hour.
			const hour = floor(t / 3600000) * 3600000;
			this.#offsetFrom = hour;
			this.#offsetUntil = hour + 3600000;
		}
		return this.#offset;
	}

	#planTo(day: number, t: number): void {
		const segs = this.#segs;
		segs.drop(t);
		const first = day - 1 === this.#cur.day ? day : day - 1; // a fresh start also plans yesterday, for runs crossing midnight
		for (let d = first; d <= day; d++) {
			const spare = this.#prev;
			this.#prev = this.#cur;
			this.#cur = planDay(d, this.#seed, this.options, segs, spare);
		}
	}

	/** True when someone is awake and at home at `t` (today's plan, or yesterday's for the hours after midnight). */
	#awake(t: number): boolean {
		return awakeIn(this.#cur, t) || awakeIn(this.#prev, t);
	}

	#slow(t: number): void {
		this.#slowAt = floor(t / 10000) * 10000;
		const o = this.options;
		const weather = this.#weather;
		const tempC = weather.tempC(t);
		clearSky(t, this.#irr);
		const irr = this.#irr;
		const cloud = weather.cloud(t);
		const beam = irr.beam * max(0, min(1, (0.9 - cloud) / 0.7));
		const diffuse = irr.diffuse * (1 + 2.2 * cloud);
		const poa = beam + diffuse;
		this.#pvFraction = min(1, poa / 900);
		if (o.pvKwp > 0 && poa > 0) {
			const cell = tempC + poa / 35;
			const derate = 1 - 0.004 * max(0, cell - 25);
			const limit = o.pvPhases === 1 ? min(o.pvKwp * 920, 5000) : o.pvKwp * 920;
			this.#pvW = min(limit, o.pvKwp * poa * 0.8 * derate); // inverter, wiring and soiling losses: about 930 kWh per kWp a year
		} else this.#pvW = 0;

		// Heat the house needs now; internal and solar gains cover the last couple of degrees.
		const comfort = this.#comfort(t);
		const setpoint = comfort === 2 ? 18 : comfort === 1 ? 20.5 : 16;
		const gains = 2.5 + poa / 250;
		// Heating is switched off for the warm months, as most households do.
		let demand = weather.dayMeanC(t) < 15 ? max(0, o.heatLossWK * (setpoint - gains - tempC)) : 0;
		if (comfort === 1 && this.#justWarmingUp(t)) demand *= 1.5;
		let hpThermal = 0;
		this.#hpElecW = 0;
		if (demand > 0 && o.heatPump && this.#hpWindow(t)) {
			const cop = max(2, min(4.6, 2.6 + 0.09 * tempC));
			hpThermal = min(demand, HP_MAX_THERMAL_W);
			this.#hpElecW = hpThermal / cop;
		}
		this.#boilerW = o.gas ? demand - hpThermal : 0;
	}

	/** 1 comfort, 2 away (lowered), 0 night setback. */
	#comfort(t: number): number {
		const c = comfortIn(this.#cur, t);
		return c >= 0 ? c : max(0, comfortIn(this.#prev, t));
	}

	#justWarmingUp(t: number): boolean {
		return t - this.#cur.comfortStart < 3600000 && t >= this.#cur.comfortStart;
	}

	#hpWindow(t: number): boolean {
		if (!this.options.gas) return true; // the heat pump is the only heating
		const a = this.#cur;
		const b = this.#prev;
		return (t >= a.hpStart && t < a.hpEnd) || (t >= b.hpStart && t < b.hpEnd);
	}
}

function awakeIn(plan: DayPlan, t: number): boolean {
	return t >= plan.wake && t < plan.sleep && !(t >= plan.awayStart && t < plan.awayEnd);
}

/** 1 comfort, 2 away, -1 outside this plan's comfort window. */
function comfortIn(plan: DayPlan, t: number): number {
	if (!(t >= plan.comfortStart && t < plan.comfortEnd)) return -1;
	return t >= plan.awayStart && t < plan.awayEnd ? 2 : 1;
}

function compressor(t: number, period: number, on: number, w: number): number {
	const phase = ((t % period) + period) % period;
	if (phase >= on) return 0;
	return phase < 3000 ? w * 3 : w;
}

function cycle(t: number, period: number, duty: number): boolean {
	return ((t % period) + period) % period < duty * period;
}

/** 0..1, the street's own evening peak (voltage dips a little from 17:00 to 21:00 local). */
function eveningLoad(localMs: number): number {
	const h = (localMs % DAY) / 3600000;
	return h >= 17 && h < 21 ? sin(((h - 17) / 4) * PI) : 0;
}
