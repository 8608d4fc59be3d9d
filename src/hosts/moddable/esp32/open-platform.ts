// The device's machine (mcconfig -p esp32/ttgo_t8_c3 or esp32/ttgo_t8_s2): what main needs, on
// the adapters of ../device (startDevice) and the network services here. Two steps, because the
// adapters read the settings: openPlatform() opens the flash (LittleFS: config.json, and the
// checkpoint and month peaks under state/), then main loads config.json and calls begin(), which
// starts the LED and button, the SD card, WiFi (station or setup), the OTA partition and the P1
// UART. The history's store, the meter's bytes and the monitor's extras exist from then on.
// Nothing waits for the network: mDNS and the SNTP fallback clock start when the station gets
// an address.

import type { Directory } from "embedded:storage/files";
import { saveConfig } from "core/config/file";
import { type Config, defaultConfig } from "core/config/schema";
import { macSerial } from "core/device/serial";
import type { Log } from "core/ports";
import { startDevice } from "device/index";
import { FatStore, type FileModule } from "esp32/fat-store";
import { MdnsAnnouncer } from "esp32/mdns-announcer";
import { SntpClock } from "esp32/sntp-clock";
import { WifiScan } from "esp32/wifi-scan";
import { DEVICE_PORT, DeviceWiring } from "esp32/wiring";
import * as file from "file";
import { DirStore } from "host/dir-store";
import type { Platform } from "host/platform";
import config from "mc/config";
import Net from "net";
import Timer from "timer";

const STATE_DIR = "state";
/** Where ../native/sdcard.c mounts the card. */
const SD_ROOT = "/sd";
const SNTP_HOST = "pool.ntp.org";

/** Bytes from Math.random, which XS on the ESP32 draws from esp_random() (the hardware RNG). */
function randomBytes(n: number): Uint8Array {
	const bytes = new Uint8Array(n);
	for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256);
	return bytes;
}

export async function openPlatform(log: Log): Promise<Platform> {
	// at run time: the module mounts LittleFS when first imported, which a preload cannot do
	const files = (await import("embedded:storage/files")) as unknown as { default: Directory };
	const root = files.default;
	root.createDirectory(STATE_DIR);
	const flash = new DirStore(root);
	const clock = new SntpClock(typeof config.sntp === "string" ? config.sntp : SNTP_HOST, log);
	let wiring: DeviceWiring | undefined;
	let p1: Platform["source"] | undefined;
	let card: { whenMounted(listener: () => void): void } | undefined;
	const wired = (): DeviceWiring => {
		if (wiring === undefined) throw new Error("device not started: begin() first");
		return wiring;
	};
	return {
		get sd() {
			return wired().sd;
		},
		state: new DirStore(root.openDirectory({ path: STATE_DIR })),
		settings: flash,
		get source() {
			wired();
			return p1 as Platform["source"];
		},
		port: DEVICE_PORT,
		clock,
		randomBytes,
		// the device's login is its WiFi network's, set in setup: no random login nobody could read
		newConfig: defaultConfig,
		begin(current: () => Config) {
			if (wiring !== undefined) return;
			const device = startDevice({
				settings: current,
				log,
				eraseWifi() {
					const c = current();
					saveConfig(flash, { ...c, wifi: { ...c.wifi, ssid: "", password: "" } });
					log.warn("wifi settings erased (BOOT held): restarting into setup");
				},
				onShortPress: () => wiring?.shortPress(),
			});
			const net = {
				mdns: new MdnsAnnouncer(log),
				clock,
				scan: new WifiScan(log),
				address: () => Net.get("IP", "station"),
				every(ms: number, tick: () => void) {
					Timer.repeat(tick, ms);
				},
			};
			const fat = new FatStore(file as unknown as FileModule, SD_ROOT);
			wiring = new DeviceWiring(device, net, fat, current, macSerial(Net.get("MAC", "station")));
			p1 = device.p1;
			card = device.sd;
		},
		get monitor() {
			return wired().monitor;
		},
		intercept: (request) => wired().intercept(request),
		settingsSaved: (c) => wired().settingsSaved(c),
		started: () => wired().started(),
		whenCardMounted: (listener) => card?.whenMounted(listener),
	};
}
