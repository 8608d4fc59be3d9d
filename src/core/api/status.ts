// <prefix>/status: what a person (or a support script) needs to see that the monitor, the meter
// and the card are well: counters, the meter's identity and clock, whether the meter still sends
// the capacity objects that need the P1 consent at Fluvius, storage and memory. The monitor keeps
// its figures in one DeviceFacts object; this formats them as one string (no object tree).

import type { FileStore } from "../ports";
import { hexDecoded } from "../util/hex";
import { Cache, errorMessage, jsonResponse } from "./responses";
import type { ApiContext, ApiResponse, DeviceFacts, DeviceHardware } from "./types";

/** The meter objects that stop when the P1 consent at Fluvius lapses, in the order of DeviceFacts.seenMs. */
export const METER_FIELDS: readonly string[] = Object.freeze(["1.4.0", "1.6.0", "98.1.0"]);

/**
 * How long an object may be missing while telegrams come before it counts as no longer sent:
 * a meter sends all three in every telegram, a value set aside as impossible misses one.
 */
export const STALE_MS = 300000;

/** A field's state: sent lately, seen since start but no longer, never seen in STALE_MS of telegrams, or too early to tell. */
export const FieldState = Object.freeze({ Sent: "sent", Stopped: "stopped", Absent: "absent", Unknown: "unknown" });

/** The notices, keyed by code: `%` is replaced by the fields concerned ("1.6.0 and 98.1.0"). */
const NOTICES: Readonly<Record<string, string>> = Object.freeze({
	p1_consent_lapsed:
		"the meter stopped sending %: the P1 consent at Fluvius has probably lapsed (renew it at Fluvius); quarters and peaks are still computed here from the energy registers",
	meter_fields_absent:
		"the meter does not send %: an older meter, or no P1 consent at Fluvius; quarters and peaks are computed here from the energy registers",
});

export function newFacts(version: string, startMs: number, clock: DeviceFacts["clock"]): DeviceFacts {
	return {
		version,
		startMs,
		nowMs: startMs,
		firstTelegramMs: NaN,
		lastTelegramMs: NaN,
		seenMs: [NaN, NaN, NaN],
		meterClockOffsetMs: NaN,
		clock,
		telegrams: 0,
		crcErrors: 0,
		crcMissing: 0,
		rejectedValues: 0,
		storeErrors: 0,
		clockHeld: 0,
		clockRejected: 0,
		reading: undefined,
		health: undefined,
		recovery: undefined,
		freeBytes: NaN,
	};
}

/** Free bytes of a store, NaN when its host cannot tell or the card does not answer. */
export function freeBytes(store: FileStore): number {
	if (store.free === undefined) return NaN;
	try {
		const n = store.free();
		return typeof n === "number" && n >= 0 ? n : NaN;
	} catch {
		return NaN;
	}
}

/** The state of METER_FIELDS[i] (FieldState). */
export function fieldState(facts: DeviceFacts, i: number): string {
	const seen = facts.seenMs[i];
	const last = facts.lastTelegramMs;
	if (seen === seen) return last - seen > STALE_MS ? FieldState.Stopped : FieldState.Sent;
	return last - facts.firstTelegramMs > STALE_MS ? FieldState.Absent : FieldState.Unknown;
}

/** <prefix>/status (shape in README.md, "Status"). */
export function status(_path: string, context: ApiContext): ApiResponse {
	if (context.facts === undefined) return errorMessage(503, "no status here");
	const f = context.facts();
	const memory = context.memory ? context.memory() : {};
	const body =
		'{"version":' +
		JSON.stringify(f.version) +
		',"uptime_s":' +
		Math.floor((f.nowMs - f.startMs) / 1000) +
		',"telegrams":{"ok":' +
		f.telegrams +
		',"crc_bad":' +
		f.crcErrors +
		',"crc_missing":' +
		f.crcMissing +
		',"values_dropped":' +
		f.rejectedValues +
		',"clock_held":' +
		f.clockHeld +
		',"clock_rejected":' +
		f.clockRejected +
		',"last_age_s":' +
		tenths(f.nowMs - f.lastTelegramMs) +
		'},"meter":' +
		meter(f) +
		',"storage":' +
		storage(f) +
		',"memory":' +
		JSON.stringify(memory) +
		(context.integrations === undefined ? "" : ',"integrations":' + JSON.stringify(context.integrations())) +
		(context.device === undefined ? "" : ',"device":' + device(context.device(), f.nowMs)) +
		"}";
	return jsonResponse(200, body, Cache.None);
}

