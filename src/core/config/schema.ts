// The shape of config.json: the original firmware's keys (wifi, network) plus the ones added
// beside them. Every object keeps the keys it does not know, so a file written by a newer or
// older firmware survives a load and save here.

export interface WifiConfig {
	ssid: string;
	password: string;
	[key: string]: unknown;
}

export interface NetworkConfig {
	dhcp: boolean;
	/** Host name on the LAN and for mDNS (`digimon.local`). */
	device_name: string;
	/** Static address, mask and gateway (dotted IPv4), used when `dhcp` is false; "" when unset. */
	ip: string;
	gateway: string;
	subnet: string;
	/** DNS server for a static address; "" means the gateway. */
	dns: string;
	[key: string]: unknown;
}

/** A login separate from the WiFi one; when `user` is "" the WiFi SSID and password are the login (original). */
export interface AuthConfig {
	user: string;
	password: string;
	[key: string]: unknown;
}

export interface TariffConfig {
	/** Fluvius grid area, a key of CAPACITY_TARIFFS in quarters/tariffs.ts ("imewo"); "" for its DEFAULT_AREA. */
	grid_area: string;
	/** Capacity tariff in EUR per kW per year; null means the figure published for `grid_area`. */
	price_eur_kw_year: number | null;
	/** Quarter average the household wants to stay under, W; null means the running month peak. */
	target_w: number | null;
	[key: string]: unknown;
}

export interface HttpConfig {
	port: number;
	[key: string]: unknown;
}

/** HomeWizard-compatible local API under /api (an integration to come); off by default. */
export interface HomeWizardConfig {
	enabled: boolean;
	[key: string]: unknown;
}

/** Publishing readings to an MQTT broker (an integration to come); off by default. */
export interface MqttConfig {
	enabled: boolean;
	/** Broker host name or address; "" while unset. */
	host: string;
	port: number;
	user: string;
	password: string;
	/** Topic prefix. */
	topic: string;
	/** Seconds between two publications of the state topics (a closing quarter publishes at once too). */
	interval_s: number;
	/** Where Home Assistant listens for discovery configs ("homeassistant" unless changed there). */
	discovery_prefix: string;
	[key: string]: unknown;
}

/** The raw telegrams on a TCP port, as a P1 cable would give them (an integration to come); off by default. */
export interface RawTelegramConfig {
	enabled: boolean;
	port: number;
	[key: string]: unknown;
}

/** The peak warning sent as a POST with a small JSON body (an ntfy topic, a Home Assistant webhook). */
export interface WarningConfig {
	/** http:// or https:// URL; "" sends nothing. */
	url: string;
	[key: string]: unknown;
}

export interface Config {
	wifi: WifiConfig;
	network: NetworkConfig;
	auth: AuthConfig;
	tariff: TariffConfig;
	http: HttpConfig;
	homewizard: HomeWizardConfig;
	mqtt: MqttConfig;
	raw_telegram: RawTelegramConfig;
	warning: WarningConfig;
	[key: string]: unknown;
}

/** One invalid field: `field` is its dotted path ("network.ip"), "" for the file as a whole. */
export interface ConfigError {
	field: string;
	message: string;
}

export const SECTIONS = Object.freeze([
	"wifi",
	"network",
	"auth",
	"tariff",
	"http",
	"homewizard",
	"mqtt",
	"raw_telegram",
	"warning",
] as const);
export type SectionName = (typeof SECTIONS)[number];

/** Values of a fresh device (the original's defaults for wifi and network). */
export const DEFAULTS = Object.freeze({
	wifi: Object.freeze({ ssid: "", password: "" }),
	network: Object.freeze({ dhcp: true, device_name: "digimon", ip: "", gateway: "", subnet: "", dns: "" }),
	auth: Object.freeze({ user: "", password: "" }),
	tariff: Object.freeze({ grid_area: "", price_eur_kw_year: null, target_w: null }),
	http: Object.freeze({ port: 80 }),
	homewizard: Object.freeze({ enabled: false }),
	mqtt: Object.freeze({
		enabled: false,
		host: "",
		port: 1883,
		user: "",
		password: "",
		topic: "digimon",
		interval_s: 10,
		discovery_prefix: "homeassistant",
	}),
	raw_telegram: Object.freeze({ enabled: false, port: 8088 }),
	warning: Object.freeze({ url: "" }),
});

/** A deep, mutable copy of DEFAULTS. */
export function defaultConfig(): Config {
	return {
		wifi: { ...DEFAULTS.wifi },
		network: { ...DEFAULTS.network },
		auth: { ...DEFAULTS.auth },
		tariff: { ...DEFAULTS.tariff },
		http: { ...DEFAULTS.http },
		homewizard: { ...DEFAULTS.homewizard },
		mqtt: { ...DEFAULTS.mqtt },
		raw_telegram: { ...DEFAULTS.raw_telegram },
		warning: { ...DEFAULTS.warning },
	};
}
