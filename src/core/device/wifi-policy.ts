// When the device is a WiFi station, when it opens its access point (setup mode with the captive
// portal), and when it tries the station again. A pure state machine: the host reports events
// (an address obtained, the link lost, the settings changed) and asks tick(now) whether to start
// a station attempt; `accessPoint` says whether the AP should be up.
//
//  - No station settings: setup, for as long as there are none.
//  - Settings: connect; after a failure or a lost link, retry with a doubling wait
//    (STATION_RETRY). After SETUP_AFTER failures in a row the AP opens as well (the router may
//    be gone for good, or the password changed) while the station is still tried every
//    SETUP_RETRY_MS: a power cut that took the router down with the meter never leaves the
//    device in setup once the router is back.
//  - An attempt that neither connects nor fails within CONNECT_TIMEOUT_MS counts as failed.
//  - Once connected, an open AP stays up AP_GRACE_MS more, so the portal page can still show the
//    address the device got, then closes.
//  - In setup with saved settings, the existing login is required before anything changes
//    (loginRequired); only a device without settings is open to whoever joins its AP.

import type { Config } from "../config/schema";
import { type Backoff, backoffMs } from "./backoff";

export type WifiMode = "connecting" | "online" | "waiting" | "setup";

export const STATION_RETRY: Backoff = Object.freeze({ firstMs: 2000, maxMs: 60 * 1000 });
export const SETUP_AFTER = 4;
export const SETUP_RETRY_MS = 5 * 60 * 1000;
export const CONNECT_TIMEOUT_MS = 30 * 1000;
export const AP_GRACE_MS = 2 * 60 * 1000;

/** The SSID and address of the access point (the IDF's default AP address). */
export const AP_SSID = "DigitaleMeterMonitor";
export const AP_ADDRESS = "192.168.4.1";

export interface WifiPolicyOptions {
	retry?: Backoff;
	setupAfter?: number;
	setupRetryMs?: number;
	connectTimeoutMs?: number;
	apGraceMs?: number;
}

export interface WifiStatus {
	mode: WifiMode;
	accessPoint: boolean;
	failures: number;
	/** When the next station attempt is due (host ms; NaN when none is planned). */
	nextTryMs: number;
}

export class WifiPolicy {
	#retry: Backoff;
	#setupAfter: number;
	#setupRetryMs: number;
	#timeoutMs: number;
	#graceMs: number;
	#hasStation = false;
	#mode: WifiMode = "setup";
	#ap = true;
	#apOffAt = Number.POSITIVE_INFINITY;
	#failures = 0;
	#nextTry = Number.POSITIVE_INFINITY;
	#deadline = Number.POSITIVE_INFINITY;

	constructor(options: WifiPolicyOptions = {}) {
		this.#retry = options.retry ?? STATION_RETRY;
		this.#setupAfter = options.setupAfter ?? SETUP_AFTER;
		this.#setupRetryMs = options.setupRetryMs ?? SETUP_RETRY_MS;
		this.#timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
		this.#graceMs = options.apGraceMs ?? AP_GRACE_MS;
	}

	get mode(): WifiMode {
		return this.#mode;
	}

	/** The access point (and captive portal) should be up; also the LED's "WiFi". */
	get accessPoint(): boolean {
		return this.#ap;
	}

	/** Changing anything needs the saved login: true whenever station settings are saved. */
	get loginRequired(): boolean {
		return this.#hasStation;
	}

	status(): WifiStatus {
		const next = this.#mode === "connecting" || this.#mode === "online" ? Number.NaN : this.#nextTry;
		return {
			mode: this.#mode,
			accessPoint: this.#ap,
			failures: this.#failures,
			nextTryMs: next === Number.POSITIVE_INFINITY ? Number.NaN : next,
		};
	}

	/** At boot: whether station settings (an SSID) are saved. */
	start(hasStation: boolean, nowMs: number): void {
		this.#ap = false;
		this.#apOffAt = Number.POSITIVE_INFINITY;
		this.settingsChanged(hasStation, nowMs);
	}

	/** The station settings were saved (true) or erased (false, the BOOT button). */
	settingsChanged(hasStation: boolean, nowMs: number): void {
		this.#hasStation = hasStation;
		this.#failures = 0;
		this.#deadline = Number.POSITIVE_INFINITY;
		if (!hasStation) {
			this.#mode = "setup";
			this.#openAp();
			this.#nextTry = Number.POSITIVE_INFINITY;
			return;
		}
		this.#mode = "waiting";
		this.#nextTry = nowMs;
	}

	/** "connect" when a station attempt should start now (the host drops any attempt still running first). */
	tick(nowMs: number): "connect" | "none" {
		if (this.#ap && nowMs >= this.#apOffAt) {
			this.#ap = false;
			this.#apOffAt = Number.POSITIVE_INFINITY;
		}
		if (this.#mode === "connecting" && nowMs >= this.#deadline) this.#failed(nowMs);
		if ((this.#mode === "waiting" || this.#mode === "setup") && nowMs >= this.#nextTry) {
			this.#mode = "connecting";
			this.#deadline = nowMs + this.#timeoutMs;
			return "connect";
		}
		return "none";
	}

	/** The station got an address. */
	connected(nowMs: number): void {
		if (!this.#hasStation) return; // a late event of settings just erased
		this.#mode = "online";
		this.#failures = 0;
		this.#deadline = Number.POSITIVE_INFINITY;
		this.#nextTry = Number.POSITIVE_INFINITY;
		if (this.#ap && this.#apOffAt === Number.POSITIVE_INFINITY) this.#apOffAt = nowMs + this.#graceMs;
	}

	/** The station lost its link or its address, or an attempt failed. */
	disconnected(nowMs: number): void {
		if (this.#mode === "online" || this.#mode === "connecting") this.#failed(nowMs);
	}

	#failed(nowMs: number): void {
		this.#failures++;
		this.#deadline = Number.POSITIVE_INFINITY;
		if (this.#ap) this.#apOffAt = Number.POSITIVE_INFINITY; // not connected after all: the portal stays
		if (this.#failures >= this.#setupAfter) {
			this.#mode = "setup";
			this.#openAp();
			this.#nextTry = nowMs + this.#setupRetryMs;
		} else {
			this.#mode = this.#ap ? "setup" : "waiting";
			this.#nextTry = nowMs + backoffMs(this.#failures, this.#retry);
		}
	}

	#openAp(): void {
		this.#ap = true;
		this.#apOffAt = Number.POSITIVE_INFINITY;
	}
}

/** What of the settings the link depends on (wifi.*, network.*), as a text to compare saves by. */
export function linkSettingsKey(config: Config): string {
	return JSON.stringify([config.wifi, config.network]);
}

/**
 * Whether a settings save must drop and rejoin the station: only when the link's settings
 * changed, or while it is not online anyway (the new ones may be what it needs). Rejoining on
 * every save would cut the link under the very request that saved, say, a tariff.
 */
export function rejoinAfterSave(beforeKey: string, saved: Config, mode: WifiMode): boolean {
	return mode !== "online" || linkSettingsKey(saved) !== beforeKey;
}
