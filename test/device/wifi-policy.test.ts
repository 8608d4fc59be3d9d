import { defaultConfig } from "../../src/core/config/schema";
import { linkSettingsKey, rejoinAfterSave, WifiPolicy } from "../../src/core/device/wifi-policy";

// Small figures so the timeline is readable: waits 1 s, 2 s, 4 s; setup after 3 failures; the
// station retried every 60 s in setup; attempts time out after 10 s; the AP closes 30 s after a connect.
const OPTIONS = {
	retry: { firstMs: 1000, maxMs: 4000 },
	setupAfter: 3,
	setupRetryMs: 60000,
	connectTimeoutMs: 10000,
	apGraceMs: 30000,
};

test("no settings: setup for good, no station attempts", () => {
	const p = new WifiPolicy(OPTIONS);
	p.start(false, 0);
	expect(p.accessPoint).toBe(true);
	expect(p.loginRequired).toBe(false);
	for (let t = 0; t < 3600000; t += 5000) expect(p.tick(t)).toBe("none");
	expect(p.status()).toEqual({ mode: "setup", accessPoint: true, failures: 0, nextTryMs: Number.NaN });
});

test("settings: connects at once, no AP", () => {
	const p = new WifiPolicy(OPTIONS);
	p.start(true, 100);
	expect(p.tick(100)).toBe("connect");
	expect(p.mode).toBe("connecting");
	p.connected(900);
	expect(p.status()).toEqual({ mode: "online", accessPoint: false, failures: 0, nextTryMs: Number.NaN });
	expect(p.tick(100000)).toBe("none");
	expect(p.loginRequired).toBe(true);
});

test("a dropped link is retried 1 s, then 2 s later; a success resets the count", () => {
	const p = new WifiPolicy(OPTIONS);
	p.start(true, 0);
	p.tick(0);
	p.connected(10);
	p.disconnected(5000);
	expect(p.status()).toMatchObject({ mode: "waiting", failures: 1, nextTryMs: 6000 });
	expect(p.tick(5999)).toBe("none");
	expect(p.tick(6000)).toBe("connect");
	p.disconnected(6500);
	expect(p.status()).toMatchObject({ mode: "waiting", failures: 2, nextTryMs: 8500 });
	expect(p.tick(8500)).toBe("connect");
	p.connected(9000);
	expect(p.status().failures).toBe(0);
	expect(p.accessPoint).toBe(false);
});

test("the router stays down: setup after 3 failures, the station retried every minute, AP closed after the grace", () => {
	const p = new WifiPolicy(OPTIONS);
	p.start(true, 0);
	expect(p.tick(0)).toBe("connect");
	p.disconnected(3000); // failure 1: wait 1 s
	expect(p.tick(4000)).toBe("connect");
	expect(p.tick(13999)).toBe("none");
	expect(p.tick(14000)).toBe("none"); // timed out: failure 2, wait 2 s
	expect(p.status()).toMatchObject({ mode: "waiting", failures: 2, nextTryMs: 16000 });
	expect(p.tick(16000)).toBe("connect");
	p.disconnected(17000); // failure 3: setup
	expect(p.status()).toEqual({ mode: "setup", accessPoint: true, failures: 3, nextTryMs: 77000 });
	expect(p.tick(76999)).toBe("none");
	expect(p.tick(77000)).toBe("connect");
	expect(p.accessPoint).toBe(true); // the portal stays up during the attempt
	p.disconnected(78000);
	expect(p.status()).toEqual({ mode: "setup", accessPoint: true, failures: 4, nextTryMs: 138000 });
	expect(p.tick(138000)).toBe("connect");
	p.connected(139000); // the router is back
	expect(p.mode).toBe("online");
	expect(p.tick(168999)).toBe("none");
	expect(p.accessPoint).toBe(true);
	p.tick(169000);
	expect(p.accessPoint).toBe(false);
});

test("a link lost during the AP's grace keeps the portal up", () => {
	const p = new WifiPolicy({ ...OPTIONS, setupAfter: 1 });
	p.start(true, 0);
	p.tick(0);
	p.disconnected(100); // setup at once
	expect(p.tick(60100)).toBe("connect");
	p.connected(60200);
	p.disconnected(61000);
	p.tick(100000);
	expect(p.accessPoint).toBe(true);
});

test("new settings saved in setup: tried at once, the AP stays until connected", () => {
	const p = new WifiPolicy(OPTIONS);
	p.start(false, 0);
	p.settingsChanged(true, 5000);
	expect(p.tick(5000)).toBe("connect");
	expect(p.accessPoint).toBe(true);
	p.disconnected(6000); // a typo in the password: quick retries first, AP still up
	expect(p.status()).toMatchObject({ mode: "setup", accessPoint: true, failures: 1, nextTryMs: 7000 });
	expect(p.tick(7000)).toBe("connect");
});

test("erased by the BOOT button: setup, and a late connect event is ignored", () => {
	const p = new WifiPolicy(OPTIONS);
	p.start(true, 0);
	p.tick(0);
	p.settingsChanged(false, 10);
	p.connected(20);
	expect(p.status()).toEqual({ mode: "setup", accessPoint: true, failures: 0, nextTryMs: Number.NaN });
	expect(p.loginRequired).toBe(false);
});

describe("rejoinAfterSave", () => {
	const before = defaultConfig();
	before.wifi.ssid = "Thuis";
	before.wifi.password = "geheim123";
	const key = linkSettingsKey(before);
	const saved = (change: (c: ReturnType<typeof defaultConfig>) => void) => {
		const c = structuredClone(before);
		change(c);
		return c;
	};

	test("online, a save of other sections keeps the link", () => {
		expect(
			rejoinAfterSave(
				key,
				saved((c) => (c.tariff.price_eur_kw_year = 55)),
				"online",
			),
		).toBe(false);
		expect(
			rejoinAfterSave(
				key,
				saved((c) => (c.homewizard.enabled = true)),
				"online",
			),
		).toBe(false);
		expect(
			rejoinAfterSave(
				key,
				saved(() => {}),
				"online",
			),
		).toBe(false);
	});

	test("a changed wifi or network setting rejoins", () => {
		expect(
			rejoinAfterSave(
				key,
				saved((c) => (c.wifi.password = "anders456")),
				"online",
			),
		).toBe(true);
		expect(
			rejoinAfterSave(
				key,
				saved((c) => (c.wifi.ssid = "Buren")),
				"online",
			),
		).toBe(true);
		expect(
			rejoinAfterSave(
				key,
				saved((c) => (c.network.dhcp = false)),
				"online",
			),
		).toBe(true);
		expect(
			rejoinAfterSave(
				key,
				saved((c) => (c.network.ip = "192.168.1.9")),
				"online",
			),
		).toBe(true);
	});

	test("not online, any save tries the station again", () => {
		for (const mode of ["connecting", "waiting", "setup"] as const)
			expect(
				rejoinAfterSave(
					key,
					saved(() => {}),
					mode,
				),
			).toBe(true);
	});
});
