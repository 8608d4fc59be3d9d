// The Now view: the live power, the running quarter, its allowance and the month peak.

import { useMemo } from "preact/hooks";
import { getJson, type Now, type Problem, type QuarterFile, type Result } from "./api";
import { BarChart, type Line } from "./chart";
import { formatEnergy, formatPower, formatSeconds, formatTime, type Lang } from "./format";
import { html } from "./html";
import { allowanceSentence, TEXT, type Texts } from "./i18n";
import { idDate, idMonthKey, quarterHash, quarterStep } from "./nav";
import { Pager } from "./pager";
import { usePoll } from "./poll";
import { hashOf } from "./router";
import { FLOOR_W, quarterSeries, ZONES } from "./zones";

const REFRESH_MS = 5000;
const SLOTS = 180;

interface Live {
	now: Result<Now>;
	quarter: Result<QuarterFile>;
}

async function load(): Promise<Live> {
	const [now, quarter] = await Promise.all([getJson<Now>("/v1/now"), getJson<QuarterFile>("/current/quarter")]);
	return { now, quarter };
}

export function NowView({ lang }: { lang: Lang }) {
	const live = usePoll(load, REFRESH_MS);
	const t = TEXT[lang];
	if (live === undefined) return html`<p class="state">…</p>`;
	if (!live.now.ok) return html`<${ProblemNote} problem=${live.now.problem} t=${t} />`;
	const now = live.now.data;
	if (now.quarter_id === null && now.import_w === null)
		return html`<${ProblemNote} problem=${{ kind: "noData" }} t=${t} />`;
	return html`
		${now.warning ? html`<p class="warning" role="alert">${t.warning(formatPower(now.limit_w, lang))}</p>` : null}
		${now.quarter_id === null ? null : html`<${NowPager} id=${now.quarter_id} t=${t} />`}
		<section class="power">
			<div class="big import"><span class="label">${t.importing}</span><span class="value">${formatPower(now.import_w, lang)}</span></div>
			<div class="big export"><span class="label">${t.exporting}</span><span class="value">${formatPower(now.export_w, lang)}</span></div>
		</section>
		${now.phases.length > 1 ? html`<${Phases} now=${now} lang=${lang} />` : null}
		<p class="allowance">${allowanceSentence(now.allowance_w, now.end, lang, now.limit_w)}</p>
		<h2>${t.quarter(formatTime(now.start, lang), formatTime(now.end, lang))}</h2>
		<dl class="figures">
			<div><dt>${t.average}</dt><dd>${formatPower(now.average_w, lang)}</dd></div>
			<div><dt>${t.projected}</dt><dd class=${now.warning ? "alarm" : ""}>${formatPower(now.projection_w, lang)}</dd></div>
			<div><dt>${t.left}</dt><dd>${formatSeconds(now.left_s)}</dd></div>
			<div><dt>${t.energy}</dt><dd>${formatEnergy(now.energy_wh, lang)}</dd></div>
			<div><dt>${t.monthPeak}</dt><dd>${formatPower(now.month_peak_w, lang)}</dd></div>
			${now.target_w === null ? null : html`<div><dt>${t.target}</dt><dd>${formatPower(now.target_w, lang)}</dd></div>`}
		</dl>
		${live.quarter.ok ? html`<${Chart} quarter=${live.quarter.data} now=${now} lang=${lang} t=${t} />` : null}
	`;
}

/** Back to the previous quarter, today, the month's peak, another day. */
function NowPager({ id, t }: { id: number; t: Texts }) {
	const date = idDate(id);
	const links: [string, string][] = [
		["‹ " + t.quarterWord, quarterHash(quarterStep(id, -1))],
		[t.day, hashOf("day", date)],
	];
	return html`<${Pager} links=${links} t=${t} peakMonth=${idMonthKey(id)} date=${date} />`;
}

function Phases({ now, lang }: { now: Now; lang: Lang }) {
	const t = TEXT[lang];
	return html`<table class="phases">
		<tbody>
			${now.phases.map(
				(p) =>
					html`<tr><th>${t.phase(p.phase)}</th><td>${formatPower(p.import_w, lang)}</td><td>${p.export_w ? "−" + formatPower(p.export_w, lang) : ""}</td></tr>`,
			)}
		</tbody>
	</table>`;
}

function Chart({ quarter, now, lang, t }: { quarter: QuarterFile; now: Now; lang: Lang; t: Texts }) {
	const data = useMemo(
		() =>
			quarterSeries(
				quarter.start ?? now.start ?? new Date().toISOString(),
				quarter.interval_secs ?? 5,
				quarter.consumed_power_interval_avgs ?? [],
				quarter.produced_power_interval_avgs ?? [],
				SLOTS,
			),
		[quarter],
	);
	const lines: Line[] = [{ w: FLOOR_W, label: formatPower(FLOOR_W, lang), colour: ZONES[0].colour }];
	if (now.month_peak_w !== null && now.month_peak_w > FLOOR_W)
		lines.push({ w: now.month_peak_w, label: t.monthPeak, colour: ZONES[2].colour });
	if (now.target_w !== null) lines.push({ w: now.target_w, label: t.target, colour: ZONES[3].colour });
	return html`<${BarChart} data=${data} lines=${lines} names=${t} lang=${lang} />`;
}

/** What a view shows instead of data; `missing` names what a 404 lacks ("no data for that day"). */
export function ProblemNote({ problem, t, missing }: { problem: Problem; t: Texts; missing?: string }) {
	const text =
		problem.kind === "noData"
			? t.noData
			: problem.kind === "login"
				? t.notLoggedIn
				: problem.kind === "unreachable"
					? t.unreachable
					: problem.status === 404 && missing !== undefined
						? missing
						: t.failed(problem.status);
	return html`<p class=${"state " + problem.kind} role="status">${text}</p>`;
}
