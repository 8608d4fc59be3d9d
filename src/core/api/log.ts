// GET /v1/log: the lines the host's log ring holds (log-ring.ts), as plain text, one per line:
// "seq uptime wall level text" ("17 12.345 2026-03-29T01:00:00Z warn sd card: not mounted";
// wall "-" while the host has no clock). Text, not JSON: the lines are text already, a person
// reads them with curl, and the bytes stream from the ring to the socket without a copy.
// `?after=N` gives only the lines after N; the header x-log-last names the last line the answer
// holds (or the last there is, when there are none after N), the N for the next call.

import { charCode, textLength } from "../util/chars";
import { readQueryText } from "./query";
import { Cache, errorMessage, errorResponse } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

const FIELDS = Object.freeze([Object.freeze({ name: "after" })]);

/** <prefix>/log[?after=N]. */
export function logLines(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	const ring = context.logRing;
	if (ring === undefined) return errorResponse(404);
	const values: (string | undefined)[] = [undefined];
	const bad = readQueryText(request.target, FIELDS, values);
	if (bad !== undefined) return errorMessage(400, bad);
	const after = values[0] === undefined ? 0 : wholeNumber(values[0]);
	if (after < 0) return errorMessage(400, "after must be a whole number");
	return {
		status: 200,
		headers: {
			"content-type": "text/plain; charset=utf-8",
			"cache-control": Cache.None,
			"x-content-type-options": "nosniff",
			"x-log-last": String(ring.next - 1),
		},
		body: ring.lines(after),
	};
}

/** The value of a text of decimal digits (at most 12, as the query reader allows); -1 for anything else. */
function wholeNumber(text: string): number {
	const n = textLength(text);
	let value = 0;
	for (let i = 0; i < n; i++) {
		const d = charCode(text, i) - 48;
		if (d < 0 || d > 9) return -1;
		value = value * 10 + d;
	}
	return n === 0 ? -1 : value;
}
