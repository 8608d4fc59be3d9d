// The small JSON body POSTed to a configured URL (an ntfy topic, a Home Assistant webhook) when
// the peak warning starts or ends: a sentence for a phone notification, and the figures behind it
// for an automation. Built from the engine's status, as /v1/now serves it.

import { num, str } from "../api/json-text";
import type { QuarterStatus } from "../quarters/engine";

export function peakNotice(active: boolean, s: QuarterStatus, device: string): string {
	return (
		'{"event":"peak_warning","active":' +
		active +
		',"device":' +
		str(device) +
		',"message":' +
		str(sentence(active, s)) +
		',"quarter_id":' +
		num(s.quarter_id) +
		',"start":' +
		str(s.start) +
		',"projection_w":' +
		num(s.projection_w) +
		',"limit_w":' +
		num(s.threshold_w) +
		',"allowance_w":' +
		num(s.allowance_w) +
		"}"
	);
}

function sentence(active: boolean, s: QuarterStatus): string {
	const projection = s.projection_w === null ? "an unknown average" : s.projection_w + " W";
	if (!active)
		return "Peak warning over: this quarter heads for " + projection + ", the limit is " + s.threshold_w + " W";
	const allowance = s.allowance_w === null ? "" : "; draw at most " + s.allowance_w + " W for the rest of it";
	return (
		"Peak warning: this quarter heads for " + projection + ", above the limit of " + s.threshold_w + " W" + allowance
	);
}
