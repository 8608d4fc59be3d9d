// HomeWizard's local API v1, as its P1 meter (HWE-P1) serves it, so Home Assistant, Homey, evcc and
// openHAB read the monitor with the integrations they already have. Facts from HomeWizard's public
// API documentation and from what its clients read (python-homewizard-energy, homewizard-energy-api):
// - no login (v1 has none), GET only; a switched-off API answers every /api path 403 with error id
//   202, which is what makes Home Assistant ask the user to switch it on;
// - a path it does not serve answers 404: the clients take that as "not supported" (a 403 there
//   would read as "switched off");
// - /api/v1/data leaves out whatever the meter did not send; `montly_` is spelt so; timestamps are
//   the meter's own local digits as one number YYMMDDhhmmss; identifiers are the hex text the meter
//   sends (the clients decode it); currents carry the sign of their phase's power.
// Bodies are built as one string: no object tree per request.

import type { Config } from "../config/schema";
import type { Reading } from "../dsmr/reading";
import { charCode, textLength } from "../util/chars";
import { num, str } from "./json-text";
import { Cache, errorMessage, errorResponse, jsonResponse } from "./responses";
import { rawTelegram } from "./telegram";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

export const HW_ROOT = "/api";

/** `wifi_ssid` where no WiFi is configured (a PC host on a cable): Home Assistant maps no field without one. */
export const NO_WIFI_SSID = "wired";

/** HomeWizard's answer while its API is switched off (403). */
const DISABLED = '{"error":{"id":202,"description":"API not enabled"}}';

/** M-Bus device types (0-n:24.1.0, OMS) and the names `external` gives them. */
const EXTERNAL_TYPES: Readonly<Record<number, string>> = Object.freeze({
	3: "gas_meter",
	4: "heat_meter",
	6: "warm_water_meter",
	7: "water_meter",
	12: "inlet_heat_meter",
});
const GAS = 3;

/** Per-phase field names, made once rather than per request. */
const PHASE_FIELDS = Object.freeze(
	["l1", "l2", "l3"].map((l) =>
		Object.freeze({
			power: "active_power_" + l + "_w",
			voltage: "active_voltage_" + l + "_v",
			current: "active_current_" + l + "_a",
			sags: "voltage_sag_" + l + "_count",
			swells: "voltage_swell_" + l + "_count",
		}),
	),
);

/** The paths served, each with what builds its answer. */
const PAGES: Readonly<Record<string, (context: ApiContext) => ApiResponse>> = Object.freeze({
	"/api": device,
	"/api/v1/data": data,
	"/api/v1/telegram": telegramText,
});

/** True when `serial` is what HomeWizard's `serial` is: 12 lowercase hex digits (a MAC address). */
export function isSerial(serial: string): boolean {
	if (textLength(serial) !== 12) return false;
	for (let i = 0; i < 12; i++) {
		const c = charCode(serial, i);
		if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
	}
	return true;
}

/** Every path under /api, whatever the method: the route table sends them all here, without a login. */
export function homeWizard(path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	if (!context.config().homewizard.enabled) return jsonResponse(403, DISABLED, Cache.None);
	const page = Object.hasOwn(PAGES, path) ? PAGES[path] : undefined;
	if (page === undefined || (request.method !== "GET" && request.method !== "HEAD")) return errorResponse(404);
	return page(context);
}

/** /api: what the device is. */
function device(context: ApiContext): ApiResponse {
	const identity = context.identity;
	if (identity === undefined) return errorMessage(503, "no serial");
	const body =
		'{"product_type":"HWE-P1","product_name":"P1 Meter","serial":' +
		str(identity.serial) +
		',"firmware_version":' +
		str(identity.version) +
		',"api_version":"v1"}';
	return jsonResponse(200, body, Cache.None);
}

/** /api/v1/telegram: the last telegram as the meter sent it, as text. */
function telegramText(context: ApiContext): ApiResponse {
	const frame = context.lastTelegram ? context.lastTelegram() : undefined;
	if (frame === undefined) return errorMessage(503, "no telegram yet");
	const response = jsonResponse(200, rawTelegram(frame), Cache.None);
	response.headers["content-type"] = "text/plain; charset=utf-8";
	return response;
}

