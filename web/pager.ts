// The navigation bar of the history views: links to neighbouring quarters, days, months; back to
// now; the jump to the month's peak quarter; a date picker. Targets come from nav.ts.

import { useState } from "preact/hooks";
import { getJson } from "./api";
import { html } from "./html";
import type { Texts } from "./i18n";
import { quarterHash, summaryPath } from "./nav";
import { hashOf } from "./router";

/** [label, hash] of a link; null leaves a gap. */
export type Link = [string, string] | null;

interface Props {
	links: Link[];
	t: Texts;
	/** The month ("2026-10") whose peak quarter the peak button opens; absent: no button. */
	peakMonth?: string;
	/** The day the date picker shows. */
	date?: string;
}

export function Pager({ links, t, peakMonth, date }: Props) {
	const [note, setNote] = useState("");
	const toPeak = async () => {
		const month = await getJson<{ peak_quarter_id: number | null }>(summaryPath(peakMonth ?? ""));
		const id = month.ok ? month.data.peak_quarter_id : null;
		if (id === null) setNote(t.noPeak);
		else location.hash = quarterHash(id);
	};
	return html`<nav class="pager">
		${links.map((l) => (l === null ? null : html`<a class="btn" href=${l[1]}>${l[0]}</a>`))}
		${peakMonth === undefined ? null : html`<button type="button" class="btn" onClick=${toPeak}>${t.monthPeak}</button>`}
		<input
			type="date"
			aria-label=${t.pickDay}
			value=${date ?? ""}
			onChange=${(e: Event) => {
				const v = (e.target as HTMLInputElement).value;
				if (v !== "") location.hash = hashOf("day", v);
			}}
		/>
		${note === "" ? null : html`<span class="note">${note}</span>`}
	</nav>`;
}
