// The Update view: a firmware file checked, sent with a progress bar, and the device's answer.

import { useState } from "preact/hooks";
import { firmwareError, uploadFirmware, uploadResult } from "./firmware";
import type { Lang } from "./format";
import { html } from "./html";
import { PAGE_TEXT } from "./i18n";

export function UpdateView({ lang }: { lang: Lang }) {
	const t = PAGE_TEXT[lang];
	const [file, setFile] = useState<File | undefined>(undefined);
	const [progress, setProgress] = useState<number | undefined>(undefined);
	const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>(undefined);
	const choose = async (e: Event) => {
		const chosen = (e.target as HTMLInputElement).files?.[0];
		setFile(undefined);
		setResult(undefined);
		if (chosen === undefined) return;
		const first = new Uint8Array(await chosen.slice(0, 1).arrayBuffer())[0];
		const error = firmwareError(chosen.size, first);
		if (error === undefined) setFile(chosen);
		else setResult({ ok: false, text: t.firmwareErrors[error] });
	};
	const send = async () => {
		if (file === undefined) return;
		setResult(undefined);
		setProgress(0);
		const answer = await uploadFirmware(file, setProgress);
		setProgress(undefined);
		setResult(uploadResult(answer, lang));
	};
	const busy = progress !== undefined;
	return html`<h2>${t.update}</h2>
		<p>${t.updateIntro}</p>
		<form class="settings" onSubmit=${(e: Event) => e.preventDefault()}>
			<input type="file" accept=".bin,application/octet-stream" disabled=${busy} onChange=${choose} />
			<button type="button" disabled=${busy || file === undefined} onClick=${send}>${t.upload}</button>
		</form>
		${busy ? html`<progress max="1" value=${progress}></progress><p>${t.uploading(Math.round(progress * 100))}</p>` : null}
		${result === undefined ? null : html`<p class=${result.ok ? "note" : "warning"} role="status">${result.text}</p>`}`;
}
