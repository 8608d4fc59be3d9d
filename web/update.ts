// The Update view: a firmware file checked, sent as the raw body with a progress bar (by
// XMLHttpRequest: fetch() reports no upload progress), and the device's answer.

import { useState } from "preact/hooks";
import { firmwareError, type Uploaded, uploadResult } from "./firmware";
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

/** POST /update from the page's origin; status 0 when the device was not reached. */
export function uploadFirmware(file: Blob, progress: (fraction: number) => void): Promise<Uploaded> {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		xhr.open("POST", location.origin + "/update");
		xhr.setRequestHeader("content-type", "application/octet-stream");
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) progress(e.loaded / e.total);
		};
		xhr.onload = () => {
			let error = "";
			try {
				const body = JSON.parse(xhr.responseText) as { error?: unknown };
				if (typeof body.error === "string") error = body.error;
			} catch {
				// not JSON: the status says enough
			}
			resolve({ status: xhr.status, error });
		};
		xhr.onerror = () => resolve({ status: 0, error: "" });
		xhr.send(file);
	});
}
