// JSON responses with the headers every route sends. Error bodies are fixed texts: nothing from
// the request is echoed back, so no response can carry what a client (or a password) put in.

import { utf8Length } from "../config/utf8";
import type { ApiResponse } from "./types";

export const JSON_TYPE = "application/json; charset=utf-8";

/** Cache policies: live data is never stored; closed quarters do not change; summaries do. */
export const Cache = Object.freeze({
	None: "no-store",
	Revalidate: "private, no-cache",
	Hour: "private, max-age=3600",
} as const);

const ERRORS: Readonly<Record<number, string>> = Object.freeze({
	400: '{"error":"bad request"}',
	401: '{"error":"login required"}',
	403: '{"error":"request from another site refused"}',
	404: '{"error":"not found"}',
	405: '{"error":"method not allowed"}',
	413: '{"error":"body too large"}',
	414: '{"error":"target too long"}',
	415: '{"error":"unsupported content-type"}',
	421: '{"error":"host is not a name of this device"}',
	429: '{"error":"too many failed logins"}',
	431: '{"error":"headers too large"}',
	500: '{"error":"internal error"}',
});

export function jsonResponse(status: number, body: string, cache: string): ApiResponse {
	return {
		status,
		headers: {
			"content-type": JSON_TYPE,
			"content-length": String(utf8Length(body)),
			"cache-control": cache,
			"x-content-type-options": "nosniff",
		},
		body,
	};
}

/** A small JSON error; `status` must be one of the statuses above (others become 500). */
export function errorResponse(status: number): ApiResponse {
	const body = ERRORS[status];
	return body === undefined ? jsonResponse(500, ERRORS[500], Cache.None) : jsonResponse(status, body, Cache.None);
}

/** A JSON error with a message of the route's own (a fixed text: never anything from the request). */
export function errorMessage(status: number, message: string): ApiResponse {
	return jsonResponse(status, JSON.stringify({ error: message }), Cache.None);
}
