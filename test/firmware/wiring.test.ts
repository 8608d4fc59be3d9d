// How the device's adapters meet the monitor (src/hosts/moddable/esp32/wiring.ts), with fakes of
// the adapters: what the monitor is given, the captive portal before the API, what a settings
// save touches, and mDNS and SNTP following the station's address without waiting for it.

import type { ApiResponse, DeviceHardware, WifiNetwork } from "../../src/core/api/types";
import { type Config, defaultConfig } from "../../src/core/config/schema";
import type { FirmwareActivity } from "../../src/core/device/firmware-health";
import { mountErrorText, type SdStatus } from "../../src/core/device/sd-policy";
import { macSerial } from "../../src/core/device/serial";
import type { WifiMode } from "../../src/core/device/wifi-policy";
import type { MdnsSettings } from "../../src/core/net/mdns";
import type { FileStore } from "../../src/core/ports";
import { type DeviceParts, DeviceWiring, type NetworkParts } from "../../src/hosts/moddable/esp32/wiring";

function fakes(config: Config = defaultConfig()) {
	const events: string[] = [];
	const fat = { name: "fat" } as unknown as FileStore;
	const guarded = { name: "guarded" } as unknown as FileStore;
	const redirect: ApiResponse = { status: 302, headers: { location: "http://192.168.4.1/" }, body: "" };
	const firmware = { chipId: 5, maxBytes: 1 } as DeviceParts["firmware"];
	const state = {
		accessPoint: false,
		address: "" as string | undefined,
		config,
		sos: false,
		mode: "online" as WifiMode,
		activity: undefined as (() => FirmwareActivity) | undefined,
		card: { state: "mounted", failures: 0, error: "", nextTryMs: Number.NaN } as SdStatus,
	};
	const device: DeviceParts = {
		p1: { start: () => events.push("p1"), close: () => events.push("p1.close"), lost: 0 },
		sd: {
			store(store) {
				events.push(`sd.store(${(store as unknown as { name: string }).name})`);
				return guarded;
			},
			status: () => state.card,
		},
		wifi: {
			get accessPoint() {
				return state.accessPoint;
			},
			portal: (host, target) =>
				host === "connectivitycheck.gstatic.com" && target === "/generate_204" ? redirect : undefined,
			settingsChanged: () => events.push("wifi.settingsChanged"),
			status: () => ({ mode: state.mode, accessPoint: state.accessPoint, failures: 0, nextTryMs: Number.NaN }),
			rssi: () => (state.mode === "online" ? -67 : Number.NaN),
		},
		io: {
			status: {
				led: {
					telegram: () => events.push("led.telegram"),
					set: (condition, on) => events.push(`led.${condition}=${on}`),
					isSet: (condition) => condition === "sos" && state.sos,
					say: (text) => events.push(`led.say(${text})`) > 0,
				},
			},
		},
		firmware,
		started(activity) {
			events.push("device.started");
			state.activity = activity;
		},
	};
	const ticks: (() => void)[] = [];
	const scan: WifiNetwork[] = [{ ssid: "Thuis", rssi: -60, secure: true }];
	const net: NetworkParts = {
		mdns: {
			start: (s: MdnsSettings) => events.push(`mdns.start(${s.deviceName},${s.homewizard},${s.serial})`),
			update: (s: MdnsSettings) => events.push(`mdns.update(${s.deviceName},${s.homewizard})`),
			close: () => events.push("mdns.close"),
		},
		clock: { online: () => events.push("clock.online") },
		scan: { networks: () => scan },
		address: () => state.address,
		every(ms, tick) {
			events.push(`every(${ms})`);
			ticks.push(tick);
		},
	};
	const serial = macSerial("A4:D1:8C:DB:C0:20");
	const wiring = new DeviceWiring(device, net, fat, () => state.config, serial);
	return { wiring, events, state, guarded, redirect, firmware, scan, ticks };
}

test("the history's store is the SD card's guard around the FAT store, made at once", () => {
	const f = fakes();
	expect(f.wiring.sd).toBe(f.guarded);
	expect(f.events).toEqual(["sd.store(fat)"]);
});

test("the monitor gets the device's checkpoint interval, serial, LED, OTA, setup mode and scan", () => {
	const f = fakes();
	const m = f.wiring.monitor;
	expect(m.checkpointSeconds).toBe(300); // README "Flash wear": 94 years at 300 s
	expect(m.serial).toBe("a4d18cdbc020");
	m.onTelegram?.({} as never);
	m.onWarning?.(true);
	m.onWarning?.(false);
	expect(f.events.slice(1)).toEqual(["led.telegram", "led.warning=true", "led.warning=false"]);
	expect(m.firmware?.()).toBe(f.firmware);
	expect(m.setupMode?.()).toBe(false);
	f.state.accessPoint = true;
	expect(m.setupMode?.()).toBe(true); // read per request, not fixed at start
	expect(m.wifiNetworks?.()).toBe(f.scan);
});

test("the captive portal answers first; anything else goes to the API", () => {
	const f = fakes();
	const probe = { method: "GET", target: "/generate_204", headers: { host: "connectivitycheck.gstatic.com" } };
	expect(f.wiring.intercept(probe)).toBe(f.redirect);
	expect(f.wiring.intercept({ method: "GET", target: "/", headers: { host: "digimon.local" } })).toBeUndefined();
});

