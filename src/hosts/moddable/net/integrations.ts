// What the device sends out besides HTTP (lin and ESP32): MQTT (mqtt-link.ts), the raw telegram
// port (raw-telegram-port.ts) and the peak warning's POST (webhook.ts). Each is off until switched
// on in config.json; MQTT and the raw port are set up from the config at start, warning.url
// applies at once. What the monitor's events set off is core/integrations/hub's, as on the PC;
// none of it can stop or slow the reading and storing.

import type { Config } from "core/config/schema";
import type { Frame } from "core/dsmr/framer";
import { type FigureSource, figuresOf, IntegrationHub, mqttDevice } from "core/integrations/hub";
import { PostQueue } from "core/integrations/post-queue";
import type { Log } from "core/ports";
import { MqttLink } from "host/net/mqtt-link";
import { RawTelegramPort } from "host/net/raw-telegram-port";
import { httpPost } from "host/net/webhook";

export interface NetOptions {
	config(): Config;
	log: Log;
	version: string;
	/** What Home Assistant shows as the device's model. */
	model: string;
	/** Where the dashboard answers ("http://digimon.local/"). */
	dashboardUrl: string;
}

export class NetIntegrations {
	#options: NetOptions;
	#hub: IntegrationHub;
	#mqtt: MqttLink | undefined;
	#raw: RawTelegramPort | undefined;

	constructor(options: NetOptions) {
		this.#options = options;
		this.#hub = new IntegrationHub(options.config, new PostQueue(httpPost(), options.log));
	}

	/** Starts what the config switches on, reading figures from `monitor`; a part that fails costs a warning. */
	start(monitor: FigureSource): void {
		const o = this.#options;
		const config = o.config();
		if (config.mqtt.enabled) {
			const mqtt = new MqttLink({
				config: config.mqtt,
				device: mqttDevice(config, o.version, o.model, o.dashboardUrl),
				log: o.log,
				figures: () => figuresOf(monitor),
			});
			o.log.info(`mqtt: publishing to ${config.mqtt.host}:${config.mqtt.port} under ${config.mqtt.topic}/`);
			mqtt.start();
			this.#mqtt = mqtt;
		}
		const raw = config.raw_telegram;
		if (raw.enabled)
			try {
				this.#raw = new RawTelegramPort(raw.port, o.log);
				o.log.info(`raw telegrams on tcp port ${raw.port} (at most 4 readers)`);
			} catch (e) {
				o.log.warn(`raw telegram port ${raw.port} not opened: ${(e as Error).message}; the monitor runs without it`);
			}
		this.#hub.attach(monitor, this.#mqtt);
	}

	/** The network came up (WiFi connected): MQTT tries at once instead of waiting out its backoff. */
	networkUp(): void {
		this.#mqtt?.retryNow();
	}

	/** Every telegram the monitor takes (MonitorOptions.onTelegram). */
	telegram(frame: Frame): void {
		this.#raw?.send(frame);
	}

	/** For /v1/status. */
	report(): Record<string, unknown> {
		const report = this.#hub.report();
		if (this.#raw !== undefined) report.raw_telegram = this.#raw.counters;
		return report;
	}

	quarterClosed(): void {
		this.#hub.quarterClosed();
	}

	warning(active: boolean): void {
		this.#hub.warning(active);
	}
}
