// The one catalog of the OBIS objects we know: per object its code, a name for people, the unit
// of the Reading field it fills, how it is read and which field that is. Data only: parse.ts
// reads telegrams into the Reading by it, decode.ts names the objects of its JSON by it. Codes
// are Fluvius eMUCS-P1 (1.3 .. 2.1) plus the Dutch DSMR 2.2 .. 5 objects. Anything not listed
// here is still shown by the decoder, as raw text.

import type { MbusDevice, Phase, Reading } from "./reading";

/** How a value is read (see parse.ts). */
export const TEXT = 1; // string as sent (version, ids)
export const MESSAGE = 2; // hex octets decoded to text
export const TIME = 3; // 0-0:1.0.0 -> time + timeRaw
export const BASE = 4; // kWh/kW/Wh/W -> Wh or W (integers for 3 decimals)
export const DECIMAL = 5; // V, A: the number as written
export const INT = 6; // unitless counter or state ("0001" -> 1)
export const LIMITER = 7; // kW -> limiterW, A -> limiterA
export const PEAK = 8; // (timestamp)(kW): this month's peak
export const HISTORY = 9; // 0-0:98.1.0 13-month peaks
export const FAILURES = 10; // 1-0:99.97.0 power failure log
export const MBUS_TYPE = 11; // 0-n:24.1.0
export const MBUS_ID = 12; // 0-n:96.1.0 / 96.1.1
export const MBUS_VALUE = 13; // 0-n:24.2.x (timestamp)(value*unit)
export const MBUS_VALVE = 14; // 0-n:24.4.0
export const MBUS_LEGACY = 15; // DSMR 2.2/3 0-n:24.3.0(ts)(..)(..)(..)(obis)(unit) + (value)

/** Keys of T whose values are numbers (or strings): a misspelt or mistyped field does not compile. */
type NumberKey<T> = { [K in keyof T]-?: T[K] extends number ? K : never }[keyof T];
type StringKey<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T];

export interface ObisEntry {
	readonly obis: string;
	/** What it is, for people ("import, tariff 1"). */
	readonly name: string;
	/** Unit of the Reading field ("Wh", "W", "V", ...; "" for none): kWh and kW arrive as Wh and W. */
	readonly unit: string;
	readonly kind: number;
	/** The field it fills: of the Reading, of phases[phase] when phase >= 0, of the MbusDevice for M-Bus kinds. */
	readonly field: keyof Reading | keyof Phase | keyof MbusDevice;
	/** 0..2 for L1..L3, -1 for the Reading itself. */
	readonly phase: number;
	/** Index in OBJECTS: a small number parse.ts can keep in a typed array. */
	readonly id: number;
}

type Entry = Omit<ObisEntry, "id">;
type NumberKind = typeof BASE | typeof DECIMAL | typeof INT;
type DeviceKind = typeof MBUS_TYPE | typeof MBUS_ID | typeof MBUS_VALUE | typeof MBUS_VALVE | typeof MBUS_LEGACY;

/** A number of the Reading. */
function value(obis: string, kind: NumberKind, field: NumberKey<Reading>, name: string, unit: string): Entry {
	return { obis, kind, field, phase: -1, name, unit };
}

/** A number of phase L1..L3 (0..2). */
function phase(
	obis: string,
	kind: NumberKind,
	field: NumberKey<Phase>,
	index: number,
	name: string,
	unit: string,
): Entry {
	return { obis, kind, field, phase: index, name: `${name} L${index + 1}`, unit };
}

/** A string of the Reading, as sent or hex-decoded. */
function text(obis: string, kind: typeof TEXT | typeof MESSAGE, field: StringKey<Reading>, name: string): Entry {
	return { obis, kind, field, phase: -1, name, unit: "" };
}

