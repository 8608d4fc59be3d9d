// GET and POST /v1/settings: what a household may read and change of config.json. A password is
// never sent, only whether one is set. A POST names only what it changes (an omitted password
// keeps the stored one); the result is checked as a whole by the same rules as config.json,
// stored by the host in one atomic write, and only then takes effect. Any error answers 400 with
// the field at fault and changes nothing.

import { type Check, wpaPassword } from "../config/checks";
import { fromObject } from "../config/parse";
import type { Config, ConfigError } from "../config/schema";
import { utf8Decode } from "../config/utf8";
import { isObject } from "../util/values";
import { expectedLogin } from "./auth";
import { Cache, errorMessage, errorResponse, jsonResponse } from "./responses";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";

/** Larger bodies get 413: every setting together is well under 1 KB. */
export const MAX_SETTINGS_BYTES = 4096;

/** When a change takes effect. */
const Effect = Object.freeze({ Now: 0, Restart: 1 } as const);
type Effect = (typeof Effect)[keyof typeof Effect];

interface Setting {
	readonly section: string;
	readonly key: string;
	readonly effect: Effect;
	/** Sent as `password_set`, never as itself. */
	readonly secret: boolean;
	/** Stricter than config.json accepts (which must still load files older tools wrote). */
	readonly check?: Check;
}

/** The settings in the order GET lists them; the value checks are those of config/parse.ts. */
const SETTINGS: readonly Setting[] = Object.freeze([
	setting("network", "device_name", Effect.Restart),
	setting("network", "dhcp", Effect.Restart),
	setting("network", "ip", Effect.Restart),
	setting("network", "gateway", Effect.Restart),
	setting("network", "subnet", Effect.Restart),
	setting("network", "dns", Effect.Restart),
	setting("wifi", "ssid", Effect.Restart),
	setting("wifi", "password", Effect.Restart, true, wpaPassword),
	setting("auth", "user", Effect.Now),
	setting("auth", "password", Effect.Now, true),
	setting("tariff", "grid_area", Effect.Now),
	setting("tariff", "price_eur_kw_year", Effect.Now),
	setting("tariff", "target_w", Effect.Now),
	setting("homewizard", "enabled", Effect.Now), // /api reads it per request
	setting("mqtt", "enabled", Effect.Restart),
	setting("mqtt", "host", Effect.Restart),
	setting("mqtt", "port", Effect.Restart),
	setting("mqtt", "user", Effect.Restart),
	setting("mqtt", "password", Effect.Restart, true),
	setting("mqtt", "topic", Effect.Restart),
	setting("raw_telegram", "enabled", Effect.Restart),
	setting("raw_telegram", "port", Effect.Restart),
	setting("mqtt", "interval_s", Effect.Restart),
	setting("mqtt", "discovery_prefix", Effect.Restart),
	setting("warning", "url", Effect.Now),
]);

/** Said whenever homewizard.enabled changes: switching it on opens the meter's figures to the whole network. */
export const HOMEWIZARD_NOTE =
	"the HomeWizard-compatible API under /api needs no login (as HomeWizard's own): while it is on, anyone on the network can read the meter";

/** The read-only key GET puts beside a password; a client may send it back, and it is ignored. */
const PASSWORD_SET = "password_set";

export function settings(_path: string, context: ApiContext, request: ApiRequest): ApiResponse {
	return request.method === "POST" ? change(context, request) : read(context.config());
}

/**
 * `{"network":{...},"wifi":{"ssid","password_set"},...}`. A plain value equal to a password (an
 * SSID chosen as the login password) is left out, as redact.ts does.
 */
function read(config: Config): ApiResponse {
	const passwords: string[] = [];
	for (const s of SETTINGS) {
		const value = settingOf(config, s);
		if (s.secret && typeof value === "string" && value !== "") passwords.push(value);
	}
	const out: Record<string, Record<string, unknown>> = {};
	for (const s of SETTINGS) {
		const part = out[s.section] ?? (out[s.section] = {});
		const value = settingOf(config, s);
		if (s.secret) part[PASSWORD_SET] = typeof value === "string" && value !== "";
		else if (typeof value !== "string" || passwords.indexOf(value) < 0) part[s.key] = value;
	}
	return jsonResponse(200, JSON.stringify(out), Cache.None);
}

