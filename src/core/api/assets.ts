// The dashboard's files, served without the login: they hold no data (every figure comes from the
// API, which asks for the login and so brings up the browser's prompt). The host keeps them
// gzipped by file name (build/web on a PC, the firmware's resources on the device); names are flat.

import type { ApiContext, ApiRequest, ApiResponse } from "./types";

/** Content types by extension: only these names are looked up, anything else goes to the routes. */
const TYPES: Readonly<Record<string, string>> = Object.freeze({
	html: "text/html; charset=utf-8",
	js: "text/javascript; charset=utf-8",
	css: "text/css; charset=utf-8",
	svg: "image/svg+xml",
	webmanifest: "application/manifest+json",
	png: "image/png",
	ico: "image/x-icon",
});

const INDEX = "index.html";
/** A name with a content hash ("app.0123456789.js") never changes: the browser keeps it for good. */
const HASH_LENGTH = 10;
const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html and the manifest name the hashed files, so the browser asks again each time. */
const REVALIDATE = "no-cache";

/** The asset's name for a request path ("/" is index.html), undefined when the path cannot name one. */
export function assetName(path: string): string | undefined {
	if (path === "/") return INDEX;
	if (path.charCodeAt(0) !== 47 || path.length > 64) return undefined;
	const name = path.slice(1);
	const dot = name.lastIndexOf(".");
	if (dot <= 0 || !Object.hasOwn(TYPES, name.slice(dot + 1))) return undefined;
	for (let i = 0; i < name.length; i++) if (!isNameChar(name.charCodeAt(i))) return undefined;
	return name;
}

/** The asset for a GET or HEAD of `path`, undefined when it is not one (the routes and the login decide then). */
export function serveAsset(path: string, request: ApiRequest, context: ApiContext): ApiResponse | undefined {
	if (context.asset === undefined || (request.method !== "GET" && request.method !== "HEAD")) return undefined;
	const name = assetName(path);
	if (name === undefined) return undefined;
	const bytes = context.asset(name);
	if (bytes === undefined) return undefined;
	return {
		status: 200,
		headers: {
			"content-type": TYPES[name.slice(name.lastIndexOf(".") + 1)],
			"content-encoding": "gzip",
			"content-length": String(bytes.length),
			"cache-control": isHashed(name) ? IMMUTABLE : REVALIDATE,
			"x-content-type-options": "nosniff",
		},
		body: bytes,
	};
}

/** "name.<10 hex digits>.ext" */
function isHashed(name: string): boolean {
	const end = name.lastIndexOf(".");
	const start = end - HASH_LENGTH - 1;
	if (start <= 0 || name.charCodeAt(start) !== 46) return false;
	for (let i = start + 1; i < end; i++) {
		const c = name.charCodeAt(i);
		if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
	}
	return true;
}

/** Letters, digits, "-", "_" and ".": no "/", so a name never reaches past the flat set of assets. */
function isNameChar(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;
}
