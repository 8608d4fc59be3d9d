// The XS engine lives in a package of its own, tools/xs (its own package.json and lockfile):
// @agoric/xsnap compiles Moddable's XS from C when installed, which `npm start` never needs,
// so the root install does not carry it and a machine without a C compiler can still run the
// monitor. The XS check and the bench install it here on first use.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const TOOLS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tools/xs");
const require = createRequire(path.join(TOOLS_DIR, "package.json"));

/** Resolves a package of tools/xs from there, not from the repository root. */
export function resolveTool(specifier) {
	return require.resolve(specifier);
}

/** Imports a package of tools/xs (ESM or CommonJS). */
export function importTool(specifier) {
	return import(pathToFileURL(resolveTool(specifier)).href);
}

/** Names of the lockfile's packages whose installed version differs (or that are missing). */
function stale() {
	const lock = JSON.parse(readFileSync(path.join(TOOLS_DIR, "package-lock.json"), "utf8"));
	const wanted = Object.keys(lock.packages[""].dependencies);
	return wanted.filter((name) => {
		const file = path.join(TOOLS_DIR, "node_modules", name, "package.json");
		if (!existsSync(file)) return true;
		return JSON.parse(readFileSync(file, "utf8")).version !== lock.packages[`node_modules/${name}`].version;
	});
}

/**
 * Installs tools/xs exactly as its lockfile says when a package is missing or at another
 * version; otherwise does nothing (a few file reads). Logs go to `log` (stdout would mix with
 * the bench's machine-read lines).
 */
export function ensureXsTools(log = (line) => console.log(line)) {
	const missing = stale();
	if (missing.length === 0) return;
	log(
		`xs: installing the XS engine into tools/xs (${missing.join(", ")}); compiling xsnap takes a minute or two, once`,
	);
	const npm = process.platform === "win32" ? "npm.cmd" : "npm";
	const r = spawnSync(npm, ["ci", "--prefix", TOOLS_DIR, "--no-audit", "--no-fund"], {
		stdio: ["ignore", process.stderr, process.stderr],
	});
	if (r.status !== 0)
		throw new Error(`npm ci in tools/xs failed (exit ${r.status ?? r.signal}); xsnap needs a C compiler and make`);
	const still = stale();
	if (still.length) throw new Error(`tools/xs still lacks ${still.join(", ")} after npm ci`);
}
