// The server of `npm run dev:web`: the dashboard from source (bundle.ts) at its own origin, and
// every other request forwarded to the monitor with the login added. The browser talks to one
// origin, so the device needs no CORS header and stays closed to other sites.
//
// Because this server adds the login, it must refuse what another site could make a browser
// send it, as the device does (src/core/api/cross-site.ts): a Host that is not this server's
// (DNS rebinding) and a state-changing request with a foreign Origin. What it forwards carries
// no Origin (the device accepts a change without one) and the device's own Host.

import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { changesState, isOwnHost, isOwnOrigin } from "../../src/core/api/cross-site";
import { STATIC_FILES } from "../web-build";
import { type DevBundle, devBundle, errorScript } from "./bundle";
import type { DevOptions } from "./options";

const TYPES: Readonly<Record<string, string>> = Object.freeze({
	".html": "text/html; charset=utf-8",
	".js": "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".webmanifest": "application/manifest+json",
	".svg": "image/svg+xml",
});
/** Built in memory; the rest of the local files are read from the source directory. */
const BUILT = Object.freeze(["app.js", "app.css"]);
/** Headers of one connection, not of the message (RFC 9110 7.6.1), and those this server sets itself. */
const NOT_FORWARDED = Object.freeze([
	"connection",
	"keep-alive",
	"proxy-connection",
	"proxy-authorization",
	"te",
	"trailer",
	"upgrade",
	"host",
	"origin",
	"referer",
	"cookie",
]);

export interface DevServer {
	/** "http://127.0.0.1:8000" */
	url: string;
	close(): Promise<void>;
}

export async function startDevServer(options: DevOptions, log: (line: string) => void): Promise<DevServer> {
	const bundle = await devBundle(options.webDir, log);
	const device = new URL(options.device);
	const login =
		options.user !== undefined && options.password !== undefined
			? "Basic " + Buffer.from(`${options.user}:${options.password}`).toString("base64")
			: undefined;
	const server = http.createServer((request, response) => {
		const refused = refuse(request);
		if (refused !== 0) {
			response.writeHead(refused, { "content-type": "text/plain" }).end(`dev:web refused this request (${refused})\n`);
			return;
		}
		const name = localName(request);
		if (name === undefined) forward(request, response, device, login, log);
		else
			void serveLocal(name, options.webDir, bundle, response).catch((e: Error) => {
				log(`dev:web: ${name}: ${e.message}`);
				if (!response.headersSent) response.writeHead(500).end();
				else response.destroy();
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port, options.host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	const shown = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
	return {
		url: `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			await bundle.dispose();
		},
	};
}

/** 0, or the status refusing what another site could have made the browser send. */
function refuse(request: http.IncomingMessage): number {
	const host = request.headers.host;
	if (host === undefined || !isOwnHost(host, "localhost", [])) return 421;
	const origin = request.headers.origin;
	if (changesState(request.method ?? "") && origin !== undefined && !isOwnOrigin(origin, host)) return 403;
	return 0;
}

/** The local file a GET or HEAD asks for ("index.html", "app.js", a static file), undefined for the device. */
function localName(request: http.IncomingMessage): string | undefined {
	if (request.method !== "GET" && request.method !== "HEAD") return undefined;
	const pathname = (request.url ?? "/").split("?")[0];
	if (pathname === "/" || pathname === "/index.html") return "index.html";
	const name = pathname.slice(1);
	return BUILT.includes(name) || STATIC_FILES.includes(name) ? name : undefined;
}

async function serveLocal(
	name: string,
	webDir: string,
	bundle: DevBundle,
	response: http.ServerResponse,
): Promise<void> {
	let body: string | Buffer;
	if (BUILT.includes(name)) {
		const built = await bundle.current();
		body =
			built.errors.length > 0 ? (name === "app.js" ? errorScript(built.errors) : "") : (built.files.get(name) ?? "");
	} else body = await readFile(path.join(webDir, name));
	response.writeHead(200, {
		"content-type": TYPES[path.extname(name)],
		"content-length": String(Buffer.byteLength(body)),
		"cache-control": "no-store",
	});
	response.end(response.req.method === "HEAD" ? undefined : body);
}

/**
 * Sends the request on to the device and its answer back, both streamed. With a login of its own,
 * a 401 loses its challenge: the browser would ask for a login that is this server's to send.
 * When the device cannot be reached the browser's connection is dropped, so the page shows
 * "unreachable" as it would without this server in between.
 */
function forward(
	request: http.IncomingMessage,
	response: http.ServerResponse,
	device: URL,
	login: string | undefined,
	log: (line: string) => void,
): void {
	const headers: http.OutgoingHttpHeaders = {};
	for (const [key, value] of Object.entries(request.headers)) if (!NOT_FORWARDED.includes(key)) headers[key] = value;
	headers.host = device.host;
	if (login !== undefined) headers.authorization = login;
	const outgoing = http.request(
		{ hostname: device.hostname, port: device.port || 80, method: request.method, path: request.url, headers },
		(answer) => {
			const back = { ...answer.headers };
			for (const key of NOT_FORWARDED) delete back[key];
			if (answer.statusCode === 401 && login !== undefined) {
				delete back["www-authenticate"];
				log(
					`dev:web: ${device.origin} refused the login (401) for ${request.method} ${request.url}: check --user and --password`,
				);
			}
			response.writeHead(answer.statusCode ?? 502, back);
			answer.pipe(response);
		},
	);
	outgoing.on("error", (e: NodeJS.ErrnoException) => {
		log(`dev:web: ${device.origin} unreachable (${e.code ?? e.message}) for ${request.method} ${request.url}`);
		response.destroy();
	});
	request.pipe(outgoing);
}
