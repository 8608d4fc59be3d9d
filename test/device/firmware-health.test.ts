import { firmwareHealthy } from "../../src/core/device/firmware-health";

test("a new firmware is healthy after a minute up and one telegram or one request, not before", () => {
	const none = { telegrams: 0, requests: 0 };
	const telegram = { telegrams: 1, requests: 0 };
	const request = { telegrams: 0, requests: 1 };
	expect(firmwareHealthy(59999, { telegrams: 50, requests: 9 })).toBe(false); // too early, however busy
	expect(firmwareHealthy(60000, none)).toBe(false); // up, but did nothing of its job
	expect(firmwareHealthy(3600000, none)).toBe(false);
	expect(firmwareHealthy(60000, telegram)).toBe(true);
	expect(firmwareHealthy(60000, request)).toBe(true);
});
