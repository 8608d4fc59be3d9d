// The contract between an XS conformance module (test/xs/*.ts) and scripts/xs-check.mjs.
// A module exports `cases`; each case turns its inputs into one string (JSON, one record a
// line so a difference can be located) and must be deterministic: the check runs it in Node
// and in XS and requires the same bytes from both.

/** What the runner gives a case: files read relative to the repository root. */
export interface XsHost {
	read(path: string): Uint8Array;
}

export interface XsCase {
	readonly name: string;
	run(host: XsHost): string;
}
