// The Day view's energy per tariff: which figures to show and how. Pure, so jest tests it.

import type { DaySummary } from "../src/core/history/summaries";
import { formatEnergy, type Lang } from "./format";
import { TEXT } from "./i18n";

/**
 * [label, value] rows of the day's import and export per tariff (day, night), in the summary's
 * order; none when the summary has no per-tariff figure (written before the per-tariff registers,
 * or a day partly recorded without them: see DaySummary.import_t1_kwh). One unknown figure
 * among known ones shows as a dash.
 */
export function tariffRows(s: Partial<DaySummary>, lang: Lang): [string, string][] {
	const kwh = [s.import_t1_kwh, s.import_t2_kwh, s.export_t1_kwh, s.export_t2_kwh];
	if (kwh.every((v) => v === null || v === undefined)) return [];
	const labels = TEXT[lang].tariffs;
	return kwh.map((v, i): [string, string] => [labels[i], formatEnergy(typeof v === "number" ? v * 1000 : null, lang)]);
}
