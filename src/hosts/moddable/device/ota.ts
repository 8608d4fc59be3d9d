// The other app partition as the core's FirmwareSink (core/api/update.ts checks the image as it
// streams and commits only a whole valid one): embedded:update on "nextota", written
// sequentially so each 4 KB sector is erased as the upload reaches it, not all up front.
// `confirmHealthy` marks the running image valid once it has run a while; with rollback
// enabled in the sdkconfig, an image that crashes before that is replaced by the previous one
// at the next reset.

import Flash from "embedded:storage/flash";
import Update, { type Updater } from "embedded:update";
import { CHIP_ID } from "core/device/esp-image";
import type { FirmwareSink, Hasher } from "core/ports";
import { Digest } from "crypt";
import { errHex, ffi } from "device/native";
import Timer from "timer";

/**
 * The project name every Moddable ESP32 build carries in its esp_app_desc_t: the SDK's xsProj
 * CMakeLists.txt says project(xs_esp32). An image built by another toolchain (Arduino, another
 * ESP-IDF project) carries its own and is refused before anything is switched.
 */
export const MODDABLE_PROJECT = "xs_esp32";

/** The chip id in ESP image headers for a board name of boards/ (config.board). */
export function chipIdOf(board: string): number {
	if (board === "ttgo_t8_c3") return CHIP_ID.esp32c3;
	if (board === "ttgo_t8_s2") return CHIP_ID.esp32s2;
	throw new RangeError(`unknown board ${JSON.stringify(board)}`);
}

export class OtaPartition implements FirmwareSink {
	readonly chipId: number;
	readonly maxBytes: number;
	readonly project = MODDABLE_PROJECT;
	#updater: Updater | undefined;
	#restartMs: number;

	constructor(board: string, restartMs = 1000) {
		this.chipId = chipIdOf(board);
		const partition = Flash.open({ path: "nextota" });
		this.maxBytes = partition.status().size;
		partition.close();
		this.#restartMs = restartMs;
	}

	isOpen(): boolean {
		return this.#updater !== undefined;
	}

	open(): void {
		this.abort();
		this.#updater = Update.open({ partition: Flash.open({ path: "nextota" }), mode: "a" });
	}

	write(chunk: Uint8Array): void {
		if (!this.#updater) throw new Error("no update open");
		this.#updater.write(chunk);
	}

	commit(): void {
		const updater = this.#updater;
		if (!updater) throw new Error("no update open");
		this.#updater = undefined;
		try {
			updater.complete(); // esp_ota_end verifies the image again, then the boot partition is switched
		} finally {
			updater.close();
		}
	}

	abort(): void {
		this.#updater?.close(); // closing without complete() aborts: the boot partition stays
		this.#updater = undefined;
	}

	restart(): void {
		Timer.set(() => ffi().esp_restart(), this.#restartMs);
	}

	hasher(): Hasher {
		return new NativeSha256();
	}
}

/** The SDK's SHA-256 in C: the JavaScript one would take minutes over a 1.8 MB image on the chip. */
class NativeSha256 implements Hasher {
	#digest = new Digest("SHA256");

	reset(): void {
		this.#digest.reset();
	}

	update(bytes: Uint8Array, from: number, to: number): void {
		// crypt's write() takes any buffer view; its typing says ArrayBuffer
		this.#digest.write(
			(from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to)) as unknown as ArrayBuffer,
		);
	}

	digest(): Uint8Array {
		const out = new Uint8Array(this.#digest.close());
		this.#digest.reset();
		return out;
	}
}

/**
 * Marks the running image valid after `afterMs` of running (the monitor started and the HTTP
 * server listening before this is called). An image still pending verification that crashes or
 * hangs before then is rolled back by the bootloader at the next reset.
 */
export function confirmHealthy(afterMs = 60000, onError?: (message: string) => void): void {
	Timer.set(() => {
		const err = ffi().esp_ota_mark_app_valid_cancel_rollback();
		if (err !== 0) onError?.(`marking the firmware valid failed (${errHex(err)})`);
	}, afterMs);
}
