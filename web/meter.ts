// The Meter view: is the meter sending, and if not what to do; the counters and identity from
// GET /v1/status; the last telegram (GET /v1/telegram) with names, per phase, gas and water; the
// monitor's log (web/log.ts).

import { hexDecoded } from "../src/core/util/hex";
import { getJson, type Result } from "./api";
import { formatDate, formatTime, type Lang, numberFormat } from "./format";
import { html } from "./html";
import { formatAge, PAGE_TEXT, TEXT } from "./i18n";
import { LogSection } from "./log";
import {
	deviceRows,
	fieldsIn,
	formatReading,
	mbusOf,
	meterState,
	type Obj,
	phasesOf,
	type Status,
	type Telegram,
} from "./meter-read";
import { localDate } from "./nav";
import { ProblemNote } from "./now";
import { usePoll } from "./poll";

const REFRESH_MS = 10000;

interface Read {
	status: Result<Status>;
	telegram: Result<Telegram>;
}

async function load(): Promise<Read> {
	const [status, telegram] = await Promise.all([getJson<Status>("/v1/status"), getJson<Telegram>("/v1/telegram")]);
	return { status, telegram };
}

export function MeterView({ lang }: { lang: Lang }) {
	const read = usePoll(load, REFRESH_MS);
	const t = PAGE_TEXT[lang];
	if (read === undefined) return html`<p class="state">…</p>`;
	if (!read.status.ok) return html`<${ProblemNote} problem=${read.status.problem} t=${TEXT[lang]} />`;
	const s = read.status.data;
	const objects = read.telegram.ok ? read.telegram.data.decoded.objects : {};
	const state = meterState(s);
	const advice =
		state === "never"
			? t.never
			: state === "silent"
				? t.silent(formatAge(s.telegrams.last_age_s, lang))
				: state === "consent"
					? t.consent(fieldsIn(s, "stopped"))
					: state === "absent"
						? t.absent(fieldsIn(s, "absent"))
						: t.sending;
	const n = (v: number) => numberFormat(lang, 0).format(v);
	const c = s.telegrams;
	const offset = s.meter.clock_offset_s;
	const free = s.storage.free_bytes;
	const ean = objects["0-0:96.1.2"]?.value;
	const rows: [string, string][] = [
		[t.telegrams, t.counts(n(c.ok), n(c.crc_bad), n(c.crc_missing), n(c.values_dropped))],
		[t.lastTelegram, c.last_age_s === null ? "–" : t.ago(formatAge(c.last_age_s, lang))],
		[t.model, s.meter.model || "–"],
		[t.protocol, s.meter.protocol || "–"],
		[t.serial, s.meter.equipment_id || "–"],
		[t.ean, typeof ean === "string" ? hexDecoded(ean) : "–"],
		[t.clock, offset === null ? "–" : t.clockOffset(offset, formatAge(Math.abs(offset), lang))],
		[
			t.storage,
			t.storageState(
				s.storage.store_errors,
				s.storage.set_aside,
				free === null ? "?" : numberFormat(lang, 1).format(free / 1e9) + "\u00a0GB",
			),
		],
		...deviceRows(s, lang),
		[t.version, s.version],
		[t.uptime, formatAge(s.uptime_s, lang)],
	];
	const card = s.device?.card;
	return html`<h2>${t.meter}</h2>
		<p class=${state === "ok" ? "note" : "warning"} role="status">${advice}</p>
		${card === undefined || card.state === "mounted" ? null : html`<p class="warning" role="status">${t.cardTrouble(card.state, card.error)}</p>`}
		<${List} rows=${rows} />
		${read.telegram.ok ? html`<${Decoded} objects=${objects} raw=${read.telegram.data.raw} lang=${lang} />` : null}
		<${LogSection} title=${t.log} empty=${t.logEmpty} />`;
}

function List({ rows }: { rows: [string, string][] }) {
	return html`<dl class="list">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function Decoded({ objects, raw, lang }: { objects: Record<string, Obj>; raw: string; lang: Lang }) {
	const t = PAGE_TEXT[lang];
	const main: [string, string][] = [];
	for (const code of Object.keys(t.obis)) {
		const o = objects[code];
		if (o === undefined) continue;
		const when = o.timestampIsoUtc === undefined ? "" : " (" + formatStamp(o.timestampIsoUtc, lang) + ")";
		main.push([t.obis[code], code === "0-0:96.14.0" ? String(Number(o.value)) : formatReading(o, lang) + when]);
	}
	for (const m of mbusOf(objects)) main.push([t[m.kind], formatReading(m.reading, lang)]);
	const phases = phasesOf(objects);
	return html`<h3>${t.electricity}</h3>
		<${List} rows=${main} />
		${
			phases.length === 0
				? null
				: html`<table class="phases">
			<thead><tr>${t.phaseHead.map((h) => html`<th>${h}</th>`)}</tr></thead>
			<tbody>${phases.map((row, i) => html`<tr><th>L${i + 1}</th>${row.map((o) => html`<td>${formatReading(o, lang)}</td>`)}</tr>`)}</tbody>
		</table>`
		}
		<details><summary>${t.allFields}</summary>
			<table class="all"><tbody>${Object.keys(objects).map((code) => {
				const o = objects[code];
				return html`<tr><td>${code}</td><td>${o.name ?? ""}</td><td>${o.count === undefined ? formatReading(o, lang) : o.count + " ×"}</td></tr>`;
			})}</tbody></table>
		</details>
		<details><summary>${t.rawTelegram}</summary><pre>${raw}</pre></details>`;
}

/** "za 9 mei 2020 13:45": the day and time in Brussels of a meter's time stamp. */
function formatStamp(iso: string, lang: Lang): string {
	const ms = Date.parse(iso);
	return Number.isFinite(ms) ? formatDate(localDate(ms), lang) + " " + formatTime(iso, lang) : "–";
}
