// MQTT topics and payloads for Home Assistant's MQTT discovery: one retained config per entity
// under `<discovery prefix>/<component>/<node id>/<key>/config` naming its state topic, unit,
// device class and state class; one device block shared by all of them; an availability topic
// the broker sets to "offline" as our last will. Built as strings: no object tree per message.

import { str } from "../api/json-text";
import type { HaEntity } from "./ha-sensors";

export const ONLINE = "online";
export const OFFLINE = "offline";

/** The monitor as Home Assistant lists it. */
export interface DeviceInfo {
	/** Letters, digits, '-' and '_' only: node id of the discovery topics and prefix of every unique id. */
	readonly id: string;
	readonly name: string;
	readonly model: string;
	readonly manufacturer: string;
	readonly version: string;
	/** Where the dashboard is ("http://digimon.local/"); "" leaves it out. */
	readonly configurationUrl: string;
}

/** Where the monitor says "online", and the broker "offline" for it when it goes away. */
export function availabilityTopic(base: string): string {
	return base + "/status";
}

export function stateTopic(base: string, entity: HaEntity): string {
	return base + "/" + entity.key;
}

export function discoveryTopic(prefix: string, device: DeviceInfo, entity: HaEntity): string {
	return prefix + "/" + entity.component + "/" + device.id + "/" + entity.key + "/config";
}

/** The retained discovery config of `entity`, its states under `base`. */
export function discoveryPayload(entity: HaEntity, base: string, device: DeviceInfo): string {
	let out =
		'{"name":' +
		str(entity.name) +
		',"unique_id":' +
		str(device.id + "_" + entity.key) +
		',"state_topic":' +
		str(stateTopic(base, entity));
	if (entity.unit !== "") out += ',"unit_of_measurement":' + str(entity.unit);
	if (entity.deviceClass !== "") out += ',"device_class":' + str(entity.deviceClass);
	if (entity.stateClass !== "") out += ',"state_class":' + str(entity.stateClass);
	if (entity.decimals >= 0) out += ',"suggested_display_precision":' + entity.decimals;
	else out += ',"payload_on":"ON","payload_off":"OFF"';
	return (
		out +
		',"availability_topic":' +
		str(availabilityTopic(base)) +
		',"payload_available":"' +
		ONLINE +
		'","payload_not_available":"' +
		OFFLINE +
		'","device":' +
		deviceBlock(device) +
		"}"
	);
}

/** The state payload of `value`: a plain number with the entity's decimals, or ON/OFF; "" while unknown. */
export function statePayload(entity: HaEntity, value: number): string {
	if (value !== value || value === Infinity || value === -Infinity) return "";
	if (entity.decimals < 0) return value ? "ON" : "OFF";
	return fixed(value, entity.decimals);
}

const SCALES: readonly number[] = Object.freeze([1, 10, 100, 1000, 10000]);

/**
 * `value` rounded to `decimals` (0 to 4), by hand: XS's toFixed(0) gives "0." for 0.4, and a
 * value that rounds to zero must not read "-0".
 */
export function fixed(value: number, decimals: number): string {
	const scale = SCALES[decimals];
	const n = Math.round(Math.abs(value) * scale);
	const whole = String(Math.floor(n / scale));
	const sign = value < 0 && n > 0 ? "-" : "";
	if (decimals === 0) return sign + whole;
	const fraction = String(n % scale);
	return sign + whole + "." + "0000".slice(0, decimals - fraction.length) + fraction;
}

function deviceBlock(device: DeviceInfo): string {
	return (
		'{"identifiers":[' +
		str(device.id) +
		'],"name":' +
		str(device.name) +
		',"model":' +
		str(device.model) +
		',"manufacturer":' +
		str(device.manufacturer) +
		',"sw_version":' +
		str(device.version) +
		(device.configurationUrl === "" ? "" : ',"configuration_url":' + str(device.configurationUrl)) +
		"}"
	);
}
