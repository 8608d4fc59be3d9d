// The PC host's serial for the HomeWizard-compatible API: a device uses its MAC address, a PC gets
// 12 random hex digits once and keeps them in state/serial.json, so Home Assistant, which knows a
// device by its serial, finds the same one after every restart. Written through the same atomic
// write as the rest of the state; a file that does not hold a serial is set aside, never lost.

import { isSerial } from "../../core/api/homewizard";
import { finishAtomic, setAside, writeAtomic } from "../../core/history/atomic";
import { parseJson } from "../../core/history/state-files";
import type { FileStore, Log } from "../../core/ports";

export const SERIAL_PATH = "/serial.json";

/** The serial in `text` (`{"serial":"0123456789ab"}`), undefined when it holds none. */
export function serialOf(text: string | undefined): string | undefined {
	const v = parseJson(text) as { serial?: unknown } | undefined;
	const serial = v !== null && typeof v === "object" ? v.serial : undefined;
	return typeof serial === "string" && isSerial(serial) ? serial : undefined;
}

/** The serial kept in `state`, made (from `randomBytes`) and stored the first time. Throws when it cannot be stored. */
export function loadSerial(state: FileStore, randomBytes: (n: number) => Uint8Array, log: Log): string {
	if (finishAtomic(state, SERIAL_PATH, (text) => serialOf(text) !== undefined) === "discarded")
		log.warn("serial.json: dropped a torn write from an interrupted start");
	const text = state.read(SERIAL_PATH);
	const kept = serialOf(text);
	if (kept !== undefined) return kept;
	if (text !== undefined)
		log.warn(`serial.json held no serial: kept as ${setAside(state, SERIAL_PATH).slice(1)}; a new serial follows`);
	let serial = "";
	for (const byte of randomBytes(6)) serial += byte.toString(16).padStart(2, "0");
	writeAtomic(state, SERIAL_PATH, JSON.stringify({ serial }) + "\n");
	return serial;
}
