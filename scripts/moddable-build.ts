// Builds the firmware's app with the Moddable SDK's mcconfig: the dashboard first (it is embedded
// as data), then `mcconfig -m -p <platform> -o <dir> -t build`. `-t build` only builds: without it
// a debug lin build runs the SDK makefile's launch step, which stops every simulator on the machine.
// For a board, `-t deploy` flashes it as well (npm run build:c3 -- -t deploy).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildWeb, isStale, ROOT } from "./web-build";

export interface ModdableBuild {
	/** mcconfig's -p: "lin", "esp32:<board dir>". */
	platform: string;
	/** Output folder (mcconfig -o); created when missing. */
	outDir: string;
	/** An instrumented release build (-i): the simulator prints heap and stack figures every second. */
	instrument?: boolean;
	/** mc/config entries set on the command line (key=value), over the manifest's. */
	config?: Record<string, string | number>;
	/** mcconfig's -t: "build" (default), or "deploy" to flash a board too. */
	target?: string;
}

/** The boards of boards/ by the name npm run build:<name> uses: mcconfig's -p (relative: mcconfig lowercases it). */
export const BOARDS: Readonly<Record<string, string>> = Object.freeze({
	c3: "esp32:./boards/ttgo_t8_c3",
	s2: "esp32:./boards/ttgo_t8_s2",
});

const TARGETS: readonly string[] = Object.freeze(["build", "deploy", "clean"]);

/** The SDK's build/bin folder per Node platform: its tools are built for the machine they run on. */
const HOST_BIN: Readonly<Record<string, string>> = Object.freeze({ linux: "lin", darwin: "mac", win32: "win" });

/** Where the SDK's built tools are for a host platform (process.platform); undefined for one it does not support. */
export function sdkToolsDir(sdk: string, platform: string): string | undefined {
	const host = HOST_BIN[platform];
	return host === undefined ? undefined : path.join(sdk, "build", "bin", host, "release");
}

/** The SDK's tools on PATH, from $MODDABLE; undefined when it is not set or has no built mcconfig. */
export function sdkBin(): string | undefined {
	const sdk = process.env.MODDABLE;
	if (!sdk) return undefined;
	const bin = sdkToolsDir(sdk, process.platform);
	if (bin === undefined) return undefined;
	const tool = process.platform === "win32" ? "mcconfig.exe" : "mcconfig";
	return fs.existsSync(path.join(bin, tool)) ? bin : undefined;
}

export function sdkEnv(bin: string): NodeJS.ProcessEnv {
	return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
}

/** The simulator library a lin build makes: mcconfig names the app after the manifest's folder. */
export function linLibrary(outDir: string, instrument = false): string {
	return path.join(outDir, "bin", "lin", "mc", instrument ? "instrument" : "release", path.basename(ROOT), "mc.so");
}

/** Runs the build; throws with mcconfig's last lines when it fails. Returns its output. */
export async function buildModdable(options: ModdableBuild): Promise<string> {
	const bin = sdkBin();
	if (bin === undefined) throw new Error("MODDABLE does not point at a Moddable SDK with built tools");
	if (isStale()) await buildWeb();
	fs.mkdirSync(options.outDir, { recursive: true });
	const target = options.target ?? "build";
	if (TARGETS.indexOf(target) < 0) throw new Error(`-t ${target}: use ${TARGETS.join(", ")}`);
	const args = ["-m", "-p", options.platform, "-o", path.resolve(options.outDir), "-t", target];
	if (options.instrument) args.push("-i");
	for (const [key, value] of Object.entries(options.config ?? {})) args.push(`${key}=${value}`);
	const run = spawnSync("mcconfig", args, { cwd: ROOT, env: sdkEnv(bin), encoding: "utf8", maxBuffer: 64 << 20 });
	const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
	if (run.status !== 0)
		throw new Error(
			`mcconfig ${args.join(" ")} failed (${run.error?.message ?? `exit ${run.status}`}):\n${output.split("\n").slice(-30).join("\n")}`,
		);
	return output;
}

if (require.main === module) {
	// npm run build:lin [-- -i] [key=value ...]; npm run build:c3 / build:s2 [-- -t deploy] [-i] [key=value ...]
	const argv = process.argv.slice(2);
	const board = argv.indexOf("--board") >= 0 ? argv[argv.indexOf("--board") + 1] : undefined;
	const target = argv.indexOf("-t") >= 0 ? argv[argv.indexOf("-t") + 1] : undefined;
	const instrument = argv.includes("-i");
	const config: Record<string, string> = {};
	for (const a of argv) {
		const eq = a.indexOf("=");
		if (eq > 0) config[a.slice(0, eq)] = a.slice(eq + 1);
	}
	const name = board === undefined ? "lin" : board;
	const platform = board === undefined ? "lin" : BOARDS[board];
	const outDir = path.join(ROOT, "build", "moddable");
	const run =
		platform === undefined
			? Promise.reject(new Error(`unknown board ${board}: ${Object.keys(BOARDS).join(", ")}`))
			: buildModdable({ platform, outDir, instrument, config, target });
	run.then(
		() =>
			console.log(
				board === undefined
					? `built ${path.relative(process.cwd(), linLibrary(outDir, instrument))}`
					: `built ${name} in ${path.relative(process.cwd(), outDir)}/bin/esp32`,
			),
		(e: Error) => {
			console.error(`build:${name}: ${e.message}`);
			process.exitCode = 1;
		},
	);
}
