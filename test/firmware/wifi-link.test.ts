// The device's WiFi adapter (src/hosts/moddable/device/wifi.ts) against a fake of the SDK's legacy
// `wifi` module that behaves as its C does (modules/network/wifi/esp32/xs6wifi.c): the station
// interface and the radio exist only once initWiFi ran (from the mode setter, connect() or
// accessPoint()), and the IDF refuses a transmit power cap before the radio started. The native
// calls (device/native) answer as netif.c and the IDF would on that state.

interface Radio {
	started: boolean;
	events: string[];
	accessPointThrows: number;
	dnsThrows: number;
	ticks: number;
	timers: (() => void)[];
	warnings: string[];
}

// jest.mock factories may only reach variables named mock*
const mockRadio: Radio = {
	started: false,
	events: [],
	accessPointThrows: 0,
	dnsThrows: 0,
	ticks: 0,
	timers: [],
	warnings: [],
};

jest.mock(
	"wifi",
	() => {
		const radio = mockRadio;
		const init = () => {
			if (!radio.started) radio.events.push("radio started");
			radio.started = true;
		};
		class WiFi {
			static gotIP = "gotIP";
			static lostIP = "lostIP";
			static disconnected = "disconnect";
			static Mode = { none: 0, station: 1, accessPoint: 2 };
			static set mode(mode: number) {
				init();
				radio.events.push(`mode ${mode}`);
			}
			static connect(options: { ssid: string }) {
				init();
				radio.events.push(`connect ${options.ssid}`);
			}
			static accessPoint(options: { ssid: string }) {
				init();
				if (radio.accessPointThrows > 0) {
					radio.accessPointThrows--;
					throw new Error("esp_wifi_set_config failed");
				}
				radio.events.push(`access point ${options.ssid}`);
			}
			close() {}
		}
		return { __esModule: true, default: WiFi };
	},
	{ virtual: true },
);

jest.mock(
	"dns/server",
	() => ({
		__esModule: true,
		default: class {
			constructor() {
				if (mockRadio.dnsThrows > 0) {
					mockRadio.dnsThrows--;
					throw new Error("no socket");
				}
				mockRadio.events.push("dns");
			}
			close() {}
		},
	}),
	{ virtual: true },
);

jest.mock("net", () => ({ __esModule: true, default: { get: () => undefined } }), { virtual: true });
jest.mock("time", () => require("./sdk-fakes").fakeTime(() => mockRadio.ticks), { virtual: true });
jest.mock("timer", () => require("./sdk-fakes").collectingTimer((cb: () => void) => mockRadio.timers.push(cb)), {
	virtual: true,
});
jest.mock(
	"device/native",
	() => ({
		ffi: () => ({
			sta_address(address: number, mask: number) {
				// netif.c looks the station interface up: none before initWiFi made it
				if (!mockRadio.started) return 0x103; // ESP_ERR_INVALID_STATE
				mockRadio.events.push(address === 0 ? "dhcp" : `static ${address.toString(16)}/${mask.toString(16)}`);
				return 0;
			},
			esp_wifi_set_ps: () => (mockRadio.started ? 0 : 0x3002),
			esp_wifi_set_max_tx_power(quarterDbm: number) {
				if (!mockRadio.started) return 0x3002; // ESP_ERR_WIFI_NOT_STARTED
				mockRadio.events.push(`tx cap ${quarterDbm}`);
				return 0;
			},
		}),
		errHex: (code: number) => "0x" + code.toString(16),
	}),
	{ virtual: true },
);

import { type Config, defaultConfig } from "../../src/core/config/schema";
import type { Log } from "../../src/core/ports";

// by a computed path: tsc would otherwise check the adapter against the SDK's typings, which only
// the Moddable type check (scripts/typecheck-moddable.ts) has
const ADAPTER = "../../src/hosts/moddable/device/wifi";
const { WifiLink } = require(ADAPTER) as {
	WifiLink: new (options: { config(): Config; log: Log }) => { start(): void; readonly accessPoint: boolean };
};

function link(config: Config) {
	Object.assign(mockRadio, { started: false, events: [], accessPointThrows: 0, dnsThrows: 0, ticks: 0, timers: [] });
	mockRadio.warnings = [];
	const log = { info() {}, warn: (m: string) => mockRadio.warnings.push(m) };
	return new WifiLink({ config: () => config, log });
}

function tick(ms: number): void {
	mockRadio.ticks += ms;
	for (const t of mockRadio.timers) t();
}

test("a static address is on the station interface before the first connect after boot", () => {
	const config = defaultConfig();
	config.wifi.ssid = "Thuis";
	config.wifi.password = "geheim123";
	Object.assign(config.network, { dhcp: false, ip: "192.168.1.50", subnet: "255.255.255.0", gateway: "192.168.1.1" });
	link(config).start();
	// 192.168.1.50 in lwIP's byte order: 50 << 24 | 1 << 16 | 168 << 8 | 192 = 0x3201a8c0
	const fixed = "static 3201a8c0/ffffff";
	expect(mockRadio.events).toContain(fixed);
	expect(mockRadio.events.indexOf(fixed)).toBeLessThan(mockRadio.events.indexOf("connect Thuis"));
	expect(mockRadio.warnings).toEqual([]);
});

test("the transmit power is capped as soon as the radio starts, before associating", () => {
	const config = defaultConfig();
	config.wifi.ssid = "Thuis";
	link(config).start();
	const e = mockRadio.events;
	expect(e[0]).toBe("radio started");
	expect(e.indexOf("tx cap 60")).toBeGreaterThan(0);
	expect(e.indexOf("tx cap 60")).toBeLessThan(e.indexOf("connect Thuis"));
	expect(mockRadio.warnings).toEqual([]);
});

test("a fresh board in setup mode caps the access point's power too", () => {
	link(defaultConfig()).start();
	const e = mockRadio.events;
	const ap = e.indexOf("access point DigitaleMeterMonitor");
	expect(ap).toBeGreaterThan(0);
	expect(e.slice(ap)).toContain("tx cap 60");
	expect(e.indexOf("tx cap 60")).toBeLessThan(ap); // and before it, from the station start
});

test("an access point that fails to start is logged and tried again on the next tick, not thrown", () => {
	const wifi = link(defaultConfig());
	mockRadio.accessPointThrows = 1;
	expect(() => wifi.start()).not.toThrow();
	expect(wifi.accessPoint).toBe(false);
	expect(mockRadio.warnings).toEqual(["wifi: esp_wifi_set_config failed; retrying"]);
	mockRadio.dnsThrows = 1;
	expect(() => tick(500)).not.toThrow();
	expect(wifi.accessPoint).toBe(false);
	expect(mockRadio.warnings[1]).toBe("wifi: no socket; retrying");
	tick(500);
	expect(wifi.accessPoint).toBe(true);
	expect(mockRadio.events.filter((x) => x === "dns")).toEqual(["dns"]);
	expect(mockRadio.warnings.length).toBe(2);
});
