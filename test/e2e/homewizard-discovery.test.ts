// The PC host found the way HomeWizard clients find a P1 meter: the npm client homewizard-energy-api
// (a real third-party client) runs its mDNS discovery while the host starts with --mdns and the
// HomeWizard-compatible API on. It must report our host with HomeWizard's TXT keys and an address
// where /api answers; switched off through the settings the service is withdrawn, switched on
// again it is announced again, without a restart. Needs a network interface that can multicast.
//
// The client reads the TXT record only from the answer section: it takes the host from the
// announcements (all records as answers), and throws on a reply to its query (TXT as an additional
// record, as bonjour-service and most responders send it). Its handler is wrapped so such a reply,
// ours or another device's, is skipped instead of ending the test with an uncaught error. The
// client reports no port (HomeWizard devices serve port 80): the port is the one the host printed.

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { type DiscoveryResponse, HomeWizardEnergyDiscovery } from "homewizard-energy-api";
import { MULTICAST, NO_MULTICAST } from "../helpers/multicast";
import type { Got, HostRun } from "./host";
import { basic, bundleHost, get, runHost } from "./host";

const USER = "jan";
const PASSWORD = "een-lang-wachtwoord";

/** The client's discovery, skipping the replies it cannot read (see above) rather than throwing. */
class Discovery extends HomeWizardEnergyDiscovery {
	protected override handleMdnsResponse(callback: (found: DiscoveryResponse) => void) {
		const inner = super.handleMdnsResponse(callback);
		return (response: Parameters<typeof inner>[0]) => {
			try {
				inner(response);
			} catch {
				// a reply to a query: its TXT is an additional record, which this client does not read
			}
		};
	}
}

let bundle: string;
let dataDir: string;
let run: HostRun | undefined;
let discovery: Discovery | undefined;

beforeAll(() => {
	bundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-hw-discovery-"));
});

afterAll(async () => {
	discovery?.stop();
	if (run && run.child.exitCode === null && run.child.signalCode === null) {
		run.child.kill("SIGTERM");
		await run.exited;
	}
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function postSettings(port: number, body: unknown): Promise<Got> {
	const base = `http://127.0.0.1:${port}`;
	const headers = { authorization: basic(USER, PASSWORD), "content-type": "application/json", origin: base };
	return new Promise((resolve, reject) => {
		const request = http.request(
			{ hostname: "127.0.0.1", port, path: "/v1/settings", method: "POST", headers, agent: false },
			(response) => {
				let text = "";
				response.setEncoding("utf8");
				response.on("data", (d: string) => (text += d));
				response.on("end", () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
			},
		);
		request.on("error", reject);
		request.setTimeout(10000, () => request.destroy(new Error("timeout")));
		request.end(JSON.stringify(body));
	});
}

/** This machine's own IPv4 addresses an announcement may carry. */
function ownAddresses(): string[] {
	return Object.values(os.networkInterfaces()).flatMap((list) =>
		(list ?? []).filter((a) => !a.internal && a.family === "IPv4").map((a) => a.address),
	);
}

const TITLE = "HomeWizard's npm client discovers the PC host over mDNS, and sees it go and come back with the setting";

(MULTICAST ? test : test.skip)(
	MULTICAST ? TITLE : `${TITLE} (${NO_MULTICAST})`,
	async () => {
		fs.writeFileSync(
			path.join(dataDir, "config.json"),
			JSON.stringify({ auth: { user: USER, password: PASSWORD }, homewizard: { enabled: true } }),
		);
		const found: DiscoveryResponse[] = [];
		const waiters: (() => void)[] = [];
		const client = new Discovery();
		discovery = client;
		client.start(); // before the host: it then hears the host's announcements, which it can read
		client.on("response", (r) => {
			found.push(r);
			for (const w of waiters.splice(0)) w();
		});
		client.on("error", () => {}); // a socket error shows as the host not found

		/** The `n`-th response (1-based) for `serial`. */
		const nth = async (serial: string, n: number): Promise<DiscoveryResponse> => {
			for (;;) {
				const mine = found.filter((r) => r.txt.serial === serial);
				if (mine.length >= n) return mine[n - 1];
				await new Promise<void>((resolve) => waiters.push(resolve));
			}
		};

		run = runHost(bundle, ["--data-dir", dataDir, "--port", "0", "--host", "0.0.0.0", "--speed", "1", "--mdns"]);
		const [, portText] = await run.waitFor(/on http:\/\/localhost:(\d+)\//);
		const port = Number(portText);
		const [, serial] = await run.waitFor(/HomeWizard-compatible API \(v1, no login\) on .*, serial ([0-9a-f]{12})/);
		await run.waitFor(new RegExp(`HomeWizard-compatible API is on port ${port}, but .* connect to port 80`));

		const first = await nth(serial, 1);
		const label = `p1meter-${serial.slice(6)}`;
		expect(first).toEqual({
			ip: expect.any(String),
			hostname: `${label}.local`,
			fqdn: `${label}._hwenergy._tcp.local`,
			txt: { api_enabled: "1", path: "/api/v1", product_type: "HWE-P1", product_name: "P1 meter", serial },
		});
		expect(ownAddresses()).toContain(first.ip);
		const device = await get(`http://${first.ip}:${port}/api`);
		expect(device.status).toBe(200);
		expect(JSON.parse(device.text)).toMatchObject({ product_type: "HWE-P1", serial, api_version: "v1" });

		// off: withdrawn (the goodbye makes the client forget it), /api answers as a disabled API
		expect((await postSettings(port, { homewizard: { enabled: false } })).status).toBe(200);
		await run.waitFor(new RegExp(`mdns: ${label}\\._hwenergy\\._tcp\\.local withdrawn`));
		expect((await get(`http://${first.ip}:${port}/api`)).status).toBe(403);

		// on again: announced anew. The client reports a device it still knows only once, so this
		// second report also shows that the goodbye reached it.
		expect((await postSettings(port, { homewizard: { enabled: true } })).status).toBe(200);
		expect(await nth(serial, 2)).toEqual(first);
		expect((await get(`http://${first.ip}:${port}/api`)).status).toBe(200);

		run.child.kill("SIGTERM");
		expect((await run.exited).code).toBe(0);
	},
	60000,
);
