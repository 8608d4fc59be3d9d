// The life of one MQTT link, the same on every host: connecting, connected, waiting for the next
// try (the wait from mqtt-rules' backoff), what to log, and how messages leave the publisher: one
// at a time, each only when the transport takes it now (net/send-room), so the transport's own
// bounded buffer is the only queue. A message that does not fit is held (one, never more) until
// the next tick or a "writable" from the socket. The host owns the client and the timers.

import type { MqttConfig } from "../config/schema";
import { utf8Length } from "../config/utf8";
import { takesNow } from "../net/send-room";
import type { Log } from "../ports";
import type { DeviceInfo } from "./ha-discovery";
import type { Figures } from "./ha-sensors";
import { MqttPublisher } from "./mqtt-publisher";
import { reconnectDelayMs } from "./mqtt-rules";

export type LinkState = "connecting" | "connected" | "waiting";

/** The connected transport, as the session sees it. */
export interface MqttOut {
	/** Bytes the transport takes now without queueing them itself. */
	room(): number;
	/** The most it ever takes at once (its buffer's size). */
	readonly capacity: number;
	/** Hands one QoS 0 message to the client; throws when the connection broke. */
	publish(topic: string, payload: string, retain: boolean): void;
}

export interface SessionReport {
	state: LinkState;
	failures: number;
	last_error: string;
	published: number;
}

/** Bytes of a QoS 0 PUBLISH packet: fixed header, remaining length, topic length, topic, payload. */
export function publishPacketBytes(topic: string, payload: string): number {
	const rest = 2 + utf8Length(topic) + utf8Length(payload);
	return 1 + (rest < 128 ? 1 : rest < 16384 ? 2 : rest < 2097152 ? 3 : 4) + rest;
}

/** The session both hosts' links run for `config`: its publisher, and the broker named in its log lines. */
export function sessionFor(config: MqttConfig, device: DeviceInfo, log: Log): MqttSession {
	const publisher = new MqttPublisher({
		base: config.topic,
		discoveryPrefix: config.discovery_prefix,
		device,
		intervalMs: config.interval_s * 1000,
	});
	return new MqttSession(publisher, log, `${config.host}:${config.port}`);
}

export class MqttSession {
	#publisher: MqttPublisher;
	#log: Log;
	#where: string;
	#state: LinkState = "waiting";
	#failures = 0;
	#lastError = "";
	#published = 0;
	#held = { topic: "", payload: "", retain: true, bytes: 0 };
	#holding = false;

	/** `where` names the broker in the log ("broker:1883"). */
	constructor(publisher: MqttPublisher, log: Log, where: string) {
		this.#publisher = publisher;
		this.#log = log;
		this.#where = where;
	}

	get state(): LinkState {
		return this.#state;
	}

	get report(): SessionReport {
		return { state: this.#state, failures: this.#failures, last_error: this.#lastError, published: this.#published };
	}

	connecting(): void {
		this.#state = "connecting";
	}

	/** The broker accepted the login: say online and publish everything known again. */
	connected(): void {
		const was = this.#failures;
		this.#failures = 0;
		this.#state = "connected";
		this.#holding = false;
		this.#log.info(`mqtt: connected to ${this.#where}${was > 0 ? ` after ${was} failed attempts` : ""}`);
		this.#publisher.connected();
	}

	/** The connection ended or could not be made; returns the wait before the next try, ms. */
	lost(why: string, random: number): number {
		const wasConnected = this.#state === "connected";
		this.#lastError = why;
		this.#state = "waiting";
		this.#holding = false;
		this.#failures++;
		const delay = reconnectDelayMs(this.#failures, random);
		// each failure is worth a line: the backoff keeps them to one per 5 minutes at most
		this.#log.warn(
			`mqtt: ${wasConnected ? "lost" : "cannot reach"} ${this.#where} (${why}); next try in ${Math.round(delay / 1000)} s`,
		);
		return delay;
	}

	publishSoon(): void {
		this.#publisher.publishSoon();
	}

	/**
	 * Takes the figures when due and hands `out` what it takes now. Returns the error of a publish
	 * that threw (the connection broke: the host ends it), undefined otherwise.
	 */
	tick(nowMs: number, figures: () => Figures, out: MqttOut | undefined): string | undefined {
		try {
			this.#publisher.tick(nowMs, figures);
		} catch (e) {
			this.#log.warn(`mqtt: figures not published: ${(e as Error).message}`); // a bug must not stop the meter
			return undefined;
		}
		if (out === undefined || this.#state !== "connected") return undefined;
		const held = this.#held;
		for (;;) {
			if (!this.#holding) {
				const m = this.#publisher.next();
				if (m === undefined) return undefined;
				held.topic = m.topic;
				held.payload = m.payload;
				held.retain = m.retain;
				held.bytes = publishPacketBytes(m.topic, m.payload);
				this.#holding = true;
			}
			if (!takesNow(out.room(), out.capacity, held.bytes)) return undefined;
			this.#holding = false;
			try {
				out.publish(held.topic, held.payload, held.retain);
			} catch (e) {
				return (e as Error).message || "write failed";
			}
			this.#published++;
		}
	}
}
