// Telegrams per second in Node: warm up (V8 tiers the code up), then time several rounds and
// keep the median, which a GC pause or a noisy neighbour on a 2-core machine moves least.
// Subjects take turns within each round, so a burst of load elsewhere on the machine slows
// every subject of that round rather than skewing the ratio between them.

export interface RateOptions {
	warmupMs: number;
	rounds: number;
	roundMs: number;
}

// Checking the clock costs about as much as a small parse, so it is read once per batch.
const BATCH = 32;

let sink: unknown;

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runFor(parse: () => unknown, ms: number): number {
	const start = performance.now();
	let count = 0;
	let now = start;
	do {
		for (let i = 0; i < BATCH; i++) sink = parse();
		count += BATCH;
		now = performance.now();
	} while (now - start < ms);
	return (count * 1000) / (now - start);
}

/** Median telegrams/s of each parse function (undefined entries are skipped: NaN). */
export function measureRates(parsers: readonly ((() => unknown) | undefined)[], options: RateOptions): number[] {
	for (const parse of parsers) if (parse) runFor(parse, options.warmupMs);
	const rounds: number[][] = parsers.map(() => []);
	for (let r = 0; r < options.rounds; r++) {
		parsers.forEach((parse, i) => {
			if (parse) rounds[i].push(runFor(parse, options.roundMs));
		});
	}
	if (sink === Symbol.for("never")) console.log("");
	return rounds.map((values) => (values.length ? median(values) : NaN));
}
