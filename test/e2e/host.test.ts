// `npm start` end to end: the PC host on the simulated meter, its login, its API, a clean stop
// on SIGTERM and a restart that resumes where it stopped.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Got, HostRun } from "./host";
import { basic, bundleHost, get, runHost } from "./host";

let bundle: string;
let dataDir: string;

beforeAll(() => {
	bundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-data-"));
});

const runs: HostRun[] = [];

afterAll(() => {
	for (const r of runs) r.child.kill("SIGKILL");
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

test("serves the running quarter, the month peak and closed quarters behind the login; stops and resumes cleanly", async () => {
	const args = [
		"--data-dir",
		dataDir,
		"--port",
		"0",
		"--host",
		"127.0.0.1",
		"--speed",
		"1800",
		"--start",
		"2026-06-01T18:00:00+02:00",
	];
	const run = runHost(bundle, args);
	runs.push(run);
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	const [, user, password] = await run.waitFor(/login: user "([^"]+)", password "([^"]+)" \(new/);
	const auth = basic(user, password);

	// 1800x: the 18:00 quarter (dinner: cooking load) closes within a second or so
	let closed: Got = { status: 0, text: "", headers: {} };
	for (let i = 0; i < 100 && closed.status !== 200; i++) {
		await new Promise((r) => setTimeout(r, 100));
		closed = await get(`${base}/meter/2026/06/01/1800S.json`, auth);
	}
	expect(closed.status).toBe(200);
	const record = JSON.parse(closed.text);
	expect(record.quarter_id).toBe((26 << 24) | (6 << 16) | (1 << 8) | (18 * 4) | 0x80);
	expect(record.interval_secs).toBe(5);
	expect(record.consumed_power_interval_avgs).toHaveLength(180);
	expect(record.energy_avg_w).toBeGreaterThan(0);
	expect(record.end_consumed_wh - record.begin_consumed_wh).toBe(record.energy_avg_w / 4);

	const current = await get(`${base}/current/quarter`, auth);
	expect(current.status).toBe(200);
	expect(JSON.parse(current.text).quarter_id).toBeGreaterThan(record.quarter_id);

	const peak = await get(`${base}/current/month/peak`, auth);
	expect(peak.status).toBe(200);
	// the meter's own 1-0:1.6.0, as the original firmware served it; the simulated meter truncates to the watt
	expect(JSON.parse(peak.text).peak.power).toBeGreaterThanOrEqual(record.energy_avg_w - 4);

	const anonymous = await get(`${base}/current/quarter`);
	expect(anonymous.status).toBe(401);
	expect(anonymous.headers["www-authenticate"]).toMatch(/^Basic /);
	expect((await get(`${base}/current/quarter`, basic(user, password + "x"))).status).toBe(401);
	expect((await get(`${base}/meter/../config.json`, auth)).status).toBe(400);
	expect((await get(`${base}/meter/2026/06/01/%2e%2e/day.json`, auth)).status).toBe(400);
	const status = await get(`${base}/v1/status`, auth);
	expect(status.status).toBe(200);
	const facts = JSON.parse(status.text);
	const version = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")).version;
	expect(facts.version).toBe(version);
	expect(facts.telegrams.ok).toBeGreaterThan(0);
	expect(facts.storage.free_bytes).toBeGreaterThan(0);
	expect(Math.abs(facts.meter.clock_offset_s)).toBeGreaterThan(0); // the simulated meter runs 1800x
	const csv = await get(`${base}/v1/export.csv?date=2026-06-01`, auth);
	expect(csv.headers["content-disposition"]).toBe('attachment; filename="digimon-2026-06-01.csv"');
	expect(csv.headers["transfer-encoding"]).toBe("chunked");
	const kwh = (wh: number) => (wh / 1000).toFixed(3).replace(".", ",");
	expect(csv.text.split("\r\n")).toContain(
		`2026-06-01 18:00;S;2026-06-01T16:00:00Z;${record.energy_avg_w};${kwh(record.end_consumed_wh - record.begin_consumed_wh)};${kwh(record.end_produced_wh - record.begin_produced_wh)};${String(record.meter_demand_w ?? "").replace(".", ",")};${record.complete ? 1 : 0};${kwh(record.end_consumed_t1_wh - record.begin_consumed_t1_wh)};${kwh(record.end_consumed_t2_wh - record.begin_consumed_t2_wh)};${kwh(record.end_produced_t1_wh - record.begin_produced_t1_wh)};${kwh(record.end_produced_t2_wh - record.begin_produced_t2_wh)}`,
	);
	for (const r of [closed, current, peak, anonymous, status, csv]) expect(r.text).not.toContain(password);

	run.child.kill("SIGTERM");
	expect(await run.exited).toEqual({ code: 0, signal: null });
	expect(run.output()).toMatch(/stopped: \d+ telegrams/);
	const stoppedAt = JSON.parse(fs.readFileSync(path.join(dataDir, "state/checkpoint.json"), "utf8")).data.last
		.t as number; // checkpoint format 2

	const again = runHost(bundle, args);
	runs.push(again);
	await again.waitFor(/login: user "[^"]+", password "([^"]+)" \(from config.json\)/);
	const [, from] = await again.waitFor(/simulated meter \(seed \d+, continuing [^)]*\) from (\S+)/);
	expect(Date.parse(from)).toBe(stoppedAt + 1000);
	again.child.kill("SIGTERM");
	expect((await again.exited).code).toBe(0);
});

test("refuses a bad option with a clear message", async () => {
	const run = runHost(bundle, ["--sped", "3"]);
	expect((await run.exited).code).toBe(2);
	expect(run.output()).toContain("unknown option --sped");
});
