// What the PC host sends out besides HTTP: MQTT (mqtt-link.ts) and the peak warning's POST
// (webhook.ts). Both are off until switched on in config.json; both are fed by the monitor's
// events (a closed quarter, the warning starting or ending) and its figures, and neither can stop
// or slow the reading and storing.

import os from "node:os";
import type { Config } from "../../core/config/schema";
import type { DeviceInfo } from "../../core/integrations/ha-discovery";
import { peakNotice } from "../../core/integrations/peak-notice";
import type { Monitor } from "../../core/monitor";
import type { Log } from "../../core/ports";
import { MqttLink } from "./mqtt-link";
import { Webhook } from "./webhook";

export interface IntegrationsOptions {
	/** The current config: warning.url applies at once; MQTT is set up from the config at start. */
	config(): Config;
	log: Log;
	version: string;
	/** Where the dashboard answers ("http://pc:8080/"). */
	dashboardUrl: string;
}

export class Integrations {
	#options: IntegrationsOptions;
	#monitor: Monitor | undefined;
	#mqtt: MqttLink | undefined;
	#webhook: Webhook;

	constructor(options: IntegrationsOptions) {
		this.#options = options;
		this.#webhook = new Webhook(options.log);
	}

	/** Starts what the config switches on, reading figures from `monitor`. */
	start(monitor: Monitor): void {
		this.#monitor = monitor;
		const config = this.#options.config();
		if (!config.mqtt.enabled) return;
		const device: DeviceInfo = {
			id: config.network.device_name,
			name: `Digitale Meter Monitor (${config.network.device_name})`,
			model: `P1 monitor on ${os.type()}`,
			manufacturer: "Digitale Meter Monitor",
			version: this.#options.version,
			configurationUrl: this.#options.dashboardUrl,
		};
		this.#mqtt = new MqttLink({
			config: config.mqtt,
			device,
			log: this.#options.log,
			figures: () => ({ status: monitor.status(), reading: monitor.lastReading, warning: monitor.warning }),
			now: () => performance.now(),
		});
		this.#options.log.info(`mqtt: publishing to ${config.mqtt.host}:${config.mqtt.port} under ${config.mqtt.topic}/`);
		this.#mqtt.start();
	}

	/** For /v1/status: the MQTT link's state and the warning POSTs' counts. */
	report(): Record<string, unknown> {
		return { mqtt: this.#mqtt === undefined ? { state: "off" } : this.#mqtt.state, warning_url: this.#webhook.counts };
	}

	quarterClosed(): void {
		this.#mqtt?.publishSoon();
	}

	warning(active: boolean): void {
		this.#mqtt?.publishSoon();
		const monitor = this.#monitor;
		const config = this.#options.config();
		if (monitor !== undefined && config.warning.url !== "")
			this.#webhook.send(config.warning.url, peakNotice(active, monitor.status(), config.network.device_name));
	}

	async close(): Promise<void> {
		await Promise.all([this.#mqtt?.close(), this.#webhook.idle()]);
	}
}
