// What the PC host sends out besides HTTP: MQTT (mqtt-link.ts) and the peak warning's POST
// (webhook.ts). Both are off until switched on in config.json; both are fed by the monitor's
// events (a closed quarter, the warning starting or ending) and its figures, and neither can stop
// or slow the reading and storing. What the events set off is core/integrations/hub's, the same
// as on the device.

import os from "node:os";
import type { Config } from "../../core/config/schema";
import { figuresOf, IntegrationHub, mqttDevice } from "../../core/integrations/hub";
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
	#mqtt: MqttLink | undefined;
	#webhook: Webhook;
	#hub: IntegrationHub;

	constructor(options: IntegrationsOptions) {
		this.#options = options;
		this.#webhook = new Webhook(options.log);
		this.#hub = new IntegrationHub(options.config, this.#webhook.queue);
	}

	/** Starts what the config switches on, reading figures from `monitor`. */
	start(monitor: Monitor): void {
		const config = this.#options.config();
		if (config.mqtt.enabled) {
			const o = this.#options;
			this.#mqtt = new MqttLink({
				config: config.mqtt,
				device: mqttDevice(config, o.version, `P1 monitor on ${os.type()}`, o.dashboardUrl),
				log: o.log,
				figures: () => figuresOf(monitor),
				now: () => performance.now(),
			});
			o.log.info(`mqtt: publishing to ${config.mqtt.host}:${config.mqtt.port} under ${config.mqtt.topic}/`);
			this.#mqtt.start();
		}
		this.#hub.attach(monitor, this.#mqtt);
	}

	/** For /v1/status: the MQTT link's state and the warning POSTs' counts. */
	report(): Record<string, unknown> {
		return this.#hub.report();
	}

	quarterClosed(): void {
		this.#hub.quarterClosed();
	}

	warning(active: boolean): void {
		this.#hub.warning(active);
	}

	async close(): Promise<void> {
		await Promise.all([this.#mqtt?.close(), this.#webhook.idle()]);
	}
}
