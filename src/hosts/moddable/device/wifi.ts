// WiFi on the device: the station (DHCP or the static address of config.json), and setup mode
// (access point "DigitaleMeterMonitor" at 192.168.4.1 with a DNS server answering every name,
// for the captive portal), as core/device/wifi-policy decides. The legacy `wifi` module is the
// only one with an access point; the static address goes through ../native/netif.c. The radio
// is capped the moment it starts (station, and again when the access point restarts it), not
// only once connected: the P1 port supplies 250 mA, and setup mode and association transmit too
// (the sdkconfig's CONFIG_ESP_PHY_MAX_WIFI_TX_POWER caps it from the PHY's init as well).
//
// The SDK's wifi module creates the station interface only when WiFi first starts
// (initWiFi, from the mode setter, connect or accessPoint): start() sets the station mode first,
// so the static address is on the interface before the first connect, and DHCP never runs.

import type { ApiResponse } from "core/api/types";
import type { Config } from "core/config/schema";
import { portalRedirect } from "core/device/captive";
import { stationAddress } from "core/device/station-address";
import { AP_ADDRESS, AP_SSID, WifiPolicy, type WifiStatus } from "core/device/wifi-policy";
import type { Log } from "core/ports";
import { errHex, ffi } from "device/native";
import DNSServer from "dns/server";
import Net from "net";
import Time from "time";
import Timer from "timer";
import WiFi, { type AccessPointOptions } from "wifi";

const PORTAL = `http://${AP_ADDRESS}/`;
const WIFI_PS_MIN_MODEM = 1;

export interface WifiLinkOptions {
	/** The settings in force (read at every attempt, so saved changes apply). */
	config(): Config;
	log: Log;
	/** The mode or the access point changed (the LED's "WiFi", the status). */
	onChange?(status: WifiStatus): void;
	/** Transmit power cap in 0.25 dBm (default 60: 15 dBm, see README "Power"). */
	txPowerQuarterDbm?: number;
	tickMs?: number;
}

export class WifiLink {
	#options: WifiLinkOptions;
	#policy = new WifiPolicy();
	#wifi: WiFi | undefined;
	#dns: DNSServer | undefined;
	#timer: Timer | undefined;
	#last = "";
	#failing = "";

	constructor(options: WifiLinkOptions) {
		this.#options = options;
	}

	get accessPoint(): boolean {
		return this.#dns !== undefined;
	}

	/** In setup with saved settings the existing login is needed before anything changes. */
	get loginRequired(): boolean {
		return this.#policy.loginRequired;
	}

	status(): WifiStatus {
		return this.#policy.status();
	}

	/** The station's signal, dBm; NaN while not connected. */
	rssi(): number {
		return this.#policy.mode === "online" ? Net.get("RSSI") : Number.NaN;
	}

	/** Never blocks: the first attempt (or the access point) starts from the first tick. */
	start(): void {
		if (this.#timer) return;
		this.#wifi = new WiFi(undefined, (message) => this.#notified(message));
		WiFi.mode = WiFi.Mode.station; // starts the radio and makes the station interface (see the top)
		this.#limitRadio();
		this.#policy.start(this.#hasStation(), Time.ticks);
		this.#timer = Timer.repeat(() => this.#tick(), this.#options.tickMs ?? 500);
		this.#tick();
	}

	/** The settings were saved or erased: try them now. */
	settingsChanged(): void {
		this.#policy.settingsChanged(this.#hasStation(), Time.ticks);
		this.#tick();
	}

	/** In setup, the redirect for a request that is not for the device (the OS probes); else undefined. */
	portal(host: string | undefined, target: string): ApiResponse | undefined {
		if (!this.#dns) return undefined;
		const name = this.#options.config().network.device_name;
		// the station's own address too: LAN clients keep working while the AP is still up
		const names = [AP_ADDRESS, `${name}.local`, name];
		const station = Net.get("IP", "station");
		if (station) names.push(station);
		return portalRedirect(host, target, names, PORTAL);
	}

	close(): void {
		Timer.clear(this.#timer);
		this.#timer = undefined;
		this.#dns?.close();
		this.#dns = undefined;
		this.#wifi?.close();
		this.#wifi = undefined;
	}

	#hasStation(): boolean {
		return this.#options.config().wifi.ssid !== "";
	}

	/** A throw here would reach the timer and restart the device: logged once, tried again next tick. */
	#tick(): void {
		try {
			this.#step();
			this.#failing = "";
		} catch (e) {
			const message = (e as Error).message;
			if (message !== this.#failing) this.#options.log.warn(`wifi: ${message}; retrying`);
			this.#failing = message;
		}
	}

	#step(): void {
		const now = Time.ticks;
		if (this.#policy.tick(now) === "connect") this.#connect();
		this.#accessPoint(this.#policy.accessPoint);
		const s = this.#policy.status();
		const key = s.mode + s.accessPoint;
		if (key !== this.#last) {
			this.#last = key;
			this.#options.onChange?.(s);
		}
	}

	#connect(): void {
		const config = this.#options.config();
		const fixed = stationAddress(config.network);
		if (typeof fixed === "string") this.#options.log.warn(`static address not used: ${fixed}; using dhcp`);
		const a = typeof fixed === "object" ? fixed : { address: 0, mask: 0, gateway: 0, dns: 0 };
		const err = ffi().sta_address(a.address, a.mask, a.gateway, a.dns);
		if (err !== 0) this.#options.log.warn(`station address not set (${errHex(err)})`);
		// No WiFi.disconnect() first: its own "disconnect" event would arrive later and count as
		// a failure of this attempt. connect() replaces the station settings and starts over.
		try {
			WiFi.connect({ ssid: config.wifi.ssid, password: config.wifi.password });
		} catch (e) {
			this.#options.log.warn(`wifi connect: ${(e as Error).message}`); // the attempt times out and is retried
		}
	}

	#notified(message: string): void {
		const now = Time.ticks;
		if (message === WiFi.gotIP) {
			this.#policy.connected(now);
			this.#limitRadio();
		} else if (message === WiFi.disconnected || message === WiFi.lostIP) this.#policy.disconnected(now);
		this.#tick();
	}

	#accessPoint(on: boolean): void {
		if (on === (this.#dns !== undefined)) return;
		if (on) {
			// AP and station together, so the station can still be retried while the portal is up
			WiFi.accessPoint({ ssid: AP_SSID, station: true } as AccessPointOptions);
			this.#limitRadio(); // accessPoint() starts the radio again
			this.#dns = new DNSServer((message) => (message === 1 ? AP_ADDRESS : ""));
			this.#options.log.info(`setup: access point ${AP_SSID} at ${AP_ADDRESS}`);
		} else {
			this.#dns?.close();
			this.#dns = undefined;
			WiFi.mode = WiFi.Mode.station;
			this.#options.log.info("setup: access point closed");
		}
	}

	/** Modem sleep and the transmit power cap; both need the radio started (esp_wifi_start). */
	#limitRadio(): void {
		ffi().esp_wifi_set_ps(WIFI_PS_MIN_MODEM); // refused in AP mode, where it does not apply
		const err = ffi().esp_wifi_set_max_tx_power(this.#options.txPowerQuarterDbm ?? 60);
		if (err !== 0) this.#options.log.warn(`wifi transmit power not capped (${errHex(err)})`);
	}
}
