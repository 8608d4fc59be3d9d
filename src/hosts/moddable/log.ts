// The Log port on trace() (the simulator's stdout, the device's serial console) and the ring that
// keeps its last lines for GET /v1/log, since a release build's trace() goes nowhere.

import { DEVICE_LOG_BYTES, LogRing, ringLog } from "core/log-ring";
import type { Clock, Log } from "core/ports";
import Time from "time";

export const traceLog: Log = Object.freeze({
	info(message: string): void {
		trace(message + "\n");
	},
	warn(message: string): void {
		trace("warning: " + message + "\n");
	},
});

/** The ring and the Log writing into it and to trace(); `wall` is asked per line (the clock comes later). */
export function startLog(wall: () => Clock | undefined): { ring: LogRing; log: Log } {
	const ring = new LogRing({
		capacity: DEVICE_LOG_BYTES,
		now: () => Time.ticks,
		wall: () => wall()?.now() ?? NaN,
	});
	return { ring, log: ringLog(ring, traceLog) };
}
