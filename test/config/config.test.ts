import fc from "fast-check";
import { createConfig, DEFAULT_USER, randomPassword } from "../../src/core/config/create";
import { MAX_CONFIG_BYTES, parseConfig, serializeConfig } from "../../src/core/config/parse";
import { isSecretName, redactConfig } from "../../src/core/config/redact";
import { type Config, DEFAULTS, defaultConfig } from "../../src/core/config/schema";
import { utf8Encode, utf8Length } from "../../src/core/config/utf8";
import { CAPACITY_TARIFFS } from "../../src/core/quarters/tariffs";

const ORIGINAL = JSON.stringify({
	wifi: { ssid: "Thuis", password: "geheim123" },
	network: { dhcp: true, device_name: "digimon", ip: "", gateway: "", subnet: "" },
});

function fields(errors: { field: string }[]): string[] {
	return errors.map((e) => e.field).sort();
}

describe("parseConfig", () => {
	test("reads the original firmware's file and fills the new sections with defaults", () => {
		const { config, errors } = parseConfig(ORIGINAL);
		expect(errors).toEqual([]);
		expect(config.wifi).toEqual({ ssid: "Thuis", password: "geheim123" });
		expect(config.network.device_name).toBe("digimon");
		expect(config.auth).toEqual(DEFAULTS.auth);
		expect(config.tariff).toEqual(DEFAULTS.tariff);
		expect(config.http.port).toBe(80);
	});

	test("an empty object is the default config, without errors", () => {
		const { config, errors } = parseConfig("{}");
		expect(errors).toEqual([]);
		expect(config).toEqual(defaultConfig());
	});

	test.each([
		["", "not valid json"],
		['{"wifi":', "not valid json"],
		["[1,2]", "must be a json object"],
		["null", "must be a json object"],
		['"text"', "must be a json object"],
	])("unusable text %j gives the defaults and one error for the whole file", (source, message) => {
		const { config, errors } = parseConfig(source);
		expect(config).toEqual(defaultConfig());
		expect(errors).toEqual([{ field: "", message }]);
	});

	test("a file beyond the size limit is not parsed at all", () => {
		const big = JSON.stringify({ wifi: { ssid: "a" }, pad: "x".repeat(MAX_CONFIG_BYTES) });
		const { config, errors } = parseConfig(big);
		expect(config.wifi.ssid).toBe("");
		expect(errors).toHaveLength(1);
		expect(errors[0].field).toBe("");
	});

	test.each([
		[{ wifi: { ssid: "x".repeat(33) } }, "wifi.ssid"],
		[{ wifi: { ssid: "é".repeat(17) } }, "wifi.ssid"], // 34 bytes in 17 characters
		[{ wifi: { ssid: "line\nbreak" } }, "wifi.ssid"],
		[{ wifi: { ssid: 42 } }, "wifi.ssid"],
		[{ wifi: { password: "p".repeat(65) } }, "wifi.password"],
		[{ network: { dhcp: "true" } }, "network.dhcp"],
		[{ network: { device_name: "" } }, "network.device_name"],
		[{ network: { device_name: "-digimon" } }, "network.device_name"],
		[{ network: { device_name: "digi mon" } }, "network.device_name"],
		[{ network: { device_name: "d".repeat(64) } }, "network.device_name"],
		[{ network: { ip: "192.168.1.256" } }, "network.ip"],
		[{ network: { ip: "192.168.1" } }, "network.ip"],
		[{ network: { ip: "192.168.01.2" } }, "network.ip"],
		[{ network: { ip: "192.168.1.2." } }, "network.ip"],
		[{ network: { gateway: "router" } }, "network.gateway"],
		[{ network: { subnet: "255.0.255.0" } }, "network.subnet"],
		[{ network: { subnet: "0.0.0.0" } }, "network.subnet"],
		[{ auth: { user: "a:b", password: "12345678" } }, "auth.user"],
		[{ auth: { user: "u".repeat(33), password: "12345678" } }, "auth.user"],
		[{ tariff: { grid_area: "Imewo" } }, "tariff.grid_area"],
		[{ tariff: { grid_area: "atlantis" } }, "tariff.grid_area"],
		[{ tariff: { grid_area: 7 } }, "tariff.grid_area"],
		[{ tariff: { price_eur_kw_year: -1 } }, "tariff.price_eur_kw_year"],
		[{ tariff: { price_eur_kw_year: "50" } }, "tariff.price_eur_kw_year"],
		[{ tariff: { target_w: Number.MAX_VALUE } }, "tariff.target_w"],
		[{ http: { port: 0 } }, "http.port"],
		[{ http: { port: 80.5 } }, "http.port"],
		[{ http: { port: 65536 } }, "http.port"],
		[{ wifi: "Thuis" }, "wifi"],
		[{ network: [] }, "network"],
	])("%j is reported as invalid %s and replaced by its default", (input, field) => {
		const { config, errors } = parseConfig(JSON.stringify(input));
		expect(fields(errors)).toEqual([field]);
		expect(typeof errors[0].message).toBe("string");
		expect(errors[0].message.length).toBeGreaterThan(0);
		const [section, key] = field.split(".");
		const fallback =
			key === undefined
				? DEFAULTS[section as keyof typeof DEFAULTS]
				: (DEFAULTS as unknown as Record<string, Record<string, unknown>>)[section][key];
		expect(
			key === undefined
				? config[section]
				: (config as unknown as Record<string, Record<string, unknown>>)[section][key],
		).toEqual(fallback);
	});

	test("one error per invalid field, all reported together", () => {
		const { errors } = parseConfig(JSON.stringify({ wifi: { ssid: 1, password: 2 }, http: { port: -1 } }));
		expect(fields(errors)).toEqual(["http.port", "wifi.password", "wifi.ssid"]);
	});

	test("accepts the values a user would write", () => {
		const { config, errors } = parseConfig(
			JSON.stringify({
				wifi: { ssid: "Café Wi-Fi", password: "" },
				network: {
					dhcp: false,
					device_name: "Digimon-2",
					ip: "10.0.0.9",
					gateway: "10.0.0.1",
					subnet: "255.255.255.0",
				},
				auth: { user: "jan", password: "lang genoeg wachtwoord" },
				tariff: { grid_area: "imewo", price_eur_kw_year: 53.12, target_w: 4000 },
				http: { port: 8080 },
			}),
		);
		expect(errors).toEqual([]);
		expect(config.network.dhcp).toBe(false);
		expect(config.tariff.price_eur_kw_year).toBe(53.12);
	});

	test("every grid area of the tariff table is accepted", () => {
		for (const { area } of CAPACITY_TARIFFS)
			expect(parseConfig(JSON.stringify({ tariff: { grid_area: area } })).errors).toEqual([]);
	});

	test("a static address needs ip and subnet; without them the device falls back to DHCP", () => {
		const { config, errors } = parseConfig(
			JSON.stringify({ network: { dhcp: false, ip: "", gateway: "", subnet: "" } }),
		);
		expect(fields(errors)).toEqual(["network.ip", "network.subnet"]);
		expect(config.network.dhcp).toBe(true);
	});

	test("a gateway outside the static subnet is reported", () => {
		const { errors } = parseConfig(
			JSON.stringify({ network: { dhcp: false, ip: "192.168.1.9", gateway: "192.168.2.1", subnet: "255.255.255.0" } }),
		);
		expect(fields(errors)).toEqual(["network.gateway"]);
	});

	test("null static addresses (older tools) read as unset", () => {
		const { config, errors } = parseConfig(
			JSON.stringify({ network: { dhcp: true, ip: null, gateway: null, subnet: null } }),
		);
		expect(errors).toEqual([]);
		expect(config.network.ip).toBe("");
	});

	test("half a separate login is an error (and is kept, so the API accepts nobody)", () => {
		const a = parseConfig(JSON.stringify({ auth: { user: "jan", password: "" } }));
		expect(fields(a.errors)).toEqual(["auth.password"]);
		expect(a.config.auth.user).toBe("jan");
		const b = parseConfig(JSON.stringify({ auth: { user: "", password: "something" } }));
		expect(fields(b.errors)).toEqual(["auth.user"]);
		expect(b.config.auth.password).toBe("something");
	});

	test("unknown keys, at the top and inside sections, survive a round trip", () => {
		const source = JSON.stringify({
			wifi: { ssid: "Thuis", password: "geheim123", bssid: "aa:bb:cc:dd:ee:ff" },
			network: { dhcp: true, device_name: "digimon", ip: "", gateway: "", subnet: "", dns: "1.1.1.1" },
			mqtt: { host: "broker", port: 1883, topics: ["a", "b"] },
			future: null,
		});
		const { config, errors } = parseConfig(source);
		expect(errors).toEqual([]);
		const again = JSON.parse(serializeConfig(config));
		expect(again.wifi.bssid).toBe("aa:bb:cc:dd:ee:ff");
		expect(again.network.dns).toBe("1.1.1.1");
		// mqtt is a known section now: its missing fields get their defaults, its unknown key stays
		expect(again.mqtt).toEqual({
			enabled: false,
			host: "broker",
			port: 1883,
			user: "",
			password: "",
			topic: "digimon",
			topics: ["a", "b"],
			interval_s: 10,
			discovery_prefix: "homeassistant",
		});
		expect(again).toHaveProperty("future", null);
	});

	test('a "__proto__" key stays data and does not change the config\'s prototype', () => {
		const { config } = parseConfig('{"__proto__":{"polluted":1},"wifi":{"__proto__":{"ssid":"evil"}}}');
		expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
		expect((config as unknown as Record<string, unknown>).polluted).toBeUndefined();
		expect(config.wifi.ssid).toBe("");
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(JSON.parse(serializeConfig(config))).toHaveProperty(["__proto__", "polluted"], 1);
	});

	test("property: parse(serialize(parse(x))) is stable and reports no error", () => {
		const ascii = fc.string({ maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f:]/.test(s));
		fc.assert(
			fc.property(
				fc.record({
					wifi: fc.record({ ssid: ascii, password: ascii }),
					network: fc.record({ dhcp: fc.boolean(), device_name: fc.constantFrom("digimon", "a", "meter-2") }),
					tariff: fc.record({ price_eur_kw_year: fc.option(fc.double({ min: 0, max: 10000, noNaN: true })) }),
					http: fc.record({ port: fc.integer({ min: 1, max: 65535 }) }),
					extra: fc.jsonValue(),
				}),
				(input) => {
					const first = parseConfig(JSON.stringify(input));
					const text = serializeConfig(first.config);
					const second = parseConfig(text);
					expect(second.errors).toEqual([]);
					expect(second.config).toEqual(first.config);
					expect(serializeConfig(second.config)).toBe(text);
				},
			),
		);
	});
});

