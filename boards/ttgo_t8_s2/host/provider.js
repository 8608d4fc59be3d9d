/*
 * embedded:provider/builtin for this board (the SDK maps it to
 * $(SUBPLATFORMDIRECTORY)/host/provider for every esp32/* target).
 *
 * Pin numbers come from the board manifest's config, so the manifest stays the
 * one place that knows the wiring. No Serial.default: the P1 line is inverted
 * and needs a UART driver with a ring buffer, which embedded:io/serial lacks
 * (see src/hosts/moddable/README.md). No SPI.default: the SD card owns its bus
 * through the native mount helper.
 */

import Digital from "embedded:io/digital";
import PWM from "embedded:io/pwm";
import config from "mc/config";

const device = Object.freeze({
	io: Object.freeze({ Digital, PWM }),
	pin: Object.freeze({
		led: config.led.pin,
		button: config.button.pin,
		p1Receive: config.p1.rx,
		p1Request: config.p1.rts,
		sdClock: config.sd.sck,
		sdIn: config.sd.miso,
		sdOut: config.sd.mosi,
		sdSelect: config.sd.cs,
		sdPower: config.sd.power,
	}),
});

export default device;
