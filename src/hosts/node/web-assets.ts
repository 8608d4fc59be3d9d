// The dashboard's files for the PC host: built from web/ when missing or older than its source,
// then read once into memory (gzipped, by name) for the core's asset route.

import { readdirSync, readFileSync } from "node:fs";
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
 * Builds the dashboard when needed and reads it. Without esbuild (an install that left it out) or
 * on a failed build it says so in one line and returns what is there: the API is served anyway.
 */
export async function prepareAssets(warn: (message: string) => void): Promise<AssetTable> {
	let outDir = path.resolve(__dirname, "../../../build/web");
	try {
		const builder = await import("../../../scripts/web-build");
		outDir = builder.OUT_DIR;
		if (builder.isStale()) await builder.buildWeb();
	} catch (e) {
		warn(`dashboard not built (${firstLine(e)}): serving the API only`);
	}
	return readAssets(outDir);
}

function firstLine(e: unknown): string {
	return String(e instanceof Error ? e.message : e).split("\n")[0];
}
