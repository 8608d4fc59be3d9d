// The raw telegram port on a PC (node:net): every telegram the monitor takes, as the meter sent
// it, to every connected client. Who is served and who is dropped is core/net/raw-telegram's rule,
// the same the device follows; this adapter only counts what each socket still has to send.

import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import type { Frame } from "../../core/dsmr/framer";
import { admitClient, copyTelegram, keepClient, telegramLength } from "../../core/net/raw-telegram";
import type { Log } from "../../core/ports";

export interface RawTelegramOptions {
	/** 0 picks a free port; the chosen one is in the result. */
	port: number;
	host?: string;
	log: Log;
}

export interface RawTelegramServer {
	readonly port: number;
	/** Sends one telegram to every client; never waits for any of them. */
	send(frame: Frame): void;
	/** Clients served now, closed at once for want of a place, and dropped for falling behind. */
	readonly counters: { clients: number; refused: number; dropped: number };
	close(): Promise<void>;
}

export async function startRawTelegramServer(options: RawTelegramOptions): Promise<RawTelegramServer> {
	const clients = new Set<Socket>();
	const counters = { clients: 0, refused: 0, dropped: 0 };
	const log = options.log;
	const server: Server = createServer((socket) => {
		if (!admitClient(clients.size)) {
			counters.refused++;
			socket.destroy();
			return;
		}
		clients.add(socket);
		counters.clients = clients.size;
		socket.setNoDelay(true);
		socket.on("data", () => {}); // a reader has nothing to say: what it sends is read and dropped
		socket.on("error", () => socket.destroy()); // a reset peer; "close" follows
		socket.on("close", () => {
			clients.delete(socket);
			counters.clients = clients.size;
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port, options.host ?? "0.0.0.0", () => {
			server.off("error", reject);
			resolve();
		});
	});
	server.on("error", (e) => log.warn(`raw telegram port: ${e.message}`));

	return {
		port: (server.address() as AddressInfo).port,
		counters,
		send(frame: Frame): void {
			if (clients.size === 0) return;
			const length = telegramLength(frame);
			const bytes = Buffer.allocUnsafe(length); // one per telegram: each socket holds it until sent
			copyTelegram(frame, bytes);
			for (const socket of clients) {
				if (!keepClient(socket.writableLength, length)) {
					counters.dropped++;
					log.warn(`raw telegram port: ${socket.remoteAddress ?? "a client"} fell behind and was dropped`);
					clients.delete(socket);
					counters.clients = clients.size;
					socket.destroy();
					continue;
				}
				socket.write(bytes);
			}
		},
		close(): Promise<void> {
			for (const socket of clients) socket.destroy();
			clients.clear();
			counters.clients = 0;
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}
