// A day: its quarter averages as bars (92 or 100 on DST days, at their UTC starts, so the repeated
// autumn hour is two hours of bars), the peak marked, imported and exported energy (also per
// tariff, when the summary has it). A tap on a bar opens that quarter. "#/day/2026-10-25"; without
// a date, today in Brussels.

import { useMemo } from "preact/hooks";
import type { DaySummary } from "../src/core/history/summaries";
import { getJson } from "./api";
import { BarChart } from "./chart";
import { tariffRows } from "./day-tariffs";
import { formatClock, formatDate, formatEnergy, formatPower, type Lang } from "./format";
import { html } from "./html";
import { TEXT } from "./i18n";
import { localDate, quarterHash, shiftDate, summaryPath } from "./nav";
import { ProblemNote } from "./now";
import { Pager } from "./pager";
import { usePoll } from "./poll";
import { hashOf } from "./router";
import { FLOOR_W, ZONES } from "./zones";

export function DayView({ lang, args }: { lang: Lang; args: string[] }) {
	const t = TEXT[lang];
	const date = /^\d{4}-\d\d-\d\d$/.test(args[0] ?? "") ? args[0] : localDate(Date.now());
	const answer = usePoll(() => getJson<DaySummary>(summaryPath(date)), 0, date);
	const links: [string, string][] = [
		["‹ " + t.day, hashOf("day", shiftDate(date, -1))],
		[t.now, hashOf("now")],
		[t.day + " ›", hashOf("day", shiftDate(date, 1))],
		[t.month, hashOf("month", date.slice(0, 7))],
	];
	const body =
		answer === undefined
			? html`<p class="state">…</p>`
			: answer.ok
				? html`<${DayBody} s=${answer.data} lang=${lang} />`
				: html`<${ProblemNote} problem=${answer.problem} t=${t} missing=${t.missing.day} />`;
	return html`<${Pager} links=${links} t=${t} peakMonth=${date.slice(0, 7)} date=${date} />
		<h2>${formatDate(date, lang)}</h2>
		${body}`;
}

function DayBody({ s, lang }: { s: DaySummary; lang: Lang }) {
	const t = TEXT[lang];
	const data = useMemo(
		() =>
			[s.start_s, s.energy_avg_w, s.energy_produced_avg_w.map((w) => (w ? -w : w))] as [
				number[],
				(number | null)[],
				(number | null)[],
			],
		[s],
	);
	const peak = s.peak_quarter_id === null ? -1 : s.quarter_id.indexOf(s.peak_quarter_id);
	const lines = [{ w: FLOOR_W, label: formatPower(FLOOR_W, lang), colour: ZONES[0].colour }];
	return html`<dl class="figures">
			<div><dt>${t.peak}</dt><dd>${t.peakAt(formatPower(s.peak_w, lang), formatClock((s.peak_start_s ?? NaN) * 1000, lang))}</dd></div>
			<div><dt>${t.imported}</dt><dd>${formatEnergy(s.import_kwh * 1000, lang)}</dd></div>
			<div><dt>${t.exported}</dt><dd>${formatEnergy(s.export_kwh * 1000, lang)}</dd></div>
			${tariffRows(s, lang).map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}
		</dl>
		<${BarChart}
			data=${data}
			lines=${lines}
			names=${t}
			lang=${lang}
			mark=${peak < 0 ? undefined : peak}
			onPick=${(i: number) => {
				location.hash = quarterHash(s.quarter_id[i]);
			}}
		/>`;
}
