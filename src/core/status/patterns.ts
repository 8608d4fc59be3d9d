// What the device shows, at the original firmware's figures: 8-bit levels 4 (the glow while
// running), 16 (start-up and notices) and 32 (errors), a 150 ms Morse unit, a 1 s fade in and
// out at power-on and a 100 ms fade each way around every telegram. The peak warning and the
// "keep holding" blink are ours (the original had neither).

import { morsePattern } from "./morse";
import { type Pattern, pattern } from "./pattern";

export const LEVEL = Object.freeze({ glow: 4, notice: 16, alarm: 32 });

/** The Morse unit (one dot), ms. */
export const MORSE_UNIT_MS = 150;

/** A message at the notice level, once: "hi", "bye", the last octet of the address. */
export function notice(text: string): Pattern {
	return morsePattern(text, MORSE_UNIT_MS, LEVEL.notice);
}

/** Power-on: up to the notice level in 1 s and down again in 1 s. */
export const BOOT_FADE = /* @__PURE__ */ pattern([0, LEVEL.notice, 1000, LEVEL.notice, 0, 1000], false);

/** Started (the original sent "Hi" right after the fade). */
export const HI = /* @__PURE__ */ notice("hi");

/** The BOOT button erased the WiFi settings; the host restarts into setup when it is over. */
export const BYE = /* @__PURE__ */ notice("bye");

/** Setup mode (access point and captive portal), for as long as it lasts. */
export const SETUP = /* @__PURE__ */ morsePattern("wifi", MORSE_UNIT_MS, LEVEL.alarm, true);

/** SD card missing or failing, for as long as it lasts. */
export const SOS = /* @__PURE__ */ morsePattern("sos", MORSE_UNIT_MS, LEVEL.alarm, true);

/** A new month peak is near: a double flash every second, unlike anything in Morse. */
export const PEAK_WARNING = /* @__PURE__ */ pattern(
	[LEVEL.alarm, LEVEL.alarm, 100, 0, 0, 100, LEVEL.alarm, LEVEL.alarm, 100, 0, 0, 700],
	true,
);

/** The BOOT button has been held long enough to mean it: keep holding (5 Hz). */
export const KEEP_HOLDING = /* @__PURE__ */ pattern([LEVEL.alarm, LEVEL.alarm, 100, 0, 0, 100], true);

/** Running: a steady glow ... */
export const GLOW = /* @__PURE__ */ pattern([LEVEL.glow, LEVEL.glow, 1000], true);

/** ... that dips to dark and back once per telegram. */
export const TELEGRAM_DIP = /* @__PURE__ */ pattern([LEVEL.glow, 0, 100, 0, LEVEL.glow, 100], false);
