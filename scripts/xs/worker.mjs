// Starts xsnap workers: a real XS engine (Moddable's, as on the device) in a child process,
// driven over pipes by @agoric/xsnap, which is installed in tools/xs (see tools.mjs). The xsnap API hardens what it exports and expects a
// locked-down realm, so the caller imports "@endo/init" before this module's startWorker is
// used; everything that needs an unlocked Node (esbuild, the Node-side runs) happens first.

import { spawn, spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import * as fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureXsTools, importTool, resolveTool } from "./tools.mjs";

const PLATFORMS = Object.freeze({ Linux: "lin", Darwin: "mac" });

export function xsnapPackageDir() {
	// src/index.js is the package's main; its directory's parent is the package root.
	return path.dirname(path.dirname(resolveTool("@agoric/xsnap")));
}

export function xsnapBinary() {
	const platform = PLATFORMS[os.type()];
	if (!platform) throw new Error(`xsnap does not support ${os.type()}`);
	return path.join(xsnapPackageDir(), "xsnap-native/xsnap/build/bin", platform, "release/xsnap-worker");
}

/**
 * The worker binary is compiled by the package's postinstall; an install with scripts disabled
 * (or a cache restored without build outputs, as on some CI runners) leaves it missing, so we
 * build it the way postinstall would rather than fail on a fresh clone.
 */
export function ensureXsnapBinary(log = (line) => console.log(line)) {
	ensureXsTools(log);
	const bin = xsnapBinary();
	if (existsSync(bin)) return bin;
	log(`xs: ${path.relative(process.cwd(), bin)} is missing, building it (npm run build:from-env)`);
	const r = spawnSync("npm", ["run", "build:from-env"], { cwd: xsnapPackageDir(), stdio: "inherit" });
	if (r.status !== 0 || !existsSync(bin)) throw new Error("could not build the xsnap worker binary");
	return bin;
}

/**
 * One XS engine. `onCommand(bytes)` answers the synchronous `issueCommand(ArrayBuffer)` calls
 * made by code running in XS; it must return a Uint8Array. Metering stays on (it is what
 * reports computrons) but without a limit: a conformance run over the whole corpus costs more
 * than the default per-delivery budget meant for blockchain vats.
 */
export async function startWorker({ name = "xs", onCommand }) {
	ensureXsnapBinary();
	const { xsnap } = await importTool("@agoric/xsnap");
	const tmp = (await importTool("tmp")).default;
	return xsnap({
		name,
		os: os.type(),
		spawn,
		fs: { ...fsp, createReadStream, tmpName: tmp.tmpName },
		stdout: "inherit",
		stderr: "inherit",
		meteringLimit: 0,
		handleCommand: async (message) => onCommand(message.slice()),
	});
}
