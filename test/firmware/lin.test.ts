// The firmware's app on the Moddable runtime: built with mcconfig for the simulator (lin), run
// headless under Xvfb, fed simulated telegrams through a pseudo-terminal across a quarter close,
// and checked over real HTTP as the PC host's end-to-end test checks it: the login, the running
// quarter, the dashboard at /, a stored quarter file, a settings change. Needs the Moddable SDK
// ($MODDABLE with its tools built, as .ci/run installs it); without it the test says so and skips.

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { buildModdable, linLibrary, sdkBin, sdkEnv } from "../../scripts/moddable-build";
import { SimMeter } from "../../src/sim/meter";
import { basic } from "../e2e/host";

const ROOT = path.resolve(__dirname, "../..");
const BIN = sdkBin();
const BUILD_DIR = path.join(ROOT, "build", "moddable-test");
/** A build from scratch compiles every module with tsc and xsc: minutes on a busy machine. */
const BUILD_MS = 30 * 60 * 1000;

interface Got {
	status: number;
	body: Buffer;
	text: string;
	headers: http.IncomingHttpHeaders;
}

function request(
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

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const port = (server.address() as net.AddressInfo).port;
			server.close(() => resolve(port));
		});
	});
}

/** A child in its own process group, so that stopping it stops what it started (Xvfb, mcsim). */
interface Child {
	process: ChildProcess;
	output(): string;
	waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
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

function stop(child: Child | undefined): void {
	const pid = child?.process.pid;
	if (pid === undefined || child?.process.exitCode !== null) return;
	try {
		process.kill(-pid, "SIGKILL");
	} catch {
		// already gone
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes telegrams into the pty in batches, as fast as the pipe takes them, until `until` (UTC ms). */
async function feed(pty: ChildProcess, meter: SimMeter, until: number): Promise<number> {
	const stdin = pty.stdin as NodeJS.WritableStream;
	let count = 0;
	let broken = false;
	stdin.on("error", () => (broken = true)); // the helper was stopped: a failed test ends here
	while (meter.time < until && !broken) {
		const batch: Buffer[] = [];
		for (let i = 0; i < 20 && meter.time < until; i++, count++) batch.push(Buffer.from(meter.next()));
		if (!stdin.write(Buffer.concat(batch))) await new Promise((r) => stdin.once("drain", r));
		await sleep(5);
	}
	return count;
}

const maybe = BIN === undefined ? describe.skip : describe;
if (BIN === undefined)
	console.log(
		"test/firmware/lin.test.ts SKIPPED: MODDABLE does not point at a built Moddable SDK (source ../shared/tools/moddable-sdk.sh), so the firmware was not built or run on the Moddable runtime",
	);

maybe("the firmware on the Moddable runtime (lin)", () => {
	let dir: string;
	let port: number;
	let pty: Child | undefined;
	let sim: Child | undefined;

	beforeAll(async () => {
		port = await freePort();
		// relative to the simulator's working directory, so that a rebuild changes only the port
		await buildModdable({ platform: "lin", outDir: BUILD_DIR, config: { files: "./data", serial: "./p1", port } });
		dir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-lin-"));
		fs.mkdirSync(path.join(dir, "data"));
	}, BUILD_MS);

	afterAll(() => {
		stop(sim);
		stop(pty);
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	test("serves the login, the running quarter, the dashboard, a stored quarter and a settings change", async () => {
		const env = sdkEnv(BIN as string);
		pty = start("python3", [path.join(__dirname, "pty-feed.py"), path.join(dir, "p1")], dir, env);
		await pty.waitFor(/ready/);
		sim = start(
			"timeout",
			["-s", "INT", "300", "xvfb-run", "-a", "stdbuf", "-oL", "mcsim", linLibrary(BUILD_DIR)],
			dir,
			env,
		);
		try {
			await checks(sim, pty);
		} catch (e) {
			console.log(`simulator output:\n${sim.output()}`);
			throw e;
		}
	}, 120000);

	async function checks(sim: Child, pty: Child): Promise<void> {
		const [, user, password] = await sim.waitFor(/login: user "([^"]+)", password "([^"]+)" \(new/);
		const auth = basic(user, password);

		// 18:00:00 to 18:15:10 at full speed: the 18:00 quarter closes, the 18:15 one runs; three
		// requests go out while the telegrams stream in
		const meter = new SimMeter({ start: Date.parse("2026-06-01T18:00:00+02:00"), seed: 7 });
		const fed = feed(pty.process, meter, Date.parse("2026-06-01T18:15:10+02:00"));
		const during = await Promise.all([
			request(port, "GET", "/"),
			request(port, "GET", "/v1/status", { authorization: auth }),
			request(port, "GET", "/current/quarter", { authorization: auth }),
		]);
		expect(during.map((r) => r.status)).toEqual([200, 200, expect.any(Number)]);
		expect(await fed).toBeGreaterThan(900);

		let closed: Got = { status: 0, body: Buffer.alloc(0), text: "", headers: {} };
		for (let i = 0; i < 200 && closed.status !== 200; i++) {
			await sleep(100);
			closed = await request(port, "GET", "/meter/2026/06/01/1800S.json", { authorization: auth });
		}
		expect(closed.status).toBe(200);
		const record = JSON.parse(closed.text);
		// (year - 2000) << 24 | month << 16 | day << 8 | quarter of the day, summer time flag 0x80
		expect(record.quarter_id).toBe((26 << 24) | (6 << 16) | (1 << 8) | (18 * 4) | 0x80);
		expect(record.interval_secs).toBe(5);
		expect(record.consumed_power_interval_avgs).toHaveLength(180);
		expect(record.energy_avg_w).toBeGreaterThan(0);
		expect(record.end_consumed_wh - record.begin_consumed_wh).toBe(record.energy_avg_w / 4);
		// served as stored: the file in the data directory, byte for byte
		expect(closed.text).toBe(fs.readFileSync(path.join(dir, "data/meter/2026/06/01/1800S.json"), "utf8"));

		let current = await request(port, "GET", "/current/quarter", { authorization: auth });
		for (let i = 0; i < 100 && JSON.parse(current.text).quarter_id === record.quarter_id; i++) {
			await sleep(100);
			current = await request(port, "GET", "/current/quarter", { authorization: auth });
		}
		expect(current.status).toBe(200);
		expect(JSON.parse(current.text).quarter_id).toBe(record.quarter_id + 1);

		const anonymous = await request(port, "GET", "/current/quarter");
		expect(anonymous.status).toBe(401);
		expect(anonymous.headers["www-authenticate"]).toMatch(/^Basic /);
		expect(
			(await request(port, "GET", "/current/quarter", { authorization: basic(user, password + "x") })).status,
		).toBe(401);

		// the dashboard: the gzipped index.html the build embedded, as it is in build/web
		const page = await request(port, "GET", "/");
		expect(page.status).toBe(200);
		expect(page.headers["content-encoding"]).toBe("gzip");
		expect(page.body.equals(fs.readFileSync(path.join(ROOT, "build/web/index.html.gz")))).toBe(true);
		expect(Number(page.headers["content-length"])).toBe(page.body.length);

		// a settings change is stored in config.json and the new login applies at once
		const json = { authorization: auth, "content-type": "application/json" };
		const body = JSON.stringify({ tariff: { target_w: 3500 }, auth: { password: "nieuw-wachtwoord" } });
		const changed = await request(port, "POST", "/v1/settings", json, body);
		expect(changed.status).toBe(200);
		expect(JSON.parse(changed.text).applied).toEqual(["tariff.target_w", "auth.password"]);
		const stored = JSON.parse(fs.readFileSync(path.join(dir, "data/config.json"), "utf8"));
		expect(stored.tariff.target_w).toBe(3500);
		expect(stored.auth).toEqual({ user: "digimon", password: "nieuw-wachtwoord" });
		expect((await request(port, "GET", "/v1/settings", { authorization: auth })).status).toBe(401);
		const now = await request(port, "GET", "/v1/settings", { authorization: basic(user, "nieuw-wachtwoord") });
		expect(JSON.parse(now.text).tariff.target_w).toBe(3500);

		for (const r of [...during, closed, current, changed, now]) expect(r.text).not.toContain(password);
		expect(sim.output()).not.toMatch(/cannot start|XS abort|stack overflow/);
	}
});
