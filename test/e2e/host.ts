// Runs the PC host (src/hosts/node/main.ts) as a child process, bundled once with esbuild so
// that the many restarts of the power-cut test cost milliseconds, not a TypeScript compile each.

import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const ROOT = path.resolve(__dirname, "../..");

export function bundleHost(entry = "src/hosts/node/main.ts"): string {
	// inside the repo, so that require("serialport") of the bundle finds node_modules
	fs.mkdirSync(path.join(ROOT, "build"), { recursive: true });
	const dir = fs.mkdtempSync(path.join(ROOT, "build", "host-"));
	const outfile = path.join(dir, "main.cjs");
	buildSync({
		entryPoints: [path.join(ROOT, entry)],
		bundle: true,
		platform: "node",
		format: "cjs",
		target: "node20",
		external: ["serialport"],
		outfile,
		logLevel: "error",
	});
	return outfile;
}

export interface HostRun {
	child: ChildProcess;
	output: () => string;
	/** Resolves with the first line matching `re` (rejects when the process exits first). */
	waitFor(re: RegExp): Promise<RegExpMatchArray>;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runHost(bundle: string, args: string[]): HostRun {
	const child = spawn(process.execPath, [bundle, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
	let out = "";
	const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
	const check = () => {
		for (let i = waiters.length - 1; i >= 0; i--) {
			const m = out.match(waiters[i].re);
			if (m) {
				waiters[i].resolve(m);
				waiters.splice(i, 1);
			}
		}
	};
	child.stdout!.on("data", (d: Buffer) => {
		out += d.toString();
		check();
	});
	child.stderr!.on("data", (d: Buffer) => {
		out += d.toString();
		check();
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		child.on("exit", (code, signal) => {
			for (const w of waiters.splice(0)) w.reject(new Error(`host exited (${code ?? signal}) before /${w.re.source}/:\n${out}`));
			resolve({ code, signal });
		});
	});
	return {
		child,
		output: () => out,
		waitFor(re) {
			const m = out.match(re);
			if (m) return Promise.resolve(m);
			return new Promise((resolve, reject) => waiters.push({ re, resolve, reject }));
		},
		exited,
	};
}

/** Every file below `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
	const found: string[] = [];
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else found.push(path.relative(dir, p));
		}
	};
	walk(dir);
	return found.sort();
}
