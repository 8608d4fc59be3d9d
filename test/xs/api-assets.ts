// XS conformance for the dashboard's files: which paths name an asset, and the answers (headers
// and the order of checks) with and without the login. test/api/assets.test.ts says what they must be.

import { assetName } from "../../src/core/api/assets";
import { handle } from "../../src/core/api/handle";
import { newPeakWarning } from "../../src/core/api/peak-warning";
import { LoginThrottle } from "../../src/core/api/throttle";
import type { ApiContext } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { newReading } from "../../src/core/dsmr/parse";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import type { XsCase } from "./support/case";

const BYTES = new Uint8Array([31, 139, 8, 0, 1, 2, 3]);
const NAMES = ["index.html", "app.0123456789.js", "app.0123456789.css", "app.012345678g.js", "icon.svg"];

function names(): string {
	const paths = [
		"/",
		"/icon.svg",
		"/app.0123456789.js",
		"/a/b.js",
		"/.css",
		"/x.json",
		"/v1/now",
		"/a-b_c.9.webmanifest",
	];
	return paths.map((p) => JSON.stringify({ path: p, name: assetName(p) ?? null })).join("\n");
}

function answers(): string {
	let ms = 0;
	const config = parseConfig('{"wifi":{"ssid":"Thuis","password":"geheim123"}}').config;
	const context: ApiContext = {
		config: () => config,
		currentQuarter: () => undefined,
		monthPeak: () => undefined,
		readMeterFile: () => undefined,
		throttle: new LoginThrottle({ now: () => (ms += 1000) }),
		status: () => ({}) as QuarterStatus,
		reading: () => newReading(),
		listMeterDir: () => [],
		warning: newPeakWarning(),
		peakSources: () => false,
		asset: (name) => (NAMES.indexOf(name) >= 0 ? BYTES : undefined),
	};
	const lines: string[] = [];
	for (const [method, target, host] of [
		["GET", "/", "digimon.local"],
		["HEAD", "/", "digimon.local"],
		["GET", "/app.0123456789.js", "digimon.local"],
		["GET", "/app.0123456789.css", "digimon.local"],
		["GET", "/app.012345678g.js", "digimon.local"],
		["GET", "/icon.svg", "digimon.local"],
		["GET", "/missing.js", "digimon.local"],
		["POST", "/", "digimon.local"],
		["GET", "/", "elders.example"],
	]) {
		const response = handle({ method, target, headers: { host }, remote: "10.0.0.2" }, context);
		const body = typeof response.body === "string" ? response.body : Array.from(response.body as Uint8Array).join(",");
		lines.push(JSON.stringify({ method, target, status: response.status, headers: response.headers, body }));
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "api: asset names from request paths", run: names },
	{ name: "api: dashboard files without the login, the rest behind it", run: answers },
];
