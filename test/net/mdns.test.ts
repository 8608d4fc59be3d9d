// mDNS: which services the monitor announces for which settings (core/net/mdns.ts), the records
// bonjour-service makes of them (what goes on the wire: PTR, SRV, TXT, A), and, where this machine
// has a network interface for multicast, a real bonjour-service browser that finds the PC host's
// announcement with the right names and TXT keys.

import { Bonjour, Service } from "bonjour-service";
import { homewizardHostLabel, mdnsChanges, mdnsServices } from "../../src/core/net/mdns";
import { startMdns } from "../../src/hosts/node/mdns";
import { MULTICAST } from "../helpers/multicast";

const quiet = { info: () => {}, warn: () => {} };
const SERIAL = "5C2FAF0A1B2C";

test("off: only the web page, under the device name", () => {
	expect(mdnsServices({ deviceName: "digimon", httpPort: 8080, homewizard: false, serial: SERIAL })).toEqual([
		{ name: "digimon", type: "http", host: "digimon.local", port: 8080, txt: { path: "/" } },
	]);
});

test("with the HomeWizard API on: _hwenergy._tcp as p1meter-<last 6 of the serial>, with HomeWizard's TXT keys", () => {
	const services = mdnsServices({ deviceName: "meterkast", httpPort: 80, homewizard: true, serial: SERIAL });
	expect(services).toEqual([
		{ name: "meterkast", type: "http", host: "meterkast.local", port: 80, txt: { path: "/" } },
		{
			name: "p1meter-0a1b2c",
			type: "hwenergy",
			host: "p1meter-0a1b2c.local",
			port: 80,
			txt: {
				api_enabled: "1",
				path: "/api/v1",
				product_type: "HWE-P1",
				product_name: "P1 meter",
				serial: "5c2faf0a1b2c",
			},
		},
	]);
});

test("no serial, or one that is not 12 hex digits: no _hwenergy._tcp (a wrong one would be worse than none)", () => {
	for (const serial of [undefined, "", "5C2FAF0A1B2", "5C2FAF0A1B2CD", "5C2FAF0A1B2G", "5C2FAF0A1B-C"]) {
		expect(homewizardHostLabel(serial)).toBeUndefined();
		expect(mdnsServices({ deviceName: "digimon", httpPort: 80, homewizard: true, serial }).map((s) => s.type)).toEqual([
			"http",
		]);
	}
	expect(homewizardHostLabel("ffffff000000")).toBe("p1meter-000000");
});

describe("following the settings: what is withdrawn and what announced", () => {
	const web = { name: "digimon", type: "http", host: "digimon.local", port: 8080, txt: { path: "/" } };
	const hw = (serial: string, port = 8080) => ({
		name: `p1meter-${serial.slice(6)}`,
		type: "hwenergy",
		host: `p1meter-${serial.slice(6)}.local`,
		port,
		txt: { api_enabled: "1", path: "/api/v1", product_type: "HWE-P1", product_name: "P1 meter", serial },
	});
	const on = hw("5c2faf0a1b2c");

	test("the HomeWizard API switched off: its service is withdrawn, the web page stays", () => {
		expect(mdnsChanges([web, on], [{ ...web, txt: { path: "/" } }])).toEqual({ remove: [on], add: [] });
	});

	test("switched on: its service is announced, the web page is not announced again", () => {
		expect(mdnsChanges([web], [{ ...web }, on])).toEqual({ remove: [], add: [on] });
	});

	test("nothing changed (the same services made anew): nothing sent", () => {
		expect(mdnsChanges([web, on], [{ ...web }, hw("5c2faf0a1b2c")])).toEqual({ remove: [], add: [] });
	});

	test("a service that differs in its port or one TXT value is withdrawn and announced again", () => {
		const moved = hw("5c2faf0a1b2c", 80);
		expect(mdnsChanges([web, on], [web, moved])).toEqual({ remove: [on], add: [moved] });
		const off = { ...on, txt: { ...on.txt, api_enabled: "0" } };
		expect(mdnsChanges([on], [off])).toEqual({ remove: [on], add: [off] });
		const fewer = {
			...on,
			txt: { api_enabled: "1", path: "/api/v1", product_type: "HWE-P1", product_name: "P1 meter" },
		};
		expect(mdnsChanges([on], [fewer])).toEqual({ remove: [on], add: [fewer] });
	});
});

test("the records bonjour-service sends for the HomeWizard service: PTR, SRV to p1meter-….local, TXT with the keys, A for that name", () => {
	const s = mdnsServices({ deviceName: "digimon", httpPort: 8080, homewizard: true, serial: SERIAL })[1];
	const service = new Service(
		{ ...s, txt: { ...s.txt } },
		() => {},
		() => {},
	);
	const records = service.records();
	const byType = (type: string) => records.filter((r) => r.type === type);
	expect(byType("PTR").map((r) => [r.name, r.data])).toContainEqual([
		"_hwenergy._tcp.local",
		"p1meter-0a1b2c._hwenergy._tcp.local",
	]);
	expect(byType("SRV").map((r) => [r.name, r.data])).toEqual([
		["p1meter-0a1b2c._hwenergy._tcp.local", { port: 8080, target: "p1meter-0a1b2c.local" }],
	]);
	const txt = byType("TXT")[0].data as Buffer[];
	expect(txt.map((b) => b.toString("utf8")).sort()).toEqual(
		["api_enabled=1", "path=/api/v1", "product_name=P1 meter", "product_type=HWE-P1", "serial=5c2faf0a1b2c"].sort(),
	);
	for (const a of [...byType("A"), ...byType("AAAA")]) expect(a.name).toBe("p1meter-0a1b2c.local");
});

(MULTICAST ? test : test.skip)(
	"a bonjour-service browser finds the PC host's announcement: both services, their names and TXT",
	async () => {
		// a name of this run, so another test run on the network is not what is found
		const name = `digimon-test-${process.pid}`;
		const serial = (process.pid.toString(16).padStart(6, "0") + "a1b2c3").slice(-12);
		const announcer = startMdns(mdnsServices({ deviceName: name, httpPort: 18080, homewizard: true, serial }), quiet);
		const browser = new Bonjour();
		try {
			const found = await new Promise<Service[]>((resolve) => {
				const seen: Service[] = [];
				const done = () => {
					const mine = seen.filter((s) => s.port === 18080 && (s.name === name || s.txt?.serial === serial));
					if (mine.length === 2) resolve(mine);
				};
				browser.find({ type: "hwenergy" }, (s) => {
					seen.push(s);
					done();
				});
				browser.find({ type: "http" }, (s) => {
					seen.push(s);
					done();
				});
			});
			const http = found.find((s) => s.type === "http");
			const hw = found.find((s) => s.type === "hwenergy");
			expect(http?.host).toBe(`${name}.local`);
			expect(hw?.name).toBe(`p1meter-${serial.slice(6)}`);
			expect(hw?.host).toBe(`p1meter-${serial.slice(6)}.local`);
			expect(hw?.txt).toEqual({
				api_enabled: "1",
				path: "/api/v1",
				product_type: "HWE-P1",
				product_name: "P1 meter",
				serial,
			});
			expect(hw?.addresses?.length).toBeGreaterThan(0);
		} finally {
			await new Promise<void>((r) => browser.destroy(() => r()));
			await announcer.close();
		}
	},
	60000,
);
