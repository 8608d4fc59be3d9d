// The status LED (PWM) and the BOOT button on the device, driven by core/status's DeviceStatus
// from one timer: every tick the button's level goes in and the LED's duty comes out. The core
// owns every pattern and the long-press timing; this only touches the pins.

import Digital from "embedded:io/digital";
import PWM from "embedded:io/pwm";
import type { Log } from "core/ports";
import { DeviceStatus } from "core/status/device-status";
import Time from "time";
import Timer from "timer";

export interface StatusIoOptions {
	led: number;
	button: number;
	/** The button was held 20 s: erase the WiFi settings (DeviceStatus then shows "bye"). */
	onErase(): void;
	/** "bye" is over: restart into setup. */
	onRestart(): void;
	onShortPress?(): void;
	/** Tick interval, ms (the button is sampled at this rate; the core wants 10 to 50). */
	tickMs?: number;
	/** Where a throw in a tick goes (the erase's save failed): logged, and the next tick runs as usual. */
	log?: Log;
}

export interface StatusIo {
	/** Set conditions ("sos", "setup", "warning"), telegram(), say() on `status.led`. */
	readonly status: DeviceStatus;
	close(): void;
}

export function startStatusIo(options: StatusIoOptions): StatusIo {
	const pwm = new PWM({ pin: options.led, hz: 1000 });
	const button = new Digital({ pin: options.button, mode: Digital.InputPullUp });
	const status = new DeviceStatus({
		maxDuty: (1 << pwm.resolution) - 1,
		onErase: options.onErase,
		onRestart: options.onRestart,
		onShortPress: options.onShortPress,
	});
	let written = -1;
	let failing = "";
	// pwm and button stay reachable through this closure: a collected embedded:io object resets its pin
	const timer = Timer.repeat(() => {
		// a throw out of a timer callback restarts a release build: log it (once, not 50 times a second)
		try {
			const duty = status.tick(Time.ticks, button.read() === 0); // BOOT pulls the pin low
			if (duty !== written) {
				pwm.write(duty);
				written = duty;
			}
			failing = "";
		} catch (e) {
			const message = (e as Error).message;
			if (message !== failing) options.log?.warn(`status led/button: ${message}`);
			failing = message;
		}
	}, options.tickMs ?? 20);
	return {
		status,
		close() {
			Timer.clear(timer);
			pwm.write(0);
			button.close();
		},
	};
}
