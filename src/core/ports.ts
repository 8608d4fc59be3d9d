// What the core needs from the world. Each host (src/hosts/node, src/hosts/moddable) implements
// these with its own modules; the core never imports a host module.

/** A byte stream from the meter (UART, USB cable, replay file, simulated meter). */
export interface ByteSource {
	/** Starts delivering chunks; a chunk is only valid during the call (hosts reuse buffers). */
	start(onBytes: (chunk: Uint8Array) => void): void;
	close(): void;
}

/**
 * A small file system: SD card (FAT) for history, flash (LittleFS) for state, a directory on a PC.
 * Paths are absolute within the store ("/meter/2026/03/29/0245S.json"). Synchronous, like the
 * Moddable `file` module; files are small (a quarter is ~2 KB).
 */
export interface FileStore {
	/** Whole file as text, or undefined when it does not exist. */
	read(path: string): string | undefined;
	/** Creates or truncates `path` (and its parent directories) with `text`, durably (flushed). */
	write(path: string, text: string): void;
	/** Renames `from` to `to`; when `to` exists it is replaced (the adapter removes it first where the file system cannot). */
	rename(from: string, to: string): void;
	/** Removes a file; no error when it does not exist. */
	remove(path: string): void;
	/** Names (not paths) of the entries of a directory, [] when it does not exist; directories end with "/". */
	list(dir: string): string[];
	/** Free bytes on the store's volume, for the status; left out by a host that cannot tell. */
	free?(): number;
}

/** Wall clock of the host (NTP on the device), UTC ms. The meter's own timestamp wins when present. */
export interface Clock {
	now(): number;
}

/** Diagnostics; the device prints them to the serial console, the PC host to stderr. */
export interface Log {
	info(message: string): void;
	warn(message: string): void;
}

/**
 * The device's other app partition, for a firmware update (POST /update). Only the device has
 * one; FirmwareUpload (api/update.ts) checks the image as it streams through and commits only a
 * whole, valid one, so the running firmware stays when anything is wrong.
 */
export interface FirmwareSink {
	/** The running chip's id in ESP image headers (0x0005 ESP32-C3, 0x0002 ESP32-S2). */
	readonly chipId: number;
	/** The app partition's size. */
	readonly maxBytes: number;
	/** Opens the partition for a new image; throws when it cannot. */
	open(): void;
	write(chunk: Uint8Array): void;
	/** Makes the written image the one to boot next; throws when the SDK refuses it. */
	commit(): void;
	/** Drops what was written; the boot partition stays the running one. Idempotent. */
	abort(): void;
	/** Restarts into the committed image once the response has gone out. */
	restart(): void;
	/** A faster SHA-256 than the core's JavaScript one (the device's native digest); absent: the core's. */
	hasher?(): Hasher;
	/** The running firmware's project name: an image of another project is refused. Absent: not checked. */
	readonly project?: string;
	/** True while an upload is being written: a second one is refused (409), not mixed into it. */
	isOpen?(): boolean;
}

/** A streamed SHA-256 (the OTA image check): update() pieces, digest() the 32 bytes and start over. */
export interface Hasher {
	reset(): void;
	/** Hashes bytes[from, to). */
	update(bytes: Uint8Array, from: number, to: number): void;
	/** The digest, in a buffer the next call may reuse; the state starts over. */
	digest(): Uint8Array;
}
