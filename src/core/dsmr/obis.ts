// The OBIS objects the typed Reading takes from a telegram: which field, how the value is read.
// Data only; parse.ts does the reading. Codes are Fluvius eMUCS-P1 (1.3 .. 2.1) plus the Dutch
// DSMR 2.2 .. 5 objects. Anything not listed here is still shown by the decoder, as raw text.

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

export interface ObisEntry {
	readonly obis: string;
	readonly kind: number;
	/** Reading property (or Phase / MbusDevice property when `phase` >= 0 / for M-Bus kinds). */
	readonly field: string;
	/** 0..2 for L1..L3, -1 for the Reading itself. */
	readonly phase: number;
	/** Index in OBJECTS: a small number parse.ts can keep in a typed array. */
	readonly id: number;
}

function entry(obis: string, kind: number, field: string, phase = -1): Omit<ObisEntry, "id"> {
	return { obis, kind, field, phase };
}

/** Freezes the entries of one table, numbered from `first` on. */
function catalog(entries: readonly Omit<ObisEntry, "id">[], first: number): readonly ObisEntry[] {
	return Object.freeze(entries.map((item, i): ObisEntry => Object.freeze({ ...item, id: first + i })));
}

/** Electricity and meter objects (A-B with B = 0; 1-1: energy channels are read as 1-0:). */
export const METER_OBJECTS: readonly ObisEntry[] = catalog([
	entry("0-0:96.1.4", TEXT, "version"),
	entry("1-3:0.2.8", TEXT, "version"),
	entry("0-0:96.1.1", TEXT, "equipmentId"),
	entry("0-0:96.1.2", TEXT, "ean"),
	entry("0-0:1.0.0", TIME, "time"),
	entry("1-0:1.8.1", BASE, "importT1Wh"),
	entry("1-0:1.8.2", BASE, "importT2Wh"),
	entry("1-0:2.8.1", BASE, "exportT1Wh"),
	entry("1-0:2.8.2", BASE, "exportT2Wh"),
	entry("0-0:96.14.0", INT, "tariff"),
	entry("1-0:1.7.0", BASE, "importW"),
	entry("1-0:2.7.0", BASE, "exportW"),
	entry("1-0:21.7.0", BASE, "importW", 0),
	entry("1-0:41.7.0", BASE, "importW", 1),
	entry("1-0:61.7.0", BASE, "importW", 2),
	entry("1-0:22.7.0", BASE, "exportW", 0),
	entry("1-0:42.7.0", BASE, "exportW", 1),
	entry("1-0:62.7.0", BASE, "exportW", 2),
	entry("1-0:32.7.0", DECIMAL, "voltageV", 0),
	entry("1-0:52.7.0", DECIMAL, "voltageV", 1),
	entry("1-0:72.7.0", DECIMAL, "voltageV", 2),
	entry("1-0:31.7.0", DECIMAL, "currentA", 0),
	entry("1-0:51.7.0", DECIMAL, "currentA", 1),
	entry("1-0:71.7.0", DECIMAL, "currentA", 2),
	entry("1-0:32.32.0", INT, "sags", 0),
	entry("1-0:52.32.0", INT, "sags", 1),
	entry("1-0:72.32.0", INT, "sags", 2),
	entry("1-0:32.36.0", INT, "swells", 0),
	entry("1-0:52.36.0", INT, "swells", 1),
	entry("1-0:72.36.0", INT, "swells", 2),
	entry("0-0:96.3.10", INT, "breaker"),
	entry("0-0:17.0.0", LIMITER, "limiterW"),
	entry("1-0:31.4.0", DECIMAL, "fuseA"),
	entry("0-0:96.13.0", MESSAGE, "message"),
	entry("1-0:1.4.0", BASE, "demandW"),
	entry("1-0:1.6.0", PEAK, "monthPeakW"),
	entry("0-0:98.1.0", HISTORY, "history"),
	entry("0-0:96.7.21", INT, "powerFailures"),
	entry("0-0:96.7.9", INT, "longPowerFailures"),
	entry("1-0:99.97.0", FAILURES, "failures"),
], 0);

/** M-Bus objects, written with channel 0 here; the telegram's channel (1..4, any device on any channel) picks the device. */
export const MBUS_OBJECTS: readonly ObisEntry[] = catalog([
	entry("0-0:24.1.0", MBUS_TYPE, "type"),
	entry("0-0:96.1.0", MBUS_ID, "id"),
	entry("0-0:96.1.1", MBUS_ID, "id"),
	entry("0-0:24.2.1", MBUS_VALUE, "value"), // water (and DSMR 4 gas)
	entry("0-0:24.2.3", MBUS_VALUE, "value"), // gas, temperature-corrected (eMUCS)
	entry("0-0:24.4.0", MBUS_VALVE, "valve"),
	entry("0-0:24.3.0", MBUS_LEGACY, "value"),
], METER_OBJECTS.length);

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
export function obisKey(a: number, b: number, c: number, d: number, e: number): number {
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

export const METER_LOOKUP: ReadonlyMap<number, ObisEntry> = lookup(METER_OBJECTS);
export const MBUS_LOOKUP: ReadonlyMap<number, ObisEntry> = lookup(MBUS_OBJECTS);