/** Every key and string value inside `value`. */
function stringsOf(value: unknown, out: string[] = []): string[] {
	if (typeof value === "string") out.push(value);
	else if (Array.isArray(value)) value.forEach((item) => stringsOf(item, out));
	else if (typeof value === "object" && value !== null)
		for (const [key, item] of Object.entries(value)) {
			out.push(key);
			stringsOf(item, out);
		}
	return out;
}

describe("redactConfig", () => {
	function full(): Config {
		return parseConfig(
			JSON.stringify({
				wifi: { ssid: "Thuis", password: "wifi-secret-1" },
				auth: { user: "jan", password: "auth-secret-2" },
				mqtt: {
					host: "broker",
					password: "mqtt-secret-3",
					api_key: "key-4",
					list: [{ token: "t-5" }, "wifi-secret-1"],
				},
				backup_of_wifi: "wifi-secret-1",
			}),
		).config;
	}

	test("no password, token or key survives, and the login passwords are marked as set", () => {
		const redacted = redactConfig(full());
		const text = JSON.stringify(redacted);
		for (const secret of ["wifi-secret-1", "auth-secret-2", "mqtt-secret-3", "key-4", "t-5"])
			expect(text).not.toContain(secret);
		expect(redacted).toMatchObject({
			wifi: { ssid: "Thuis", password_set: true },
			auth: { user: "jan", password_set: true },
			mqtt: { host: "broker" },
		});
		expect((redacted.wifi as Record<string, unknown>).password).toBeUndefined();
	});

	test("the original config object is not changed", () => {
		const config = full();
		const before = serializeConfig(config);
		redactConfig(config);
		expect(serializeConfig(config)).toBe(before);
	});

	test("unset passwords are reported as not set", () => {
		const redacted = redactConfig(defaultConfig());
		expect(redacted).toMatchObject({ wifi: { password_set: false }, auth: { password_set: false } });
	});

	test("secret-looking names", () => {
		for (const name of ["password", "Passwd", "client_secret", "apiToken", "psk", "api_key", "credentials"])
			expect(isSecretName(name)).toBe(true);
		for (const name of ["ssid", "device_name", "port", "grid_area", "target_w"]) expect(isSecretName(name)).toBe(false);
	});

	test("property: neither password appears in the redacted text, whatever the config holds", () => {
		const secret = fc
			.string({ minLength: 1, maxLength: 40 })
			.filter((s) => !/[\u0000-\u001f\u007f:]/.test(s) && utf8Length(s) <= 64);
		fc.assert(
			fc.property(secret, secret, fc.jsonValue(), (wifiPassword, authPassword, extra) => {
				const config = defaultConfig();
				config.wifi.ssid = "Thuis";
				config.wifi.password = wifiPassword;
				config.auth.user = "jan";
				config.auth.password = authPassword;
				config.extra = { copy: wifiPassword, nested: [authPassword, extra] };
				const strings = stringsOf(redactConfig(config));
				expect(strings).not.toContain(wifiPassword);
				expect(strings).not.toContain(authPassword);
			}),
		);
	});
});

