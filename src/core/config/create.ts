// A fresh config with a random login, for a host that starts without config.json. The core has
// no random source of its own: the host passes one (crypto.getRandomValues, esp_fill_random).

import { type Config, defaultConfig } from "./schema";

// 32 symbols, so a byte & 31 picks one without bias; no i, l, o, 1 to misread on a phone.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz023456789";
const GROUPS = 4;
const GROUP_LENGTH = 4; // 16 symbols x 5 bits = 80 bits

export const DEFAULT_USER = "digimon";

/** A readable random password like "k7qm-x3vp-9tfa-ec2h" (80 bits). */
export function randomPassword(randomBytes: (n: number) => Uint8Array): string {
	const count = GROUPS * GROUP_LENGTH;
	const bytes = randomBytes(count);
	if (!bytes || bytes.length < count) throw new RangeError("short random");
	let password = "";
	for (let i = 0; i < count; i++) {
		if (i > 0 && i % GROUP_LENGTH === 0) password += "-";
		password += ALPHABET[bytes[i] & 31];
	}
	return password;
}

/**
 * Defaults plus a separate login (`auth`) with user "digimon" and a random password: a PC has no
 * WiFi network whose password could serve as the login, as the device's does.
 */
export function createConfig(randomBytes: (n: number) => Uint8Array): Config {
	const config = defaultConfig();
	config.auth.user = DEFAULT_USER;
	config.auth.password = randomPassword(randomBytes);
	return config;
}
