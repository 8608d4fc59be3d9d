// The SD card on the device: mounted at boot and retried with a growing wait when missing or
// failing (core/device/sd-policy), never formatted (../native/sdcard.c), never a reason to
// restart. `store()` wraps the FAT FileStore so the core sees a clear error while there is no
// card; `onChange` tells the LED ("sos") and the status.

import { mountErrorText, SdPolicy, type SdStatus } from "core/device/sd-policy";
import { guardedStore } from "core/device/sd-store";
import type { FileStore } from "core/ports";
import { ffi } from "device/native";
import Time from "time";
import Timer from "timer";

export interface SdCardOptions {
	sck: number;
	miso: number;
	mosi: number;
	cs: number;
	/** The card came or went: sos = not mounted. */
	onChange?(sos: boolean, status: SdStatus): void;
	/** How often the policy is asked, ms. */
	tickMs?: number;
}

export class SdCard {
	#options: SdCardOptions;
	#policy = new SdPolicy();
	#timer: Timer | undefined;
	#whenMounted: (() => void) | undefined;

	constructor(options: SdCardOptions) {
		this.#options = options;
	}

	get mounted(): boolean {
		return this.#policy.mounted;
	}

	status(): SdStatus {
		return this.#policy.status();
	}

	/** Tries the mount now (at boot, before the monitor starts), then keeps watching. */
	start(): void {
		this.#tick();
		this.#timer ??= Timer.repeat(() => this.#tick(), this.#options.tickMs ?? 1000);
	}

	/** Called at every mount after this (a card inserted or back after failing): the history's recovery. */
	whenMounted(listener: () => void): void {
		this.#whenMounted = listener;
	}

	/** `fat` (the file module on /sd) as the core must see it. */
	store(fat: FileStore): FileStore {
		const store = guardedStore(fat, this.#policy);
		store.free = () => {
			const kib = this.#policy.mounted ? ffi().sd_free_kib() : -1;
			return kib < 0 ? Number.NaN : kib * 1024;
		};
		return store;
	}

	close(): void {
		Timer.clear(this.#timer);
		this.#timer = undefined;
	}

	#tick(): void {
		const o = this.#options;
		const before = this.#policy.mounted;
		const now = Time.ticks;
		switch (this.#policy.tick(now)) {
			case "mount":
				this.#policy.mountResult(mountErrorText(ffi().sd_mount(o.sck, o.miso, o.mosi, o.cs)), now);
				break;
			case "unmount":
				ffi().sd_unmount();
				this.#policy.unmounted(now);
				break;
		}
		if (this.#policy.mounted !== before || !this.#timer) o.onChange?.(!this.#policy.mounted, this.#policy.status());
		if (this.#policy.mounted && !before) this.#whenMounted?.();
	}
}
