// The appliance runs of a household as a flat table of segments: a segment draws a fixed power
// on each phase between two instants, optionally switching on and off in a fixed rhythm
// (thermostat, drum, induction pulsing) and tapering off at the end (an EV nearly full).
// Kept in typed arrays so sampling a second walks numbers, not objects.

const CAPACITY = 1024;

export class Segments {
	count = 0;
	readonly start = new Float64Array(CAPACITY); // UTC ms
	readonly end = new Float64Array(CAPACITY);
	readonly w1 = new Float64Array(CAPACITY); // W per phase while on
	readonly w2 = new Float64Array(CAPACITY);
	readonly w3 = new Float64Array(CAPACITY);
	readonly period = new Float64Array(CAPACITY); // ms; 0 = always on
	readonly on = new Float64Array(CAPACITY); // ms on within each period
	readonly taper = new Float64Array(CAPACITY); // ms at the end over which power falls to 40 %
	readonly gas = new Float64Array(CAPACITY); // litres per second while on
	readonly water = new Float64Array(CAPACITY);

	add(start: number, durationMs: number, w1: number, w2: number, w3: number): number {
		if (this.count === CAPACITY || durationMs <= 0) return -1;
		const i = this.count++;
		this.start[i] = start;
		this.end[i] = start + durationMs;
		this.w1[i] = w1;
		this.w2[i] = w2;
		this.w3[i] = w3;
		this.period[i] = 0;
		this.on[i] = 0;
		this.taper[i] = 0;
		this.gas[i] = 0;
		this.water[i] = 0;
		return i;
	}

	cycle(i: number, periodMs: number, onMs: number): void {
		if (i < 0) return;
		this.period[i] = periodMs;
		this.on[i] = onMs;
	}

	flow(i: number, gasLps: number, waterLps: number): void {
		if (i < 0) return;
		this.gas[i] = gasLps;
		this.water[i] = waterLps;
	}

	/** Forgets segments that ended before `t`, keeping the table small. */
	drop(t: number): void {
		let k = 0;
		for (let i = 0; i < this.count; i++) {
			if (this.end[i] <= t) continue;
			if (k !== i) {
				this.start[k] = this.start[i];
				this.end[k] = this.end[i];
				this.w1[k] = this.w1[i];
				this.w2[k] = this.w2[i];
				this.w3[k] = this.w3[i];
				this.period[k] = this.period[i];
				this.on[k] = this.on[i];
				this.taper[k] = this.taper[i];
				this.gas[k] = this.gas[i];
				this.water[k] = this.water[i];
			}
			k++;
		}
		this.count = k;
	}

	/** Adds the draw at instant `t` into `out` ([w1, w2, w3, gasL/s, waterL/s]). */
	sample(t: number, out: Float64Array): void {
		for (let i = 0; i < this.count; i++) {
			const s = this.start[i];
			if (t < s || t >= this.end[i]) continue;
			const p = this.period[i];
			if (p > 0 && (t - s) % p >= this.on[i]) continue;
			let f = 1;
			const tp = this.taper[i];
			if (tp > 0) {
				const left = this.end[i] - t;
				if (left < tp) f = 0.4 + 0.6 * (left / tp);
			}
			out[0] += this.w1[i] * f;
			out[1] += this.w2[i] * f;
			out[2] += this.w3[i] * f;
			out[3] += this.gas[i];
			out[4] += this.water[i];
		}
	}
}
