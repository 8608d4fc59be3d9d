// The Export view: the CSV of a day, a month or a range of days as a download link.

import { useState } from "preact/hooks";
import { exportUrl, type Period, type Separator } from "./export-url";
import type { Lang } from "./format";
import { html } from "./html";
import { PAGE_TEXT } from "./i18n";
import { localDate } from "./nav";

const PERIODS: readonly Period[] = Object.freeze(["date", "month", "range"]);
const SEPARATORS: readonly Separator[] = Object.freeze(["semicolon", "comma"]);

export function ExportView({ lang }: { lang: Lang }) {
	const t = PAGE_TEXT[lang];
	const today = localDate(Date.now());
	const [period, setPeriod] = useState<Period>("month");
	const [sep, setSep] = useState<Separator>("semicolon");
	const [day, setDay] = useState(today);
	const [month, setMonth] = useState(today.slice(0, 7));
	const [from, setFrom] = useState(today.slice(0, 8) + "01");
	const [to, setTo] = useState(today);
	const url = exportUrl(period, period === "date" ? day : period === "month" ? month : from, to, sep);
	const input = (type: string, value: string, set: (v: string) => void, label: string) =>
		html`<label>${label} <input type=${type} value=${value} max=${type === "month" ? today.slice(0, 7) : today} onInput=${(e: Event) => set((e.target as HTMLInputElement).value)} /></label>`;
	const radios = <T extends string>(
		name: string,
		values: readonly T[],
		current: T,
		set: (v: T) => void,
		text: Readonly<Record<T, string>>,
	) =>
		html`<fieldset class="choices">${values.map(
			(v) =>
				html`<label><input type="radio" name=${name} checked=${v === current} onChange=${() => set(v)} /> ${text[v]}</label>`,
		)}</fieldset>`;
	return html`<h2>${t.export}</h2>
		<p>${t.exportIntro}</p>
		<form class="settings" onSubmit=${(e: Event) => e.preventDefault()}>
			${radios("period", PERIODS, period, setPeriod, t.periods)}
			${
				period === "date"
					? input("date", day, setDay, t.periods.date)
					: period === "month"
						? input("month", month, setMonth, t.periods.month)
						: html`${input("date", from, setFrom, t.from)}${input("date", to, setTo, t.to)}`
			}
			${radios("sep", SEPARATORS, sep, setSep, t.separators)}
		</form>
		${typeof url === "string" ? html`<p><a class="button" href=${url} download>${t.download}</a></p>` : html`<p class="err" role="alert">${t.exportErrors[url.error]}</p>`}`;
}
