// The device's OTA adapter (src/hosts/moddable/device/ota.ts): confirmHealthy against fakes of the
// native calls, `time` and `timer`. Only an image waiting to be verified is marked valid, and only
// once it has run a minute and done its job; an image flashed over USB is left alone.

const mockOta = {
	pending: 1,
	marks: 0,
	markResult: 0,
	ticks: 0,
	timers: new Set<{ cb: () => void; every: number; at: number }>(),
};

jest.mock(
	"device/native",
	() => ({
		ffi: () => ({
			ota_pending_verify: () => mockOta.pending,
			esp_ota_mark_app_valid_cancel_rollback() {
				mockOta.marks++;
				return mockOta.markResult;
			},
		}),
		errHex: (code: number) => "0x" + (code >>> 0).toString(16),
	}),
	{ virtual: true },
);
jest.mock("embedded:storage/flash", () => ({ __esModule: true, default: {} }), { virtual: true });
jest.mock("embedded:update", () => ({ __esModule: true, default: {} }), { virtual: true });
jest.mock("crypt", () => ({ Digest: class {} }), { virtual: true });
jest.mock("time", () => require("./sdk-fakes").fakeTime(() => mockOta.ticks), { virtual: true });
jest.mock(
	"timer",
	() => ({
		__esModule: true,
		default: {
			repeat(cb: () => void, every: number) {
				const t = { cb, every, at: mockOta.ticks + every };
				mockOta.timers.add(t);
				return t;
			},
			set(cb: () => void, ms: number) {
				const t = { cb, every: 0, at: mockOta.ticks + ms };
				mockOta.timers.add(t);
				return t;
			},
			clear(t: { cb: () => void; every: number; at: number }) {
				mockOta.timers.delete(t);
			},
		},
	}),
	{ virtual: true },
);

import type { FirmwareActivity } from "../../src/core/device/firmware-health";
import type { Log } from "../../src/core/ports";

const ADAPTER = "../../src/hosts/moddable/device/ota"; // computed: only the Moddable type check has the SDK typings
const { confirmHealthy } = require(ADAPTER) as {
	confirmHealthy(activity: () => FirmwareActivity, log: Log): void;
};

/** Moves the fake clock in 1 s steps, firing what falls due. */
function run(ms: number): void {
	const end = mockOta.ticks + ms;
	while (mockOta.ticks < end) {
		mockOta.ticks += 1000;
		for (const t of [...mockOta.timers])
			if (t.at <= mockOta.ticks) {
				if (t.every > 0) t.at += t.every;
				else mockOta.timers.delete(t);
				t.cb();
			}
	}
}

function setup(pending: number) {
	Object.assign(mockOta, { pending, marks: 0, markResult: 0, ticks: 0 });
	mockOta.timers.clear();
	const lines: string[] = [];
	const log: Log = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
	const activity: FirmwareActivity = { telegrams: 0, requests: 0 };
	confirmHealthy(() => activity, log);
	return { lines, activity };
}

test("an image flashed over USB (not pending verify) is never marked and nothing is logged", () => {
	const { lines, activity } = setup(0);
	activity.telegrams = 5;
	run(600000);
	expect(mockOta.marks).toBe(0);
	expect(lines).toEqual([]);
	expect(mockOta.timers.size).toBe(0);
});

test("a just-updated image is marked once, after a minute and its first telegram", () => {
	const { lines, activity } = setup(1);
	activity.requests = 0;
	run(120000); // two minutes up, but nothing read or served: not yet
	expect(mockOta.marks).toBe(0);
	activity.telegrams = 1;
	run(10000);
	expect(mockOta.marks).toBe(1);
	run(600000);
	expect(mockOta.marks).toBe(1);
	expect(lines[lines.length - 1]).toBe("info new firmware confirmed");
});

test("busy from the start, it still waits the minute", () => {
	const { activity } = setup(1);
	activity.requests = 3;
	run(55000);
	expect(mockOta.marks).toBe(0);
	run(10000);
	expect(mockOta.marks).toBe(1);
});

test("a state that cannot be read is reported, not marked", () => {
	const { lines } = setup(-0x105);
	run(120000);
	expect(mockOta.marks).toBe(0);
	expect(lines).toEqual(["warn firmware state unknown (0x105): not confirmed"]);
});
