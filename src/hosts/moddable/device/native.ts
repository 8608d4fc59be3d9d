// The native calls of the ESP32 build, typed: the project's own C (../native/*.c) and a few
// ESP-IDF functions called directly, all bound by mcconfig's FFI from manifests/esp32.json.
// mcconfig generates a typing for mc/ffi at build time; this interface states the same
// signatures so the adapters type-check without a build.

import FFI from "mc/ffi";

export interface NativeCalls {
	p1_uart_open(port: number, rx: number, ringBytes: number): number;
	/** The FFI passes the buffer's address only: `length` must not exceed `buffer.byteLength`. */
	p1_uart_read(buffer: ArrayBuffer, length: number): number;
	p1_uart_lost(): number;
	p1_uart_close(): void;
	sd_mount(sck: number, miso: number, mosi: number, cs: number): number;
	sd_unmount(): number;
	sd_free_kib(): number;
	sta_address(address: number, mask: number, gateway: number, dns: number): number;
	esp_restart(): void;
	/** esp_reset_reason_t: why this start happened (core/device/reset-reason). */
	esp_reset_reason(): number;
	esp_ota_mark_app_valid_cancel_rollback(): number;
	/** 0 none, 1 WIFI_PS_MIN_MODEM, 2 WIFI_PS_MAX_MODEM. */
	esp_wifi_set_ps(mode: number): number;
	/** In 0.25 dBm steps (8..84). */
	esp_wifi_set_max_tx_power(quarterDbm: number): number;
	/** 1 when the running image waits to be confirmed after an OTA update, 0 when not, < 0 an error. */
	ota_pending_verify(): number;
}

let calls: NativeCalls | undefined;

/** Made on first use: no native object exists while modules are preloaded. */
export function ffi(): NativeCalls {
	calls ??= new FFI() as unknown as NativeCalls;
	return calls;
}

/** "0x107" for an esp_err_t. */
export function errHex(code: number): string {
	return "0x" + (code >>> 0).toString(16);
}
