// What is happening now: the original's /watt, and our <prefix>/now for the dashboard. Both read
// the quarter engine's own figures (projection, allowance and its limit are computed there once);
// this only formats them. /now is built as one string: no object tree per request.

import type { QuarterStatus } from "../quarters/engine";
import { QUARTER_MS } from "../quarters/quarter-id";
import { num, str } from "./json-text";
import { Cache, errorMessage, jsonResponse } from "./responses";
import type { ApiContext, ApiResponse } from "./types";

/** Our own routes live under this prefix (`/api` is left for the HomeWizard-compatible API). */
export const PREFIX = "/v1/";

const QUARTER_S = QUARTER_MS / 1000;
const PHASE_NAMES: readonly string[] = Object.freeze(["1", "2", "3"]);

/** The original's /watt: the consumption of the running 5 s slot in W, as plain text. */
export function watt(_path: string, context: ApiContext): ApiResponse {
	const record = context.currentQuarter();
	const slots = record === undefined ? undefined : record.consumed_power_interval_avgs;
	const w = slots === undefined || slots.length === 0 ? null : slots[slots.length - 1];
	if (w === null) return errorMessage(503, "no reading yet");
	const response = jsonResponse(200, String(w), Cache.None);
	response.headers["content-type"] = "text/plain; charset=utf-8";
	return response;
}

/** <prefix>/now: live power, the running quarter and its allowance, the peak warning. */
export function now(_path: string, context: ApiContext): ApiResponse {
	const s = context.status();
	const elapsed = s.elapsed_s;
	const warning = context.warning.active; // stepped by the monitor once per telegram
	const body =
		'{"quarter_id":' +
		num(s.quarter_id) +
		',"start":' +
		str(s.start) +
		',"end":' +
		str(s.end) +
		',"elapsed_s":' +
		num(elapsed) +
		',"left_s":' +
		(elapsed === null ? "null" : String(Math.max(0, QUARTER_S - elapsed))) +
		',"import_w":' +
		num(s.current_w) +
		',"export_w":' +
		num(s.current_export_w) +
		',"phases":[' +
		phases(context) +
		"]" +
		',"energy_wh":' +
		num(s.energy_wh) +
		',"average_w":' +
		num(average(s)) +
		',"projection_w":' +
		num(s.projection_w) +
		',"allowance_w":' +
		num(s.allowance_w) +
		',"limit_w":' +
		num(s.threshold_w) +
		',"target_w":' +
		num(s.target_w) +
		',"month_peak_w":' +
		num(monthPeak(s)) +
		',"warning":' +
		warning +
		"}";
	return jsonResponse(200, body, Cache.None);
}

/** Mean power drawn since the quarter started, W: what the quarter's average is so far. */
export function average(s: QuarterStatus): number | null {
	const elapsed = s.elapsed_s;
	if (s.energy_wh === null || elapsed === null || !(elapsed > 0)) return null;
	return Math.round((s.energy_wh * 3600) / elapsed);
}

/** The month's highest quarter so far, ours or the meter's 1.6.0, whichever is higher. */
export function monthPeak(s: QuarterStatus): number | null {
	const own = s.month_peak_own_w;
	const meter = s.month_peak_meter_w;
	return own === null ? meter : meter === null ? own : Math.max(own, meter);
}

/** The phases the meter reports power for (a single-phase meter sends only L1). */
function phases(context: ApiContext): string {
	const all = context.reading().phases;
	let out = "";
	for (let i = 0; i < all.length && i < PHASE_NAMES.length; i++) {
		const p = all[i];
		if (p.importW !== p.importW && p.exportW !== p.exportW) continue;
		out +=
			(out === "" ? "" : ",") +
			'{"phase":' +
			PHASE_NAMES[i] +
			',"import_w":' +
			num(p.importW) +
			',"export_w":' +
			num(p.exportW) +
			"}";
	}
	return out;
}