test("nothing of the network starts before started(); then mDNS and SNTP wait for an address", () => {
	const f = fakes();
	f.wiring.started();
	expect(f.events.slice(1)).toEqual(["device.started", "every(2000)"]);
	f.ticks[0]();
	expect(f.events.length).toBe(3); // still no address
	f.state.address = "192.168.1.40";
	f.ticks[0]();
	expect(f.events.slice(3)).toEqual(["mdns.start(digimon,false,a4d18cdbc020)", "clock.online"]);
	f.ticks[0]();
	expect(f.events.length).toBe(5); // the same address: nothing again
});

test("a new address restarts mDNS on it; losing the address withdraws it", () => {
	const f = fakes();
	f.state.address = "192.168.1.40";
	f.wiring.started();
	f.state.address = "0.0.0.0";
	f.ticks[0]();
	f.state.address = "192.168.1.77";
	f.ticks[0]();
	expect(f.events.slice(1)).toEqual([
		"device.started",
		"every(2000)",
		"mdns.start(digimon,false,a4d18cdbc020)",
		"clock.online",
		"mdns.close",
		"mdns.start(digimon,false,a4d18cdbc020)",
		"clock.online",
	]);
});

test("a settings save: WiFi tries them, mDNS follows homewizard.enabled under the running name", () => {
	const f = fakes();
	const next = defaultConfig();
	next.homewizard.enabled = true;
	next.network.device_name = "meterkast"; // takes effect at the restart
	f.wiring.settingsSaved(next);
	expect(f.events.slice(1)).toEqual(["wifi.settingsChanged", "mdns.update(digimon,true)"]);
});

test("a save that leaves wifi and network alone keeps the link up; offline, any save retries it", () => {
	const f = fakes();
	const next = defaultConfig();
	next.tariff.price_eur_kw_year = 55; // a tariff change must not drop the link mid-request
	f.wiring.settingsSaved(next);
	expect(f.events.slice(1)).toEqual(["mdns.update(digimon,false)"]);
	const pw = structuredClone(next);
	pw.wifi.password = "nieuw-wachtwoord";
	f.wiring.settingsSaved(pw);
	expect(f.events.slice(2)).toEqual(["wifi.settingsChanged", "mdns.update(digimon,false)"]);
	f.wiring.settingsSaved(structuredClone(pw)); // the same again: compared with the last save
	expect(f.events.slice(4)).toEqual(["mdns.update(digimon,false)"]);
	f.state.mode = "waiting";
	f.wiring.settingsSaved(structuredClone(pw));
	expect(f.events.slice(5)).toEqual(["wifi.settingsChanged", "mdns.update(digimon,false)"]);
});

describe("macSerial", () => {
	test.each([
		["A4:D1:8C:DB:C0:20", "a4d18cdbc020"],
		["a4-d1-8c-db-c0-20", "a4d18cdbc020"],
		["A4D18CDBC020", "a4d18cdbc020"],
	])("%s -> %s", (mac, serial) => expect(macSerial(mac)).toBe(serial));
	test.each([undefined, "", "A4:D1:8C:DB:C0", "A4:D1:8C:DB:C0:2G", "00:00:00:00:00:00", "A4:D1:8C:DB:C0:20:11"])(
		"%j has none",
		(mac) => expect(macSerial(mac)).toBeUndefined(),
	);
});

test('a short press says the address\'s last octet, "wifi" in setup, "sos" first with the card in trouble', () => {
	const f = fakes();
	f.wiring.shortPress(); // connecting: no address yet, nothing to say
	f.state.address = "192.168.1.42";
	f.wiring.shortPress();
	f.state.sos = true;
	f.wiring.shortPress();
	f.state.accessPoint = true;
	f.wiring.shortPress();
	expect(f.events.slice(1)).toEqual(["led.say(42)", "led.say(sos 42)", "led.say(wifi)"]);
});

test("the device is told what proves a new firmware healthy: telegrams passed on, requests taken", () => {
	const f = fakes();
	f.wiring.started();
	const activity = f.state.activity as () => FirmwareActivity;
	expect(activity()).toEqual({ telegrams: 0, requests: 0 });
	f.wiring.monitor.onTelegram?.({} as never);
	f.wiring.monitor.onTelegram?.({} as never);
	f.wiring.intercept({ method: "GET", target: "/", headers: { host: "digimon.local" } });
	expect(activity()).toEqual({ telegrams: 2, requests: 1 });
});

test("the status's device block: the card's condition, WiFi and the UART's lost bytes", () => {
	const f = fakes();
	const device = f.wiring.monitor.device as () => DeviceHardware;
	expect(device()).toEqual({
		card: { state: "mounted", failures: 0, error: "", nextTryMs: Number.NaN },
		wifi: { mode: "online", accessPoint: false, failures: 0, nextTryMs: Number.NaN, rssi: -67 },
		uartLostBytes: 0,
	});
	f.state.card = { state: "failed", failures: 2, error: mountErrorText(0x107), nextTryMs: 9000 };
	f.state.mode = "setup";
	f.state.accessPoint = true;
	const d = device();
	expect(d.card).toEqual({ state: "missing", failures: 2, error: "no card (timeout) (0x107)", nextTryMs: 9000 });
	expect([d.wifi.mode, d.wifi.accessPoint, d.wifi.rssi]).toEqual(["setup", true, Number.NaN]);
});
