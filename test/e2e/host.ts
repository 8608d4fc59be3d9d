// Runs the PC host (src/hosts/node/main.ts) as a child process, bundled once with esbuild so
// that the many restarts of the power-cut test cost milliseconds, not a TypeScript compile each.

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
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

/** `nodeArgs`: options for node itself, before the bundle (the load test's --expose-gc). */
export function runHost(bundle: string, args: string[], nodeArgs: string[] = []): HostRun {
	const child = spawn(process.execPath, [...nodeArgs, bundle, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
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
			for (const w of waiters.splice(0))
				w.reject(new Error(`host exited (${code ?? signal}) before /${w.re.source}/:\n${out}`));
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

/**
 * Everything below `dir` as relative path -> content ("dir", "link -> target" or the bytes as
 * text), undefined when `dir` does not exist: a failed start must leave this unchanged.
 */
export function snapshot(dir: string): Record<string, string> | undefined {
	if (!fs.existsSync(dir)) return undefined;
	const found: Record<string, string> = {};
	const walk = (d: string) => {
		for (const name of fs.readdirSync(d).sort()) {
			const p = path.join(d, name);
			const rel = path.relative(dir, p);
			const st = fs.lstatSync(p);
			if (st.isSymbolicLink()) found[rel] = `link -> ${fs.readlinkSync(p)}`;
			else if (st.isDirectory()) {
				found[rel] = "dir";
				walk(p);
			} else found[rel] = fs.readFileSync(p, "latin1");
		}
	};
	walk(dir);
	return found;
}

export const basic = (user: string, password: string) =>
	"Basic " + Buffer.from(`${user}:${password}`).toString("base64");

export interface Got {
	status: number;
	text: string;
	headers: Record<string, string | string[] | undefined>;
}

/** node:http rather than fetch: jest's sandbox and undici's pooled sockets do not mix well. */
export function get(url: string, auth?: string): Promise<Got> {
	return new Promise((resolve, reject) => {
		const { hostname, port, pathname } = new URL(url.replace(/^(http:\/\/[^/]+).*$/, "$1"));
		const rawPath = url.slice(url.indexOf("/", 7)); // as written: URL() would resolve "..", a browser attacker's tool would not
		const request = http.get(
			{ hostname, port, path: rawPath || pathname, headers: auth ? { authorization: auth } : {}, agent: false },
			(response) => {
				let text = "";
				response.setEncoding("utf8");
				response.on("data", (d: string) => (text += d));
				response.on("end", () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
			},
		);
		request.on("error", reject);
		request.setTimeout(5000, () => request.destroy(new Error("timeout")));
	});
}