/** /api/v1/data: the last telegram in HomeWizard's names and units. */
function data(context: ApiContext): ApiResponse {
	const config = context.config();
	const r = context.reading();
	let body = '{"wifi_ssid":' + str(wifiSsid(config));
	const version = smrVersion(r.version);
	if (version === version) body += ',"smr_version":' + version;
	if (r.header !== "") body += ',"meter_model":' + str(r.header);
	const id = r.equipmentId !== "" ? r.equipmentId : r.ean;
	if (id !== "") body += ',"unique_id":' + str(id);
	body += field("active_tariff", r.tariff);
	body += field("total_power_import_kwh", kwh(r.importT1Wh + r.importT2Wh));
	body += field("total_power_import_t1_kwh", kwh(r.importT1Wh));
	body += field("total_power_import_t2_kwh", kwh(r.importT2Wh));
	body += field("total_power_export_kwh", kwh(r.exportT1Wh + r.exportT2Wh));
	body += field("total_power_export_t1_kwh", kwh(r.exportT1Wh));
	body += field("total_power_export_t2_kwh", kwh(r.exportT2Wh));
	body += field("active_power_w", net(r.importW, r.exportW));
	body += phases(r);
	body += field("any_power_fail_count", r.powerFailures);
	body += field("long_power_fail_count", r.longPowerFailures);
	body += field("active_power_average_w", r.demandW);
	if (r.monthPeakW === r.monthPeakW) {
		body += field("montly_power_peak_w", r.monthPeakW);
		if (r.monthPeakTime === r.monthPeakTime) body += field("montly_power_peak_timestamp", stamp(r.monthPeakTimeRaw));
	}
	return jsonResponse(200, body + external(r) + "}", Cache.None);
}

/** The configured SSID; the fixed word when there is none, or when it is also a password (it would be sent without a login). */
export function wifiSsid(config: Config): string {
	const ssid = config.wifi.ssid;
	if (ssid === "" || ssid === config.wifi.password || ssid === config.auth.password || ssid === config.mqtt.password)
		return NO_WIFI_SSID;
	return ssid;
}

/** `,"name":value`, or nothing for a value the meter did not send. */
function field(name: string, value: number): string {
	return value === value ? ',"' + name + '":' + num(value) : "";
}

/**
 * The DSMR version as a number: "50" (1-3:0.2.8) is 50; Belgium's 0-0:96.1.4 "50217" (DSMR 5.0.2
 * with eMUCS 1.7) is its DSMR part, 50. NaN for anything else (not sent, not 2 or 5 digits).
 */
function smrVersion(version: string): number {
	const length = textLength(version);
	if (length !== 2 && length !== 5) return NaN;
	for (let i = 0; i < length; i++) {
		const c = charCode(version, i);
		if (c < 0x30 || c > 0x39) return NaN;
	}
	return (charCode(version, 0) - 0x30) * 10 + charCode(version, 1) - 0x30;
}

/** Wh (an integer) as kWh with the meter's 3 decimals. */
function kwh(wh: number): number {
	return wh / 1000;
}

/** Import minus export, W: negative while returning; NaN when neither was sent. */
function net(importW: number, exportW: number): number {
	if (importW !== importW && exportW !== exportW) return NaN;
	return (importW === importW ? importW : 0) - (exportW === exportW ? exportW : 0);
}

/** Power, voltage, current, sags and swells per phase, each kind for all phases in turn, as HomeWizard lists them. */
function phases(r: Reading): string {
	let out = "";
	for (let i = 0; i < 3; i++) out += field(PHASE_FIELDS[i].power, net(r.phases[i].importW, r.phases[i].exportW));
	for (let i = 0; i < 3; i++) out += field(PHASE_FIELDS[i].voltage, r.phases[i].voltageV);
	for (let i = 0; i < 3; i++) {
		const p = r.phases[i];
		const sign = net(p.importW, p.exportW) < 0 ? -1 : 1; // the meter's current has no sign; HomeWizard's has its power's
		out += field(PHASE_FIELDS[i].current, sign * p.currentA);
	}
	for (let i = 0; i < 3; i++) out += field(PHASE_FIELDS[i].sags, r.phases[i].sags);
	for (let i = 0; i < 3; i++) out += field(PHASE_FIELDS[i].swells, r.phases[i].swells);
	return out;
}

/** The first gas meter in the old fields, then every known M-Bus device in `external`. */
function external(r: Reading): string {
	let gas = "";
	let list = "";
	for (let i = 0; i < r.mbusCount; i++) {
		const m = r.mbus[i];
		const type = Object.hasOwn(EXTERNAL_TYPES, m.type) ? EXTERNAL_TYPES[m.type] : undefined;
		// the clients need every part of an entry: one without its id or time would break their parsing
		if (type === undefined || m.id === "" || m.value !== m.value || m.time !== m.time) continue;
		const time = stamp(m.timeRaw);
		if (gas === "" && m.type === GAS)
			gas = field("total_gas_m3", m.value) + field("gas_timestamp", time) + ',"gas_unique_id":' + str(m.id);
		list +=
			(list === "" ? "" : ",") +
			'{"unique_id":' +
			str(m.id) +
			',"type":"' +
			type +
			'","timestamp":' +
			num(time) +
			',"value":' +
			num(m.value) +
			',"unit":' +
			str(m.unit) +
			"}";
	}
	return list === "" ? gas : gas + ',"external":[' + list + "]";
}

/** "231102114500W" -> 231102114500: the meter's local digits as one number; NaN when not 12 digits. */
export function stamp(raw: string): number {
	if (textLength(raw) < 12) return NaN;
	let v = 0;
	for (let i = 0; i < 12; i++) {
		const d = charCode(raw, i) - 0x30;
		if (d < 0 || d > 9) return NaN;
		v = v * 10 + d;
	}
	return v;
}
