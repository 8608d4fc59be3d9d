// The captive portal's HTTP side, in setup mode: phones and PCs that join the access point probe
// a well-known URL and show a "sign in to network" page when the answer is not the one they
// expect. The DNS server answers every name with the AP's address, so the probes arrive here;
// each is answered with a redirect to the setup page, never with what the OS hopes for (a 204
// or "Success" would tell it the internet is reachable and no portal is shown).
//
// Every request for a name that is not the device's own is redirected the same way, which also
// catches the probes not in the table (browsers, other OS versions).

import type { ApiResponse } from "../api/types";

/** Known probes (host, path), for the record and the tests; the host rule already covers them. */
export const PROBES: readonly (readonly [string, string])[] = Object.freeze([
	Object.freeze(["connectivitycheck.gstatic.com", "/generate_204"] as const), // Android
	Object.freeze(["clients3.google.com", "/generate_204"] as const), // Android, Chrome OS
	Object.freeze(["captive.apple.com", "/hotspot-detect.html"] as const), // iOS, macOS
	Object.freeze(["www.msftconnecttest.com", "/connecttest.txt"] as const), // Windows 10+
	Object.freeze(["www.msftncsi.com", "/ncsi.txt"] as const), // Windows 7, 8
	Object.freeze(["detectportal.firefox.com", "/canonical.html"] as const), // Firefox
]);

/** Probe paths that are redirected even without a Host header (HTTP/1.0 probes). */
const PROBE_PATHS: readonly string[] = Object.freeze(PROBES.map((p) => p[1]));

/** The host part of a Host header: no port, lower case. */
function hostName(host: string): string {
	const colon = host.lastIndexOf(":");
	const bare = colon > 0 && host.indexOf("]") < colon ? host.slice(0, colon) : host;
	return bare.toLowerCase();
}

/**
 * The redirect for a request in setup mode, or undefined when it is for the device itself.
 * `ownNames`: the AP address and the device's names ("192.168.4.1", "digimon.local", "digimon").
 */
export function portalRedirect(
	host: string | undefined,
	path: string,
	ownNames: readonly string[],
	portal: string,
): ApiResponse | undefined {
	const own = host !== undefined && ownNames.indexOf(hostName(host)) >= 0;
	if (own) return undefined;
	if (host === undefined && PROBE_PATHS.indexOf(pathOnly(path)) < 0) return undefined;
	const body = `<a href="${portal}">setup</a>`;
	return {
		status: 302,
		headers: {
			location: portal,
			"content-type": "text/html",
			"content-length": String(body.length),
			"cache-control": "no-store",
		},
		body,
	};
}

function pathOnly(target: string): string {
	const q = target.indexOf("?");
	return q < 0 ? target : target.slice(0, q);
}
