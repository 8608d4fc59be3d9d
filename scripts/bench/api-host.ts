// The PC host as the API bench and the load test run it: bundled once (test/e2e/host.ts), first
// at full speed over BENCH_DAY so a day of history is on disk (it stops itself at --until),
// then restarted on the same data directory at real-time speed, serving HTTP on loopback while
// the simulated meter continues the same household one telegram a second. Between the two the
// HomeWizard-compatible API is switched on in config.json: its routes are bench rows too.

import fs from "node:fs";
import path from "node:path";
import { basic, type HostRun, runHost } from "../../test/e2e/host";
import { BENCH_DAY } from "./api-routes";

export interface ServingHost {
	run: HostRun;
	/** "http://127.0.0.1:port" */
	base: string;
	auth: string;
	pid: number;
	stop(): Promise<void>;
}

/** Runs the simulated day into `dataDir` (a fresh directory) and waits for the host to stop. */
export async function fillDay(bundle: string, dataDir: string): Promise<void> {
	const run = runHost(bundle, [
		"--data-dir",
		dataDir,
		"--port",
		"0",
		"--host",
		"127.0.0.1",
		"--speed",
		"max",
		"--seed",
		String(BENCH_DAY.seed),
		"--start",
		BENCH_DAY.start,
		"--until",
		BENCH_DAY.until,
	]);
	const { code, signal } = await run.exited;
	if (code !== 0) throw new Error(`host filling the day exited with ${code ?? signal}:\n${run.output()}`);
	switchHomewizardOn(dataDir);
}

/** The HomeWizard-compatible API is off by default; its routes are bench rows, so the bench switches it on. */
function switchHomewizardOn(dataDir: string): void {
	const file = path.join(dataDir, "config.json");
	const config = JSON.parse(fs.readFileSync(file, "utf8")) as { homewizard?: { enabled?: boolean } };
	config.homewizard = { ...config.homewizard, enabled: true };
	fs.writeFileSync(file, JSON.stringify(config, null, "\t"));
}

/** Serves `dataDir` (filled by fillDay) at real-time speed; `nodeArgs` go to node, before the bundle. */
export async function serveDay(bundle: string, dataDir: string, nodeArgs: string[] = []): Promise<ServingHost> {
	const run = runHost(bundle, ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], nodeArgs);
	try {
		const [, base] = await run.waitFor(/on (http:\/\/127\.0\.0\.1:\d+)\//);
		const [, user, password] = await run.waitFor(/login: user "([^"]+)", password "([^"]+)"/);
		// the first telegram after the catch-up: /v1/now and /current/quarter have something to say
		await run.waitFor(/simulated meter .* at 1x speed/);
		return {
			run,
			base,
			auth: basic(user, password),
			pid: run.child.pid ?? NaN,
			async stop() {
				run.child.kill("SIGTERM");
				await run.exited;
			},
		};
	} catch (e) {
		run.child.kill("SIGKILL");
		throw e;
	}
}

/** Resident set of a process, bytes (Linux /proc; NaN elsewhere). */
export function residentBytes(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
		return m ? Number(m[1]) * 1024 : NaN;
	} catch {
		return NaN;
	}
}
