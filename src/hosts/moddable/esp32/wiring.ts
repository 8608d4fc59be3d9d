// How the device's adapters meet the monitor, apart from the modules that reach the hardware, so
// it is tested in jest with fakes: what the monitor is given (the LED per telegram and for the
// peak warning, the OTA partition, setup mode, the network list, the serial, the checkpoint
// interval), what answers a request before the API (the captive portal), what a settings save
// touches, what follows the station's address (mDNS, the SNTP fallback clock), and the LED's
// answer to a short press of BOOT. Nothing here waits for the network: each piece starts when the
// address comes.

import type { ApiRequest, ApiResponse, DeviceHardware, WifiNetwork } from "core/api/types";
import type { Config } from "core/config/schema";
import type { FirmwareActivity } from "core/device/firmware-health";
import { DEVICE_CHECKPOINT_SECONDS } from "core/device/flash-wear";
import { cardCondition, type SdStatus } from "core/device/sd-policy";
import { linkSettingsKey, rejoinAfterSave, type WifiStatus } from "core/device/wifi-policy";
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
	readonly p1: ByteSource & { readonly lost: number };
	readonly sd: { store(fat: FileStore): FileStore; status(): SdStatus };
	readonly wifi: {
		readonly accessPoint: boolean;
		portal(host: string | undefined, target: string): ApiResponse | undefined;
		settingsChanged(): void;
		status(): WifiStatus;
		/** The station's signal, dBm; NaN while not connected. */
		rssi(): number;
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
	started(activity: () => FirmwareActivity): void;
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
	"checkpointSeconds" | "serial" | "onWarning" | "onTelegram" | "firmware" | "setupMode" | "wifiNetworks" | "device"
>;

export function mdnsSettingsOf(config: Config, serial: string | undefined): MdnsSettings {
	return {
		deviceName: config.network.device_name,
		httpPort: DEVICE_PORT,
		homewizard: config.homewizard.enabled === true,
		serial,
	};
}

/** The SD card, WiFi and UART as /v1/status shows them (ApiContext.device). */
export function hardwareOf(device: DeviceParts): DeviceHardware {
	const card = device.sd.status();
	const wifi = device.wifi.status();
	return {
		card: { state: cardCondition(card), failures: card.failures, error: card.error, nextTryMs: card.nextTryMs },
		wifi: {
			mode: wifi.mode,
			accessPoint: wifi.accessPoint,
			failures: wifi.failures,
			nextTryMs: wifi.nextTryMs,
			rssi: device.wifi.rssi(),
		},
		uartLostBytes: device.p1.lost,
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
	/** The link's settings as last applied (core/device/wifi-policy linkSettingsKey). */
	#link: string;
	/** Telegrams parsed and requests taken since boot: what proves a new firmware healthy. */
	#activity: FirmwareActivity = { telegrams: 0, requests: 0 };

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
		this.#link = linkSettingsKey(config());
		this.sd = device.sd.store(fat);
		const led = device.io.status.led;
		this.monitor = {
			checkpointSeconds: DEVICE_CHECKPOINT_SECONDS,
			serial,
			onTelegram: () => {
				this.#activity.telegrams++;
				led.telegram();
			},
			onWarning: (on) => led.set("warning", on),
			firmware: () => device.firmware,
			setupMode: () => device.wifi.accessPoint,
			wifiNetworks: () => net.scan.networks(),
			device: () => hardwareOf(device),
		};
	}

	/** The captive portal's redirect for a request not meant for the device; undefined: the API answers. */
	intercept(request: ApiRequest): ApiResponse | undefined {
		this.#activity.requests++;
		return this.#device.wifi.portal(request.headers.host, request.target);
	}

	/** A save through the API: WiFi rejoins only when its settings changed or it is offline; mDNS follows homewizard. */
	settingsSaved(config: Config): void {
		if (rejoinAfterSave(this.#link, config, this.#device.wifi.status().mode)) this.#device.wifi.settingsChanged();
		this.#link = linkSettingsKey(config);
		this.#net.mdns.update(this.#mdnsSettings(config));
	}

	/** The monitor runs and the server listens: "hi", the firmware confirmed later, the address watched. */
	started(): void {
		this.#device.started(() => this.#activity);
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
