// A past (or the running) quarter: its 5 s slots, billed average and energy, with its S/W flag.
// "#/quarter/2026-10-25/0215W"; the API is asked by quarter_id, so the repeated autumn hour is exact.

import { useMemo } from "preact/hooks";
import { getJson, type QuarterFile } from "./api";
import { BarChart } from "./chart";
import { formatDate, formatEnergy, formatPower, formatTime, type Lang } from "./format";
import { html } from "./html";
import { TEXT } from "./i18n";
import { dayStep, idDate, idMonthKey, quarterHash, quarterOfArgs, quarterStep } from "./nav";
import { ProblemNote } from "./now";
import { Pager } from "./pager";
import { usePoll } from "./poll";
import { hashOf } from "./router";
import { FLOOR_W, quarterSeries, ZONES } from "./zones";

/** GET /v1/quarter?id= (src/core/api/quarter-view.ts). */
interface QuarterAnswer {
	running: boolean;
	quarter: QuarterFile & {
		end?: string;
		consumed_power_avg?: number;
		energy_avg_w?: number | null;
		energy_produced_avg_w?: number | null;
		complete?: boolean;
	};
}

export function QuarterView({ lang, args }: { lang: Lang; args: string[] }) {
	const t = TEXT[lang];
	const id = quarterOfArgs(args);
	const answer = usePoll(() => getJson<QuarterAnswer>("/v1/quarter?id=" + id), 0, String(id));
	if (id === undefined) return html`<p class="state">${t.missing.quarter}</p>`;
	const date = idDate(id);
	const summer = (id & 0x80) !== 0;
	const links: [string, string][] = [
		["« " + t.day, quarterHash(dayStep(id, -1))],
		["‹ " + t.quarterWord, quarterHash(quarterStep(id, -1))],
		[t.now, hashOf("now")],
		[t.quarterWord + " ›", quarterHash(quarterStep(id, 1))],
		[t.day + " »", quarterHash(dayStep(id, 1))],
		[formatDate(date, lang), hashOf("day", date)],
	];
	const pager = html`<${Pager} links=${links} t=${t} peakMonth=${idMonthKey(id)} date=${date} />`;
	if (answer === undefined) return html`${pager}<p class="state">…</p>`;
	if (!answer.ok) return html`${pager}<${ProblemNote} problem=${answer.problem} t=${t} missing=${t.missing.quarter} />`;
	const q = answer.data.quarter;
	const produced = q.energy_produced_avg_w;
	return html`${pager}
		<h2>${t.quarter(formatTime(q.start, lang), formatTime(q.end, lang))} · ${formatDate(date, lang)} · ${t.dst(summer)}</h2>
		${answer.data.running ? html`<p>${t.running}</p>` : null}
		${q.complete === false ? html`<p class="note">${t.incomplete}</p>` : null}
		<dl class="figures">
			<div><dt>${t.billed}</dt><dd>${formatPower(q.energy_avg_w, lang)}</dd></div>
			<div><dt>${t.meanPower}</dt><dd>${formatPower(q.consumed_power_avg, lang)}</dd></div>
			<div><dt>${t.imported}</dt><dd>${formatEnergy(q.energy_avg_w === null || q.energy_avg_w === undefined ? null : q.energy_avg_w / 4, lang)}</dd></div>
			<div><dt>${t.exported}</dt><dd>${formatEnergy(produced === null || produced === undefined ? null : produced / 4, lang)}</dd></div>
		</dl>
		<${Slots} q=${q} lang=${lang} />`;
}

function Slots({ q, lang }: { q: QuarterFile; lang: Lang }) {
	const t = TEXT[lang];
	const data = useMemo(
		() =>
			quarterSeries(
				q.start ?? "",
				q.interval_secs ?? 5,
				q.consumed_power_interval_avgs ?? [],
				q.produced_power_interval_avgs ?? [],
				900 / (q.interval_secs ?? 5),
			),
		[q],
	);
	const lines = [{ w: FLOOR_W, label: formatPower(FLOOR_W, lang), colour: ZONES[0].colour }];
	return html`<${BarChart} data=${data} lines=${lines} names=${t} lang=${lang} />`;
}
