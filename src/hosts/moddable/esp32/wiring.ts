// How the device's adapters meet the monitor, apart from the modules that reach the hardware, so
// it is tested in jest with fakes: what the monitor is given (the LED per telegram and for the
// peak warning, the OTA partition, setup mode, the network list, the serial, the checkpoint
// interval), what answers a request before the API (the captive portal), what a settings save
// touches, what follows the station's address (mDNS, the SNTP fallback clock), and the LED's
// answer to a short press of BOOT. Nothing here waits for the network: each piece starts when the
// address comes.

import type { ApiRequest, ApiResponse, WifiNetwork } from "core/api/types";
import type { Config } from "core/config/schema";
import { DEVICE_CHECKPOINT_SECONDS } from "core/device/flash-wear";
import type { MonitorOptions } from "core/monitor";
import type { MdnsSettings } from "core/net/mdns";
import type { ByteSource, FileStore, FirmwareSink } from "core/ports";
import { shortPressAnswer } from "core/status/short-press";

/** The HTTP port: the captive portal's probes and every phone come to 80. */
export const DEVICE_PORT = 80;

/** How often the station's address is looked at for mDNS and SNTP, ms. */
export const ADDRESS_WATCH_MS = 2000;

/** What of device/index's Device this uses. */
export interface DeviceParts {
	readonly p1: ByteSource;
	readonly sd: { store(fat: FileStore): FileStore };
	readonly wifi: {
		readonly accessPoint: boolean;
		portal(host: string | undefined, target: string): ApiResponse | undefined;
		settingsChanged(): void;
	};
	readonly io: {
		readonly status: {
			readonly led: {
				telegram(): void;
				set(condition: "warning", on: boolean): void;
				isSet(condition: "sos"): boolean;
				say(text: string): boolean;
			};
		};
	};
	readonly firmware: FirmwareSink | undefined;
	started(): void;
}

/** The network services that follow the station's address. */
export interface NetworkParts {
	mdns: { start(settings: MdnsSettings): void; update(settings: MdnsSettings): void; close(): void };
	clock: { online(): void };
	scan: { networks(): readonly WifiNetwork[] };
	/** The station's IPv4 address; "" or undefined while it has none. */
	address(): string | undefined;
	/** Runs `tick` every ADDRESS_WATCH_MS. */
	every(ms: number, tick: () => void): void;
}

export type DeviceMonitorOptions = Pick<
	MonitorOptions,
	"checkpointSeconds" | "serial" | "onWarning" | "onTelegram" | "firmware" | "setupMode" | "wifiNetworks"
>;

export function mdnsSettingsOf(config: Config, serial: string | undefined): MdnsSettings {
	return {
		deviceName: config.network.device_name,
		httpPort: DEVICE_PORT,
		homewizard: config.homewizard.enabled === true,
		serial,
	};
}

export class DeviceWiring {
	readonly sd: FileStore;
	readonly monitor: DeviceMonitorOptions;
	#device: DeviceParts;
	#net: NetworkParts;
	#config: () => Config;
	#serial: string | undefined;
	/** The device name at start: a new one takes effect at the restart, as the settings say. */
	#name: string;
	#address = "";

	constructor(
		device: DeviceParts,
		net: NetworkParts,
		fat: FileStore,
		config: () => Config,
		serial: string | undefined,
	) {
		this.#device = device;
		this.#net = net;
		this.#config = config;
		this.#serial = serial;
		this.#name = config().network.device_name;
		this.sd = device.sd.store(fat);
		const led = device.io.status.led;
		this.monitor = {
			checkpointSeconds: DEVICE_CHECKPOINT_SECONDS,
			serial,
			onTelegram: () => led.telegram(),
			onWarning: (on) => led.set("warning", on),
			firmware: () => device.firmware,
			setupMode: () => device.wifi.accessPoint,
			wifiNetworks: () => net.scan.networks(),
		};
	}

	/** The captive portal's redirect for a request not meant for the device; undefined: the API answers. */
	intercept(request: ApiRequest): ApiResponse | undefined {
		return this.#device.wifi.portal(request.headers.host, request.target);
	}

	/** A save through the API: WiFi tries the new settings, mDNS follows homewizard.enabled. */
	settingsSaved(config: Config): void {
		this.#device.wifi.settingsChanged();
		this.#net.mdns.update(this.#mdnsSettings(config));
	}

	/** The monitor runs and the server listens: "hi", the firmware confirmed later, the address watched. */
	started(): void {
		this.#device.started();
		this.#net.every(ADDRESS_WATCH_MS, () => this.watch());
		this.watch();
	}

	/** BOOT pressed briefly: the LED says where to find the board, or why it cannot be found (core/status/short-press). */
	shortPress(): void {
		const led = this.#device.io.status.led;
		const answer = shortPressAnswer({
			setup: this.#device.wifi.accessPoint,
			cardTrouble: led.isSet("sos"),
			address: this.#net.address(),
		});
		if (answer !== undefined) led.say(answer);
	}

	/** A new station address restarts mDNS on it and asks SNTP; losing it withdraws mDNS. */
	watch(): void {
		const address = this.#net.address() ?? "";
		if (address === this.#address) return;
		this.#address = address;
		if (address === "" || address === "0.0.0.0") {
			this.#net.mdns.close();
			return;
		}
		this.#net.mdns.start(this.#mdnsSettings(this.#config()));
		this.#net.clock.online();
	}

	#mdnsSettings(config: Config): MdnsSettings {
		const settings = mdnsSettingsOf(config, this.#serial);
		settings.deviceName = this.#name;
		return settings;
	}
}