function change(context: ApiContext, request: ApiRequest): ApiResponse {
	const body = request.body;
	if (body !== undefined && body.length > MAX_SETTINGS_BYTES) return errorResponse(413);
	const text = body === undefined ? "" : utf8Decode(body);
	if (text === undefined) return invalid("", "body is not utf-8");
	let root: unknown;
	try {
		root = JSON.parse(text);
	} catch {
		return invalid("", "body is not valid json");
	}
	if (!isObject(root)) return invalid("", "body must be a json object");
	const current = context.config();
	const next = JSON.parse(JSON.stringify(current)) as Record<string, Record<string, unknown>>; // a deep copy: the running config stays untouched until stored
	const changed: Setting[] = [];
	for (const section of Object.keys(root)) {
		const part = root[section];
		if (!hasSection(section)) return invalid(section, "unknown setting");
		if (!isObject(part)) return invalid(section, "must be an object");
		for (const key of Object.keys(part)) {
			if (key === PASSWORD_SET) continue;
			const s = find(section, key);
			if (s === undefined) return invalid(`${section}.${key}`, "unknown setting");
			const value = part[key];
			const message = s.check?.(value);
			if (message !== undefined) return invalid(`${section}.${key}`, message);
			if (value === next[section][key]) continue;
			next[section][key] = value;
			changed.push(s);
		}
	}
	const errors: ConfigError[] = [];
	const checked = fromObject(next, errors);
	if (errors.length > 0) return invalid(errors[0].field, errors[0].message);
	if (expectedLogin(checked) === undefined) return invalid("auth.password", "the change would leave no login");
	if (changed.length === 0) return answer(changed);
	if (context.saveConfig === undefined) return errorMessage(501, "settings cannot be changed on this host");
	try {
		context.saveConfig(checked);
	} catch {
		return errorMessage(500, "settings could not be stored; nothing changed");
	}
	return answer(changed);
}

/** `{"ok":true,"applied":[...],"pending":[...],"restart_needed":bool,"message":"..."}` */
function answer(changed: readonly Setting[]): ApiResponse {
	const applied: string[] = [];
	const pending: string[] = [];
	let login = false;
	let homeWizard = false;
	for (const s of changed) {
		(s.effect === Effect.Now ? applied : pending).push(`${s.section}.${s.key}`);
		if (s.section === "auth") login = true;
		if (s.section === "homewizard") homeWizard = true;
	}
	let message = changed.length === 0 ? "nothing changed" : pending.length === 0 ? "saved and applied" : "saved";
	if (pending.length > 0) message += `; ${pending.join(", ")} take effect after a restart`;
	if (login) message += "; log in again with the new login";
	if (homeWizard) message += `; ${HOMEWIZARD_NOTE}`;
	const body = { ok: true, applied, pending, restart_needed: pending.length > 0, message };
	return jsonResponse(200, JSON.stringify(body), Cache.None);
}

function invalid(field: string, message: string): ApiResponse {
	return jsonResponse(400, JSON.stringify({ error: message, field }), Cache.None);
}

function settingOf(config: Config, s: Setting): unknown {
	const section = config[s.section] as Record<string, unknown> | undefined;
	return section === undefined ? undefined : section[s.key];
}

function find(section: string, key: string): Setting | undefined {
	for (const s of SETTINGS) if (s.section === section && s.key === key) return s;
	return undefined;
}

function hasSection(section: string): boolean {
	for (const s of SETTINGS) if (s.section === section) return true;
	return false;
}

function setting(section: string, key: string, effect: Effect, secret = false, check?: Check): Setting {
	return Object.freeze({ section, key, effect, secret, check });
}
