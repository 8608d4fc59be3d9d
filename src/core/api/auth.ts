// HTTP Basic login. The login is the WiFi SSID and password, as the original documents, or the
// separate `auth` login when one is configured (then the WiFi password no longer opens the API:
// people share their WiFi password with guests). A login with an empty part accepts nobody.

import type { Config } from "../config/schema";
import { utf8Encode } from "../config/utf8";
import { charCode, textLength } from "../util/chars";
import { decodeBase64Into } from "./base64";
import { errorResponse } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

const REALM = 'Basic realm="digimon"';

/** Longest Authorization value looked at: user (32 bytes) + ":" + password (64 bytes), base64, with room. */
const MAX_CREDENTIALS = 256;

/**
 * The decoded credentials, made once, at the first login check: a check allocates nothing (see
 * util/chars.ts for the rest). Not made at module level: the firmware preloads this module, and a
 * buffer made while preloading lives in flash, read-only (the first login would throw).
 */
let given: Uint8Array | undefined;

/** Verdicts of checkLogin. */
export const Login = Object.freeze({
	/** No Authorization header, or another scheme: ask for a login, count nothing. */
	Missing: 0,
	/** Basic credentials that are malformed or wrong: a failed attempt. */
	Wrong: 1,
	Valid: 2,
} as const);
export type Login = (typeof Login)[keyof typeof Login];

/** The user and password that open the API, or undefined when none can (fails closed). */
export function expectedLogin(config: Config): { user: string; password: string } | undefined {
	const auth = config.auth;
	if (auth.user !== "" || auth.password !== "") return auth.user !== "" && auth.password !== "" ? auth : undefined;
	const wifi = config.wifi;
	return wifi.ssid !== "" && wifi.password !== "" ? { user: wifi.ssid, password: wifi.password } : undefined;
}

/** Judges the Authorization header `value` against the login of `config`. */
export function checkLogin(value: string | undefined, config: Config): Login {
	if (value === undefined) return Login.Missing;
	const length = textLength(value);
	let start = skipSpaces(value, 0, length);
	if (!isBasic(value, start)) return Login.Missing; // another scheme can never succeed, so it is no guess to count
	if (start + 5 === length) return Login.Wrong; // "Basic" without credentials
	if (charCode(value, start + 5) !== 0x20) return Login.Missing; // a scheme that merely starts with "basic"
	start = skipSpaces(value, start + 5, length);
	let end = length;
	while (end > start && charCode(value, end - 1) === 0x20) end--;
	if (end - start > MAX_CREDENTIALS) return Login.Wrong;
	const into = (given ??= new Uint8Array((MAX_CREDENTIALS / 4) * 3));
	const count = decodeBase64Into(value, start, end, into);
	const login = expectedLogin(config);
	if (count < 0 || login === undefined) return Login.Wrong;
	const forms = loginBytes(login.user + ":" + login.password);
	// Browsers send UTF-8 today; some older ones sent ISO-8859-1 for non-ASCII. Both forms are
	// compared, without stopping at the first match, so the time taken does not tell which one nearly matched.
	const utf8 = sameBytes(into, forms.utf8, count);
	const latin1 = forms.latin1 !== undefined && sameBytes(into, forms.latin1, count);
	return utf8 || latin1 ? Login.Valid : Login.Wrong;
}

/** The two byte forms of the last login checked, made again only when the login changes. */
const known: { pair: string; utf8: Uint8Array; latin1: Uint8Array | undefined } = {
	pair: "",
	utf8: new Uint8Array(0),
	latin1: new Uint8Array(0),
};

function loginBytes(pair: string): typeof known {
	if (pair !== known.pair) {
		known.utf8 = utf8Encode(pair);
		known.latin1 = latin1Encode(pair);
		known.pair = pair;
	}
	return known;
}

/** True when "basic" (without case) starts at `at`. */
function isBasic(value: string, at: number): boolean {
	for (let i = 0; i < 5; i++) if ((charCode(value, at + i) | 0x20) !== charCode("basic", i)) return false; // | 0x20: lower case of a letter
	return true;
}

/**
 * Compares the first `aLength` bytes of `a` with `b` in time that depends only on the lengths, not
 * on where the first difference is.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array, aLength = a.length): boolean {
	let diff = aLength ^ b.length;
	const length = aLength > b.length ? aLength : b.length;
	for (let i = 0; i < length; i++) diff |= (i < aLength ? a[i] : 0) ^ (i < b.length ? b[i] : 0);
	return diff === 0;
}

/** ISO-8859-1 bytes of `text`, undefined when a character lies beyond U+00FF. */
function latin1Encode(text: string): Uint8Array | undefined {
	const bytes = new Uint8Array(textLength(text));
	for (let i = 0; i < bytes.length; i++) {
		const c = charCode(text, i);
		if (c > 0xff) return undefined;
		bytes[i] = c;
	}
	return bytes;
}

function skipSpaces(value: string, at: number, length: number): number {
	while (at < length && charCode(value, at) === 0x20) at++;
	return at;
}

/**
 * First setup: a device fresh from the box (or after the BOOT erase) has no WiFi network saved,
 * so no login can exist that its owner knows. While it is in setup mode then (its access point up,
 * said by the host) the setup routes (Route.setup: the settings and the network list) are served
 * without one. Once a network is saved the login is needed again, in setup mode too: someone
 * joining the access point of a device whose router is down must not take it over.
 */
export function setupOpen(context: ApiContext): boolean {
	return context.setupMode?.() === true && context.config().wifi.ssid === "";
}

/**
 * The response refusing `request`, or undefined when its login is valid. Credentials are not even
 * looked at while the throttle says wait, so guesses cannot continue at full speed.
 */
export function authorize(request: ApiRequest, context: ApiContext): ApiResponse | undefined {
	const header = request.headers.authorization;
	if (header === undefined) return challenge();
	const remote = request.remote ?? "";
	const throttle = context.throttle;
	const wait = throttle.wait(remote);
	if (wait > 0) {
		const response = errorResponse(429);
		response.headers["retry-after"] = String(Math.ceil(wait / 1000));
		return response;
	}
	const verdict = checkLogin(header, context.config());
	if (verdict === Login.Valid) {
		throttle.succeeded(remote);
		return undefined;
	}
	if (verdict === Login.Wrong) throttle.failed(remote);
	return challenge();
}

function challenge(): ApiResponse {
	const response = errorResponse(401);
	response.headers["www-authenticate"] = REALM;
	return response;
}
