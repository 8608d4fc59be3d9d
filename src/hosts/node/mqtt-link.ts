// The PC host's MQTT transport: the npm `mqtt` client driven by the core's rules
// (core/integrations): what to send comes from MqttPublisher, when to try again from
// reconnectDelayMs. The client's own reconnection and offline queue are switched off, so nothing
// piles up while the broker is away: the publisher keeps one flag per topic and the link asks it
// for messages only while connected and while the socket keeps up. A broker that is down,
// refuses the login or stalls is logged and retried; the monitor never waits for it.

import mqtt, { type MqttClient } from "mqtt";
import type { MqttConfig } from "../../core/config/schema";
import type { DeviceInfo } from "../../core/integrations/ha-discovery";
import { availabilityTopic, OFFLINE } from "../../core/integrations/ha-discovery";
import type { Figures } from "../../core/integrations/ha-sensors";
import { MqttPublisher } from "../../core/integrations/mqtt-publisher";
import { reconnectDelayMs } from "../../core/integrations/mqtt-rules";
import type { Log } from "../../core/ports";

/** Bytes the socket may hold unsent before the link stops handing it messages (a stalled broker). */
const MAX_BUFFERED = 64 * 1024;
const TICK_MS = 1000;
const KEEPALIVE_S = 30;
const CONNECT_TIMEOUT_MS = 10000;

export type LinkState = "connecting" | "connected" | "waiting";

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
	#publisher: MqttPublisher;
	#client: MqttClient | undefined;
	#state: LinkState = "waiting";
	#failures = 0;
	#retry: NodeJS.Timeout | undefined;
	#ticker: NodeJS.Timeout | undefined;
	#closed = false;
	#lastError = "";
	#published = 0;

	constructor(options: MqttLinkOptions) {
		this.#options = options;
		const c = options.config;
		this.#publisher = new MqttPublisher({
			base: c.topic,
			discoveryPrefix: c.discovery_prefix,
			device: options.device,
			intervalMs: c.interval_s * 1000,
		});
	}

	start(): void {
		this.#ticker = setInterval(() => this.#tick(), TICK_MS);
		this.#ticker.unref();
		this.#connect();
	}

	/** A quarter closed or the warning changed: publish at once (or as soon as the broker is back). */
	publishSoon(): void {
		this.#publisher.publishSoon();
		this.#tick();
	}

	/** For /v1/status-like reports and the tests. */
	get state(): { state: LinkState; failures: number; last_error: string; published: number } {
		return { state: this.#state, failures: this.#failures, last_error: this.#lastError, published: this.#published };
	}

	/** Says "offline" itself (a clean disconnect sends no last will), then lets go. */
	async close(): Promise<void> {
		this.#closed = true;
		clearInterval(this.#ticker);
		clearTimeout(this.#retry);
		const client = this.#client;
		if (client === undefined) return;
		if (this.#state === "connected")
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
		this.#state = "connecting";
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
		const lost = (why: string) => {
			if (gone) return;
			gone = true;
			this.#lost(client, why);
		};
		client.on("connect", () => {
			const was = this.#failures;
			this.#failures = 0;
			this.#state = "connected";
			this.#options.log.info(`mqtt: connected to ${c.host}:${c.port}${was > 0 ? ` after ${was} failed attempts` : ""}`);
			this.#publisher.connected();
			this.#tick();
		});
		client.on("error", (e) => {
			this.#lastError = e.message;
			lost(e.message);
		});
		client.on("close", () => lost(this.#lastError || "connection closed"));
		client.on("offline", () => lost(this.#lastError || "broker unreachable"));
	}

	#lost(client: MqttClient, why: string): void {
		if (this.#client !== client) return;
		const wasConnected = this.#state === "connected";
		this.#client = undefined;
		this.#state = "waiting";
		client.end(true);
		if (this.#closed) return;
		this.#failures++;
		const delay = reconnectDelayMs(this.#failures, Math.random());
		const c = this.#options.config;
		// each failure is worth a line: the backoff keeps them to one per 5 minutes at most
		this.#options.log.warn(
			`mqtt: ${wasConnected ? "lost" : "cannot reach"} ${c.host}:${c.port} (${why}); next try in ${Math.round(delay / 1000)} s`,
		);
		this.#retry = setTimeout(() => this.#connect(), delay);
		this.#retry.unref();
	}

	/** Takes the figures when due and hands the socket what it can take now. */
	#tick(): void {
		const o = this.#options;
		try {
			this.#publisher.tick(o.now(), o.figures);
		} catch (e) {
			o.log.warn(`mqtt: figures not published: ${(e as Error).message}`); // a bug must not stop the meter
			return;
		}
		const client = this.#client;
		if (client === undefined || this.#state !== "connected") return;
		const stream = client.stream as { writableLength?: number } | undefined;
		while ((stream?.writableLength ?? 0) < MAX_BUFFERED) {
			const m = this.#publisher.next();
			if (m === undefined) break;
			client.publish(m.topic, m.payload, { retain: m.retain, qos: 0 });
			this.#published++;
		}
	}
}
