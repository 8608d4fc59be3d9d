// The TCP socket the SDK's MQTT client writes through (its `Socket` option): the SDK socket itself,
// plus what the MQTT link needs to keep the client's buffer bounded: the room the socket has now,
// its largest room seen (its capacity), and a call when it can take more (the client itself ignores
// the socket's "writable"). A packet longer than lin's 1 KB staging goes out in pieces.

import { Socket } from "socket";

/** The typing does not export it: what `new Socket({listener})` gives. */
type TCPSocket = InstanceType<typeof Socket>;

import { writeAll } from "host/net/socket-write";

const WRITABLE = 3;

type Callback = (message: number, value?: number) => void;

export class PacedSocket {
	/** Set by the MQTT client. */
	callback: Callback = () => {};
	#socket: TCPSocket;
	#capacity = 0;

	constructor(options: { host: string; port: number }, onWritable: () => void) {
		const socket = new Socket({ host: options.host, port: options.port });
		socket.callback = (message: number, value?: number) => {
			this.callback(message, value);
			if (message === WRITABLE) onWritable();
		};
		this.#socket = socket;
	}

	get capacity(): number {
		return this.#capacity;
	}

	/** Bytes the socket takes now. */
	room(): number {
		const room = this.#socket.write();
		if (room > this.#capacity) this.#capacity = room;
		return room;
	}

	read(type: typeof ArrayBuffer, until?: number): ArrayBuffer {
		return this.#socket.read(type, until);
	}

	write(data?: ArrayBuffer): number | undefined {
		if (data === undefined) return this.room();
		writeAll(this.#socket, new Uint8Array(data));
		return undefined;
	}

	close(): void {
		this.#socket.close();
	}
}
