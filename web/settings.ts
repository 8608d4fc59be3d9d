// The Settings view: every setting of GET /v1/settings as a form; a save posts only what changed
// and shows the API's verdict next to the field at fault. A password is never shown, only
// whether one is set. The Setup view uses the same form for its fields.

import { useEffect, useState } from "preact/hooks";
import { getJson, type Result } from "./api";
import type { Lang } from "./format";
import { html } from "./html";
import { PAGE_TEXT, TEXT } from "./i18n";
import { ProblemNote } from "./now";
import { hashOf } from "./router";
import { postJson } from "./send";
import {
	changesOf,
	type Draft,
	draftOf,
	type Field,
	fieldsOf,
	isShown,
	refusal,
	type Settings,
	savedSentences,
} from "./settings-form";

interface FormProps {
	lang: Lang;
	/** The fields to ask, in this order; all when absent. */
	only?: readonly string[];
	/** Shown above the fields, e.g. the WiFi networks to choose from. */
	top?: (set: (id: string, value: string) => void) => unknown;
}

export function SettingsForm({ lang, only, top }: FormProps) {
	const t = PAGE_TEXT[lang];
	const [loaded, setLoaded] = useState<Result<Settings> | undefined>(undefined);
	const [draft, setDraft] = useState<Draft>({});
	const [errors, setErrors] = useState<Record<string, string>>({});
	const [note, setNote] = useState<{ text: string; bad?: boolean } | undefined>(undefined);
	const [busy, setBusy] = useState(false);
	const load = async () => {
		const result = await getJson<Settings>("/v1/settings");
		if (result.ok) setDraft(draftOf(result.data, fieldsOf(result.data), lang));
		setLoaded(result);
	};
	useEffect(() => void load(), []);
	if (loaded === undefined) return html`<p class="state">…</p>`;
	if (!loaded.ok) return html`<${ProblemNote} problem=${loaded.problem} t=${TEXT[lang]} />`;
	const settings = loaded.data;
	const all = fieldsOf(settings);
	const fields =
		only === undefined
			? all
			: all.filter((f) => only.includes(f.id)).sort((a, b) => only.indexOf(a.id) - only.indexOf(b.id));
	const label = (id: string) => t.fields[id] ?? id;
	const set = (id: string, value: string | boolean) => setDraft((d) => ({ ...d, [id]: value }));

	const save = async (e: Event) => {
		e.preventDefault();
		const { body, invalid } = changesOf(fields, settings, draft, lang);
		setNote(undefined);
		setErrors(Object.fromEntries(invalid.map((id) => [id, t.notNumber])));
		if (invalid.length > 0) return;
		if (Object.keys(body).length === 0) return setNote({ text: t.unchanged });
		setBusy(true);
		const sent = await postJson("/v1/settings", body);
		setBusy(false);
		if (sent.status === 200) {
			setNote({ text: savedSentences(sent.body, label, lang).join(" ") });
			return load();
		}
		const { field, text } = refusal(sent.status, sent.body, lang);
		if (fields.some((f) => f.id === field) && isShown(field, draft)) {
			setErrors({ [field]: text });
			document.getElementById("f-" + field)?.focus();
		} else setNote({ text: (field === "" ? "" : label(field) + ": ") + text, bad: true });
	};

	let section = "";
	return html`<form class="settings" onSubmit=${save} novalidate>
		${top?.(set)}
		${fields.map((f) => {
			if (!isShown(f.id, draft)) return null;
			const head = f.section === section ? null : html`<h3>${t.sections[f.section] ?? f.section}</h3>`;
			section = f.section;
			return html`${head}<${Input} f=${f} draft=${draft} set=${set} lang=${lang} settings=${settings} error=${errors[f.id]} />`;
		})}
		${note === undefined ? null : html`<p class=${note.bad ? "warning" : "note"} role="status">${note.text}</p>`}
		<button type="submit" disabled=${busy}>${busy ? t.saving : t.save}</button>
	</form>`;
}

interface InputProps {
	f: Field;
	draft: Draft;
	set: (id: string, value: string | boolean) => void;
	lang: Lang;
	settings: Settings;
	error: string | undefined;
}

function Input({ f, draft, set, lang, settings, error }: InputProps) {
	const t = PAGE_TEXT[lang];
	const id = "f-" + f.id;
	const value = draft[f.id];
	const text = (e: Event) => set(f.id, (e.target as HTMLInputElement).value);
	const name = t.fields[f.id] ?? f.id;
	if (f.kind === "bool")
		return html`<label class="check"><input id=${id} type="checkbox" checked=${value === true} onChange=${(e: Event) => set(f.id, (e.target as HTMLInputElement).checked)} /> ${name}</label>${error ? html`<p class="err">${error}</p>` : null}`;
	const hint = f.id === "network.device_name" ? t.reachAs(String(value)) : t.hints[f.id];
	let input: unknown;
	if (f.kind === "secret")
		input = html`<input id=${id} type="password" autocomplete="new-password" placeholder=${t.keepPassword} value=${value} onInput=${text} />`;
	else
		input = html`<input id=${id} type="text" inputmode=${f.kind === "number" ? "decimal" : undefined} autocapitalize="none" autocomplete="off" spellcheck=${false} value=${value} onInput=${text} />`;
	const set_ = f.kind === "secret" ? ` (${t.passwordSet(settings[f.section].password_set === true)})` : "";
	return html`<label for=${id}>${name}${set_}</label>${input}${hint ? html`<small>${hint}</small>` : null}${error ? html`<p class="err" role="alert">${error}</p>` : null}`;
}

export function SettingsView({ lang }: { lang: Lang }) {
	const t = PAGE_TEXT[lang];
	return html`<h2>${t.settings}</h2>
		<${SettingsForm} lang=${lang} />
		<p class="links"><a href=${hashOf("setup")}>${t.setup}</a> · <a href=${hashOf("update")}>${t.update}</a></p>`;
}