/** Kinds read by a routine of their own (parse.ts), which fills the field named and its companions. */
function special(
	obis: string,
	kind: typeof TIME | typeof LIMITER | typeof PEAK | typeof HISTORY | typeof FAILURES,
	field: keyof Reading,
	name: string,
	unit: string,
): Entry {
	return { obis, kind, field, phase: -1, name, unit };
}

function device(obis: string, kind: DeviceKind, field: keyof MbusDevice, name: string, unit = ""): Entry {
	return { obis, kind, field, phase: -1, name, unit };
}

/** Freezes the entries of one table, numbered from `first` on. */
function catalog(entries: readonly Entry[], first: number): readonly ObisEntry[] {
	return Object.freeze(entries.map((item, i): ObisEntry => Object.freeze({ ...item, id: first + i })));
}

/** Electricity and meter objects (A-B with B = 0; 1-1: energy channels are read as 1-0:). */
export const METER_OBJECTS: readonly ObisEntry[] = catalog(
	[
		text("0-0:96.1.4", TEXT, "version", "version (eMUCS)"),
		text("1-3:0.2.8", TEXT, "version", "version (DSMR)"),
		text("0-0:96.1.1", TEXT, "equipmentId", "equipment id"),
		text("0-0:96.1.2", TEXT, "ean", "EAN code"),
		special("0-0:1.0.0", TIME, "time", "meter time", ""),
		value("1-0:1.8.1", BASE, "importT1Wh", "import, tariff 1", "Wh"),
		value("1-0:1.8.2", BASE, "importT2Wh", "import, tariff 2", "Wh"),
		value("1-0:2.8.1", BASE, "exportT1Wh", "export, tariff 1", "Wh"),
		value("1-0:2.8.2", BASE, "exportT2Wh", "export, tariff 2", "Wh"),
		value("0-0:96.14.0", INT, "tariff", "active tariff", ""),
		value("1-0:1.7.0", BASE, "importW", "power, import", "W"),
		value("1-0:2.7.0", BASE, "exportW", "power, export", "W"),
		phase("1-0:21.7.0", BASE, "importW", 0, "power, import", "W"),
		phase("1-0:41.7.0", BASE, "importW", 1, "power, import", "W"),
		phase("1-0:61.7.0", BASE, "importW", 2, "power, import", "W"),
		phase("1-0:22.7.0", BASE, "exportW", 0, "power, export", "W"),
		phase("1-0:42.7.0", BASE, "exportW", 1, "power, export", "W"),
		phase("1-0:62.7.0", BASE, "exportW", 2, "power, export", "W"),
		phase("1-0:32.7.0", DECIMAL, "voltageV", 0, "voltage", "V"),
		phase("1-0:52.7.0", DECIMAL, "voltageV", 1, "voltage", "V"),
		phase("1-0:72.7.0", DECIMAL, "voltageV", 2, "voltage", "V"),
		phase("1-0:31.7.0", DECIMAL, "currentA", 0, "current", "A"),
		phase("1-0:51.7.0", DECIMAL, "currentA", 1, "current", "A"),
		phase("1-0:71.7.0", DECIMAL, "currentA", 2, "current", "A"),
		phase("1-0:32.32.0", INT, "sags", 0, "voltage sags", ""),
		phase("1-0:52.32.0", INT, "sags", 1, "voltage sags", ""),
		phase("1-0:72.32.0", INT, "sags", 2, "voltage sags", ""),
		phase("1-0:32.36.0", INT, "swells", 0, "voltage swells", ""),
		phase("1-0:52.36.0", INT, "swells", 1, "voltage swells", ""),
		phase("1-0:72.36.0", INT, "swells", 2, "voltage swells", ""),
		value("0-0:96.3.10", INT, "breaker", "breaker state", ""),
		special("0-0:17.0.0", LIMITER, "limiterW", "limiter threshold", "W"),
		value("1-0:31.4.0", DECIMAL, "fuseA", "fuse supervision threshold", "A"),
		text("0-0:96.13.0", MESSAGE, "message", "text message"),
		value("1-0:1.4.0", BASE, "demandW", "average demand, this quarter", "W"),
		special("1-0:1.6.0", PEAK, "monthPeakW", "peak demand, this month", "W"),
		special("0-0:98.1.0", HISTORY, "history", "peak demand, last 13 months", "W"),
		value("0-0:96.7.21", INT, "powerFailures", "power failures", ""),
		value("0-0:96.7.9", INT, "longPowerFailures", "long power failures", ""),
		special("1-0:99.97.0", FAILURES, "failures", "power failure log", "s"),
	],
	0,
);

