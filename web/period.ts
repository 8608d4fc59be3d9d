// A month ("#/month/2026-10") or a year ("#/year/2026"): the peak of each day or month as bars
// (tap one to open it), energy per row, our peak beside the meter's, and the capacity tariff:
// the 12-month average, its cost, the 2.5 kW floor and the grid area's price.

import { useMemo } from "preact/hooks";
import { pad2 } from "../src/core/time/keys";
import { getJson, type Result } from "./api";
import { BarChart, type Series } from "./chart";
import { formatEnergy, formatEuro, formatMonth, formatPower, type Lang } from "./format";
import { html } from "./html";
import { TEXT, type Texts } from "./i18n";
import { localDate, shiftMonth, summaryPath } from "./nav";
import { ProblemNote } from "./now";
import { Pager } from "./pager";
import { usePoll } from "./poll";
import { hashOf } from "./router";
import { FLOOR_W, ZONES } from "./zones";

/** The columns of a month.json (day_*) or year.json (month_*) that the view reads, by their short name. */
interface Columns {
	peak_w: number | null;
	meter_peak_w?: number | null;
	/** Day or month numbers, and per entry: import, export (kWh), our peak, the meter's (W). */
	x: number[];
	im: number[];
	ex: number[];
	peak: (number | null)[];
	meter: (number | null)[] | undefined;
}

/** GET /v1/capacity (src/core/api/capacity.ts), the fields shown. */
interface Capacity {
	area: string;
	tariff_year: number | null;
	eur_per_kw_year: number | null;
	floor_w: number;
	rounding_w: number;
	average_w: number | null;
	average_months: number;
	eur_per_year: number | null;
	eur_per_month: number | null;
}

interface Period {
	/** The key from the address, or the current one. */
	key: (arg: string | undefined) => string;
	shift: (key: string, n: number) => string;
	title: (key: string, lang: Lang) => string;
	/** The link one level up, if any. */
	up: (key: string, t: Texts) => [string, string] | null;
	word: (t: Texts) => string;
	columns: (s: Record<string, unknown>) => Columns;
	/** Label of entry number `v` on the axis and in the table, and the hash a tap on it opens. */
	label: (v: number, lang: Lang) => string;
	open: (key: string, v: number) => string;
	/** How many entries the whole period has (days of the month, 12 months): the chart spans them all. */
	span: (key: string) => number;
}

const col = <T>(s: Record<string, unknown>, name: string) => (Array.isArray(s[name]) ? s[name] : []) as T[];

const PERIODS: Readonly<Record<"month" | "year", Period>> = Object.freeze({
	month: {
		key: (a) => (/^\d{4}-\d\d$/.test(a ?? "") ? (a as string) : localDate(Date.now()).slice(0, 7)),
		shift: shiftMonth,
		title: (k, lang) => formatMonth(+k.slice(0, 4), +k.slice(5), lang),
		up: (k, t) => [t.year, hashOf("year", k.slice(0, 4))],
		word: (t) => t.month,
		columns: (s) => ({
			peak_w: s.peak_w as number | null,
			meter_peak_w: s.meter_peak_w as number | null,
			x: col(s, "day"),
			im: col(s, "day_import_kwh"),
			ex: col(s, "day_export_kwh"),
			peak: col(s, "day_peak_w"),
			meter: undefined,
		}),
		label: (v) => String(v),
		open: (k, v) => hashOf("day", k + "-" + pad2(v)),
		span: (k) => new Date(Date.UTC(+k.slice(0, 4), +k.slice(5), 0)).getUTCDate(),
	},
	year: {
		key: (a) => (/^\d{4}$/.test(a ?? "") ? (a as string) : localDate(Date.now()).slice(0, 4)),
		shift: (k, n) => String(+k + n),
		title: (k) => k,
		up: () => null,
		word: (t) => t.year,
		columns: (s) => ({
			peak_w: s.peak_w as number | null,
			x: col(s, "month"),
			im: col(s, "month_import_kwh"),
			ex: col(s, "month_export_kwh"),
			peak: col(s, "month_peak_w"),
			meter: col(s, "month_meter_peak_w"),
		}),
		label: (v, lang) => formatMonth(2000, v, lang, true),
		open: (k, v) => hashOf("month", k + "-" + pad2(v)),
		span: () => 12,
	},
});

interface Loaded {
	summary: Result<Record<string, unknown>>;
	capacity: Result<Capacity>;
}

export const MonthView = (p: { lang: Lang; args: string[] }) => PeriodView({ ...p, kind: "month" });
export const YearView = (p: { lang: Lang; args: string[] }) => PeriodView({ ...p, kind: "year" });

