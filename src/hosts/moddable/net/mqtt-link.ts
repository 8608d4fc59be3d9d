// The device's MQTT transport (lin and ESP32 alike): the SDK's legacy MQTT client (QoS 0, plain
// TCP) driven by the core's rules as the PC's link drives the npm client: what to send comes from
// MqttPublisher, the states, backoff and log lines from MqttSession. The client has no queue of
// its own: each publish goes straight into the socket, so the link hands it a message only when
// the socket takes it now (PacedSocket's room) and otherwise waits for the socket's "writable".
// A broker that is down, refuses the login, stalls or never answers ends the connection; the
// next try follows the core's backoff. Nothing here can throw into the monitor.

import type { MqttConfig } from "core/config/schema";
import type { DeviceInfo } from "core/integrations/ha-discovery";
import { availabilityTopic, OFFLINE } from "core/integrations/ha-discovery";
import type { Figures } from "core/integrations/ha-sensors";
import { type MqttOut, type MqttSession, type SessionReport, sessionFor } from "core/integrations/mqtt-session";
import type { Log } from "core/ports";
import { PacedSocket } from "host/net/paced-socket";
import Client from "sdk/mqtt";
import Time from "time";
import Timer from "timer";

const TICK_MS = 1000;
/** The client pings every quarter of it and gives up after 1.5 times it without a word. */
const KEEPALIVE_MS = 30000;
const CONNECT_TIMEOUT_MS = 10000;

/** The SDK client, keeping the reason it ends a connection for (it only traces it). */
class Connection extends Client {
	why = "";
	override fail(why?: string): void {
		this.why = why || "connection closed";
		super.fail(why);
	}
}

export interface MqttLinkOptions {
	config: MqttConfig;
	device: DeviceInfo;
	log: Log;
	/** The monitor's figures at publication time. */
	figures(): Figures;
}

export class MqttLink {
	#options: MqttLinkOptions;
	#session: MqttSession;
	#client: Connection | undefined;
	#socket: PacedSocket | undefined;
	#retry: Timer | undefined;
	#connecting: Timer | undefined;
	#ticker: Timer | undefined;
	#closed = false;
	#out: MqttOut;

	constructor(options: MqttLinkOptions) {
		this.#options = options;
		this.#session = sessionFor(options.config, options.device, options.log);
		const link = this;
		this.#out = {
			get capacity() {
				return link.#socket?.capacity ?? 0;
			},
			room: () => this.#socket?.room() ?? 0,
			publish: (topic, payload, retain) => this.#client?.publish(topic, payload, { retain }),
		};
	}

	start(): void {
		this.#ticker = Timer.repeat(() => this.#tick(), TICK_MS);
		this.#connect();
	}

	/** A quarter closed or the warning changed: publish at once (or as soon as the broker is back). */
	publishSoon(): void {
		this.#session.publishSoon();
		this.#tick();
	}

	/**
	 * The network came up (the device's WiFi connected): a link waiting out its backoff tries at
	 * once, rather than up to 5 minutes later for the failures while there was no network.
	 */
	retryNow(): void {
		if (this.#retry === undefined || this.#closed) return;
		Timer.clear(this.#retry);
		this.#connect();
	}

	get state(): SessionReport {
		return this.#session.report;
	}

	/** Says "offline" itself (a clean disconnect sends no last will), then lets go. */
	close(): void {
		this.#closed = true;
		this.#clear();
		if (this.#ticker !== undefined) Timer.clear(this.#ticker);
		this.#ticker = undefined;
		const client = this.#client;
		this.#client = undefined;
		this.#socket = undefined;
		if (client === undefined) return;
		try {
			if (this.#session.state === "connected")
				client.publish(availabilityTopic(this.#options.config.topic), OFFLINE, { retain: true });
			client.close();
		} catch {
			// gone already
		}
	}

	#connect(): void {
		this.#retry = undefined;
		if (this.#closed) return;
		const c = this.#options.config;
		this.#session.connecting();
		const link = this;
		let client: Connection;
		try {
			client = new Connection({
				host: c.host,
				port: c.port,
				id: `${this.#options.device.id}-${Math.floor(Math.random() * 0xffffff).toString(16)}`,
				user: c.user === "" ? undefined : c.user,
				password: c.password === "" ? undefined : c.password,
				timeout: KEEPALIVE_MS,
				will: { topic: availabilityTopic(c.topic), message: OFFLINE, retain: true },
				Socket: class extends PacedSocket {
					constructor(options: { host: string; port: number }) {
						super(options, () => link.#tick());
						link.#socket = this;
					}
				},
			});
		} catch (e) {
			this.#wait((e as Error).message);
			return;
		}
		this.#client = client;
		client.onReady = () => {
			if (this.#client !== client) return;
			this.#clear();
			this.#session.connected();
			this.#tick();
		};
		client.onClose = () => this.#lost(client, client.why || "connection closed", false);
		this.#connecting = Timer.set(() => {
			this.#connecting = undefined;
			this.#lost(client, `no answer in ${CONNECT_TIMEOUT_MS / 1000} s`, true);
		}, CONNECT_TIMEOUT_MS);
	}

	/** The connection is over: let the client go (unless it is closing itself) and wait for the next try. */
	#lost(client: Connection, why: string, close: boolean): void {
		if (this.#client !== client) return;
		this.#client = undefined;
		this.#socket = undefined;
		this.#clear();
		if (close)
			try {
				client.close(true);
			} catch {
				// closed already
			}
		this.#wait(why);
	}

	#wait(why: string): void {
		if (this.#closed) return;
		const delay = this.#session.lost(why, Math.random());
		this.#retry = Timer.set(() => this.#connect(), delay);
	}

	#clear(): void {
		if (this.#connecting !== undefined) Timer.clear(this.#connecting);
		this.#connecting = undefined;
		if (this.#retry !== undefined) Timer.clear(this.#retry);
		this.#retry = undefined;
	}

	/** Takes the figures when due and hands the socket what it takes now. */
	#tick(): void {
		const client = this.#client;
		const out = client === undefined || this.#socket === undefined ? undefined : this.#out;
		const broken = this.#session.tick(Time.ticks, this.#options.figures, out);
		if (broken !== undefined && client !== undefined) this.#lost(client, broken, true);
	}
}
