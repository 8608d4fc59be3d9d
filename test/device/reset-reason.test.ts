// esp_reset_reason()'s codes in words, as esp_system.h numbers them (written out here, not read from the module).

import { resetReason } from "../../src/core/device/reset-reason";

test.each([
	[0, "unknown", false],
	[1, "power-on", false],
	[3, "software restart", false],
	[4, "panic", true],
	[6, "task watchdog", true],
	[9, "brownout", true],
	[15, "cpu lockup", true],
	[16, "reset reason 16", false],
	[-1, "reset reason -1", false],
])("code %i is %s (trouble: %s)", (code, text, trouble) => {
	expect(resetReason(code)).toEqual({ text, trouble });
});
