// The device's own adapters in one call, for main.ts: the P1 UART, the SD card, WiFi with its
// setup mode, the LED and BOOT button, and the OTA partition. Pins come from the board
// manifest's config (mc/config); nothing here knows which board it is.
//
// main.ts (see ../README.md, "Wiring the device"):
//   const device = startDevice({ settings: () => current, log, eraseWifi });
//   history's SD store:  device.sd.store(fatStore)       (the file module on /sd)
//   the meter:           monitor source = device.p1
//   each telegram:       device.io.status.led.telegram(); the peak warning: led.set("warning", on)
//   HTTP, first:         device.wifi.portal(host, target) ?? the core's handle()
//   ApiContext.firmware: () => device.firmware           (POST /update streams into FirmwareUpload)
//   settings saved:      device.wifi.settingsChanged() when wifi.* or network.* changed (esp32/wiring)
//   once serving:        device.started(activity)      ("hi"; a new firmware confirmed once healthy)

import type { Config } from "core/config/schema";
import type { FirmwareActivity } from "core/device/firmware-health";
import { resetReason } from "core/device/reset-reason";
import type { Log } from "core/ports";
import { ffi } from "device/native";
import { confirmHealthy, OtaPartition } from "device/ota";
import { P1Uart } from "device/p1-uart";
import { SdCard } from "device/sd-card";
import { type StatusIo, startStatusIo } from "device/status-io";
import { WifiLink } from "device/wifi";
import config from "mc/config";

/** The board manifest's config (boards/<board>/manifest.json). */
export interface BoardConfig {
	board: string;
	p1: { port: number; rx: number; rts: number };
	sd: { sck: number; miso: number; mosi: number; cs: number; power: number };
	led: { pin: number };
	button: { pin: number };
}

export interface DeviceOptions {
	/** The settings in force. */
	settings(): Config;
	log: Log;
	/** Removes the WiFi settings (the BOOT button held 20 s); the device restarts into setup after "bye". */
	eraseWifi(): void;
	/** Answers a short press of BOOT, e.g. led.say() the last octet of the address. */
	onShortPress?(): void;
}

export interface Device {
	readonly p1: P1Uart;
	readonly sd: SdCard;
	readonly wifi: WifiLink;
	readonly io: StatusIo;
	readonly firmware: OtaPartition | undefined;
	/** The monitor runs and the HTTP server listens: "hi", and a new firmware is confirmed once healthy. */
	started(activity: () => FirmwareActivity): void;
}

export function startDevice(options: DeviceOptions): Device {
	const board = config as unknown as BoardConfig;
	const log = options.log;
	const reason = resetReason(ffi().esp_reset_reason());
	if (reason.trouble) log.warn(`started after: ${reason.text}`);
	else log.info(`started after: ${reason.text}`);
	const io = startStatusIo({
		led: board.led.pin,
		button: board.button.pin,
		onErase: options.eraseWifi,
		onRestart: () => ffi().esp_restart(),
		onShortPress: options.onShortPress,
		log,
	});
	const led = io.status.led;
	const sd = new SdCard({
		...board.sd,
		onChange(sos, status) {
			led.set("sos", sos);
			if (sos) log.warn(`sd card: ${status.error || "not mounted"}`);
			else log.info("sd card mounted");
		},
	});
	sd.start();
	const wifi = new WifiLink({
		config: options.settings,
		log,
		onChange: (status) => led.set("setup", status.accessPoint),
	});
	wifi.start();
	let firmware: OtaPartition | undefined;
	try {
		firmware = new OtaPartition(board.board);
	} catch (e) {
		log.warn(`firmware updates off: ${(e as Error).message}`);
	}
	const p1 = new P1Uart({ port: board.p1.port, rx: board.p1.rx, request: board.p1.rts });
	return {
		p1,
		sd,
		wifi,
		io,
		firmware,
		started(activity) {
			io.status.started();
			confirmHealthy(activity, log);
		},
	};
}
