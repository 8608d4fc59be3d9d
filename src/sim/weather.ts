// Belgian weather, coarse but with the right rhythm: a seasonal temperature curve (Uccle normals,
// about 3.5 C in January and 18.5 C in July) with multi-day swings, a daily cycle, and cloud
// cover that is heavier in winter, drifts from day to day and passes in minutes on mixed days.

import { smooth } from "./random";

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { PI, cos, floor } = Math;

const DAY = 86400000;
const YEAR_DAYS = 365.2425;
const TWO_PI = 2 * PI;

/** Day of the year as a real number (0 = 1 January 00:00 UTC), without a Date object. */
export function dayOfYear(utcMs: number): number {
	const days = utcMs / DAY;
	const yearStart = floor((days + 0.5) / YEAR_DAYS) * YEAR_DAYS;
	const doy = days - yearStart; // approximate; a fraction of a day off at most, which weather does not notice
	return doy < 0 ? doy + YEAR_DAYS : doy;
}

/** 1 in mid-winter, 0 in mid-summer. */
export function winterness(utcMs: number): number {
	return (1 + cos((TWO_PI * (dayOfYear(utcMs) - 18)) / YEAR_DAYS)) / 2;
}

export class Weather {
	#seed: number;
	constructor(seed: number) {
		this.#seed = seed;
	}

	/** Mean outdoor temperature of the days around `utcMs`, C. */
	dayMeanC(utcMs: number): number {
		return 18.5 - 15 * winterness(utcMs) + 4 * smooth(this.#seed ^ 0x51ed, utcMs / DAY / 3.5);
	}

	/** Outdoor temperature, C. */
	tempC(utcMs: number): number {
		const w = winterness(utcMs);
		const cloud = this.dayCloud(utcMs);
		const amplitude = (2 + 4 * (1 - w)) * (1.2 - 0.7 * cloud);
		const hour = (utcMs % DAY) / 3600000 + 1; // close enough to solar time for a daily cycle
		return this.dayMeanC(utcMs) + amplitude * cos((TWO_PI * (hour - 15)) / 24);
	}

	/** Cloud cover of the day as a whole, 0 (clear) .. 1 (overcast). */
	dayCloud(utcMs: number): number {
		const days = utcMs / DAY;
		const base = 0.45 + 0.25 * winterness(utcMs);
		const c = base + 0.55 * smooth(this.#seed ^ 0xc10d, days / 1.7);
		return c < 0 ? 0 : c > 1 ? 1 : c;
	}

	/** Cloud cover in front of the sun at this moment, 0 .. 1: mixed days vary within minutes. */
	cloud(utcMs: number): number {
		const day = this.dayCloud(utcMs);
		const mixed = 4 * day * (1 - day); // 0 on clear and overcast days, 1 on half-cloudy ones
		const minutes = utcMs / 60000;
		const passing = 0.6 * smooth(this.#seed ^ 0xfa57, minutes / 2.5) + 0.4 * smooth(this.#seed ^ 0x5107, minutes / 17);
		const c = day + 0.75 * mixed * passing;
		return c < 0 ? 0 : c > 1 ? 1 : c;
	}
}
