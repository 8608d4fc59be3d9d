// What to send to the broker next. Nothing is queued: the publisher keeps one flag per topic
// (availability, each entity's discovery config, each entity's state) and the figures of the last
// publication, and builds a message only when the transport asks for one. While the broker is
// away the flags just stay set, so the memory is fixed and, on reconnection, each topic gets its
// latest value once (latest value per topic wins). Every message is retained, so Home Assistant
// has the device, its entities and their last values as soon as it subscribes.

import type { DeviceInfo } from "./ha-discovery";
import { availabilityTopic, discoveryPayload, discoveryTopic, ONLINE, statePayload, stateTopic } from "./ha-discovery";
import type { Figures, HaEntity } from "./ha-sensors";
import { ENTITIES } from "./ha-sensors";
import { publishDue } from "./mqtt-rules";

export interface MqttMessage {
	topic: string;
	payload: string;
	retain: boolean;
}

export interface PublisherOptions {
	/** Topic prefix of the state and availability topics (config mqtt.topic). */
	base: string;
	/** Home Assistant's discovery prefix (config mqtt.discovery_prefix). */
	discoveryPrefix: string;
	device: DeviceInfo;
	/** Between two publications of the states, ms. */
	intervalMs: number;
}

const AVAILABILITY = 0;
const COUNT = ENTITIES.length;
const FIRST_CONFIG = 1;
const FIRST_STATE = FIRST_CONFIG + COUNT;

export class MqttPublisher {
	#options: PublisherOptions;
	/** One flag per topic: send it when next asked (AVAILABILITY, then configs, then states). */
	#pending = new Uint8Array(FIRST_STATE + COUNT);
	/** Entities whose config went out on this connection: announced when they first have a value. */
	#announced = new Uint8Array(COUNT);
	#values = new Float64Array(COUNT).fill(NaN);
	#lastMs = NaN;
	#event = false;
	#message: MqttMessage = { topic: "", payload: "", retain: true };

	constructor(options: PublisherOptions) {
		this.#options = options;
	}

	/** A new session with the broker: say online, then announce and publish everything known again. */
	connected(): void {
		this.#pending.fill(0);
		this.#announced.fill(0);
		this.#pending[AVAILABILITY] = 1;
		this.#markKnown();
	}

	/** Something a subscriber must see at once: the next tick publishes. */
	publishSoon(): void {
		this.#event = true;
	}

	/** Takes the figures when a publication is due (publishDue); true when it did. */
	tick(nowMs: number, figures: () => Figures): boolean {
		if (!publishDue(nowMs, this.#lastMs, this.#options.intervalMs, this.#event)) return false;
		this.#event = false;
		this.#lastMs = nowMs;
		const f = figures();
		const values = this.#values;
		for (let i = 0; i < COUNT; i++) values[i] = ENTITIES[i].value(f);
		this.#markKnown();
		return true;
	}

	/**
	 * The next message to publish, undefined when none is waiting. The object is reused: its fields
	 * are valid until the next call.
	 */
	next(): MqttMessage | undefined {
		const pending = this.#pending;
		for (let i = 0; i < pending.length; i++) {
			if (pending[i] === 0) continue;
			pending[i] = 0;
			if (i >= FIRST_STATE && this.#values[i - FIRST_STATE] !== this.#values[i - FIRST_STATE]) continue; // unknown since: the last value stays
			return this.#build(i);
		}
		return undefined;
	}

	/** Messages waiting (at most one per topic). */
	get waiting(): number {
		let n = 0;
		for (let i = 0; i < this.#pending.length; i++) n += this.#pending[i];
		return n;
	}

	#markKnown(): void {
		const values = this.#values;
		for (let i = 0; i < COUNT; i++) {
			const v = values[i];
			if (v !== v) continue;
			if (this.#announced[i] === 0) {
				this.#announced[i] = 1;
				this.#pending[FIRST_CONFIG + i] = 1;
			}
			this.#pending[FIRST_STATE + i] = 1;
		}
	}

	#build(slot: number): MqttMessage {
		const o = this.#options;
		const m = this.#message;
		if (slot === AVAILABILITY) {
			m.topic = availabilityTopic(o.base);
			m.payload = ONLINE;
		} else if (slot < FIRST_STATE) {
			const entity: HaEntity = ENTITIES[slot - FIRST_CONFIG];
			m.topic = discoveryTopic(o.discoveryPrefix, o.device, entity);
			m.payload = discoveryPayload(entity, o.base, o.device);
		} else {
			const entity = ENTITIES[slot - FIRST_STATE];
			m.topic = stateTopic(o.base, entity);
			m.payload = statePayload(entity, this.#values[slot - FIRST_STATE]);
		}
		return m;
	}
}
