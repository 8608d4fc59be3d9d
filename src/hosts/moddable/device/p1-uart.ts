// The P1 port on the device: the meter's serial output through the native UART driver (ring
// buffer, RX inverted, ../native/p1uart.c), polled into the core by core/device/uart-pump, and
// the data-request line held high for as long as it is read.

import Digital from "embedded:io/digital";
import { UartPump } from "core/device/uart-pump";
import type { ByteSource } from "core/ports";
import { errHex, ffi } from "device/native";
import Timer from "timer";

export interface P1UartOptions {
	/** UART number (1 on both boards). */
	port: number;
	rx: number;
	/** The data-request (RTS) pin, driven high. */
	request: number;
	/** Ring buffer of the driver: 4096 holds 4 telegrams of ~900 bytes, 4 s of a busy thread. */
	ringBytes?: number;
	/** Poll interval, ms. */
	pollMs?: number;
}

export class P1Uart implements ByteSource {
	#options: P1UartOptions;
	#request: Digital | undefined;
	#timer: Timer | undefined;
	#pump: UartPump | undefined;

	constructor(options: P1UartOptions) {
		this.#options = options;
	}

	/** Overflows of the ring buffer or the FIFO since start (each loses part of a telegram). */
	get lost(): number {
		return this.#pump ? ffi().p1_uart_lost() : 0;
	}

	start(onBytes: (chunk: Uint8Array) => void): void {
		if (this.#timer) throw new Error("p1 uart already started");
		const o = this.#options;
		const calls = ffi();
		const err = calls.p1_uart_open(o.port, o.rx, o.ringBytes ?? 4096);
		if (err !== 0) throw new Error(`p1 uart ${o.port} on gpio ${o.rx} failed (${errHex(err)})`);
		// kept in a field: an embedded:io object resets its pin when collected
		this.#request = new Digital({ pin: o.request, mode: Digital.Output, initialValue: 1 });
		const pump = new UartPump((into) => calls.p1_uart_read(into.buffer as ArrayBuffer, into.length));
		this.#pump = pump;
		this.#timer = Timer.repeat(() => {
			pump.poll(onBytes);
		}, o.pollMs ?? 20);
	}

	close(): void {
		Timer.clear(this.#timer);
		this.#timer = undefined;
		if (this.#pump) ffi().p1_uart_close();
		this.#pump = undefined;
		this.#request?.close();
		this.#request = undefined;
	}
}
