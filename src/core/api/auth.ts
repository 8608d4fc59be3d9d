// HTTP Basic login. The login is the WiFi SSID and password, as the original documents, or the
// separate `auth` login when one is configured (then the WiFi password no longer opens the API:
// people share their WiFi password with guests). A login with an empty part accepts nobody.

import type { Config } from "../config/schema";
import { utf8Encode } from "../config/utf8";
import { decodeBase64 } from "./base64";
import { errorResponse } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

const REALM = 'Basic realm="digimon"';

/** Longest Authorization value looked at: user (32 bytes) + ":" + password (64 bytes), base64, with room. */
const MAX_CREDENTIALS = 256;

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
	let start = skipSpaces(value, 0);
	if (value.slice(start, start + 5).toLowerCase() !== "basic") return Login.Missing; // another scheme can never succeed, so it is no guess to count
	if (start + 5 === value.length) return Login.Wrong; // "Basic" without credentials
	if (value.charCodeAt(start + 5) !== 0x20) return Login.Missing; // a scheme that merely starts with "basic"
	start = skipSpaces(value, start + 5);
	let end = value.length;
	while (end > start && value.charCodeAt(end - 1) === 0x20) end--;
	if (end - start > MAX_CREDENTIALS) return Login.Wrong;
	const given = decodeBase64(value.slice(start, end));
	const login = expectedLogin(config);
	if (given === undefined || login === undefined) return Login.Wrong;
	const pair = login.user + ":" + login.password;
	// Browsers send UTF-8 today; some older ones sent ISO-8859-1 for non-ASCII. Both forms are
	// compared, without stopping at the first match, so the time taken does not tell which one nearly matched.
	const utf8 = sameBytes(given, utf8Encode(pair));
	const latin1Pair = latin1Encode(pair);
	const latin1 = latin1Pair !== undefined && sameBytes(given, latin1Pair);
	return utf8 || latin1 ? Login.Valid : Login.Wrong;
}

/** Compares in time that depends only on the lengths, not on where the first difference is. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	let diff = a.length ^ b.length;
	const length = a.length > b.length ? a.length : b.length;
	for (let i = 0; i < length; i++) diff |= (i < a.length ? a[i] : 0) ^ (i < b.length ? b[i] : 0);
	return diff === 0;
}

/** ISO-8859-1 bytes of `text`, undefined when a character lies beyond U+00FF. */
function latin1Encode(text: string): Uint8Array | undefined {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c > 0xff) return undefined;
		bytes[i] = c;
	}
	return bytes;
}

function skipSpaces(value: string, at: number): number {
	while (at < value.length && value.charCodeAt(at) === 0x20) at++;
	return at;
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