function meter(f: DeviceFacts): string {
	const r = f.reading;
	let fields = "";
	for (let i = 0; i < METER_FIELDS.length; i++) {
		fields +=
			(i === 0 ? '"' : ',"') +
			METER_FIELDS[i] +
			'":{"state":"' +
			fieldState(f, i) +
			'","age_s":' +
			tenths(f.nowMs - f.seenMs[i]) +
			"}";
	}
	return (
		'{"model":' +
		JSON.stringify(r === undefined ? "" : r.header) +
		',"protocol":' +
		JSON.stringify(r === undefined ? "" : r.version) +
		',"equipment_id":' +
		JSON.stringify(r === undefined ? "" : hexDecoded(r.equipmentId)) +
		',"clock_offset_s":' +
		whole(f.meterClockOffsetMs / 1000) +
		',"fields":{' +
		fields +
		'},"notice":' +
		notice(f) +
		"}"
	);
}

/**
 * The one notice about the capacity objects, null when there is none: they stopped while
 * telegrams still come (the consent lapsed), or they never came since start.
 */
export function notice(f: DeviceFacts): string {
	if (!(f.nowMs - f.lastTelegramMs <= STALE_MS)) return "null"; // no telegrams: nothing to say about their content
	const stopped = fieldsIn(f, FieldState.Stopped);
	if (stopped !== "") return noticeJson("p1_consent_lapsed", stopped);
	const absent = fieldsIn(f, FieldState.Absent);
	return absent === "" ? "null" : noticeJson("meter_fields_absent", absent);
}

function noticeJson(code: string, fields: string): string {
	return '{"code":"' + code + '","message":' + JSON.stringify(NOTICES[code].replace("%", fields)) + "}";
}

/** "1.4.0", "1.4.0 and 1.6.0", "1.4.0, 1.6.0 and 98.1.0": the fields in `state`. */
function fieldsIn(f: DeviceFacts, state: string): string {
	const names: string[] = [];
	for (let i = 0; i < METER_FIELDS.length; i++) if (fieldState(f, i) === state) names.push(METER_FIELDS[i]);
	const last = names.pop();
	if (last === undefined) return "";
	return names.length === 0 ? last : names.join(", ") + " and " + last;
}

function storage(f: DeviceFacts): string {
	const h = f.health;
	const recent = h === undefined || h.recent.length === 0 ? undefined : h.recent[h.recent.length - 1];
	return (
		'{"store_errors":' +
		f.storeErrors +
		',"set_aside":' +
		(h === undefined ? 0 : h.setAside) +
		',"last_set_aside":' +
		(recent === undefined ? "null" : JSON.stringify({ path: recent.path, to: recent.to, reason: recent.reason })) +
		',"tmp_cleaned":' +
		(h === undefined ? 0 : h.tmpCleaned) +
		',"free_bytes":' +
		whole(f.freeBytes) +
		',"recovery":' +
		recovery(f) +
		"}"
	);
}

/** The boot's repairs in counts (the lines went to the log), and the first store error. */
function recovery(f: DeviceFacts): string {
	const r = f.recovery;
	if (r === undefined) return "null";
	return (
		'{"day":' +
		(r.day === null ? "null" : JSON.stringify(r.day)) +
		',"checkpoint":"' +
		r.checkpoint +
		'","peaks":"' +
		r.peaks +
		'","finished":' +
		r.finished.length +
		',"discarded":' +
		r.discarded.length +
		',"set_aside":' +
		r.setAside.length +
		',"rebuilt":' +
		r.rebuilt.length +
		',"errors":' +
		r.errors.length +
		',"first_error":' +
		(r.errors.length === 0 ? "null" : JSON.stringify(r.errors[0])) +
		"}"
	);
}

/** Seconds with one decimal; null for an unknown time (NaN). */
/** The device's SD card, WiFi and UART: what is wrong there explains missing history or a silent dashboard. */
function device(d: DeviceHardware, nowMs: number): string {
	const c = d.card;
	const w = d.wifi;
	return (
		'{"card":{"state":' +
		JSON.stringify(c.state) +
		',"error":' +
		JSON.stringify(c.error) +
		',"failures":' +
		c.failures +
		',"retry_in_s":' +
		whole(Math.max(0, c.nextTryMs - nowMs) / 1000) +
		'},"wifi":{"mode":' +
		JSON.stringify(w.mode) +
		',"setup":' +
		w.accessPoint +
		',"rssi":' +
		whole(w.rssi) +
		',"failures":' +
		w.failures +
		',"retry_in_s":' +
		whole(Math.max(0, w.nextTryMs - nowMs) / 1000) +
		'},"uart":{"lost_bytes":' +
		d.uartLostBytes +
		"}}"
	);
}

function tenths(ms: number): string {
	return ms === ms ? String(Math.round(ms / 100) / 10) : "null";
}

function whole(v: number): string {
	return v === v && v !== Infinity && v !== -Infinity ? String(Math.round(v)) : "null";
}
