// The console line the PC host prints per closed quarter, for a household rather than a
// developer: the date and the local hour (with summer/winter time, since 02:00-03:00 happens
// twice on the last Sunday of October), what the quarter averaged (what Fluvius bills), and
// where the month's peak stands.

import { idDay, idHour, idMinute, idMonth, idSummer, idYear } from "../../core/quarters/quarter-id";
import type { QuarterRecord } from "../../core/quarters/records";
import type { QuarterStatus } from "../../core/quarters/engine";
import { MINIMUM_PEAK_W } from "../../core/quarters/tariffs";

const two = (n: number) => (n < 10 ? "0" : "") + n;
const kw = (w: number) => (w / 1000).toFixed(2) + " kW";

export function quarterLine(record: Pick<QuarterRecord, "quarter_id" | "energy_avg_w">, status: Pick<QuarterStatus, "month_peak_own_w" | "month_peak_meter_w">): string {
	const id = record.quarter_id;
	const when = `${idYear(id)}-${two(idMonth(id))}-${two(idDay(id))} ${two(idHour(id))}:${two(idMinute(id))} ${idSummer(id) ? "summer" : "winter"} time`;
	const avg = record.energy_avg_w;
	const quarter = avg === null ? "this quarter's average is unknown (a register was missing)" : `this quarter averaged ${kw(avg)}`;
	const own = status.month_peak_own_w;
	const meter = status.month_peak_meter_w;
	if (own === null) return `${when}: ${quarter}; no month peak yet`;
	let peak = `highest quarter this month so far ${kw(own)}`;
	if (meter !== null) peak += ` (the meter says ${kw(meter)})`;
	if (Math.max(own, meter ?? 0) < MINIMUM_PEAK_W) peak += `, billed as the ${kw(MINIMUM_PEAK_W)} minimum`;
	return `${when}: ${quarter}; ${peak}`;
}
