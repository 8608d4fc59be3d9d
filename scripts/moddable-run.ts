// Runs a lin build of the firmware in the simulator, headless, with its P1 port on a
// pseudo-terminal: what the firmware test and the memory measurement share.

import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import type { SimMeter } from "../src/sim/meter";

/** A child in its own process group, so that stopping it stops what it started (Xvfb, mcsim). */
export interface Child {
	process: ChildProcess;
	output(): string;
	waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startChild(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
	const child = spawn(command, args, { cwd, env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
	let text = "";
	child.stdout?.on("data", (d: Buffer) => (text += d.toString("utf8")));
	child.stderr?.on("data", (d: Buffer) => (text += d.toString("utf8")));
	return {
		process: child,
		output: () => text,
		async waitFor(pattern, ms = 30000) {
			for (const until = Date.now() + ms; Date.now() < until; ) {
				const m = text.match(pattern);
				if (m) return m;
				if (child.exitCode !== null) break;
				await sleep(50);
			}
			throw new Error(`not seen: ${pattern}\n${text}`);
		},
	};
}

/** Stops the child's whole process group, by its id. */
export function stopChild(child: Child | undefined): void {
	const pid = child?.process.pid;
	if (pid === undefined || child?.process.exitCode !== null) return;
	try {
		process.kill(-pid, "SIGKILL");
	} catch {
		// already gone
	}
}

/** A pseudo-terminal whose slave end is linked at `link`; its stdin goes to the master end. */
export async function startPty(link: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Child> {
	const pty = startChild("python3", [path.join(__dirname, "pty-feed.py"), link], cwd, env);
	await pty.waitFor(/ready/);
	return pty;
}

/** The simulator on `library`, in `cwd`, stopped by `timeout` after `seconds` at the latest. */
export function startSimulator(library: string, cwd: string, env: NodeJS.ProcessEnv, seconds = 300): Child {
	return startChild(
		"timeout",
		["-s", "INT", String(seconds), "xvfb-run", "-a", "stdbuf", "-oL", "mcsim", library],
		cwd,
		env,
	);
}

/** Writes the meter's telegrams into the pty, `perTurn` every `pauseMs`, until `until` (UTC ms). */
export async function feed(
	pty: ChildProcess,
	meter: SimMeter,
	until: number,
	perTurn = 20,
	pauseMs = 5,
): Promise<number> {
	const stdin = pty.stdin as NodeJS.WritableStream;
	let count = 0;
	let broken = false;
	stdin.on("error", () => (broken = true)); // the helper was stopped: a failed run ends here
	while (meter.time < until && !broken) {
		const batch: Buffer[] = [];
		for (let i = 0; i < perTurn && meter.time < until; i++, count++) batch.push(Buffer.from(meter.next()));
		if (!stdin.write(Buffer.concat(batch))) await new Promise((r) => stdin.once("drain", r));
		await sleep(pauseMs);
	}
	return count;
}

export interface Got {
	status: number;
	body: Buffer;
	text: string;
	headers: http.IncomingHttpHeaders;
}

export function request(
	port: number,
	method: string,
	target: string,
	headers: Record<string, string> = {},
	body?: string,
): Promise<Got> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: "127.0.0.1", port, path: target, method, headers, agent: false }, (res) => {
			const parts: Buffer[] = [];
			res.on("data", (d: Buffer) => parts.push(d));
			res.on("end", () => {
				const all = Buffer.concat(parts);
				resolve({ status: res.statusCode ?? 0, body: all, text: all.toString("utf8"), headers: res.headers });
			});
			res.on("error", reject);
		});
		req.on("error", reject);
		req.setTimeout(10000, () => req.destroy(new Error(`timeout: ${method} ${target}`)));
		req.end(body);
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const port = (server.address() as net.AddressInfo).port;
			server.close(() => resolve(port));
		});
	});
}
