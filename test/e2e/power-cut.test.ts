// Power cuts: the board is powered by the meter and dies without warning. The PC host runs a
// simulated week (across the autumn DST change and a month end) at full speed and is killed
// with SIGKILL at random moments, at least 50 times, restarting on the same data directory
// each time. The result must equal an uninterrupted run over the same telegrams: every file
// parses, no quarter is lost or different, and the month peaks are the same.

import fs from "node:fs";
import path from "node:path";
import type { HostRun } from "./host";
import { basic, bundleHost, get, listFiles, runHost } from "./host";

const START = "2026-10-25T00:00:00+02:00";
const UNTIL = "2026-11-01T06:00:00+01:00";
const MIN_KILLS = 50;
const SEED = 5;

let bundle: string;
let work: string;
const runs: HostRun[] = [];

beforeAll(() => {
	bundle = bundleHost();
	work = fs.mkdtempSync(path.join(path.dirname(bundle), "power-cut-"));
});

afterAll(() => {
	for (const r of runs) r.child.kill("SIGKILL");
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function host(dataDir: string): HostRun {
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
		String(SEED),
		"--start",
		START,
		"--until",
		UNTIL,
	]);
	runs.push(run);
	return run;
}

/** A small seeded PRNG, so a failing run can be repeated. */
function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

test(`a simulated week killed at ${MIN_KILLS}+ random moments ends as an uninterrupted run`, async () => {
	const reference = path.join(work, "reference");
	const clean = host(reference);
	expect(await clean.exited).toEqual({ code: 0, signal: null });

	const cut = path.join(work, "cut");
	const random = prng(Number(process.env.POWER_CUT_SEED ?? 20261025));
	let kills = 0;
	let finished = false;
	for (let attempt = 0; attempt < 400 && !finished; attempt++) {
		const run = host(cut);
		// the sim catches up first (silently); kill once it runs, at a random moment of its work
		const started = await Promise.race([
			run.waitFor(/simulated meter .* from /).then(() => true),
			run.exited.then(() => false),
		]);
		if (started) {
			const delay = kills < MIN_KILLS ? random() * 150 : 2000 + random() * 400; // short enough that a fast machine cannot finish the week before the 50th kill
			let timer: NodeJS.Timeout | undefined;
			const outcome = await Promise.race([
				new Promise((r) => (timer = setTimeout(() => r("kill"), delay))),
				run.exited.then(() => "exit"),
			]);
			clearTimeout(timer);
			if (outcome === "kill") {
				run.child.kill("SIGKILL");
				const { signal } = await run.exited;
				if (signal === "SIGKILL") {
					kills++;
					continue;
				}
			}
		}
		const { code } = await run.exited;
		expect({ code, output: code === 0 ? "" : run.output() }).toEqual({ code: 0, output: "" });
		finished = true;
	}
	expect(finished).toBe(true);
	expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);

	// every file parses, nothing was set aside as corrupt, no temporary left behind
	const files = listFiles(cut);
	for (const f of files) {
		expect(f).not.toMatch(/\.(tmp|bad|b\d\d)$/);
		if (f.endsWith(".json")) expect(() => JSON.parse(read(cut, f))).not.toThrow();
	}

	// no quarter lost or altered, and the summaries agree: the whole /meter tree is identical
	const meterRef = listFiles(path.join(reference, "meter"));
	const quarters = meterRef.filter((f) => /\d{4}[SW]\.json$/.test(f));
	expect(quarters.length).toBeGreaterThanOrEqual(7 * 96);
	expect(listFiles(path.join(cut, "meter"))).toEqual(meterRef);
	for (const f of meterRef)
		expect({ f, text: read(path.join(cut, "meter"), f) }).toEqual({ f, text: read(path.join(reference, "meter"), f) });

	// the month peaks kept in flash are the same
	const peaks = (dir: string) => {
		const copies = ["state/peaks-a.json", "state/peaks-b.json"].map((f) => JSON.parse(read(dir, f)));
		const newest = copies.reduce((a, b) => (b.seq > a.seq ? b : a));
		return newest.peaks;
	};
	expect(peaks(cut)).toEqual(peaks(reference));
	expect(peaks(reference).some((p: { month: string }) => p.month === "2026-10")).toBe(true);
}, 600000); // every telegram's checkpoint is fsynced: on a busy shared disk the reference week alone can take two minutes

/** The login a run printed, and whether it was new. */
async function loginOf(run: HostRun): Promise<{ user: string; password: string; fresh: boolean; base: string }> {
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	const [, user, password, how] = await run.waitFor(/login: user "([^"]+)", password "([^"]+)" \((new|from)/);
	return { user, password, fresh: how === "new", base };
}

test("a cut during the first start's config.json write never locks the user out", async () => {
	const random = prng(Number(process.env.POWER_CUT_SEED ?? 20261025) + 1);
	const root = path.join(work, "first-start");
	// A plain write that the cut interrupted leaves an empty file: the login it was writing is lost.
	const dirs: string[] = [path.join(root, "empty")];
	fs.mkdirSync(dirs[0], { recursive: true });
	fs.writeFileSync(path.join(dirs[0], "config.json"), "");
	// Real cuts: SIGKILL at a random moment of the first start (from the spawn to shortly after the login is printed).
	const printed = new Map<string, string | undefined>();
	for (let i = 0; i < 12; i++) {
		const dir = path.join(root, `kill-${i}`);
		dirs.push(dir);
		const run = host(dir);
		const delay = random() * 250;
		await new Promise((r) => setTimeout(r, delay));
		run.child.kill("SIGKILL");
		await run.exited;
		printed.set(dir, run.output().match(/password "([^"]+)"/)?.[1]);
	}
	for (const dir of dirs) {
		let known = printed.get(dir);
		for (let start = 0; start < 2; start++) {
			const run = host(dir);
			const login = await loginOf(run);
			// the login printed before is kept, or a new one is printed: never a silent, unusable one
			if (!login.fresh && known !== undefined) expect(login.password).toBe(known);
			const status = (await get(`${login.base}/current/quarter`, basic(login.user, login.password))).status;
			expect({ dir, refused: status === 401 }).toEqual({ dir, refused: false });
			known = login.password;
			run.child.kill("SIGKILL");
			await run.exited;
		}
	}
});
