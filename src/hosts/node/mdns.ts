// mDNS on a PC (bonjour-service): announces what core/net/mdns.ts lists, answers queries for it,
// follows the settings (the HomeWizard service comes and goes with homewizard.enabled) and says
// goodbye when stopped. A network without multicast, or port 5353 taken by a responder that does
// not share it, costs the announcement and a warning, never the monitor.

import { Bonjour, type Service } from "bonjour-service";
import { type MdnsService, mdnsChanges } from "../../core/net/mdns";
import type { Log } from "../../core/ports";

export interface MdnsAnnouncer {
	/** Announces `services` from now on: what left is withdrawn with a goodbye, what is new announced. */
	update(services: readonly MdnsService[]): void;
	/** Sends the goodbye records and closes the socket. */
	close(): Promise<void>;
}

export function startMdns(services: readonly MdnsService[], log: Log): MdnsAnnouncer {
	const bonjour = new Bonjour({}, (e: Error) => log.warn(`mdns: ${e.message}`));
	const published = new Map<MdnsService, Service>();
	const publish = (s: MdnsService) => {
		const service = bonjour.publish({ name: s.name, type: s.type, host: s.host, port: s.port, txt: { ...s.txt } });
		service.on("error", (e: Error) => log.warn(`mdns: ${s.name}._${s.type}._tcp: ${e.message}`));
		service.on("up", () => log.info(`mdns: ${s.name}._${s.type}._tcp.local on ${s.host}:${s.port}`));
		published.set(s, service);
	};
	for (const s of services) publish(s);
	return {
		update(next) {
			const { remove, add } = mdnsChanges([...published.keys()], next);
			for (const s of remove) {
				published.get(s)?.stop?.(() => log.info(`mdns: ${s.name}._${s.type}._tcp.local withdrawn`));
				published.delete(s);
			}
			for (const s of add) publish(s);
		},
		close: () =>
			new Promise((resolve) => {
				bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
			}),
	};
}
