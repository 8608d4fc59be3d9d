// What the monitor sends out besides HTTP, the part every host shares: the MQTT device it
// announces, the figures a publication is made from, and what a closed quarter or a starting or
// ending peak warning sets off (a publication at once, the warning's POST). The transports are
// the host's: an MQTT link (only when mqtt.enabled) and a PostQueue for warning.url.

import type { Config } from "../config/schema";
import type { Reading } from "../dsmr/reading";
import type { QuarterStatus } from "../quarters/engine";
import type { DeviceInfo } from "./ha-discovery";
import type { Figures } from "./ha-sensors";
import { peakNotice } from "./peak-notice";
import type { PostQueue } from "./post-queue";

/** The monitor as the integrations read it. */
export interface FigureSource {
	status(): QuarterStatus;
	readonly lastReading: Reading;
	readonly warning: boolean;
}

/** An MQTT link as the hub drives it. */
export interface MqttFeed {
	publishSoon(): void;
	readonly state: object;
}

/** The one device Home Assistant shows for this monitor; `model` says what it runs on. */
export function mqttDevice(config: Config, version: string, model: string, dashboardUrl: string): DeviceInfo {
	const name = config.network.device_name;
	return {
		id: name,
		name: `Digitale Meter Monitor (${name})`,
		model,
		manufacturer: "Digitale Meter Monitor",
		version,
		configurationUrl: dashboardUrl,
	};
}

export function figuresOf(monitor: FigureSource): Figures {
	return { status: monitor.status(), reading: monitor.lastReading, warning: monitor.warning };
}

export class IntegrationHub {
	#config: () => Config;
	#posts: PostQueue;
	#monitor: FigureSource | undefined;
	#mqtt: MqttFeed | undefined;

	/** `config` is read at each event: a changed warning.url applies at once. */
	constructor(config: () => Config, posts: PostQueue) {
		this.#config = config;
		this.#posts = posts;
	}

	/** From now on events read `monitor`; `mqtt` is the link when the config switched MQTT on. */
	attach(monitor: FigureSource, mqtt: MqttFeed | undefined): void {
		this.#monitor = monitor;
		this.#mqtt = mqtt;
	}

	/** For /v1/status: the MQTT link's state and the warning POSTs' counts. */
	report(): Record<string, unknown> {
		return { mqtt: this.#mqtt === undefined ? { state: "off" } : this.#mqtt.state, warning_url: this.#posts.counts };
	}

	quarterClosed(): void {
		this.#mqtt?.publishSoon();
	}

	warning(active: boolean): void {
		this.#mqtt?.publishSoon();
		const monitor = this.#monitor;
		const config = this.#config();
		if (monitor !== undefined && config.warning.url !== "")
			this.#posts.send(config.warning.url, peakNotice(active, monitor.status(), config.network.device_name));
	}
}
