// The LED and BOOT button adapter (src/hosts/moddable/device/status-io.ts) against fakes of
// embedded:io's PWM and Digital, `time` and `timer`: a throw out of its timer callback would
// restart a release build, so a failing erase (the settings could not be saved) is logged and the
// LED keeps running.

const mockIo = { ticks: 0, pressed: false, timers: [] as (() => void)[], duties: [] as number[] };

jest.mock(
	"embedded:io/pwm",
	() => ({
		__esModule: true,
		default: class {
			resolution = 10;
			write(duty: number) {
				mockIo.duties.push(duty);
			}
		},
	}),
	{ virtual: true },
);
jest.mock(
	"embedded:io/digital",
	() => ({
		__esModule: true,
		default: class {
			static InputPullUp = 5;
			read() {
				return mockIo.pressed ? 0 : 1;
			}
			close() {}
		},
	}),
	{ virtual: true },
);
jest.mock("time", () => require("./sdk-fakes").fakeTime(() => mockIo.ticks), { virtual: true });
jest.mock("timer", () => require("./sdk-fakes").collectingTimer((cb: () => void) => mockIo.timers.push(cb)), {
	virtual: true,
});

import type { Log } from "../../src/core/ports";

const ADAPTER = "../../src/hosts/moddable/device/status-io"; // computed: only the Moddable type check has the SDK typings
const { startStatusIo } = require(ADAPTER) as {
	startStatusIo(options: { led: number; button: number; onErase(): void; onRestart(): void; log?: Log }): {
		status: { started(): void };
	};
};

test("an erase that throws is logged once, the timer never throws, and the LED keeps running", () => {
	const warnings: string[] = [];
	let erases = 0;
	let restarts = 0;
	const io = startStatusIo({
		led: 7,
		button: 9,
		onErase() {
			erases++;
			throw new Error("flash full");
		},
		onRestart: () => restarts++,
		log: { info() {}, warn: (m) => warnings.push(m) },
	});
	const [tick] = mockIo.timers;
	mockIo.pressed = true;
	// 25 s held, sampled every 20 ms: the erase is due at 20 s
	for (let t = 0; t <= 25000; t += 20) {
		mockIo.ticks = t;
		expect(() => tick()).not.toThrow();
	}
	expect(erases).toBe(1);
	expect(warnings).toEqual(["status led/button: flash full"]);
	expect(restarts).toBe(0); // no "bye" and no restart after a failed erase
	// the LED is still driven after the failure: "hi" blinks
	const before = mockIo.duties.length;
	mockIo.pressed = false;
	io.status.started();
	for (let t = 25020; t <= 30000; t += 20) {
		mockIo.ticks = t;
		tick();
	}
	expect(mockIo.duties.length).toBeGreaterThan(before);
});