/** M-Bus objects, written with channel 0 here; the telegram's channel (1..4, any device on any channel) picks the device. */
export const MBUS_OBJECTS: readonly ObisEntry[] = catalog(
	[
		device("0-0:24.1.0", MBUS_TYPE, "type", "device type"),
		device("0-0:96.1.0", MBUS_ID, "id", "device id"),
		device("0-0:96.1.1", MBUS_ID, "id", "device id"),
		device("0-0:24.2.1", MBUS_VALUE, "value", "meter reading"), // water (and DSMR 4 gas)
		device("0-0:24.2.3", MBUS_VALUE, "value", "meter reading, temperature-corrected"), // gas (eMUCS)
		device("0-0:24.4.0", MBUS_VALVE, "valve", "valve state"),
		device("0-0:24.3.0", MBUS_LEGACY, "value", "meter reading (DSMR 2.2/3)"),
	],
	METER_OBJECTS.length,
);

/** Every entry, at the index of its id. */
export const OBJECTS: readonly ObisEntry[] = Object.freeze([...METER_OBJECTS, ...MBUS_OBJECTS]);

/** M-Bus device types (0-n:24.1.0). */
export const MBUS_GAS = 3;
export const MBUS_HEAT = 4;
export const MBUS_WATER = 7;

/**
 * Number standing for an OBIS code in the lookups: A (0/1) and B (0..15) and C.D.E, a small
 * integer so neither engine boxes it. -1 for codes no table can hold.
 */
function obisKey(a: number, b: number, c: number, d: number, e: number): number {
	if (a > 1 || b > 15) return -1;
	return a * 0x10000000 + b * 0x1000000 + c * 0x10000 + d * 0x100 + e;
}

/** Key of an "A-B:C.D.E" text (module load only). */
function keyOf(obis: string): number {
	const parts = [0, 0, 0, 0, 0];
	let part = 0;
	for (let i = 0; i < obis.length; i++) {
		const ch = obis.charCodeAt(i);
		if (ch >= 0x30 && ch <= 0x39) parts[part] = parts[part] * 10 + ch - 0x30;
		else part++;
	}
	return obisKey(parts[0], parts[1], parts[2], parts[3], parts[4]);
}

function lookup(entries: readonly ObisEntry[]): ReadonlyMap<number, ObisEntry> {
	const map = new Map<number, ObisEntry>();
	for (const item of entries) map.set(keyOf(item.obis), item);
	return map;
}

const METER_LOOKUP: ReadonlyMap<number, ObisEntry> = lookup(METER_OBJECTS);
const MBUS_LOOKUP: ReadonlyMap<number, ObisEntry> = lookup(MBUS_OBJECTS);

/**
 * The entry of code A-B:C.D.E, undefined for one we do not know: B 1..15 with A = 0 is an
 * M-Bus channel, 1-1: energy channels read as 1-0: (all A-B: is one meter's in both cases).
 */
export function entryOf(a: number, b: number, c: number, d: number, e: number): ObisEntry | undefined {
	if (a === 0 && b > 0 && b <= 15) return MBUS_LOOKUP.get(obisKey(0, 0, c, d, e));
	return METER_LOOKUP.get(obisKey(a, a === 1 && b === 1 ? 0 : b, c, d, e));
}
