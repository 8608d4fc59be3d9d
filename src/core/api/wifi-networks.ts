// GET /v1/wifi/networks: the WiFi networks the device sees, for the setup page
// (`{"networks":[{"ssid":"...","rssi":-61,"secure":true}]}`). The host scans; this route only
// shapes its list: one entry per name (a mesh or a repeater sends one name from several access
// points: the strongest counts), hidden networks (no name) left out, the strongest first, at most
// MAX_NETWORKS. A host that has no WiFi (the PC) has no hook, and the route answers 404.

import { Cache, errorResponse, jsonResponse } from "./responses";
import type { ApiContext, ApiResponse, WifiNetwork } from "./types";

/** More than a phone's screen shows; bounds the answer whatever the air holds. */
export const MAX_NETWORKS = 24;

export function wifiNetworks(_path: string, context: ApiContext): ApiResponse {
	const scan = context.wifiNetworks;
	if (scan === undefined) return errorResponse(404);
	return jsonResponse(200, JSON.stringify({ networks: networkList(scan()) }), Cache.None);
}

/** One entry per name, the strongest of each, strongest first, at most MAX_NETWORKS. */
export function networkList(seen: readonly WifiNetwork[]): WifiNetwork[] {
	const best: WifiNetwork[] = [];
	for (let i = 0; i < seen.length; i++) {
		const n = seen[i];
		if (typeof n.ssid !== "string" || n.ssid === "" || !Number.isFinite(n.rssi)) continue;
		const at = best.findIndex((b) => b.ssid === n.ssid);
		if (at < 0) best.push({ ssid: n.ssid, rssi: n.rssi, secure: n.secure === true });
		else if (n.rssi > best[at].rssi) best[at] = { ssid: n.ssid, rssi: n.rssi, secure: n.secure === true };
	}
	best.sort((a, b) => b.rssi - a.rssi || (a.ssid < b.ssid ? -1 : a.ssid > b.ssid ? 1 : 0));
	if (best.length > MAX_NETWORKS) best.length = MAX_NETWORKS;
	return best;
}
