// The short press's answer: the last octet of the station address, "wifi" in setup, "sos" (then
// the octet, when known) with the card in trouble; and every answer is one the LED can say.

import { StatusLed } from "../../src/core/status/led";
import { morseCode } from "../../src/core/status/morse";
import { lastOctet, shortPressAnswer } from "../../src/core/status/short-press";

test.each([
	[{ setup: false, cardTrouble: false, address: "192.168.1.42" }, "42"],
	[{ setup: false, cardTrouble: false, address: "10.0.0.0" }, "0"],
	[{ setup: false, cardTrouble: false, address: "" }, undefined],
	[{ setup: false, cardTrouble: false, address: "0.0.0.0" }, undefined],
	[{ setup: false, cardTrouble: false, address: undefined }, undefined],
	[{ setup: true, cardTrouble: false, address: "192.168.1.42" }, "wifi"],
	[{ setup: true, cardTrouble: true, address: undefined }, "wifi"],
	[{ setup: false, cardTrouble: true, address: "192.168.1.42" }, "sos 42"],
	[{ setup: false, cardTrouble: true, address: undefined }, "sos"],
])("%j answers %s", (state, expected) => {
	expect(shortPressAnswer(state)).toBe(expected);
});

test.each([
	["192.168.1.254", "254"],
	["172.16.5.7", "7"],
	["192.168.1", undefined],
	["192.168.1.256", undefined],
	["192.168.1.042", undefined],
	["192.168.1.-1", undefined],
	["fe80::1", undefined],
	["192.168.1.4x", undefined],
])("the last octet of %s is %s", (address, expected) => {
	expect(lastOctet(address)).toBe(expected);
});

test("every octet is Morse digits the LED can say", () => {
	expect(morseCode("sos 42")).toBe("... --- ... / ....- ..---");
	expect(morseCode("wifi")).toBe(".-- .. ..-. ..");
	const led = new StatusLed();
	for (let n = 0; n <= 255; n++) {
		const answer = shortPressAnswer({ setup: false, cardTrouble: true, address: `192.168.1.${n}` }) as string;
		expect(answer).toBe(`sos ${n}`);
		expect(led.say(answer)).toBe(true);
		led.clear();
	}
});
