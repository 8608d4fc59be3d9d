// The WiFi networks around the device for the setup page (GET /v1/wifi/networks): the legacy
// `wifi` module's scan, run in the background, at most every MIN_INTERVAL_MS. A request gets the
// last complete list at once (empty before the first) and, when it is old, starts the next scan:
// an HTTP answer never waits for the radio.

import type { WifiNetwork } from "core/api/types";
import type { Log } from "core/ports";
import Time from "time";
import WiFi from "wifi";

const MIN_INTERVAL_MS = 10000;

export class WifiScan {
	#log: Log;
	#list: WifiNetwork[] = [];
	#next: WifiNetwork[] | undefined;
	#lastMs = Number.NEGATIVE_INFINITY;

	constructor(log: Log) {
		this.#log = log;
	}

	/** The last list; starts a scan when none runs and the last is older than MIN_INTERVAL_MS. */
	networks(): readonly WifiNetwork[] {
		const now = Time.ticks;
		if (this.#next === undefined && now - this.#lastMs >= MIN_INTERVAL_MS) this.#scan(now);
		return this.#list;
	}

	#scan(now: number): void {
		this.#lastMs = now;
		const found: WifiNetwork[] = [];
		this.#next = found;
		try {
			WiFi.scan({}, (item) => {
				if (item === null) {
					this.#list = found; // null ends the scan
					this.#next = undefined;
				} else if (found.length < 64)
					found.push({ ssid: item.ssid, rssi: item.rssi, secure: item.authentication !== "none" });
			});
		} catch (e) {
			this.#next = undefined; // a station attempt in progress refuses a scan; the next request tries again
			this.#log.warn(`wifi scan: ${(e as Error).message}`);
		}
	}
}
