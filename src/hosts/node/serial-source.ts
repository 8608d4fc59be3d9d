// P1 cable on a serial port (npm serialport): 115200 8N1, as DSMR 4+/eMUCS meters send.
// USB P1 cables invert the signal in hardware, so nothing is inverted here. The port is
// reopened after an unplug, since a household cable gets knocked loose.

import { SerialPort } from "serialport";
import type { ByteSource, Log } from "../../core/ports";

export interface SerialSourceOptions {
	path: string;
	baudRate?: number;
	log: Log;
	/** Delay before reopening a lost port, ms. */
	retryMs?: number;
	/** The port class (tests pass serialport's SerialPortMock). */
	Port?: typeof SerialPort;
}

export class SerialSource implements ByteSource {
	#options: SerialSourceOptions;
	#port: SerialPort | undefined;
	#timer: NodeJS.Timeout | undefined;
	#onBytes: ((chunk: Uint8Array) => void) | undefined;
	#closed = false;

	constructor(options: SerialSourceOptions) {
		this.#options = options;
	}

	start(onBytes: (chunk: Uint8Array) => void): void {
		this.#onBytes = onBytes;
		this.#open();
	}

	#open(): void {
		if (this.#closed) return;
		const { path, baudRate = 115200, log, Port = SerialPort } = this.#options;
		const port = new Port({ path, baudRate, dataBits: 8, parity: "none", stopBits: 1, autoOpen: false });
		this.#port = port;
		port.on("data", (chunk: Buffer) => this.#onBytes?.(chunk));
		port.on("close", () => this.#retry());
		port.on("error", (error: Error) => log.warn(`serial ${path}: ${error.message}`));
		port.open((error) => {
			if (error) {
				log.warn(`serial ${path}: ${error.message}`);
				this.#retry();
			} else log.info(`reading P1 telegrams from ${path} at ${baudRate} baud`);
		});
	}

	#retry(): void {
		if (this.#closed || this.#timer) return;
		this.#port = undefined;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#open();
		}, this.#options.retryMs ?? 5000);
	}

	close(): void {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
		const port = this.#port;
		this.#port = undefined;
		if (port?.isOpen) port.close();
	}
}
