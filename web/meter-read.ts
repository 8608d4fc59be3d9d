// The Meter view without a browser: the state of the meter from GET /v1/status, and the objects
// of GET /v1/telegram picked out and formatted with their names. Pure, so jest tests it.

import { type Lang, numberFormat } from "./format";
import { formatAge, PAGE_TEXT } from "./i18n";

/** GET /v1/status, the parts the Meter view reads (README.md, "Status"). */
export interface Status {
	version: string;
	uptime_s: number;
	telegrams: {
		ok: number;
		crc_bad: number;
		crc_missing: number;
		values_dropped: number;
		last_age_s: number | null;
	};
	meter: {
		model: string;
		protocol: string;
		equipment_id: string;
		clock_offset_s: number | null;
		fields: Record<string, { state: string; age_s: number | null }>;
		notice: { code: string; message: string } | null;
	};
	storage: { store_errors: number; set_aside: number; free_bytes: number | null };
	/** On the device only: its SD card, WiFi and P1 UART. */
	device?: {
		card: { state: string; error: string; failures: number; retry_in_s: number | null };
		wifi: { mode: string; setup: boolean; rssi: number | null; failures: number; retry_in_s: number | null };
		uart: { lost_bytes: number };
	};
}

/** One object of GET /v1/telegram's `decoded.objects` (src/core/dsmr/decode.ts). */
export interface Obj {
	name?: string;
	value?: number | string;
	unit?: string | null;
	raw?: string[];
	timestampIsoUtc?: string;
	isoUtc?: string;
	count?: number;
}

export interface Telegram {
	raw: string;
	decoded: { header: string; objects: Record<string, Obj> };
}

/** The meter sends a telegram every second: this long without one, it counts as silent. */
export const SILENT_S = 30;

/**
 * What the Meter view must explain: never sent since start (the P1 port is closed), silent now,
 * the capacity objects stopped (consent lapsed) or never came, or all well.
 */
export type MeterState = "never" | "silent" | "consent" | "absent" | "ok";

export function meterState(s: Status): MeterState {
	if (s.telegrams.ok === 0 || s.telegrams.last_age_s === null) return "never";
	if (s.telegrams.last_age_s > SILENT_S) return "silent";
	const code = s.meter.notice?.code;
	return code === "p1_consent_lapsed" ? "consent" : code === "meter_fields_absent" ? "absent" : "ok";
}

/** The capacity objects in `state` ("stopped", "absent"), as "1.6.0, 98.1.0". */
export function fieldsIn(s: Status, state: string): string {
	return Object.keys(s.meter.fields)
		.filter((k) => s.meter.fields[k].state === state)
		.join(", ");
}

const UNITS: Readonly<Record<string, string>> = Object.freeze({ m3: "m³" });

/** A reading with the meter's own decimals ("000180.802*kWh" → "180,802 kWh"); "" when absent. */
export function formatReading(o: Obj | undefined, lang: Lang): string {
	if (o === undefined || o.value === undefined) return "";
	if (typeof o.value !== "number") return o.value;
	const raw = o.raw === undefined ? "" : o.raw[o.raw.length - 1];
	const dot = raw.indexOf(".");
	const star = raw.indexOf("*");
	const digits = dot < 0 ? 0 : (star < 0 ? raw.length : star) - dot - 1;
	const unit = o.unit ? "\u00a0" + (UNITS[o.unit] ?? o.unit) : "";
	return numberFormat(lang, Math.min(digits, 3)).format(o.value) + unit;
}

/** OBIS measurement numbers per phase: voltage, current, power drawn, power returned. */
const PHASE_CODES: readonly (readonly number[])[] = Object.freeze([
	Object.freeze([32, 31, 21, 22]),
	Object.freeze([52, 51, 41, 42]),
	Object.freeze([72, 71, 61, 62]),
]);

/** Per phase L1..L3 that the telegram has: voltage, current, drawn, returned (undefined where absent). */
export function phasesOf(objects: Record<string, Obj>): (Obj | undefined)[][] {
	const rows: (Obj | undefined)[][] = [];
	for (const codes of PHASE_CODES) {
		const row = codes.map((n) => objects["1-0:" + n + ".7.0"]);
		if (row.some((o) => o !== undefined)) rows.push(row);
	}
	return rows;
}

/** M-Bus device types of EN 13757-3 the meters here report: gas and water. */
const MBUS_KINDS: Readonly<Record<string, "gas" | "water">> = Object.freeze({ "003": "gas", "007": "water" });

/** The gas and water meters on the M-Bus channels 1..4 with their last reading. */
export function mbusOf(objects: Record<string, Obj>): { kind: "gas" | "water"; reading: Obj }[] {
	const out: { kind: "gas" | "water"; reading: Obj }[] = [];
	for (let n = 1; n <= 4; n++) {
		const type = objects["0-" + n + ":24.1.0"]?.value;
		const kind = typeof type === "string" ? MBUS_KINDS[type] : undefined;
		// eMUCS sends the temperature-corrected gas volume (24.2.3), DSMR 5 the plain one (24.2.1)
		const reading = objects["0-" + n + ":24.2.3"] ?? objects["0-" + n + ":24.2.1"];
		if (kind !== undefined && reading !== undefined) out.push({ kind, reading });
	}
	return out;
}

/** The device's SD card, WiFi and P1 UART (absent on the PC). */
export function deviceRows(s: Status, lang: Lang): [string, string][] {
	const d = s.device;
	if (d === undefined) return [];
	const t = PAGE_TEXT[lang];
	const retry = d.card.retry_in_s === null ? null : formatAge(d.card.retry_in_s, lang);
	const rows: [string, string][] = [
		[t.card, t.cardState(d.card.state, retry)],
		[t.wifi, t.wifiState(d.wifi.mode, d.wifi.rssi)],
	];
	if (d.uart.lost_bytes > 0) rows.push(["P1", t.uartLost(d.uart.lost_bytes)]);
	return rows;
}
