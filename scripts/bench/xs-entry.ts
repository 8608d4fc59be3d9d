// The module bundled for xsnap by xs-run.mjs: the same subjects as the Node bench, plus the
// loop the measurements drive. Runs inside XS only.

import { subjects } from "./subjects";

export { subjects };

let parse: (() => unknown) | undefined;
let sink: unknown;

/** Prepares subject k for `telegrams`; returns its 1-0:1.8.1 reading of each one (a sanity check). */
export function prepare(k: number, telegrams: Uint8Array[]): number[] {
	const subject = subjects[k];
	parse = subject.prepare(telegrams);
	const seen: number[] = [];
	for (let i = 0; i < telegrams.length; i++) {
		const result = parse();
		seen.push(subject.importT1kWh ? subject.importT1kWh(result) : NaN);
	}
	return seen;
}

/** n telegrams; the caller meters the delivery this runs in. */
export function run(n: number): void {
	const p = parse!;
	for (let i = 0; i < n; i++) sink = p();
}

/** Microseconds per telegram of each of `batches` batches of n telegrams, by the XS clock. */
export function time(n: number, batches: number): number[] {
	const out: number[] = [];
	for (let b = 0; b < batches; b++) {
		const t0 = performance.now();
		run(n);
		out.push(((performance.now() - t0) * 1000) / n);
	}
	return out;
}

export function keep(): unknown {
	return sink;
}
