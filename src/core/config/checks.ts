// Field checks of config.json: each returns an error message or undefined when the value is fine.
// Written without regular expressions (XS compiles a literal on every call).

import { CAPACITY_TARIFFS } from "../quarters/tariffs";
import { charCode, textLength } from "../util/chars";
import { hexDigit } from "../util/hex";
import { utf8Length } from "./utf8";

export type Check = (value: unknown) => string | undefined;

/** A string of `min`..`max` UTF-8 bytes without control characters. */
export function text(min: number, max: number): Check {
	const message = min > 0 ? `must be text of ${min} to ${max} bytes` : `must be text of at most ${max} bytes`;
	return (value) => {
		if (typeof value !== "string" || hasControl(value)) return message;
		const length = utf8Length(value);
		return length < min || length > max ? message : undefined;
	};
}

/** A login user: text without ':' (Basic auth splits user and password at the first colon). */
export function user(value: unknown): string | undefined {
	if (typeof value !== "string" || hasControl(value) || utf8Length(value) > 32 || value.indexOf(":") >= 0)
		return "must be text of at most 32 bytes without ':'";
	return undefined;
}

export function boolean(value: unknown): string | undefined {
	return typeof value === "boolean" ? undefined : "must be true or false";
}

/** A host name label (RFC 1123): letters, digits and '-', 1 to 63, not starting or ending with '-'. */
export function hostLabel(value: unknown): string | undefined {
	const message = "must be 1 to 63 letters, digits or '-', not starting or ending with '-'";
	if (typeof value !== "string" || value.length < 1 || value.length > 63) return message;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		const ok = isAlnum(c) || (c === 0x2d && i > 0 && i < value.length - 1);
		if (!ok) return message;
	}
	return undefined;
}

/** "" (unset), a dotted IPv4 address, or a DNS name of host labels separated by dots (at most 253). */
export function hostOrEmpty(value: unknown): string | undefined {
	const message = "must be a host name or an IPv4 address";
	if (value === "") return undefined;
	if (typeof value !== "string" || value.length > 253) return message;
	if (parseIpv4(value) >= 0) return undefined;
	let start = 0;
	for (let i = 0; i <= value.length; i++) {
		if (i < value.length && value.charCodeAt(i) !== 0x2e) continue;
		if (hostLabel(value.slice(start, i)) !== undefined) return message;
		start = i + 1;
	}
	return undefined;
}

/** A WPA passphrase as an access point takes it: 8 to 63 printable ASCII characters or 64 hex digits; "" for an open network. */
export function wpaPassword(value: unknown): string | undefined {
	const message = 'must be 8 to 63 printable ASCII characters, 64 hex digits, or "" for an open network';
	if (value === "") return undefined;
	if (typeof value !== "string" || value.length < 8 || value.length > 64) return message;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		const ok = value.length === 64 ? hexDigit(c) >= 0 : c >= 0x20 && c < 0x7f;
		if (!ok) return message;
	}
	return undefined;
}

const AREAS: readonly string[] = Object.freeze(
	CAPACITY_TARIFFS.map((t) => t.area).filter((area, i, all) => all.indexOf(area) === i),
);
const AREA_MESSAGE = `must be "" (the default area) or one of ${AREAS.join(", ")}`;

/** A Fluvius grid area the tariff table knows, or "" for its default. */
export function gridArea(value: unknown): string | undefined {
	return value === "" || (typeof value === "string" && AREAS.indexOf(value) >= 0) ? undefined : AREA_MESSAGE;
}

/** Dotted IPv4 address, or "" for unset. */
export function ipv4OrEmpty(value: unknown): string | undefined {
	if (value === "") return undefined;
	return typeof value === "string" && parseIpv4(value) >= 0 ? undefined : "must be an IPv4 address like 192.168.1.20";
}

/** Dotted IPv4 net mask with contiguous ones (/1 to /32), or "" for unset. */
export function maskOrEmpty(value: unknown): string | undefined {
	if (value === "") return undefined;
	const mask = typeof value === "string" ? parseIpv4(value) : -1;
	return mask > 0 && isMask(mask) ? undefined : "must be a net mask like 255.255.255.0";
}

/** A finite number in [min, max], or null. */
export function numberOrNull(min: number, max: number): Check {
	const message = `must be a number from ${min} to ${max}, or null`;
	return (value) =>
		value === null || (typeof value === "number" && value >= min && value <= max) ? undefined : message;
}

/** An integer in [min, max]. */
export function integer(min: number, max: number): Check {
	const message = `must be a whole number from ${min} to ${max}`;
	return (value) =>
		typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? undefined : message;
}

/**
 * An MQTT topic prefix: 1 to 64 levels of letters, digits, '_' and '-' separated by single '/',
 * so no wildcard ('+', '#'), no empty level and nothing a broker or Home Assistant reads otherwise.
 */
export function mqttTopic(value: unknown): string | undefined {
	const message = "must be 1 to 64 letters, digits, '_' or '-', in levels separated by single '/'";
	if (typeof value !== "string" || value.length < 1 || value.length > 64) return message;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		const slash = c === 0x2f;
		if (slash ? i === 0 || i === value.length - 1 || value.charCodeAt(i - 1) === 0x2f : !isTopicChar(c)) return message;
	}
	return undefined;
}

/** "" (unset), or an http:// or https:// URL of at most 256 printable ASCII characters with a host. */
export function httpUrlOrEmpty(value: unknown): string | undefined {
	const message = 'must be "" or an http:// or https:// address of at most 256 characters, without spaces';
	if (value === "") return undefined;
	if (typeof value !== "string" || value.length > 256) return message;
	const scheme = value.indexOf("://");
	const name = value.slice(0, scheme);
	if (scheme < 0 || (name !== "http" && name !== "https")) return message;
	const rest = scheme + 3;
	if (rest >= value.length || value.charCodeAt(rest) === 0x2f) return message; // no host
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c <= 0x20 || c >= 0x7f) return message;
	}
	return undefined;
}

/** IPv4 text to an unsigned 32-bit number, -1 when it is not 4 decimal parts of 0..255 without leading zeros. */
export function parseIpv4(value: string): number {
	let result = 0;
	let part = 0;
	let digits = 0;
	let parts = 0;
	const length = textLength(value); // read once: see util/chars.ts
	for (let i = 0; i <= length; i++) {
		const c = i < length ? charCode(value, i) : 0x2e;
		if (c === 0x2e) {
			if (digits === 0 || parts === 4) return -1;
			result = result * 256 + part;
			parts++;
			part = 0;
			digits = 0;
		} else if (c >= 0x30 && c <= 0x39) {
			if (digits > 0 && part === 0) return -1; // leading zero: some stacks read it as octal
			part = part * 10 + (c - 0x30);
			digits++;
			if (part > 255) return -1;
		} else return -1;
	}
	return parts === 4 ? result : -1;
}

export function isMask(mask: number): boolean {
	const host = ~mask >>> 0;
	return ((host + 1) & host) === 0;
}

function isAlnum(c: number): boolean {
	return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isTopicChar(c: number): boolean {
	return isAlnum(c) || c === 0x5f || c === 0x2d;
}

function hasControl(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 0x20 || c === 0x7f) return true;
	}
	return false;
}
