// What main needs from the machine it runs on, beyond what the simulator and the device share.
// Each platform block of the root manifest maps "host/open-platform" to one implementation: lin (the
// simulator: a serial device path, a directory) here, esp32 (UART, SD card, flash) beside it.

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
}

export type OpenPlatform = (log: Log) => Promise<Platform>;
