// `npm start` with the raw telegram port switched on in config.json and --mdns: a reader on the
// port gets the telegrams /v1/telegram shows, /metrics counts them, a bonjour-service browser
// finds the web page under the device name, and SIGTERM closes it all.

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Bonjour } from "bonjour-service";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import type { HostRun } from "./host";
import { basic, bundleHost, get, runHost } from "./host";

let bundle: string;
let dataDir: string;
const runs: HostRun[] = [];

beforeAll(() => {
	bundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-net-"));
});

afterAll(() => {
	for (const r of runs) r.child.kill("SIGKILL");
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, "127.0.0.1", () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});
}

test("raw telegrams on the configured port, /metrics, mDNS under the device name, and a clean stop", async () => {
	const rawPort = await freePort();
	const device = `digimon-e2e-${process.pid}`;
	fs.writeFileSync(
		path.join(dataDir, "config.json"),
		JSON.stringify({
			network: { device_name: device },
			auth: { user: "jan", password: "geheim-e2e" },
			raw_telegram: { enabled: true, port: rawPort },
		}),
	);
	const run = runHost(bundle, ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1", "--mdns"]);
	runs.push(run);
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	await run.waitFor(new RegExp(`raw telegrams on tcp port ${rawPort}`));
	const auth = basic("jan", "geheim-e2e");

	const received: Buffer[] = [];
	const reader = net.connect(rawPort, "127.0.0.1");
	reader.on("data", (b) => received.push(b));
	const telegrams = () =>
		Buffer.concat(received)
			.toString("latin1")
			.split(/(?<=!\w{4}\r\n)/)
			.filter((t) => t.endsWith("\r\n"));
	for (let i = 0; i < 200 && telegrams().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
	expect(telegrams().length).toBeGreaterThanOrEqual(2);

	const shown = await get(`${base}/v1/telegram`, auth);
	expect(shown.status).toBe(200);
	// the telegram /v1/telegram shows was on the port, byte for byte (a newer one may have followed)
	const raw = JSON.parse(shown.text).raw as string;
	for (let i = 0; i < 40 && !telegrams().includes(raw); i++) await new Promise((r) => setTimeout(r, 50));
	expect(telegrams()).toContain(raw);
	for (const t of telegrams()) expect(t.startsWith("/FLU5\\253769484_A\r\n")).toBe(true);

	const metrics = await get(`${base}/metrics`, auth);
	expect(metrics.status).toBe(200);
	const telegramsTotal = parsePrometheusTextFormat(metrics.text).find((f) => f.name === "digimon_telegrams_total");
	expect(Number(telegramsTotal?.metrics[0].value)).toBeGreaterThanOrEqual(2);
	expect((await get(`${base}/metrics`)).status).toBe(401);

	const browser = new Bonjour();
	try {
		const found = await new Promise<{ host: string; port: number }>((resolve) =>
			browser.find({ type: "http" }, (s) => {
				if (s.name === device) resolve({ host: s.host, port: s.port });
			}),
		);
		expect(found).toEqual({ host: `${device}.local`, port: Number(new URL(base).port) });
	} finally {
		await new Promise<void>((r) => browser.destroy(() => r()));
	}

	const closed = new Promise<void>((resolve) => reader.on("close", () => resolve()));
	reader.on("error", () => {});
	run.child.kill("SIGTERM");
	expect((await run.exited).code).toBe(0);
	await closed; // the port went with the monitor
}, 60000);
