// Settings and the cross-site rules over real HTTP against the PC host: a change is written to
// config.json and the new login works at once and after a restart; foreign Host, Origin and
// content-type are refused; POST /update reads a firmware image past (larger than any JSON body
// may be) and answers 501.

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { MAX_FIRMWARE_BYTES } from "../../src/core/api/update";
import type { Got, HostRun } from "./host";
import { basic, bundleHost, runHost } from "./host";

let bundle: string;
let dataDir: string;
const runs: HostRun[] = [];

beforeAll(() => {
	bundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-settings-"));
});

afterAll(() => {
	for (const r of runs) r.child.kill("SIGKILL");
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function send(
	base: string,
	method: string,
	target: string,
	headers: Record<string, string | number>,
	body?: string | Buffer,
): Promise<Got> {
	const { hostname, port } = new URL(base);
	return new Promise((resolve, reject) => {
		const request = http.request({ hostname, port, path: target, method, headers, agent: false }, (response) => {
			let text = "";
			response.setEncoding("utf8");
			response.on("data", (d: string) => (text += d));
			response.on("end", () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
		});
		request.on("error", reject);
		request.setTimeout(10000, () => request.destroy(new Error("timeout")));
		request.end(body);
	});
}

async function start(): Promise<{ run: HostRun; base: string; user: string; password: string }> {
	const run = runHost(bundle, ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1", "--speed", "1"]);
	runs.push(run);
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	const [, user, password] = await run.waitFor(/login: user "([^"]+)", password "([^"]+)"/);
	return { run, base, user, password };
}

async function stop(run: HostRun): Promise<void> {
	run.child.kill("SIGTERM");
	await run.exited;
}

test("read, change and keep the settings; the cross-site rules hold on the wire", async () => {
	const { run, base, user, password } = await start();
	const auth = basic(user, password);
	const json = { authorization: auth, "content-type": "application/json" };

	const read = await send(base, "GET", "/v1/settings", { authorization: auth });
	expect(read.status).toBe(200);
	expect(read.text).not.toContain(password);
	expect(JSON.parse(read.text).auth).toEqual({ user: "digimon", password_set: true });
	expect(read.headers["access-control-allow-origin"]).toBeUndefined();

	const body = JSON.stringify({ tariff: { target_w: 3500 }, auth: { password: "nieuw-wachtwoord" } });
	for (const [headers, status] of [
		[{ ...json, origin: "http://evil.example" }, 403],
		[{ ...json, "content-type": "application/x-www-form-urlencoded" }, 415],
		[{ ...json, host: "rebind.evil.example" }, 421],
	] as const) {
		const refused = await send(base, "POST", "/v1/settings", headers, body);
		expect(refused.status).toBe(status);
		expect(JSON.parse(refused.text).error).toEqual(expect.any(String));
	}
	const bad = await send(base, "POST", "/v1/settings", json, '{"tariff":{"target_w":"veel"}}');
	expect(bad.status).toBe(400);
	expect(JSON.parse(bad.text)).toEqual({
		error: "must be a number from 0 to 1000000, or null",
		field: "tariff.target_w",
	});
	const file = path.join(dataDir, "config.json");
	expect(JSON.parse(fs.readFileSync(file, "utf8")).auth.password).toBe(password); // nothing changed yet

	const changed = await send(base, "POST", "/v1/settings", { ...json, origin: base }, body);
	expect(changed.status).toBe(200);
	expect(JSON.parse(changed.text)).toEqual({
		ok: true,
		applied: ["tariff.target_w", "auth.password"],
		pending: [],
		restart_needed: false,
		message: "saved and applied; log in again with the new login",
	});
	const stored = JSON.parse(fs.readFileSync(file, "utf8"));
	expect(stored.tariff.target_w).toBe(3500);
	expect(stored.auth).toEqual({ user: "digimon", password: "nieuw-wachtwoord" });
	expect(fs.statSync(file).mode & 0o777).toBe(0o600);
	expect((await send(base, "GET", "/v1/now", { authorization: auth })).status).toBe(401);
	const now = await send(base, "GET", "/v1/settings", { authorization: basic(user, "nieuw-wachtwoord") });
	expect(JSON.parse(now.text).tariff.target_w).toBe(3500);

	// a firmware image: 1 MB, far above the 64 KB a JSON body may have, read past and answered 501
	const image = Buffer.alloc(1 << 20, 0xa5);
	const octets = { authorization: basic(user, "nieuw-wachtwoord"), "content-type": "application/octet-stream" };
	const update = await send(base, "POST", "/update", octets, image);
	expect(update.status).toBe(501);
	expect(JSON.parse(update.text)).toEqual({
		error: "firmware updates are not supported on this host (only on the device)",
	});
	const huge = await send(base, "POST", "/update", { ...octets, "content-length": MAX_FIRMWARE_BYTES + 1 });
	expect(huge.status).toBe(413);

	await stop(run);
	const again = await start();
	expect(again.password).toBe("nieuw-wachtwoord");
	const after = await send(again.base, "GET", "/v1/settings", { authorization: basic(user, "nieuw-wachtwoord") });
	expect(JSON.parse(after.text).tariff.target_w).toBe(3500);
	await stop(again.run);
}, 30000);
