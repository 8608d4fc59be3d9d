// Deterministic randomness for the simulated household. Everything is a pure function of the
// seed and a time or day number, so a run started at 10:00 shows the same household at 10:05
// as a run started at midnight: the start time changes the meter's registers, never the load.

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { PI, cos, floor, imul } = Math;

/** 32-bit integer hash of two integers (a murmur3-style finalizer over a mixed pair). */
export function hash2(a: number, b: number): number {
	let h = imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ imul(b + 0x632be5ab, 0xc2b2ae35);
	h ^= h >>> 16;
	h = imul(h, 0x7feb352d);
	h ^= h >>> 15;
	h = imul(h, 0x846ca68b);
	h ^= h >>> 16;
	return h >>> 0;
}

/** Uniform in [0, 1) from a seed and an integer (a second, a minute, a day number). */
export function unit(seed: number, n: number): number {
	return hash2(seed, n) / 4294967296;
}

/** Smooth noise in [-1, 1] at `x` (cosine interpolation between hashed knots at integers). */
export function smooth(seed: number, x: number): number {
	const i = floor(x);
	const f = x - i;
	const a = unit(seed, i) * 2 - 1;
	const b = unit(seed, i + 1) * 2 - 1;
	const w = (1 - cos(f * PI)) / 2;
	return a + (b - a) * w;
}

/** A small sequential generator (mulberry32) for planning a day, seeded from hash2(seed, day). */
export class Rng {
	#s: number;
	constructor(seed: number) {
		this.#s = seed >>> 0;
	}
	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	/** Uniform in [lo, hi). */
	range(lo: number, hi: number): number {
		return lo + (hi - lo) * this.next();
	}
	/** Integer in [lo, hi]. */
	int(lo: number, hi: number): number {
		return lo + floor((hi - lo + 1) * this.next());
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
}
