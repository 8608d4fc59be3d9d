// What a browser on another site could make a household's browser send, refused before any route
// runs. Three rules:
// - Host must name this device (DNS rebinding: a page whose own name was pointed at the device's
//   address sends its own name as Host). IP literals pass: no DNS lookup is involved, so no other
//   site can stand behind one. A request without Host (HTTP/1.0) passes too: browsers always send it.
// - A request that changes state must carry no Origin or the device's own (a form or fetch from
//   another site carries that site's origin; the browser would add the cached login).
// - Its body must be of the route's type: forms can send only urlencoded, multipart and text/plain
//   without a CORS preflight, and we answer no preflight.

import { parseIpv4 } from "../config/checks";
import { charCode, lowerCase, textIndexOf, textLength, textSlice, trimmed } from "../util/chars";

/** Methods that may change state; the others must not, so they need no Origin check. */
const UNSAFE = Object.freeze(["POST", "PUT", "DELETE", "PATCH"]);

export function changesState(method: string): boolean {
	return UNSAFE.indexOf(method) >= 0;
}

/**
 * True when `host` (a Host header value, "name[:port]" or "[v6]:port") names this device: an IP
 * literal, "localhost", `deviceName` with or without ".local", or one of `extraNames` (all
 * without case; one trailing dot allowed).
 */
export function isOwnHost(host: string, deviceName: string, extraNames: readonly string[]): boolean {
	const name = hostName(host);
	if (name === undefined) return false;
	if (charCode(name, 0) === 0x5b) return true; // "[...]": hostName checked it holds only IPv6 characters
	if (parseIpv4(name) >= 0 || name === "localhost") return true;
	const device = lowerCase(deviceName);
	if (name === device || name === device + ".local") return true;
	for (let i = 0; i < extraNames.length; i++) if (name === lowerCase(extraNames[i])) return true; // no for-of: XS allocates an iterator
	return false;
}

/** True when `origin` (an Origin header value) is the same scheme-less host and port as `host`. */
export function isOwnOrigin(origin: string, host: string | undefined): boolean {
	if (host === undefined) return false;
	const scheme = origin.indexOf("://");
	if (scheme < 0) return false; // "null" (sandboxed frames, file:) included
	const protocol = origin.slice(0, scheme).toLowerCase();
	const fallback = protocol === "http" ? "80" : protocol === "https" ? "443" : "";
	if (fallback === "") return false;
	const rest = origin.slice(scheme + 3);
	if (rest.indexOf("/") >= 0 || rest.indexOf("@") >= 0) return false; // an Origin is scheme://host[:port], nothing more
	return sameAuthority(rest, host, fallback);
}

/** True when the media type of `contentType` (before any ";") is `expected`, without case. */
export function isContentType(contentType: string | undefined, expected: string): boolean {
	if (contentType === undefined) return false;
	const end = contentType.indexOf(";");
	return (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase() === expected;
}

function sameAuthority(a: string, b: string, defaultPort: string): boolean {
	const nameA = hostName(a);
	return nameA !== undefined && nameA === hostName(b) && portOf(a, defaultPort) === portOf(b, "80");
}

/** Lower-case name of "name[:port]", without one trailing dot; undefined when malformed. */
function hostName(authority: string): string | undefined {
	const value = lowerCase(trimmed(authority));
	const length = textLength(value);
	let end = length;
	if (charCode(value, 0) === 0x5b) {
		end = textIndexOf(value, "]") + 1;
		if (end <= 2) return undefined;
		for (let i = 1; i < end - 1; i++) if (!isIpv6Char(charCode(value, i))) return undefined;
	} else {
		const colon = textIndexOf(value, ":");
		if (colon >= 0) end = colon;
	}
	if (end < length && !isPort(value, end, length)) return undefined;
	if (end > 0 && charCode(value, end - 1) === 0x2e) end--; // one trailing dot
	return end === 0 ? undefined : textSlice(value, 0, end);
}

function portOf(authority: string, fallback: string): string {
	const value = authority.trim();
	const close = value.lastIndexOf("]");
	const colon = value.lastIndexOf(":");
	return colon > close ? String(Number(value.slice(colon + 1))) : fallback;
}

/** True when text[start, end) is ":digits" of 1 to 5 digits. */
function isPort(text: string, start: number, end: number): boolean {
	if (end - start < 2 || end - start > 6 || charCode(text, start) !== 0x3a) return false;
	for (let i = start + 1; i < end; i++) {
		const c = charCode(text, i);
		if (c < 0x30 || c > 0x39) return false;
	}
	return true;
}

function isIpv6Char(c: number): boolean {
	return (c >= 0x30 && c <= 0x3a) || (c >= 0x61 && c <= 0x66) || c === 0x2e;
}
