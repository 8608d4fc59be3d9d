// The config as it may leave the device (setup portal, diagnostics): no secret, ever.
// Keys we do not know are judged by name, since a newer firmware may have added its own secrets.

import type { Config } from "./schema";

const SECRET_WORDS = Object.freeze(["pass", "secret", "token", "psk", "key", "credential"]);
/** Sections whose `password` is told only as `password_set`. */
const PASSWORD_SECTIONS = Object.freeze(["wifi", "auth", "mqtt"] as const);
const MAX_DEPTH = 8; // deeper than any real config; a hostile file cannot make the walk recurse far

/**
 * A copy of `config` without secrets: `wifi.password`, `auth.password` and `mqtt.password` become
 * `password_set: boolean`; any other key whose name looks secret, and any key or string equal to
 * one of the passwords, is left out.
 */
export function redactConfig(config: Config): Record<string, unknown> {
	const passwords: string[] = [];
	if (config.wifi.password !== "") passwords.push(config.wifi.password);
	if (config.auth.password !== "") passwords.push(config.auth.password);
	if (config.mqtt?.password) passwords.push(config.mqtt.password);
	const copy = copyWithout(config, passwords, 0) as Record<string, unknown>;
	for (const section of PASSWORD_SECTIONS) markSet(copy, section, config[section]?.password);
	return copy;
}

/** True when `name` is the name of a value that must not leave the device. */
export function isSecretName(name: string): boolean {
	const lower = name.toLowerCase();
	for (const word of SECRET_WORDS) if (lower.indexOf(word) >= 0) return true;
	return false;
}

function copyWithout(value: unknown, passwords: readonly string[], depth: number): unknown {
	if (typeof value === "string") return passwords.indexOf(value) >= 0 ? undefined : value;
	if (typeof value !== "object" || value === null) return value;
	if (depth >= MAX_DEPTH) return undefined;
	if (Array.isArray(value)) {
		const out: unknown[] = [];
		for (const item of value) {
			const copy = copyWithout(item, passwords, depth + 1);
			out.push(copy === undefined ? null : copy);
		}
		return out;
	}
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(value)) {
		if (isSecretName(key) || passwords.indexOf(key) >= 0) continue;
		const copy = copyWithout((value as Record<string, unknown>)[key], passwords, depth + 1);
		if (copy !== undefined)
			Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true }); // "__proto__" stays data
	}
	return out;
}

function markSet(copy: Record<string, unknown>, section: string, password: string | undefined): void {
	const target = copy[section];
	if (typeof target === "object" && target !== null)
		(target as Record<string, unknown>).password_set = typeof password === "string" && password !== "";
}
