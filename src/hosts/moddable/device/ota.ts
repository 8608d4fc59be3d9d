// The other app partition as the core's FirmwareSink (core/api/update.ts checks the image as it
// streams and commits only a whole valid one): embedded:update on "nextota", written
// sequentially so each 4 KB sector is erased as the upload reaches it, not all up front.
// `confirmHealthy` marks a just-updated image valid once it proved healthy; with rollback and the
// task watchdog enabled in the sdkconfig, an image that crashes or hangs before that is replaced
// by the previous one at the next reset.

import Flash from "embedded:storage/flash";
import Update, { type Updater } from "embedded:update";
import { CHIP_ID } from "core/device/esp-image";
import { type FirmwareActivity, firmwareHealthy } from "core/device/firmware-health";
import type { FirmwareSink, Hasher, Log } from "core/ports";
import { Digest } from "crypt";
import { errHex, ffi } from "device/native";
import Time from "time";
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

/** How often the health condition is looked at once the image waits to be confirmed, ms. */
const HEALTH_CHECK_MS = 5000;

/**
 * Marks the running image valid once it is healthy (core/device/firmware-health: a minute up,
 * and a telegram parsed or a request served). Only an image the bootloader started as "pending
 * verify" (just updated through /update) is marked: one flashed over USB, or confirmed before,
 * is left alone. Until then a crash, or a hang the task watchdog resets, makes the bootloader
 * go back to the previous image.
 */
export function confirmHealthy(activity: () => FirmwareActivity, log: Log): void {
	const pending = ffi().ota_pending_verify();
	if (pending === 0) return;
	if (pending < 0) {
		log.warn(`firmware state unknown (${errHex(-pending)}): not confirmed`);
		return;
	}
	const since = Time.ticks;
	log.info("new firmware: confirmed after a minute with a telegram read or a request served");
	const timer = Timer.repeat(() => {
		if (!firmwareHealthy(Time.ticks - since, activity())) return;
		Timer.clear(timer);
		const err = ffi().esp_ota_mark_app_valid_cancel_rollback();
		if (err !== 0) log.warn(`marking the firmware valid failed (${errHex(err)})`);
		else log.info("new firmware confirmed");
	}, HEALTH_CHECK_MS);
}
