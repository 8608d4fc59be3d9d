// The typed result of one telegram. One Reading is allocated up front and refilled for every
// telegram (see parse.ts), so the per-second path makes no garbage: numbers are NaN and
// strings "" when the meter did not send that object, and fixed-size tables carry a count.
// Energy is in Wh and power in W (integers for kWh/kW with 3 decimals), whatever unit
// (kWh or Wh, kW or W) the meter used.

/**
 * "none": no CRC digits from a meter whose protocol has none (DSMR 2.2/3); "missing": no CRC
 * digits where there must be some (see crc-rule.ts), dropped like "invalid".
 */
export type CrcVerdict = "valid" | "invalid" | "none" | "missing";

/** One month of the Fluvius 13-month peak history (0-0:98.1.0). */
export interface PeakEntry {
	/** Period stamp: 00:00 local on the 1st of the month *after* the peak month (UTC ms, NaN if invalid). */
	period: number;
	periodRaw: string;
	/** When the peak quarter ended (UTC ms, NaN when the meter says "no data"). */
	time: number;
	timeRaw: string;
	/** Peak quarter-hour average demand in W. */
	w: number;
}

/** An M-Bus device on channel 1..4 (gas, heat, water, ...), identified by its device type. */
export interface MbusDevice {
	channel: number;
	/** 0-n:24.1.0 device type: 3 gas, 4 heat, 7 water (NaN when not sent). */
	type: number;
	/** 0-n:96.1.1 (or 96.1.0) equipment id as sent (hex text). */
	id: string;
	/** Last meter value, as sent (m3, GJ, ...); NaN when absent. */
	value: number;
	unit: string;
	/** UTC ms of the value's capture time. */
	time: number;
	timeRaw: string;
	/** 0-n:24.4.0 valve state (NaN when not sent). */
	valve: number;
}

/** One entry of the 1-0:99.97.0 long power failure log (DSMR 4+). */
export interface FailureEntry {
	/** When the failure ended (UTC ms, NaN for an unset meter clock). */
	time: number;
	timeRaw: string;
	durationS: number;
}

export interface Phase {
	importW: number;
	exportW: number;
	voltageV: number;
	currentA: number;
	sags: number;
	swells: number;
}

export const HISTORY_SIZE = 13;
export const MBUS_SIZE = 4;
/** DSMR caps the power failure log at 10 entries. */
export const FAILURES_SIZE = 10;

export interface Reading {
	/** Identification line without the leading '/' (latin-1). */
	header: string;
	crc: CrcVerdict;
	/** 0-0:96.1.4 (Belgium, Luxembourg) or 1-3:0.2.8 (NL). */
	version: string;
	/** 0-0:96.1.1 equipment id as sent (hex text). */
	equipmentId: string;
	/** 0-0:96.1.2 EAN code as sent (hex text). */
	ean: string;
	/** 0-0:1.0.0 as UTC ms; NaN when missing or invalid (e.g. 632525252525W). */
	time: number;
	timeRaw: string;
	/** Delivered to the home (import) and returned (export) registers per tariff, Wh (1 = day/high, 2 = night/low). */
	importT1Wh: number;
	importT2Wh: number;
	exportT1Wh: number;
	exportT2Wh: number;
	/** 0-0:96.14.0 active tariff (1 or 2). */
	tariff: number;
	/** 1-0:1.7.0 / 1-0:2.7.0 total active power, W. */
	importW: number;
	exportW: number;
	phases: Phase[]; // always 3 entries, L1..L3
	/** 1-0:1.4.0 current average demand (the running quarter, as the meter computes it), W. */
	demandW: number;
	/** 1-0:1.6.0 this month's peak quarter-hour demand, W, and when it happened. */
	monthPeakW: number;
	monthPeakTime: number;
	monthPeakTimeRaw: string;
	/** 0-0:98.1.0: newest first, as sent; `historyCount` entries are valid. */
	history: PeakEntry[];
	historyCount: number;
	/** 0-0:96.3.10 breaker state (0 disconnected, 1 connected, 2 ready for reconnection). */
	breaker: number;
	/** 0-0:17.0.0 limiter threshold, W (kW on Fluvius; DSMR 4 sends A, kept in limiterA). */
	limiterW: number;
	limiterA: number;
	/** 1-0:31.4.0 fuse supervision threshold L1, A. */
	fuseA: number;
	/** 0-0:96.13.0 text message, hex-decoded. */
	message: string;
	/** 0-0:96.7.21 / 0-0:96.7.9 number of power failures / long power failures. */
	powerFailures: number;
	longPowerFailures: number;
	/** 1-0:99.97.0 power failure log, as sent; `failureCount` entries are valid. */
	failures: FailureEntry[];
	failureCount: number;
	mbus: MbusDevice[]; // MBUS_SIZE entries; `mbusCount` in use, in channel order
	mbusCount: number;
	/** Values of this telegram no household connection can produce, set to NaN as if not sent (limits.ts). */
	rejected: number;
}
