// The LED and the BOOT button together, so that the host only writes a PWM duty and reads a pin
// from one timer: tick(now, pressed) -> duty. The button's feedback goes to the LED (the fast
// "keep holding" blink from 5 s), and its 20 s erase runs the sequence erase -> "bye" -> restart
// through the host's callbacks. Everything else the host reports on `led` directly:
// set("setup" | "sos" | "warning", on), telegram(), say(text).

import { LongPress, type LongPressOptions } from "./button";
import { StatusLed, type StatusLedOptions } from "./led";
import { BOOT_FADE, BYE, HI } from "./patterns";

export interface DeviceStatusOptions extends StatusLedOptions, LongPressOptions {
	/** The button was held long enough: erase the WiFi settings now. If it throws, nothing else happens (no "bye", no restart). */
	onErase(): void;
	/** "bye" has been shown after an erase: restart into setup. */
	onRestart(): void;
	/** A short press. The host may answer with led.say(), e.g. the last octet of its address. */
	onShortPress?(): void;
}

export class DeviceStatus {
	readonly led: StatusLed;
	#button: LongPress;
	#onErase: () => void;
	#onRestart: () => void;
	#onShortPress: (() => void) | undefined;
	#restartPending = false;

	/** Starts with the power-on fade. */
	constructor(options: DeviceStatusOptions) {
		this.led = new StatusLed(options);
		this.#button = new LongPress(options);
		this.#onErase = options.onErase;
		this.#onRestart = options.onRestart;
		this.#onShortPress = options.onShortPress;
		this.led.play(BOOT_FADE);
	}

	/** The monitor is up: "hi". */
	started(): void {
		this.led.play(HI);
	}

	/** The duty to write at `nowMs` (monotonic ms), given the button's level now. */
	tick(nowMs: number, buttonPressed: boolean): number {
		switch (this.#button.sample(buttonPressed, nowMs)) {
			case "hold":
				this.led.set("holding", true);
				break;
			case "cancel":
				this.led.set("holding", false);
				break;
			case "short":
				if (this.#onShortPress) this.#onShortPress();
				break;
			case "erase":
				this.led.set("holding", false);
				this.#onErase();
				this.led.clear();
				this.led.play(BYE);
				this.#restartPending = true;
				break;
		}
		const duty = this.led.tick(nowMs);
		if (this.#restartPending && !this.led.busy) {
			this.#restartPending = false;
			this.#onRestart();
		}
		return duty;
	}
}
