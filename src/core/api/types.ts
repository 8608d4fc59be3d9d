// The plain request/response objects every host adapter converts to and from, so the routes
// run and are tested without a socket.

import type { Config } from "../config/schema";
import type { Frame } from "../dsmr/framer";
import type { Reading } from "../dsmr/reading";
import type { HistoryHealth, RecoveryReport } from "../history/history";
import type { LogRing } from "../log-ring";
import type { Clock, FirmwareSink } from "../ports";
import type { QuarterStatus } from "../quarters/engine";
import type { PeakSources } from "../quarters/month-peaks";
import type { QuarterRecord } from "../quarters/records";
import type { ChunkSource } from "./chunks";
import type { PeakWarning } from "./peak-warning";
import type { LoginThrottle } from "./throttle";

export interface ApiRequest {
	method: string;
	/** The raw request-target as received ("/meter/2026/03/29/0245S.json?x=1"), not decoded. */
	target: string;
	/** Header names in lower case; repeated headers joined with ", " by the adapter. */
	headers: Record<string, string>;
	body?: Uint8Array;
	/** The peer's address, when the host knows it: the login throttle counts failures per address. */
	remote?: string;
}

export interface ApiResponse {
	status: number;
	/** Header names in lower case; content-type always, content-length unless the body is streamed. */
	headers: Record<string, string>;
	/** A ChunkSource is pulled by the host as the socket takes it (chunked transfer without content-length). */
	body: string | Uint8Array | ChunkSource;
}

export interface MonthPeakSummary {
	quarter_id: number;
	power: number;
}

export interface ApiContext {
	/** The current config (read per request, so a changed login applies at once). */
	config(): Config;
	/** The running quarter as a quarter file would hold it; undefined before the first telegram. */
	currentQuarter(): QuarterRecord | undefined;
	/** The month's highest quarter so far; undefined when unknown. */
	monthPeak(): MonthPeakSummary | undefined;
	/**
	 * Text of a file under /meter, given a path the API has validated; undefined when absent; null
	 * when it was there but damaged (it does not parse): it has been set aside and reported.
	 */
	readMeterFile(path: string): string | null | undefined;
	/** Heap figures for diagnostics (`memory` of /current/month/peak, as the original). */
	memory?(): Record<string, number>;
	/** Failed-login counter; one per server, kept across requests. */
	throttle: LoginThrottle;
	/** The quarter engine's live figures (projection, allowance and its limit). */
	status(): QuarterStatus;
	/** The last telegram as decoded: a reused object, read during the request only (NaN where not sent). */
	reading(): Reading;
	/** Entry names of a directory under /meter ("2026/", "year.json"), [] when absent; throws when the store fails. */
	listMeterDir(dir: string): string[];
	/** The peak warning's state, stepped by the monitor once per telegram; routes only read it. */
	warning: PeakWarning;
	/**
	 * Stores `config` (already validated) atomically and makes config() return it; throws when it
	 * could not be stored, leaving the old one in force. Absent: settings cannot be changed here.
	 */
	saveConfig?(config: Config): void;
	/** Names of this host besides its device name, "localhost" and IP literals (a PC's host name). */
	hostNames?(): readonly string[];
	/** Month `month` (monthIndex) as the engine keeps it, each source apart, into `out`; false when not held. */
	peakSources(month: number, out: PeakSources): boolean;
	/** What /v1/status reports: one object, refreshed per call; absent where nothing runs (503). */
	facts?(): DeviceFacts;
	/** The last telegram taken, over a buffer reused per telegram (read during the request only); undefined before one. */
	lastTelegram?(): Frame | undefined;
	/** A dashboard file by name ("index.html", "app.0123456789.js"), gzipped; undefined when there is none. */
	asset?(name: string): Uint8Array | undefined;
	/** How the host's integrations fare (MQTT, the warning POST), for /v1/status; absent: none. */
	integrations?(): Record<string, unknown>;
	/** Serial and firmware version for the HomeWizard-compatible `/api`; absent: it answers 503. */
	identity?: DeviceIdentity;
	/** The device's OTA partition (api/update.ts); absent where firmware cannot be updated (501). */
	firmware?(): FirmwareSink | undefined;
	/**
	 * True while the device's access point is up (setup mode). With no WiFi network saved the setup
	 * routes then need no login (auth.ts setupOpen); absent on the PC, which is never in setup.
	 */
	setupMode?(): boolean;
	/** The WiFi networks the device sees (its last scan; asking may start another); absent: no WiFi here (404). */
	wifiNetworks?(): readonly WifiNetwork[];
	/** The host's log ring, for GET /v1/log; absent: 404. */
	logRing?: LogRing;
	/** The device's own hardware (SD card, WiFi, P1 UART) for /v1/status; absent on the PC. */
	device?(): DeviceHardware;
}

/** What the device's adapters report; times are on the monitor's clock (ApiContext now / DeviceFacts.nowMs). */
export interface DeviceHardware {
	/** core/device/sd-policy's cardCondition ("mounted", "missing", "failing") and its SdStatus. */
	card: { state: string; failures: number; error: string; nextTryMs: number };
	/** core/device/wifi-policy's WifiStatus, and the station's signal in dBm (NaN when not connected). */
	wifi: { mode: string; accessPoint: boolean; failures: number; nextTryMs: number; rssi: number };
	/** Bytes the P1 UART's ring dropped since boot (the reader fell behind). */
	uartLostBytes: number;
}

/** One network of a WiFi scan. */
export interface WifiNetwork {
	ssid: string;
	/** Signal strength, dBm. */
	rssi: number;
	/** Needs a password. */
	secure: boolean;
}

/** Who the device is to HomeWizard's clients. */
export interface DeviceIdentity {
	/** 12 lowercase hex digits, stable across restarts: the MAC on the device, a stored random value on a PC. */
	serial: string;
	/** Firmware or package version ("" when the host gave none). */
	version: string;
}

/** The monitor's own figures for /v1/status. Times are the host's monotonic ms (MonitorOptions.now); NaN: not yet. */
export interface DeviceFacts {
	/** Firmware or package version ("" when the host gave none). */
	version: string;
	/** When the monitor was made, and now (the request). */
	startMs: number;
	nowMs: number;
	/** When the first and the last telegram since start were taken in. */
	firstTelegramMs: number;
	lastTelegramMs: number;
	/** When 1-0:1.4.0, 1-0:1.6.0 and 0-0:98.1.0 (in that order, METER_FIELDS) were last in a telegram. */
	seenMs: number[];
	/** Meter clock minus the host's wall clock at the last telegram, ms; NaN without either. */
	meterClockOffsetMs: number;
	/** The host's wall clock, when it has one. */
	clock: Clock | undefined;
	/** Monitor counters: telegrams taken, dropped for a bad or missing CRC, values set aside as impossible, store failures. */
	telegrams: number;
	crcErrors: number;
	crcMissing: number;
	rejectedValues: number;
	storeErrors: number;
	/** Telegrams the clock guard held, and held ones it rejected. */
	clockHeld: number;
	clockRejected: number;
	/** The last telegram as parsed (header, protocol version, equipment id). */
	reading: Reading | undefined;
	health: HistoryHealth | undefined;
	/** What Monitor.start() repaired; undefined before it ran. */
	recovery: RecoveryReport | undefined;
	/** Free bytes on the history card; NaN when the host cannot tell. */
	freeBytes: number;
}
