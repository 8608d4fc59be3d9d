// History rewrites a month summary when that month's meter peak changes after its last quarter
// was stored, and a card that refuses the rewrite loses nothing: the next boot corrects it.

import { History } from "../../src/core/history/history";
import type { FileStore } from "../../src/core/ports";
import type { MonthPeak } from "../../src/core/quarters/records";
import { MemoryStore } from "../helpers/memory-store";
import { quarterRecord } from "./factory";

const LAST = Date.UTC(2026, 9, 31, 22, 45); // 23:45 local, the last quarter of October 2026
const peaksWith = (w: number, time: string): MonthPeak[] => [
	{ month: "2026-10", own_w: 2000, own_quarter_id: null, meter_w: w, meter_time: time },
];

function flaky(sd: MemoryStore): FileStore & { broken: boolean } {
	return {
		broken: false,
		read: (p) => sd.read(p),
		list: (d) => sd.list(d),
		remove: (p) => sd.remove(p),
		rename(a, b) {
			sd.rename(a, b);
		},
		write(p, t) {
			if (this.broken) throw new Error("card removed");
			sd.write(p, t);
		},
	};
}

test("a changed meter peak rewrites the month and year summaries; a failed rewrite is corrected at boot", () => {
	const sd = new MemoryStore();
	const card = flaky(sd);
	const state = new MemoryStore();
	const warnings: string[] = [];
	const history = new History({ sd: card, state, log: { info: () => {}, warn: (w) => warnings.push(w) } });
	history.writePeaks(peaksWith(5000, "2026-10-12T17:45:00Z"));
	history.writeQuarter(
		quarterRecord({ startMs: LAST, beginImport: 1000000, beginExport: 0, importWh: 2250, exportWh: 0 }),
	);
	const month = () => JSON.parse(sd.read("/meter/2026/10/month.json")!);
	const year = () => JSON.parse(sd.read("/meter/2026/year.json")!);
	expect(month().meter_peak_w).toBe(5000);

	// the telegram after the last quarter: the meter's 1.6.0 now holds that quarter's 9000 W
	history.writePeaks(peaksWith(9000, "2026-10-31T23:00:00Z"));
	expect([month().meter_peak_w, month().meter_peak_time]).toEqual([9000, "2026-10-31T23:00:00Z"]);
	expect([year().month_meter_peak_w, year().month_meter_peak_time]).toEqual([[9000], ["2026-10-31T23:00:00Z"]]);

	// the card refuses the rewrite: the peaks are saved anyway, and the summary is corrected at the next boot
	card.broken = true;
	expect(() => history.writePeaks(peaksWith(9100, "2026-10-31T23:00:00Z"))).not.toThrow();
	expect(warnings.join("\n")).toMatch(/meter peak not put in the summaries: card removed/);
	expect(month().meter_peak_w).toBe(9000);
	card.broken = false;
	history.writeQuarter(
		quarterRecord({ startMs: LAST + 900000, beginImport: 1002250, beginExport: 0, importWh: 300, exportWh: 0 }),
	); // 1 November: October is not touched
	expect(month().meter_peak_w).toBe(9000);
	const report = new History({ sd: card, state }).recover();
	expect(report.actions).toContain("meter peak of 2026-10 corrected in its summaries");
	expect(month().meter_peak_w).toBe(9100);
	expect(year().month_meter_peak_w).toEqual([9100, null]); // October, November
});
