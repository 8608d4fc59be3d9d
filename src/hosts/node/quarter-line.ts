// The console line the PC host prints per closed quarter, for a household rather than a
// developer: the date and the local hour (with summer/winter time, since 02:00-03:00 happens
// twice on the last Sunday of October), what the quarter averaged (what Fluvius bills), and
// where the month's peak stands.

import type { QuarterStatus } from "../../core/quarters/engine";
import { idDay, idHour, idMinute, idMonth, idSummer, idYear } from "../../core/quarters/quarter-id";
import type { QuarterRecord } from "../../core/quarters/records";
import { MINIMUM_PEAK_W } from "../../core/quarters/tariffs";
import { pad2 } from "../../core/time/keys";

const kw = (w: number) => (w / 1000).toFixed(2) + " kW";

/** The meter's own month peak is what Fluvius bills; ours covers only the quarters this monitor saw. */
function peakWords(own: number | null, meter: number | null): string {
	if (meter !== null)
		return `month peak so far ${kw(meter)} by the meter` + (own !== null ? `, ${kw(own)} seen by this monitor` : "");
	return own !== null ? `month peak so far ${kw(own)}` : "no month peak yet";
}

export function quarterLine(
	record: Pick<QuarterRecord, "quarter_id" | "energy_avg_w">,
	status: Pick<QuarterStatus, "month_peak_own_w" | "month_peak_meter_w">,
): string {
	const id = record.quarter_id;
	const when = `${idYear(id)}-${pad2(idMonth(id))}-${pad2(idDay(id))} ${pad2(idHour(id))}:${pad2(idMinute(id))} ${idSummer(id) ? "summer" : "winter"} time`;
	const avg = record.energy_avg_w;
	const quarter =
		avg === null
			? "this quarter's average is unknown (the monitor did not see its start or its end)"
			: `this quarter averaged ${kw(avg)}`;
	const own = status.month_peak_own_w;
	const meter = status.month_peak_meter_w;
	let peak = peakWords(own, meter);
	const billed = Math.max(meter ?? 0, own ?? 0);
	if (billed < MINIMUM_PEAK_W) peak += `; billed as the ${kw(MINIMUM_PEAK_W)} minimum`;
	return `${when}: ${quarter}; ${peak}`;
}
