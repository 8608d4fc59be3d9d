// mDNS on a PC (bonjour-service): announces what core/net/mdns.ts lists, answers queries for it
// and says goodbye when stopped. A network without multicast, or port 5353 taken by a responder
// that does not share it, costs the announcement and a warning, never the monitor.

import { Bonjour } from "bonjour-service";
import type { MdnsService } from "../../core/net/mdns";
import type { Log } from "../../core/ports";

export interface MdnsAnnouncer {
	/** Sends the goodbye records and closes the socket. */
	close(): Promise<void>;
}

export function startMdns(services: readonly MdnsService[], log: Log): MdnsAnnouncer {
	const bonjour = new Bonjour({}, (e: Error) => log.warn(`mdns: ${e.message}`));
	for (const s of services) {
		const published = bonjour.publish({ name: s.name, type: s.type, host: s.host, port: s.port, txt: { ...s.txt } });
		published.on("error", (e: Error) => log.warn(`mdns: ${s.name}._${s.type}._tcp: ${e.message}`));
		published.on("up", () => log.info(`mdns: ${s.name}._${s.type}._tcp.local on ${s.host}:${s.port}`));
	}
	return {
		close: () =>
			new Promise((resolve) => {
				bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
			}),
	};
}
