// npm run dev:web against a running PC host: it serves the dashboard from a copy of web/ (so the
// test may edit it), rebuilt when the script is asked for, and forwards API calls with the login
// the host wants, refusing what another site could make a browser send it.

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { basic, bundleHost, get, type HostRun, runHost } from "./host";

const ROOT = path.resolve(__dirname, "../..");

let hostBundle: string;
let dataDir: string;
let webCopy: string;
let host: HostRun;
let hostBase: string;
let user: string;
let password: string;
let dev: HostRun;
let devBase: string;

function startDev(device: string, extra: string[] = []): HostRun {
	return runHost(
		path.join(ROOT, "scripts/dev-web.ts"),
		["--device", device, "--port", "0", "--web-dir", webCopy, ...extra],
		["--import", "tsx"],
	);
}

async function devUrl(run: HostRun): Promise<string> {
	const [, url] = await run.waitFor(/dev:web on (http:\/\/127\.0\.0\.1:\d+)\//);
	return url;
}

async function stop(run: HostRun | undefined): Promise<void> {
	if (run === undefined || run.child.exitCode !== null || run.child.signalCode !== null) return;
	run.child.kill("SIGTERM");
	await run.exited;
}

/** A request with headers of our choosing (Origin, Host) and a body. */
function send(
	url: string,
	method: string,
	headers: Record<string, string>,
	body = "",
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const request = http.request(
			{ hostname: u.hostname, port: u.port, path: u.pathname, method, headers, agent: false },
			(response) => {
				let text = "";
				response.setEncoding("utf8");
				response.on("data", (d: string) => (text += d));
				response.on("end", () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
			},
		);
		request.on("error", reject);
		request.end(body);
	});
}

beforeAll(async () => {
	hostBundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-dev-web-"));
	// inside the repository, so that esbuild finds preact and htm in its node_modules
	webCopy = path.join(fs.mkdtempSync(path.join(ROOT, "build", "dev-web-")), "web");
	fs.cpSync(path.join(ROOT, "web"), webCopy, { recursive: true });
	// the views share the core's Brussels time and quarter ids (import "../src/core/...")
	fs.cpSync(path.join(ROOT, "src", "core"), path.join(webCopy, "..", "src", "core"), { recursive: true });
	host = runHost(hostBundle, ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"]);
	[, hostBase] = await host.waitFor(/on (http:\/\/127\.0\.0\.1:\d+)\//);
	[, user, password] = await host.waitFor(/login: user "([^"]+)", password "([^"]+)"/);
	await host.waitFor(/simulated meter .* speed/);
	const device = hostBase.replace("://", `://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`);
	dev = startDev(device);
	devBase = await devUrl(dev);
}, 120000);

afterAll(async () => {
	await stop(dev);
	await stop(host);
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(hostBundle), { recursive: true, force: true });
	fs.rmSync(path.dirname(webCopy), { recursive: true, force: true });
});

test("it serves the dashboard from source: the page, its script and style, the manifest", async () => {
	const page = await get(devBase + "/");
	expect(page.status).toBe(200);
	expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
	expect(page.text).toContain('src="app.js"');
	const script = await get(devBase + "/app.js");
	expect(script.status).toBe(200);
	expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
	expect(script.text).toContain("Digitale Meter Monitor"); // i18n.ts, bundled
	expect(script.text).toContain("sourceMappingURL=data:");
	const style = await get(devBase + "/app.css");
	expect(style.status).toBe(200);
	expect(style.text).toContain(".chart"); // app.css itself
	expect(style.text).toContain(".settings"); // pages.css, imported by app.css: the import is bundled
	const manifest = await get(devBase + "/manifest.webmanifest");
	expect(JSON.parse(manifest.text)).toEqual(
		JSON.parse(fs.readFileSync(path.join(webCopy, "manifest.webmanifest"), "utf8")),
	);
});

test("API calls go to the device with the login added: the browser needs none", async () => {
	expect((await get(hostBase + "/v1/now")).status).toBe(401); // the device itself wants the login
	const now = await get(devBase + "/v1/now");
	expect(now.status).toBe(200);
	const body = JSON.parse(now.text) as { quarter_id: unknown; import_w: unknown };
	expect(Object.keys(body)).toEqual(expect.arrayContaining(["quarter_id", "import_w", "allowance_w"]));
	// the same answer as the device gives with the login (settings change only through this file)
	const direct = await get(hostBase + "/v1/settings", basic(user, password));
	const proxied = await get(devBase + "/v1/settings");
	expect({ status: proxied.status, body: JSON.parse(proxied.text) }).toEqual({
		status: 200,
		body: JSON.parse(direct.text),
	});
});

test("a change from its own page is forwarded; what another site could send is refused", async () => {
	const json = { "content-type": "application/json" };
	const own = await send(devBase + "/v1/settings", "POST", { ...json, origin: devBase }, "{}");
	expect(own.status).toBe(200);
	expect(JSON.parse(own.text)).toMatchObject({ ok: true, applied: [] });
	const foreign = await send(devBase + "/v1/settings", "POST", { ...json, origin: "http://evil.example" }, "{}");
	expect(foreign.status).toBe(403);
	const rebound = await send(devBase + "/v1/now", "GET", { host: "evil.example" });
	expect(rebound.status).toBe(421);
	expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
});

test("with a wrong password (--password wins over the URL's) the page gets 401 without a prompt, and the terminal says why", async () => {
	const device = hostBase.replace("://", `://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`);
	const wrong = startDev(device, ["--password", "not-" + password]);
	try {
		const base = await devUrl(wrong);
		const now = await get(base + "/v1/now");
		expect(now.status).toBe(401);
		expect(now.headers["www-authenticate"]).toBeUndefined();
		await wrong.waitFor(/refused the login \(401\) for GET \/v1\/now: check --user and --password/);
	} finally {
		await stop(wrong);
	}
});

test("a saved change is in the next script; a broken build shows its error in the page until it is fixed", async () => {
	const app = path.join(webCopy, "app.ts");
	const source = fs.readFileSync(app, "utf8");
	const marker = `dev-web-marker-${process.pid}`;
	expect((await get(devBase + "/app.js")).text).not.toContain(marker);
	fs.writeFileSync(app, source + `\nconsole.info("${marker}");\n`);
	expect((await get(devBase + "/app.js")).text).toContain(marker);

	fs.writeFileSync(app, source + "\nconst = broken;\n");
	const failed = await get(devBase + "/app.js");
	expect(failed.status).toBe(200);
	expect(failed.text).toContain("the build failed");
	expect(failed.text).toContain("app.ts:");
	await dev.waitFor(/build failed:\n\s+.*app\.ts:\d+: /);

	fs.writeFileSync(app, source);
	const fixed = await get(devBase + "/app.js");
	expect(fixed.text).not.toContain("the build failed");
	expect(fixed.text).not.toContain(marker);
	await dev.waitFor(/the build works again/);
});

// last: it stops the host
test("with the device gone, an API call's connection is dropped (the page says 'unreachable'); the page is still served", async () => {
	await stop(host);
	await expect(get(devBase + "/v1/now")).rejects.toThrow();
	await dev.waitFor(/unreachable \(ECONNREFUSED\) for GET \/v1\/now/);
	expect((await get(devBase + "/")).status).toBe(200);
});
