/*
 * Board set-up, run once before main. Unlike the SDK's esp32c3 targets there is
 * no NeoPixel here, so no rainbow timer: the status LED belongs to the app.
 *
 * When the board switches peripheral power with a GPIO (T8-S2: GPIO14 feeds
 * the 3.3 V rail of the SD slot), it is turned on here, before main, so the
 * card has settled by the time the app mounts it. The Digital object is kept
 * reachable from globalThis.Host because an embedded:io object resets its pin
 * when it is garbage collected, which would cut the power again.
 */

import Digital from "embedded:io/digital";
import config from "mc/config";

export default function (done) {
	const pin = config.sd.power;
	let power;
	if (pin >= 0) power = new Digital({ pin, mode: Digital.Output, initialValue: 1 });
	globalThis.Host = Object.freeze({ board: config.board, power });
	done?.();
}