describe("createConfig", () => {
	function counter(): (n: number) => Uint8Array {
		let next = 0;
		return (n) => Uint8Array.from({ length: n }, () => next++ & 0xff);
	}

	test("a separate login with a readable 80-bit password from the host's random source", () => {
		const config = createConfig(counter());
		expect(config.auth.user).toBe(DEFAULT_USER);
		expect(config.auth.password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
		expect(config.auth.password).not.toMatch(/[ilo1]/);
		expect(parseConfig(serializeConfig(config)).errors).toEqual([]);
		expect(config.wifi).toEqual(DEFAULTS.wifi);
	});

	test("every symbol is reachable and the password follows the random bytes", () => {
		const seen = new Set<string>();
		const random = counter();
		for (let i = 0; i < 4; i++) for (const c of randomPassword(random).replace(/-/g, "")) seen.add(c);
		expect(seen.size).toBe(32);
		const same = () => new Uint8Array(16).fill(7);
		expect(randomPassword(same)).toBe(randomPassword(same));
		expect(randomPassword(counter())).not.toBe(randomPassword(() => new Uint8Array(16).fill(200)));
	});

	test("a short random source is refused rather than giving a weak password", () => {
		expect(() => randomPassword(() => new Uint8Array(3))).toThrow(RangeError);
	});
});

describe("utf8", () => {
	test("matches Node's encoder, lone surrogates included", () => {
		fc.assert(
			fc.property(fc.string({ unit: "binary" }), (s) => {
				const expected = Buffer.from(s, "utf8");
				expect(utf8Length(s)).toBe(expected.length);
				expect(Buffer.from(utf8Encode(s))).toEqual(expected);
			}),
		);
		for (const s of ["\ud800", "a\udc00b", "\ud83d\ude00", "\ud83d"])
			expect(Buffer.from(utf8Encode(s))).toEqual(Buffer.from(s, "utf8"));
	});
});
