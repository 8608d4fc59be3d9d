// When a newly updated firmware counts as healthy, so the device confirms it and the bootloader
// no longer rolls it back (device/ota.ts). Running a minute alone proves little: an image that
// cannot read the meter or answer on the network would be kept. It must also have done its job
// once: parsed a telegram, or served an HTTP request. Either is enough: a board whose meter is
// not connected yet must still take the next update, and one whose router is down still reads
// the meter.

/** How long a new firmware runs before it can be confirmed, ms. */
export const HEALTHY_AFTER_MS = 60 * 1000;

/** What the firmware did since it started. */
export interface FirmwareActivity {
	telegrams: number;
	requests: number;
}

export function firmwareHealthy(upMs: number, activity: FirmwareActivity): boolean {
	return upMs >= HEALTHY_AFTER_MS && (activity.telegrams > 0 || activity.requests > 0);
}
