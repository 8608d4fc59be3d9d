// Why the ESP32 started, in words for the log: esp_reset_reason()'s esp_reset_reason_t, numbered
// as ESP-IDF's esp_system.h lists them (0 to 15 in IDF 5 and 6). A brownout says the P1 port's
// 250 mA was not enough; a panic or a watchdog, a fault of ours: both are logged as warnings, so
// a household sees them at the top of GET /v1/log.

export interface ResetReason {
	readonly text: string;
	/** Not a power-on, a button, an update or a restart we asked for. */
	readonly trouble: boolean;
}

const REASONS: readonly ResetReason[] = Object.freeze(
	(
		[
			["unknown", false],
			["power-on", false],
			["reset pin", false],
			["software restart", false],
			["panic", true],
			["interrupt watchdog", true],
			["task watchdog", true],
			["watchdog", true],
			["deep sleep wake", false],
			["brownout", true],
			["sdio", false],
			["usb", false],
			["jtag", false],
			["efuse error", true],
			["power glitch", true],
			["cpu lockup", true],
		] as const
	).map(([text, trouble]) => Object.freeze({ text, trouble })),
);

/** The reason for esp_reset_reason()'s code; one a newer IDF added reads "reset reason N". */
export function resetReason(code: number): ResetReason {
	const known = Number.isInteger(code) && code >= 0 && code < REASONS.length ? REASONS[code] : undefined;
	return known ?? { text: `reset reason ${code}`, trouble: false };
}
