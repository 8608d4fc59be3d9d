// What the monitor announces over mDNS (DNS-SD), the same on a PC and on the device: its web
// page as `_http._tcp` under the device name (digimon.local), and, while the HomeWizard-compatible
// API is on, `_hwenergy._tcp` as HomeWizard's P1 meter announces itself, so Home Assistant, Homey
// and evcc find it without an address typed in.
//
// Two names: Homey takes a HomeWizard device only when its mDNS host name starts with "p1meter-",
// as HomeWizard's own P1 meters are named ("p1meter-" and the last 6 hex digits of the serial). So
// `_hwenergy._tcp` is announced under that instance and host name, and `_http._tcp` keeps the
// device name a person types; both names resolve to the same addresses.

/** One DNS-SD service: instance `name` of `type` ("http", "hwenergy", over TCP) at `host`:`port`. */
export interface MdnsService {
	readonly name: string;
	readonly type: string;
	/** Host name with ".local", the target of the SRV record and the name of the A/AAAA records. */
	readonly host: string;
	readonly port: number;
	readonly txt: Readonly<Record<string, string>>;
}

export interface MdnsSettings {
	/** network.device_name. */
	deviceName: string;
	/** The port the HTTP API listens on. */
	httpPort: number;
	/** homewizard.enabled. */
	homewizard: boolean;
	/** The HomeWizard serial (12 hex digits); without a valid one `_hwenergy._tcp` is not announced. */
	serial: string | undefined;
}

/** What HomeWizard's P1 meter states in its `_hwenergy._tcp` TXT record and at GET /api. */
export const HOMEWIZARD_PRODUCT_TYPE = "HWE-P1";
export const HOMEWIZARD_PRODUCT_NAME = "P1 meter";
export const HOMEWIZARD_API_PATH = "/api/v1";
const HOMEY_PREFIX = "p1meter-";

/** "p1meter-" and the serial's last 6 hex digits in lower case ("p1meter-aabbcc"); undefined for a serial that is not 12 hex digits. */
export function homewizardHostLabel(serial: string | undefined): string | undefined {
	if (serial === undefined || serial.length !== 12) return undefined;
	for (let i = 0; i < 12; i++) {
		const c = serial.charCodeAt(i) | 0x20;
		if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return undefined;
	}
	return HOMEY_PREFIX + serial.slice(6).toLowerCase();
}

/** The services to announce for `settings`, the web page first. */
export function mdnsServices(settings: MdnsSettings): MdnsService[] {
	const services: MdnsService[] = [
		{
			name: settings.deviceName,
			type: "http",
			host: settings.deviceName + ".local",
			port: settings.httpPort,
			txt: { path: "/" },
		},
	];
	const label = settings.homewizard ? homewizardHostLabel(settings.serial) : undefined;
	if (label !== undefined && settings.serial !== undefined)
		services.push({
			name: label,
			type: "hwenergy",
			host: label + ".local",
			port: settings.httpPort,
			txt: {
				api_enabled: "1",
				path: HOMEWIZARD_API_PATH,
				product_type: HOMEWIZARD_PRODUCT_TYPE,
				product_name: HOMEWIZARD_PRODUCT_NAME,
				serial: settings.serial.toLowerCase(),
			},
		});
	return services;
}

/** What changes on the network between announcing `current` and announcing `next`. */
export interface MdnsChanges {
	/** Withdrawn with a goodbye (TTL 0), so browsers forget them at once. */
	readonly remove: MdnsService[];
	/** Announced anew. */
	readonly add: MdnsService[];
}

/**
 * The services to withdraw and to announce when the settings change (homewizard.enabled takes
 * effect at once): a service in both lists unchanged stays as it is, one that differs in anything
 * (its TXT included) is withdrawn and announced again, as mDNS has no "update" of a service.
 */
export function mdnsChanges(current: readonly MdnsService[], next: readonly MdnsService[]): MdnsChanges {
	return {
		remove: current.filter((c) => !next.some((n) => sameService(c, n))),
		add: next.filter((n) => !current.some((c) => sameService(c, n))),
	};
}

function sameService(a: MdnsService, b: MdnsService): boolean {
	if (a.name !== b.name || a.type !== b.type || a.host !== b.host || a.port !== b.port) return false;
	const keys = Object.keys(a.txt);
	if (keys.length !== Object.keys(b.txt).length) return false;
	return keys.every((k) => a.txt[k] === b.txt[k]);
}
