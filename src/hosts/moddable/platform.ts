// What main needs from the machine it runs on, beyond what the simulator and the device share.
// Each platform block of the root manifest maps "host/open-platform" to one implementation: lin (the
// simulator: a serial device path, a directory) here, esp32 (UART, SD card, flash) beside it.

import type { ApiRequest, ApiResponse } from "core/api/types";
import type { Config } from "core/config/schema";
import type { MonitorOptions } from "core/monitor";
import type { ByteSource, Clock, FileStore, Log } from "core/ports";

export interface Platform {
	/** History under /meter (the SD card on the device). */
	sd: FileStore;
	/** Checkpoint and month peaks (flash on the device). */
	state: FileStore;
	/** Where config.json lives. */
	settings: FileStore;
	/** The meter's bytes; started by main once the monitor is ready. */
	source: ByteSource;
	/** TCP port of the HTTP server. */
	port: number;
	/** The host's wall clock when it has one it trusts; undefined until then. */
	clock: Clock | undefined;
	/** Random bytes for a new login. */
	randomBytes(n: number): Uint8Array;
	/** Heap figures for diagnostics, when the build has them. */
	memory?(): Record<string, number>;

	// The device's part (absent on the simulator): its adapters read the settings, so they start
	// once config.json is loaded; `sd`, `source` and what follows are read only after begin().

	/** config.json is loaded: start the adapters (LED, button, SD card, WiFi, OTA, P1 UART). */
	begin?(config: () => Config): void;
	/** A config.json for a first start; absent: core/config/create's (a random login, printed). */
	newConfig?(): Config;
	/** What the machine adds to the monitor's options (LED hooks, OTA, setup mode, serial, checkpoint interval). */
	monitor?: Partial<MonitorOptions>;
	/** An answer before the API's (the captive portal's redirects); undefined: the API answers. */
	intercept?(request: ApiRequest): ApiResponse | undefined;
	/** The settings were saved through the API. */
	settingsSaved?(config: Config): void;
	/** The monitor runs and the HTTP server listens. */
	started?(): void;
	/** `listener` runs each time the SD card is mounted after boot (the boot's own mount is past). */
	whenCardMounted?(listener: () => void): void;
}

export type OpenPlatform = (log: Log) => Promise<Platform>;