function PeriodView({ lang, args, kind }: { lang: Lang; args: string[]; kind: "month" | "year" }) {
	const t = TEXT[lang];
	const p = PERIODS[kind];
	const key = p.key(args[0]);
	const loaded = usePoll(
		async (): Promise<Loaded> => {
			const [summary, capacity] = await Promise.all([
				getJson<Record<string, unknown>>(summaryPath(key)),
				getJson<Capacity>("/v1/capacity"),
			]);
			return { summary, capacity };
		},
		0,
		kind + key,
	);
	const word = p.word(t);
	const links = [
		["‹ " + word, hashOf(kind, p.shift(key, -1))],
		[t.now, hashOf("now")],
		[word + " ›", hashOf(kind, p.shift(key, 1))],
		p.up(key, t),
	];
	let body: unknown = html`<p class="state">…</p>`;
	if (loaded !== undefined)
		body = loaded.summary.ok
			? html`<${Body} c=${p.columns(loaded.summary.data)} p=${p} k=${key} lang=${lang} cap=${loaded.capacity} />`
			: html`<${ProblemNote} problem=${loaded.summary.problem} t=${t} missing=${t.missing[kind]} />`;
	return html`<${Pager} links=${links} t=${t} peakMonth=${kind === "month" ? key : undefined} />
		<h2>${p.title(key, lang)}</h2>
		${body}
		${loaded?.capacity.ok ? html`<${CapacityNote} c=${loaded.capacity.data} lang=${lang} />` : null}`;
}

function Body({ c, p, k, lang, cap }: { c: Columns; p: Period; k: string; lang: Lang; cap: Result<Capacity> }) {
	const t = TEXT[lang];
	const rounding = cap.ok ? cap.data.rounding_w : 0;
	// every day of the month (month of the year) on the axis, so a month begun shows where it stands
	const data = useMemo((): Series => {
		const xs = Array.from({ length: p.span(k) }, (_, i) => i + 1);
		return [xs, xs.map((v) => c.peak[c.x.indexOf(v)] ?? null), xs.map(() => null)];
	}, [c, k]);
	let mark = -1;
	data[1].forEach((w, i) => {
		if (w !== null && (mark < 0 || w > (data[1][mark] as number))) mark = i;
	});
	const lines = [{ w: FLOOR_W, label: formatPower(FLOOR_W, lang), colour: ZONES[0].colour }];
	const meterPeak = c.meter_peak_w ?? null;
	if (meterPeak !== null) lines.push({ w: meterPeak, label: t.meterPeak, colour: ZONES[2].colour });
	const cmp = (ours: number | null, meter: number | null | undefined) =>
		meter === null || meter === undefined
			? "–"
			: formatPower(meter, lang) +
				(ours !== null && Math.abs(ours - meter) > rounding
					? " (" + t.diff(formatPower(ours - meter, lang)) + ")"
					: "");
	return html`<dl class="figures">
			<div><dt>${t.peak}</dt><dd>${formatPower(c.peak_w, lang)}</dd></div>
			${c.meter === undefined ? html`<div><dt>${t.meterPeak}</dt><dd>${cmp(c.peak_w, meterPeak)}</dd></div>` : null}
		</dl>
		<${BarChart}
			data=${data}
			lines=${lines}
			names=${t}
			lang=${lang}
			labels=${(v: number) => p.label(v, lang)}
			mark=${mark < 0 ? undefined : mark}
			onPick=${(i: number) => {
				location.hash = p.open(k, data[0][i]);
			}}
		/>
		<div class="scroll"><table class="rows">
			<thead><tr><th></th><th>${t.peak}</th>${c.meter ? html`<th>${t.meter}</th>` : null}<th>${t.imported}</th><th>${t.exported}</th></tr></thead>
			<tbody>
				${c.x.map(
					(v, i) =>
						html`<tr><th><a href=${p.open(k, v)}>${p.label(v, lang)}</a></th><td>${formatPower(c.peak[i], lang)}</td>${c.meter ? html`<td>${cmp(c.peak[i], c.meter[i])}</td>` : null}<td>${formatEnergy(c.im[i] * 1000, lang, 1)}</td><td>${formatEnergy(c.ex[i] * 1000, lang, 1)}</td></tr>`,
				)}
			</tbody>
		</table></div>`;
}

function CapacityNote({ c, lang }: { c: Capacity; lang: Lang }) {
	const t = TEXT[lang];
	return html`<section class="capacity">
		<h2>${t.perYear}</h2>
		<dl class="figures">
			<div><dt>${t.avg12}</dt><dd>${formatPower(c.average_w, lang)}</dd></div>
			<div><dt>${t.perYear}</dt><dd>${formatEuro(c.eur_per_year, lang)}</dd></div>
			<div><dt>${t.perMonth}</dt><dd>${formatEuro(c.eur_per_month, lang)}</dd></div>
		</dl>
		<p>${t.floorNote(formatPower(c.floor_w, lang))}</p>
		${c.eur_per_kw_year === null ? null : html`<p>${t.priceNote(c.area, formatEuro(c.eur_per_kw_year, lang), String(c.tariff_year ?? ""))}</p>`}
	</section>`;
}
