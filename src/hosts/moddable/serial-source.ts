// The ByteSource port on the simulator's serial device (embedded:io/serial over termios): a P1
// USB cable, or one end of a pseudo-terminal fed by a simulated meter. The device reads its UART
// with its own adapter (inverted RX, a large ring buffer): the SDK's serial has neither.

import type { ByteSource, Log } from "core/ports";

/** The lin implementation's options and methods; the SDK's typing knows only the device's pins. */
interface LinSerial {
	read(count: number): ArrayBuffer | undefined;
	close(): void;
}
type LinSerialClass = new (options: {
	device: string;
	baud: number;
	format: "buffer";
	onReadable(this: LinSerial, count: number): void;
	onError?(this: LinSerial): void;
}) => LinSerial;

/** Bytes taken per read: a telegram or two, so one burst never holds the event loop for long. */
const MAX_READ = 4096;
const P1_BAUD = 115200;

export class SerialSource implements ByteSource {
	#device: string;
	#log: Log;
	#Serial: LinSerialClass;
	#port: LinSerial | undefined;

	constructor(Serial: unknown, device: string, log: Log) {
		this.#Serial = Serial as LinSerialClass;
		this.#device = device;
		this.#log = log;
	}

	start(onBytes: (chunk: Uint8Array) => void): void {
		const log = this.#log;
		const device = this.#device;
		try {
			this.#port = new this.#Serial({
				device,
				baud: P1_BAUD,
				format: "buffer",
				onReadable(count) {
					while (count > 0) {
						const bytes = this.read(count < MAX_READ ? count : MAX_READ);
						if (bytes === undefined) return;
						count -= bytes.byteLength;
						onBytes(new Uint8Array(bytes));
					}
				},
				onError() {
					log.warn(`P1 serial ${device}: read error, port closed`);
				},
			});
		} catch (e) {
			log.warn(`P1 serial ${device} not opened (${(e as Error).message}): serving what is stored`);
		}
	}

	close(): void {
		this.#port?.close();
		this.#port = undefined;
	}
}
