// The dashboard's files for the PC host: built from web/ when missing or older than its source,
// then read once into memory (gzipped, by name) for the core's asset route.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type AssetTable = ReadonlyMap<string, Uint8Array>;

const GZ = ".gz";

/** Every `<name>.gz` of `dir` by `<name>`; empty when the directory is absent. */
export function readAssets(dir: string): AssetTable {
	const table = new Map<string, Uint8Array>();
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return table;
	}
	for (const name of names)
		if (name.endsWith(GZ)) table.set(name.slice(0, -GZ.length), new Uint8Array(readFileSync(path.join(dir, name))));
	return table;
}

/**
 * Builds the dashboard when needed and reads it. Only when run from source (tsx): a bundled host
 * (the e2e tests') serves what build/web holds. Without esbuild (an install that left it out) or
 * on a failed build it says so in one line and serves what is there: the API is served anyway.
 */
export async function prepareAssets(warn: (message: string) => void): Promise<AssetTable> {
	const root = packageRoot(__dirname);
	if (__filename.endsWith(".ts")) {
		try {
			// a path, not a literal: a bundler leaves the build script (and esbuild) out of a bundled host
			const builder: typeof import("../../../scripts/web-build") = await import(
				path.join(root, "scripts", "web-build.ts")
			);
			if (builder.isStale()) await builder.buildWeb();
		} catch (e) {
			warn(`dashboard not built (${firstLine(e)}): serving the API only`);
		}
	}
	return readAssets(path.join(root, "build", "web"));
}

/** The nearest directory at or above `dir` that holds package.json. */
function packageRoot(dir: string): string {
	for (let at = dir; ; at = path.dirname(at)) {
		if (existsSync(path.join(at, "package.json"))) return at;
		if (path.dirname(at) === at) return dir;
	}
}

/** esbuild's first message ("Could not resolve \"preact\""), else the error's first line. */
function firstLine(e: unknown): string {
	const errors = (e as { errors?: { text?: string }[] } | null)?.errors;
	if (Array.isArray(errors) && typeof errors[0]?.text === "string") return errors[0].text;
	return String(e instanceof Error ? e.message : e).split("\n")[0];
}
