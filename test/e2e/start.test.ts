// How the PC host starts and refuses to start: arguments, then files, then the lock on the data
// directory, then the HTTP port, and only then recovery and writing. Every refusal is one line
// (no stack trace: under a service manager that is a restart loop nobody can read) and leaves the
// data directory exactly as it was, or absent.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { CORPUS_DIR } from "../helpers/corpus";
import type { HostRun } from "./host";
import { basic, bundleHost, get, runHost, snapshot } from "./host";

let bundle: string;
let work: string;
const runs: HostRun[] = [];
let dirs = 0;

beforeAll(() => {
	bundle = bundleHost();
	work = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-start-"));
});

afterAll(() => {
	for (const r of runs) r.child.kill("SIGKILL");
	fs.rmSync(work, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

const START = "2026-06-01T18:00:30+02:00";
const REPLAY = path.join(CORPUS_DIR, "arduino-dsmr-fluvius/voorbeelden-stream.txt");

function newDir(): string {
	return path.join(work, `data-${++dirs}`);
}

function host(dataDir: string, extra: string[] = []): HostRun {
	const run = runHost(bundle, ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1", ...extra]);
	runs.push(run);
	return run;
}

/** Runs the host to its exit; it must refuse with `code` and a single line (no stack trace). */
async function refused(dataDir: string, extra: string[], code: number): Promise<string> {
	const run = host(dataDir, extra);
	const { code: got } = await run.exited;
	const out = run.output().trim();
	expect({ got, out }).toEqual({ got: code, out: expect.not.stringMatching(/\n/) }); // a stack trace takes lines
	return out;
}

async function started(run: HostRun): Promise<{ base: string; user: string; password: string; fresh: boolean }> {
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	const [, user, password, how] = await run.waitFor(/login: user "([^"]+)", password "([^"]+)" \((new|from)/);
	return { base, user, password, fresh: how === "new" };
}

async function stop(run: HostRun): Promise<void> {
	run.child.kill("SIGTERM");
	expect((await run.exited).code).toBe(0);
}

describe("arguments", () => {
	test.each([
		[["--port", "1.5"], "--port"],
		[["--port", "70000"], "--port"],
		[["--speed", "-3"], "--speed"],
		[["--speed", "0"], "--speed"],
		[["--start", "garbage"], "--start"],
		[["--start", "1"], "--start"],
		[["--seed", "x"], "--seed"],
		[["--sped", "3"], "--sped"],
		[["--replay", REPLAY, "--start", START], "--start"],
		[["--exit-after-replay"], "--exit-after-replay"],
	])("%j is refused with one line naming the option, before anything is created", async (args, name) => {
		const dataDir = newDir();
		const out = await refused(dataDir, args, 2);
		expect(out).toContain(name);
		expect(fs.existsSync(dataDir)).toBe(false);
	});

	test("-h and --help print the usage", async () => {
		for (const flag of ["-h", "--help"]) {
			const run = runHost(bundle, [flag]);
			runs.push(run);
			expect((await run.exited).code).toBe(0);
			expect(run.output()).toMatch(/^usage: /);
			expect(run.output()).toContain("--exit-after-replay");
		}
	});
});

describe("refusals leave the data directory as it was", () => {
	test("a missing --replay file", async () => {
		const dataDir = newDir();
		const out = await refused(dataDir, ["--replay", path.join(work, "no-such-capture.txt")], 1);
		expect(out).toContain("no-such-capture.txt");
		expect(fs.existsSync(dataDir)).toBe(false);
	});

	test("a port in use", async () => {
		const blocker = net.createServer();
		await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
		const port = (blocker.address() as net.AddressInfo).port;
		try {
			const dataDir = newDir();
			const run = runHost(bundle, ["--data-dir", dataDir, "--port", String(port), "--host", "127.0.0.1"]);
			runs.push(run);
			expect((await run.exited).code).toBe(1);
			expect(run.output().trim()).toBe(`port ${port} is in use: pick another with --port N (0 = any free port)`);
			expect(fs.existsSync(dataDir)).toBe(false);
		} finally {
			blocker.close();
		}
	});

	test("a second instance on the same directory says which process holds it", async () => {
		const dataDir = newDir();
		const first = host(dataDir, ["--start", START]);
		await started(first);
		await first.waitFor(/simulated meter/);
		await new Promise((r) => setTimeout(r, 1500)); // first telegrams and checkpoint written; the next is a minute of meter time away
		const before = snapshot(dataDir);
		const out = await refused(dataDir, ["--start", START], 1);
		expect(out).toContain(String(first.child.pid));
		expect(snapshot(dataDir)).toEqual(before);
		await stop(first);
		expect(fs.readdirSync(dataDir)).not.toContain("monitor.pid");
	});

	test("a lock left by a process that no longer runs is taken over", async () => {
		const dataDir = newDir();
		fs.mkdirSync(dataDir);
		const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
		fs.writeFileSync(path.join(dataDir, "monitor.pid"), `${gone}\n`);
		const run = host(dataDir, ["--start", START]);
		await started(run);
		expect(fs.readFileSync(path.join(dataDir, "monitor.pid"), "utf8").trim()).toBe(String(run.child.pid));
		await stop(run);
	});

	test.each([
		[
			"a dangling config.json symlink",
			(d: string) => fs.symlinkSync(path.join(d, "gone.json"), path.join(d, "config.json")),
			"config.json",
		],
		["a directory named config.json", (d: string) => fs.mkdirSync(path.join(d, "config.json")), "config.json"],
		["a file named state", (d: string) => fs.writeFileSync(path.join(d, "state"), "x"), "state"],
	])("%s", async (_, prepare, name) => {
		const dataDir = newDir();
		fs.mkdirSync(dataDir);
		prepare(dataDir);
		const before = snapshot(dataDir);
		const out = await refused(dataDir, ["--start", START], 1);
		expect(out).toContain(name);
		expect(snapshot(dataDir)).toEqual(before);
	});

	test("a --data-dir that is a file", async () => {
		const file = newDir();
		fs.writeFileSync(file, "notes");
		const out = await refused(file, [], 1);
		expect(out).toContain("not a directory");
		expect(fs.readFileSync(file, "utf8")).toBe("notes");
	});

	test("--start on a directory whose simulated meter runs at another time", async () => {
		const dataDir = newDir();
		const first = host(dataDir, ["--start", START]);
		await first.waitFor(/simulated meter/);
		await stop(first);
		const before = snapshot(dataDir);
		const out = await refused(dataDir, ["--start", "2027-01-01T00:00:00+01:00"], 2);
		expect(out).toContain("2026-06-01T16:00:30.000Z"); // where the saved meter started, in UTC as the start line prints it
		expect(out).toContain("--data-dir");
		expect(snapshot(dataDir)).toEqual(before);
		// the same --start again, or none, continues the saved meter (the power-cut test restarts this way)
		const again = host(dataDir, ["--start", START]);
		await again.waitFor(/simulated meter/);
		await stop(again);
	});
});

describe("starting", () => {
	test("the first restart after a fresh install reports nothing to repair", async () => {
		const dataDir = newDir();
		const first = host(dataDir, ["--start", START]);
		await first.waitFor(/simulated meter/);
		await new Promise((r) => setTimeout(r, 1500));
		await stop(first);
		const again = host(dataDir);
		await again.waitFor(/simulated meter/);
		await stop(again);
		expect(again.output()).not.toMatch(/warning|recovery|repair|rewrote/);
	});

	test("an empty config.json (a cut during a plain write) is set aside and a new login is printed that works", async () => {
		const dataDir = newDir();
		fs.mkdirSync(dataDir);
		fs.writeFileSync(path.join(dataDir, "config.json"), "");
		const run = host(dataDir, ["--start", START]);
		const { base, user, password, fresh } = await started(run);
		expect(fresh).toBe(true);
		expect(run.output()).toContain("config.bad");
		expect(fs.readFileSync(path.join(dataDir, "config.bad"), "utf8")).toBe("");
		expect(fs.statSync(path.join(dataDir, "config.json")).mode & 0o777).toBe(0o600); // it holds the password
		expect((await get(`${base}/current/quarter`, basic(user, password))).status).not.toBe(401);
		await stop(run);
	});

	test("a simulated meter saved decades after its start answers HTTP at once instead of catching up", async () => {
		const dataDir = newDir();
		// sped up, so that the clock guard has confirmed the meter's time and a checkpoint is stored
		const first = host(dataDir, ["--start", "2040-06-01T18:00:30+02:00", "--speed", "60"]);
		await first.waitFor(/simulated meter/);
		await new Promise((r) => setTimeout(r, 1500));
		await stop(first);
		// the saved household began in 2000: following it second by second to 2040 is 1.26 billion telegrams
		const simFile = path.join(dataDir, "state/sim.json");
		const sim = JSON.parse(fs.readFileSync(simFile, "utf8"));
		fs.writeFileSync(simFile, JSON.stringify({ ...sim, epoch: Date.parse("2000-01-01T00:00:00Z") }));
		const again = host(dataDir);
		const { base, user, password } = await started(again);
		const answer = await get(`${base}/current/quarter`, basic(user, password));
		expect([200, 404, 503]).toContain(answer.status);
		expect(again.output()).toMatch(/simulated meter.*2040-06-01/);
		await stop(again);
	});

	test("after --replay the monitor keeps serving what it read; --exit-after-replay exits", async () => {
		const dataDir = newDir();
		const run = host(dataDir, ["--replay", REPLAY, "--speed", "1000"]);
		const { base, user, password } = await started(run);
		await run.waitFor(/replay .*ended/);
		await new Promise((r) => setTimeout(r, 300));
		const answer = await get(`${base}/current/quarter`, basic(user, password));
		expect(answer.status).toBe(200);
		await stop(run);

		const once = host(dataDir, ["--replay", REPLAY, "--speed", "1000", "--exit-after-replay"]);
		expect((await once.exited).code).toBe(0);
		expect(once.output()).toMatch(/replay .*ended/);
	});
});
