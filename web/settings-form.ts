// The settings form without a browser: the fields of a GET /v1/settings answer, what the form
// holds, the partial body a save posts, and the API's answers as the sentences the form shows.
// Pure, so jest tests it.

import type { Lang } from "./format";
import { apiMessage, PAGE_TEXT } from "./i18n";

/** GET /v1/settings: sections of values; a password only as `password_set`. */
export type Settings = Record<string, Record<string, unknown>>;

export type Kind = "bool" | "number" | "text" | "secret";

export interface Field {
	/** "section.key" as the API names it in an error. */
	readonly id: string;
	readonly section: string;
	readonly key: string;
	readonly kind: Kind;
}

/** What the inputs hold: the text typed (numbers too) or a checkbox; a secret is "" until typed. */
export type Draft = Record<string, string | boolean>;

/** Numbers that may be null (then the GET value says nothing of their type). */
const NUMBERS: readonly string[] = Object.freeze(["tariff.price_eur_kw_year", "tariff.target_w"]);
/** Fields asked only while their switch is in this state. */
const SHOWN_WHEN: Readonly<Record<string, readonly [string, boolean]>> = Object.freeze({
	"network.ip": ["network.dhcp", false],
	"network.subnet": ["network.dhcp", false],
	"network.gateway": ["network.dhcp", false],
	"network.dns": ["network.dhcp", false],
	"mqtt.host": ["mqtt.enabled", true],
	"mqtt.port": ["mqtt.enabled", true],
	"mqtt.user": ["mqtt.enabled", true],
	"mqtt.password": ["mqtt.enabled", true],
	"mqtt.topic": ["mqtt.enabled", true],
	"raw_telegram.port": ["raw_telegram.enabled", true],
	"mqtt.interval_s": ["mqtt.enabled", true],
	"mqtt.discovery_prefix": ["mqtt.enabled", true],
});
const PASSWORD_SET = "password_set";

/** Every field of the answer in its order; settings added to the API later get a plain input. */
export function fieldsOf(settings: Settings): Field[] {
	const fields: Field[] = [];
	for (const section of Object.keys(settings)) {
		const part = settings[section];
		for (const name of Object.keys(part)) {
			const key = name === PASSWORD_SET ? "password" : name;
			const id = section + "." + key;
			const value = part[name];
			const kind: Kind =
				name === PASSWORD_SET
					? "secret"
					: typeof value === "boolean"
						? "bool"
						: typeof value === "number" || NUMBERS.indexOf(id) >= 0
							? "number"
							: "text";
			fields.push({ id, section, key, kind });
		}
	}
	return fields;
}

/** What the inputs start with: numbers with the reader's decimal mark, no password. */
export function draftOf(settings: Settings, fields: readonly Field[], lang: Lang): Draft {
	const draft: Draft = {};
	for (const f of fields) {
		const value = settings[f.section][f.key];
		draft[f.id] =
			f.kind === "secret"
				? ""
				: typeof value === "boolean"
					? value
					: value === null
						? ""
						: typeof value === "number"
							? String(value).replace(".", DECIMAL[lang])
							: String(value);
	}
	return draft;
}

const DECIMAL: Readonly<Record<Lang, string>> = Object.freeze({ nl: ",", en: "." });

/**
 * A typed number, NaN when it is none. The reader's decimal mark, the other one grouping
 * thousands ("4.000" is 4000 in Dutch); the other one alone, not in groups of three, is taken as
 * a decimal mark too ("53.26" in Dutch), since phones offer it.
 */
export function parseNumber(text: string, lang: Lang): number {
	const decimal = DECIMAL[lang];
	const group = decimal === "," ? "." : ",";
	const t = text.replace(/\s/g, "");
	const grouped = new RegExp("^-?\\d{1,3}(\\" + group + "\\d{3})+(\\" + decimal + "\\d+)?$").test(t);
	const plain = grouped ? t.split(group).join("") : t;
	return /^-?\d+([.,]\d+)?$/.test(plain) ? Number(plain.replace(",", ".")) : NaN;
}

/** False for a field its switch turns off (a static address while DHCP is on). */
export function isShown(id: string, draft: Draft): boolean {
	const rule = SHOWN_WHEN[id];
	return rule === undefined || draft[rule[0]] === rule[1];
}

/**
 * The body a save posts: only what differs from `settings`, a secret only when typed, "" in a
 * number field as null. `invalid` lists the number fields whose text is no number.
 */
export function changesOf(
	fields: readonly Field[],
	settings: Settings,
	draft: Draft,
	lang: Lang,
): { body: Settings; invalid: string[] } {
	const body: Settings = {};
	const invalid: string[] = [];
	for (const f of fields) {
		const typed = draft[f.id];
		let value: unknown = typed;
		if (f.kind === "secret") {
			if (typed === "") continue;
		} else if (f.kind === "number") {
			const text = String(typed).trim();
			value = text === "" ? null : parseNumber(text, lang);
			if (value !== null && !Number.isFinite(value)) {
				invalid.push(f.id);
				continue;
			}
			if (value === settings[f.section][f.key]) continue;
		} else if (value === settings[f.section][f.key]) continue;
		(body[f.section] ??= {})[f.key] = value;
	}
	return { body, invalid };
}

/** A refused save: the field at fault ("" for the form as a whole) and the sentence to show there. */
export function refusal(status: number, answer: Record<string, unknown>, lang: Lang): { field: string; text: string } {
	const t = PAGE_TEXT[lang];
	const error = typeof answer.error === "string" ? answer.error : "";
	if (status === 400)
		return { field: typeof answer.field === "string" ? answer.field : "", text: apiMessage(error, lang) };
	if (status === 0) return { field: "", text: t.unsaved };
	if (status === 401) return { field: "", text: t.loginFirst };
	if (status === 501) return { field: "", text: t.readOnly };
	return { field: "", text: t.error(status, error) };
}

/** The sentences after a save: what took effect, what waits for a restart, a new login. */
export function savedSentences(answer: Record<string, unknown>, label: (id: string) => string, lang: Lang): string[] {
	const t = PAGE_TEXT[lang];
	const applied = Array.isArray(answer.applied) ? (answer.applied as string[]) : [];
	const pending = Array.isArray(answer.pending) ? (answer.pending as string[]) : [];
	if (applied.length + pending.length === 0) return [t.unchanged];
	const out = [t.saved];
	if (pending.length > 0) out.push(t.afterRestart(pending.map(label).join(", ")));
	if ([...applied, ...pending].some((id) => id.startsWith("auth."))) out.push(t.newLogin);
	return out;
}
