// config.json text <-> Config. Invalid fields are reported one by one and replaced by their
// default, so a device with a damaged file still boots (into the setup portal when WiFi is gone)
// instead of looping. Unknown keys are kept untouched for the firmware that wrote them.

import { isObject } from "../util/values";
import {
	boolean,
	type Check,
	gridArea,
	hostLabel,
	hostOrEmpty,
	httpUrlOrEmpty,
	integer,
	ipv4OrEmpty,
	maskOrEmpty,
	mqttTopic,
	numberOrNull,
	parseIpv4,
	text,
	user,
} from "./checks";
import { type Config, type ConfigError, DEFAULTS, defaultConfig, SECTIONS } from "./schema";

/** Larger files are refused whole: the device parses this with a ~100 KB heap. */
export const MAX_CONFIG_BYTES = 16384;

interface Field {
	readonly section: (typeof SECTIONS)[number];
	readonly key: string;
	readonly check: Check;
	/** null is read as "unset" (older tools write null for empty static addresses). */
	readonly nullIsDefault?: boolean;
}

const FIELDS: readonly Field[] = Object.freeze([
	field("wifi", "ssid", text(0, 32)), // 802.11: at most 32 octets
	field("wifi", "password", text(0, 64)), // WPA: 8..63 characters or 64 hex digits
	field("network", "dhcp", boolean),
	field("network", "device_name", hostLabel),
	field("network", "ip", ipv4OrEmpty, true),
	field("network", "gateway", ipv4OrEmpty, true),
	field("network", "subnet", maskOrEmpty, true),
	field("network", "dns", ipv4OrEmpty, true),
	field("auth", "user", user),
	field("auth", "password", text(0, 64)),
	field("tariff", "grid_area", gridArea),
	field("tariff", "price_eur_kw_year", numberOrNull(0, 10000)),
	field("tariff", "target_w", numberOrNull(0, 1000000)),
	field("http", "port", integer(1, 65535)),
	field("homewizard", "enabled", boolean),
	field("mqtt", "enabled", boolean),
	field("mqtt", "host", hostOrEmpty),
	field("mqtt", "port", integer(1, 65535)),
	field("mqtt", "user", text(0, 64)),
	field("mqtt", "password", text(0, 64)),
	field("mqtt", "topic", mqttTopic),
	field("raw_telegram", "enabled", boolean),
	field("raw_telegram", "port", integer(1, 65535)),
	field("mqtt", "interval_s", integer(1, 3600)),
	field("mqtt", "discovery_prefix", mqttTopic),
	field("warning", "url", httpUrlOrEmpty),
]);

/** Reads config.json: always a usable config, plus one error per invalid field. */
export function parseConfig(source: string): { config: Config; errors: ConfigError[] } {
	const errors: ConfigError[] = [];
	if (source.length > MAX_CONFIG_BYTES) {
		errors.push({ field: "", message: `larger than ${MAX_CONFIG_BYTES} bytes` });
		return { config: defaultConfig(), errors };
	}
	let root: unknown;
	try {
		root = JSON.parse(source);
	} catch {
		errors.push({ field: "", message: "not valid json" });
		return { config: defaultConfig(), errors };
	}
	if (!isObject(root)) {
		errors.push({ field: "", message: "must be a json object" });
		return { config: defaultConfig(), errors };
	}
	return { config: fromObject(root, errors), errors };
}

/** Validates an already parsed object (e.g. a config posted by the setup portal). */
export function fromObject(root: Record<string, unknown>, errors: ConfigError[]): Config {
	// Spread, not Object.assign: a "__proto__" key from JSON stays a plain own property.
	const config: Record<string, unknown> = { ...root };
	for (const name of SECTIONS) {
		const value = root[name];
		if (value === undefined) config[name] = { ...DEFAULTS[name] };
		else if (isObject(value)) config[name] = { ...value };
		else {
			errors.push({ field: name, message: "must be an object" });
			config[name] = { ...DEFAULTS[name] };
		}
	}
	for (const field of FIELDS) {
		const section = config[field.section] as Record<string, unknown>;
		const fallback = (DEFAULTS[field.section] as Record<string, unknown>)[field.key];
		const value = section[field.key];
		if (value === undefined || (value === null && field.nullIsDefault)) {
			section[field.key] = fallback;
			continue;
		}
		const message = field.check(value);
		if (message !== undefined) {
			errors.push({ field: `${field.section}.${field.key}`, message });
			section[field.key] = fallback;
		}
	}
	const result = config as Config;
	checkStaticAddress(result, errors);
	checkLogin(result, errors);
	checkIntegrations(result, errors);
	return result;
}

/** config.json text as the device writes it: indented, keys in their original order. */
export function serializeConfig(config: Config): string {
	return JSON.stringify(config, null, "\t") + "\n";
}

function checkStaticAddress(config: Config, errors: ConfigError[]): void {
	const network = config.network;
	if (network.dhcp) return;
	let missing = false;
	if (network.ip === "") {
		errors.push({ field: "network.ip", message: "required when dhcp is false" });
		missing = true;
	}
	if (network.subnet === "") {
		errors.push({ field: "network.subnet", message: "required when dhcp is false" });
		missing = true;
	}
	if (missing) {
		network.dhcp = true; // a device without an address is unreachable; DHCP at least gets one
		return;
	}
	if (network.gateway !== "") {
		const mask = parseIpv4(network.subnet);
		if ((parseIpv4(network.ip) & mask) >>> 0 !== (parseIpv4(network.gateway) & mask) >>> 0)
			errors.push({ field: "network.gateway", message: "must be in the subnet of network.ip" });
	}
}

function checkLogin(config: Config, errors: ConfigError[]): void {
	// Half a separate login is still a separate login: auth.ts then accepts nobody (fails closed)
	// rather than silently falling back to the WiFi password the user meant to replace.
	const auth = config.auth;
	if (auth.user !== "" && auth.password === "" && !reported(errors, "auth.password"))
		errors.push({ field: "auth.password", message: "required when auth.user is set" });
	else if (auth.user === "" && auth.password !== "" && !reported(errors, "auth.user"))
		errors.push({ field: "auth.user", message: "required when auth.password is set" });
}

function checkIntegrations(config: Config, errors: ConfigError[]): void {
	if (config.mqtt.enabled && config.mqtt.host === "")
		errors.push({ field: "mqtt.host", message: "required when mqtt is enabled" });
	const raw = config.raw_telegram;
	if (raw.enabled && raw.port === config.http.port)
		errors.push({ field: "raw_telegram.port", message: "must differ from http.port" });
}

function reported(errors: ConfigError[], field: string): boolean {
	for (const error of errors) if (error.field === field) return true;
	return false;
}

function field(section: Field["section"], key: string, check: Check, nullIsDefault = false): Field {
	return Object.freeze({ section, key, check, nullIsDefault });
}
