// The PC host's MQTT transport: the npm `mqtt` client driven by the core's rules
// (core/integrations): what to send comes from MqttPublisher, the link's states, backoff and log
// lines from MqttSession (the device's link shares both). The client's own reconnection and offline queue are switched off, so nothing
// piles up while the broker is away: the publisher keeps one flag per topic and the link asks it
// for messages only while connected and while the socket keeps up. A broker that is down,
// refuses the login or stalls is logged and retried; the monitor never waits for it.

import mqtt, { type MqttClient } from "mqtt";
import type { MqttConfig } from "../../core/config/schema";
import type { DeviceInfo } from "../../core/integrations/ha-discovery";
import { availabilityTopic, OFFLINE } from "../../core/integrations/ha-discovery";
import type { Figures } from "../../core/integrations/ha-sensors";
import { type MqttOut, type MqttSession, type SessionReport, sessionFor } from "../../core/integrations/mqtt-session";
import type { Log } from "../../core/ports";

/** Bytes the socket may hold unsent before the link stops handing it messages (a stalled broker). */
const MAX_BUFFERED = 64 * 1024;
const TICK_MS = 1000;
const KEEPALIVE_S = 30;
const CONNECT_TIMEOUT_MS = 10000;

export type { LinkState } from "../../core/integrations/mqtt-session";

export interface MqttLinkOptions {
	config: MqttConfig;
	device: DeviceInfo;
	log: Log;
	/** The monitor's figures at publication time. */
	figures(): Figures;
	/** Monotonic ms. */
	now(): number;
}

export class MqttLink {
	#options: MqttLinkOptions;
	#session: MqttSession;
	#client: MqttClient | undefined;
	#retry: NodeJS.Timeout | undefined;
	#ticker: NodeJS.Timeout | undefined;
	#closed = false;
	#out: MqttOut = {
		capacity: MAX_BUFFERED,
		room: () => MAX_BUFFERED - ((this.#client?.stream as { writableLength?: number } | undefined)?.writableLength ?? 0),
		publish: (topic, payload, retain) => void this.#client?.publish(topic, payload, { retain, qos: 0 }),
	};

	constructor(options: MqttLinkOptions) {
		this.#options = options;
		this.#session = sessionFor(options.config, options.device, options.log);
	}

	start(): void {
		this.#ticker = setInterval(() => this.#tick(), TICK_MS);
		this.#ticker.unref();
		this.#connect();
	}

	/** A quarter closed or the warning changed: publish at once (or as soon as the broker is back). */
	publishSoon(): void {
		this.#session.publishSoon();
		this.#tick();
	}

	/** For /v1/status-like reports and the tests. */
	get state(): SessionReport {
		return this.#session.report;
	}

	/** Says "offline" itself (a clean disconnect sends no last will), then lets go. */
	async close(): Promise<void> {
		this.#closed = true;
		clearInterval(this.#ticker);
		clearTimeout(this.#retry);
		const client = this.#client;
		if (client === undefined) return;
		if (this.#session.state === "connected")
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, 1000);
				client.publish(availabilityTopic(this.#options.config.topic), OFFLINE, { retain: true, qos: 0 }, () => {
					clearTimeout(timer);
					resolve();
				});
			});
		await client.endAsync(true).catch(() => undefined);
	}

	#connect(): void {
		if (this.#closed) return;
		const c = this.#options.config;
		this.#session.connecting();
		const client = mqtt.connect({
			host: c.host,
			port: c.port,
			protocol: "mqtt",
			username: c.user === "" ? undefined : c.user,
			password: c.password === "" ? undefined : c.password,
			clientId: `${this.#options.device.id}-${Math.floor(Math.random() * 0xffffff).toString(16)}`,
			clean: true,
			keepalive: KEEPALIVE_S,
			connectTimeout: CONNECT_TIMEOUT_MS,
			reconnectPeriod: 0, // ours: reconnectDelayMs
			queueQoSZero: false,
			will: { topic: availabilityTopic(c.topic), payload: Buffer.from(OFFLINE), retain: true, qos: 0 },
		});
		this.#client = client;
		let gone = false;
		let lastError = "";
		const lost = (why: string) => {
			if (gone) return;
			gone = true;
			this.#lost(client, why);
		};
		client.on("connect", () => {
			this.#session.connected();
			this.#tick();
		});
		client.on("error", (e) => {
			lastError = e.message;
			lost(e.message);
		});
		client.on("close", () => lost(lastError || "connection closed"));
		client.on("offline", () => lost(lastError || "broker unreachable"));
	}

	#lost(client: MqttClient, why: string): void {
		if (this.#client !== client) return;
		this.#client = undefined;
		client.end(true);
		if (this.#closed) return;
		const delay = this.#session.lost(why, Math.random());
		this.#retry = setTimeout(() => this.#connect(), delay);
		this.#retry.unref();
	}

	/** Takes the figures when due and hands the socket what it can take now. */
	#tick(): void {
		const o = this.#options;
		const client = this.#client;
		const broken = this.#session.tick(o.now(), o.figures, client === undefined ? undefined : this.#out);
		if (broken !== undefined && client !== undefined) this.#lost(client, broken);
	}
}
