// The HomeWizard-compatible API of the PC host, read by a real third-party HomeWizard client (the
// npm package homewizard-energy-api) over HTTP: a meter's telegram is replayed, and the client
// gets the device information and the values that telegram holds, without a login. The serial
// stays the same across a restart; switched off, the client sees HomeWizard's disabled API.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HomeWizardEnergyApiResponseError, P1MeterApi } from "homewizard-energy-api";
import { expectedData } from "../helpers/homewizard-expected";
import type { HostRun } from "./host";
import { basic, bundleHost, get, runHost } from "./host";

const FIXTURE = path.resolve(__dirname, "../fixtures/telegrams/ndokter-dsmr_parser/fluvius-v171-alt.txt");
const USER = "jan";
const PASSWORD = "een-lang-wachtwoord";

let bundle: string;
let dataDir: string;
const runs: HostRun[] = [];

beforeAll(() => {
	bundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-homewizard-"));
});

afterAll(() => {
	for (const r of runs) r.child.kill("SIGKILL");
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function writeConfig(enabled: boolean): void {
	const config = { auth: { user: USER, password: PASSWORD }, homewizard: { enabled } };
	fs.writeFileSync(path.join(dataDir, "config.json"), JSON.stringify(config));
}

/** The host replaying the fixture once and then serving what it read. */
async function start(): Promise<{ run: HostRun; base: string }> {
	const run = runHost(bundle, ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1", "--replay", FIXTURE]);
	runs.push(run);
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	await run.waitFor(/replay .*ended/);
	return { run, base };
}

async function stop(run: HostRun): Promise<void> {
	run.child.kill("SIGTERM");
	await run.exited;
}

/** The client's error for a refused request: its status and body. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
	try {
		await call;
	} catch (e) {
		if (e instanceof HomeWizardEnergyApiResponseError) return { status: e.statusCode, body: JSON.parse(e.response) };
		throw e;
	}
	throw new Error("the request was not refused");
}

test("a HomeWizard client reads the device and the meter's values; the serial survives a restart", async () => {
	writeConfig(true);
	const { run, base } = await start();
	expect(run.output()).toMatch(
		/HomeWizard-compatible API \(v1, no login\) on http:\/\/127\.0\.0\.1:\d+\/api, serial [0-9a-f]{12}/,
	);
	const client = new P1MeterApi(base);

	const info = await client.getBasicInformation();
	expect(info).toEqual({
		product_type: "HWE-P1",
		product_name: "P1 Meter",
		serial: expect.stringMatching(/^[0-9a-f]{12}$/),
		firmware_version: JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).version,
		api_version: "v1",
	});
	const stored = JSON.parse(fs.readFileSync(path.join(dataDir, "state", "serial.json"), "utf8"));
	expect(stored).toEqual({ serial: info.serial });

	const raw = fs.readFileSync(FIXTURE, "latin1");
	expect(await client.getData()).toEqual(expectedData(raw, "wired")); // no WiFi on a PC: the documented fixed SSID
	expect(await client.getTelegram()).toBe(raw);

	// what it does not implement is "not supported" to the clients, never "switched off"
	expect((await refusal(client.getSystem())).status).toBe(404);
	expect((await refusal(client.identify())).status).toBe(404);
	// the rest of the API still wants the login
	expect((await get(`${base}/v1/now`)).status).toBe(401);
	expect((await get(`${base}/v1/now`, basic(USER, PASSWORD))).status).toBe(200);
	await stop(run);

	const again = await start();
	expect((await new P1MeterApi(again.base).getBasicInformation()).serial).toBe(info.serial);
	await stop(again.run);
});

test("switched off, the client is told the API is not enabled, as by HomeWizard's own meter", async () => {
	writeConfig(false);
	const { run, base } = await start();
	const client = new P1MeterApi(base);
	for (const call of [client.getBasicInformation(), client.getData()])
		expect(await refusal(call)).toEqual({ status: 403, body: { error: { id: 202, description: "API not enabled" } } });
	await stop(run);
});
