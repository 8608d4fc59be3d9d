// XS conformance for src/core/status: the Morse table and schedules, a minute of the device's
// LED and BOOT button driven through DeviceStatus the way the Moddable host will (one tick every
// 20 ms, a 10-bit PWM), and the button's edge cases. The jest tests say what the values must
// be; this proves XS computes the same duties and events (float ramps, Math.round, modulo).

import { LongPress } from "../../src/core/status/button";
import { DeviceStatus } from "../../src/core/status/device-status";
import { MORSE, morseCode, morsePattern } from "../../src/core/status/morse";
import type { XsCase } from "./support/case";

function morse(): string {
	const lines = Object.keys(MORSE).map((ch) => JSON.stringify([ch, morseCode(ch)]));
	for (const [text, unit, level] of [
		["sos", 100, 32],
		["hi 192.168.4.1", 150, 16],
		["WiFi", 150, 32],
	] as const) {
		const p = morsePattern(text, unit, level);
		lines.push(JSON.stringify({ text, totalMs: p.totalMs, steps: p.steps }));
	}
	return `[\n${lines.join(",\n")}\n]`;
}

/** What the host does over 70 s; each change of duty and each callback is one record. */
function timeline(): string {
	const lines: string[] = [];
	let now = 0;
	const status = new DeviceStatus({
		maxDuty: 1023,
		onErase: () => lines.push(JSON.stringify([now, "erase"])),
		onRestart: () => lines.push(JSON.stringify([now, "restart"])),
		onShortPress: () => {
			lines.push(JSON.stringify([now, "short"]));
			status.led.say("17");
		},
	});
	const led = status.led;
	let last = -1;
	for (now = 0; now <= 70000; now += 20) {
		if (now === 2000) status.started();
		if (now >= 6000 && now % 1000 === 0) led.telegram();
		if (now === 12000) led.set("warning", true);
		if (now === 16000) led.set("warning", false);
		if (now === 18000) led.set("sos", true);
		if (now === 20000) led.set("setup", true);
		if (now === 26000) led.set("sos", false);
		if (now === 30000) led.set("setup", false);
		const pressed = (now >= 33000 && now < 33200) || (now >= 40000 && now < 62000) || (now >= 45000 && now < 45020);
		const duty = status.tick(now, pressed);
		if (duty !== last) lines.push(JSON.stringify([now, duty]));
		last = duty;
	}
	return `[\n${lines.join(",\n")}\n]`;
}

function button(): string {
	const lines: string[] = [];
	const scenarios: [string, (t: number) => boolean, number][] = [
		["19.99 s", (t) => t >= 1000 && t < 20990, 10],
		["20 s", (t) => t >= 1000 && t < 21000, 10],
		["bounce", (t) => (t >= 1000 && t < 1040 && t % 20 === 0) || (t >= 3000 && t < 3040), 10],
		["short", (t) => t >= 1000 && t < 1300, 10],
		["glitch in a hold", (t) => t >= 1000 && t < 30000 && !(t >= 10000 && t < 10030), 10],
		["slow samples", (t) => t >= 500 && t < 26000, 700],
	];
	for (const [name, pressed, step] of scenarios) {
		const b = new LongPress();
		const events: (string | number)[] = [];
		for (let t = 0; t <= 32000; t += step) {
			const e = b.sample(pressed(t), t);
			if (e !== "none") events.push(t, e, b.heldMs(t));
		}
		lines.push(JSON.stringify({ name, events }));
	}
	return `[\n${lines.join(",\n")}\n]`;
}

export const cases: XsCase[] = [
	{ name: "status: morse table and schedules", run: morse },
	{ name: "status: 70 s of LED and button through DeviceStatus", run: timeline },
	{ name: "status: button edge cases", run: button },
];
