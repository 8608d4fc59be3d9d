// mDNS on the device: `<device name>.local` claimed with the SDK's `mdns` module, and the
// services core/net/mdns decides (`_http._tcp`, and `_hwenergy._tcp` while the HomeWizard API is
// on). The module binds to the address the station has when it is made, so a new address (DHCP
// after a reconnect) makes a new one; a settings change withdraws and announces only what differs.
//
// The SDK's module names every service instance after its one host name, and a second instance
// would bind UDP 5353 again: `_hwenergy._tcp` is announced as `<device name>._hwenergy._tcp`
// with the TXT record core/net/mdns gives (serial, product type, API path), not under the
// "p1meter-xxxxxx" name the PC host uses. Home Assistant and evcc go by the service type and
// the TXT record; Homey, which wants a "p1meter-" host name, needs the device named so (README).

import { type MdnsService, type MdnsSettings, mdnsChanges, mdnsServices } from "core/net/mdns";
import type { Log } from "core/ports";
import MDNS from "mdns";

/** What the SDK keeps of an added service (the same object must be passed to remove()). */
type Announced = { name: string; protocol: string; port: number; txt: Record<string, string> };

/** The module's close(), which its typing lacks. */
type Closable = MDNS & { close(): void };

/** The SDK's callback message once the host name is claimed (value: the name it got). */
const NAME_CLAIMED = 1;

export class MdnsAnnouncer {
	#log: Log;
	#mdns: Closable | undefined;
	#ready = false;
	#settings: MdnsSettings | undefined;
	#services: MdnsService[] = [];
	#announced: Announced[] = [];

	constructor(log: Log) {
		this.#log = log;
	}

	/** (Re)starts on the station's current address; the services follow once the name is claimed. */
	start(settings: MdnsSettings): void {
		this.close();
		this.#settings = settings;
		try {
			this.#mdns = new MDNS({ hostName: settings.deviceName }, (message, value) => {
				if (message !== NAME_CLAIMED || this.#ready) return;
				this.#ready = true;
				if (value !== undefined && value !== settings.deviceName)
					this.#log.warn(`mdns: name taken, using ${value}.local`);
				this.#apply(mdnsServices(settings));
			}) as Closable;
		} catch (e) {
			this.#log.warn(`mdns: ${(e as Error).message}`);
		}
	}

	/** The settings changed (homewizard.enabled): withdraw and announce what differs. */
	update(settings: MdnsSettings): void {
		this.#settings = settings;
		if (this.#ready) this.#apply(mdnsServices(settings));
	}

	get settings(): MdnsSettings | undefined {
		return this.#settings;
	}

	close(): void {
		try {
			this.#mdns?.close(); // says goodbye for every service still added
		} catch {
			// the socket may already be gone with the interface
		}
		this.#mdns = undefined;
		this.#ready = false;
		this.#services = [];
		this.#announced = [];
	}

	#apply(next: MdnsService[]): void {
		const mdns = this.#mdns;
		if (mdns === undefined) return;
		const { remove, add } = mdnsChanges(this.#services, next);
		for (const s of remove) {
			const i = this.#services.indexOf(s);
			mdns.remove(this.#announced[i]);
			this.#services.splice(i, 1);
			this.#announced.splice(i, 1);
		}
		for (const s of add) {
			// the SDK's `name` is the service type; the instance is its host name (see above)
			const record: Announced = { name: s.type, protocol: "tcp", port: s.port, txt: { ...s.txt } };
			mdns.add(record);
			this.#services.push(s);
			this.#announced.push(record);
		}
	}
}
