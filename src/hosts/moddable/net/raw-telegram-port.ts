// The raw telegram port on the SDK's legacy TCP Listener and Sockets (lin and ESP32): every
// telegram the monitor takes, as the meter sent it, to up to RAW_CLIENTS_MAX (4) readers. There is no
// queue per reader: a telegram goes out whole when the reader's socket takes it now, and a reader
// whose socket cannot is skipped for that telegram, so its stream stays a sequence of whole
// telegrams. The bytes it missed count as its backlog (core/net/raw-telegram's keepClient): once
// they pass 16 KiB (11 to 15 telegrams in a row) it is dropped. A socket that breaks mid-telegram
// is dropped at once. One telegram buffer serves every reader.

import type { Frame } from "core/dsmr/framer";
import { admitClient, copyTelegram, keepClient, telegramLength } from "core/net/raw-telegram";
import { takesNow } from "core/net/send-room";
import type { Log } from "core/ports";
import { writeAll } from "host/net/socket-write";
import { Listener, Socket } from "socket";

/** The typing does not export it: what `new Socket({listener})` gives. */
type TCPSocket = InstanceType<typeof Socket>;

/** The framer's largest telegram (core/dsmr/limits: 4096 by default) with its CRC digits and line end. */
const TELEGRAM_MAX = 4096 + 8;
const DISCONNECTED = -1;
const READABLE = 2;

interface Reader {
	socket: TCPSocket;
	/** The most its socket took at once. */
	capacity: number;
	/** Bytes of the telegrams it missed since it last took one. */
	missed: number;
}

export interface RawCounters {
	clients: number;
	refused: number;
	dropped: number;
}

export class RawTelegramPort {
	#listener: Listener;
	#readers: Reader[] = [];
	#bytes: Uint8Array | undefined;
	#log: Log;
	readonly counters: RawCounters = { clients: 0, refused: 0, dropped: 0 };

	/** Listens on `port` at once; throws when it cannot. */
	constructor(port: number, log: Log) {
		this.#log = log;
		const listener = new Listener({ port });
		listener.callback = () => this.#accept();
		this.#listener = listener;
	}

	/** Sends one telegram to every reader; never waits for any of them. */
	send(frame: Frame): void {
		const readers = this.#readers;
		if (readers.length === 0) return;
		const length = telegramLength(frame);
		if (length > TELEGRAM_MAX) return; // longer than the framer takes: cannot happen
		this.#bytes ??= new Uint8Array(TELEGRAM_MAX);
		copyTelegram(frame, this.#bytes);
		const telegram = this.#bytes.subarray(0, length);
		for (let i = readers.length - 1; i >= 0; i--) {
			const reader = readers[i];
			try {
				const room = reader.socket.write();
				if (room > reader.capacity) reader.capacity = room;
				if (takesNow(room, reader.capacity, length)) {
					writeAll(reader.socket, telegram);
					reader.missed = 0;
				} else if (keepClient(reader.missed, length)) reader.missed += length;
				else this.#drop(reader, "fell behind");
			} catch {
				this.#drop(reader, "stopped taking data");
			}
		}
	}

	close(): void {
		for (const reader of this.#readers.splice(0)) reader.socket.close();
		this.counters.clients = 0;
		(this.#listener as unknown as { close(): void }).close(); // the typing lacks it
	}

	#accept(): void {
		const socket = new Socket({ listener: this.#listener });
		if (!admitClient(this.#readers.length)) {
			this.counters.refused++; // counted, not logged: a reader that retries would fill the log
			socket.close();
			return;
		}
		const reader: Reader = { socket, capacity: 0, missed: 0 };
		socket.callback = (message: number) => {
			if (message === READABLE)
				socket.read(ArrayBuffer); // a reader has nothing to say: read and dropped
			else if (message <= DISCONNECTED) this.#remove(reader);
		};
		this.#readers.push(reader);
		this.counters.clients = this.#readers.length;
	}

	#drop(reader: Reader, why: string): void {
		this.counters.dropped++;
		this.#log.warn(`raw telegram port: a reader ${why} and was dropped`);
		this.#remove(reader);
	}

	/**
	 * Lets a reader go, closing its socket whoever ended it: the SDK holds a socket and its object
	 * until close() (lin and lwIP alike), so one the peer closed would otherwise stay for good.
	 */
	#remove(reader: Reader): void {
		const at = this.#readers.indexOf(reader);
		if (at >= 0) this.#readers.splice(at, 1);
		this.counters.clients = this.#readers.length;
		try {
			reader.socket.close();
		} catch {
			// closed already
		}
	}
}
