// The Log port on trace(): the simulator's stdout, the device's serial console.

import type { Log } from "core/ports";

export const log: Log = Object.freeze({
	info(message: string): void {
		trace(message + "\n");
	},
	warn(message: string): void {
		trace("warning: " + message + "\n");
	},
});
