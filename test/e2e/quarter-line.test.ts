// The line the PC host prints per closed quarter: the date, the hour with its summer/winter
// mark (the hour 02:00-03:00 happens twice in October), the billed average of the quarter and
// the month's peak so far, in words rather than field names.

import { quarterLine } from "../../src/hosts/node/quarter-line";

// 2026-10-25 02:45, first pass (summer time): (26 << 24) | (10 << 16) | (25 << 8) | (2 * 4 + 3) | 0x80
const SUMMER_0245 = (26 << 24) | (10 << 16) | (25 << 8) | 11 | 0x80;
const WINTER_0245 = (26 << 24) | (10 << 16) | (25 << 8) | 11;

test("summer and winter passes of the same hour read differently, with the billed average and the peak", () => {
	expect(
		quarterLine({ quarter_id: SUMMER_0245, energy_avg_w: 1234 }, { month_peak_own_w: 3400, month_peak_meter_w: 3380 }),
	).toBe(
		"2026-10-25 02:45 summer time: this quarter averaged 1.23 kW; month peak so far 3.38 kW by the meter, 3.40 kW seen by this monitor",
	);
	expect(
		quarterLine({ quarter_id: WINTER_0245, energy_avg_w: 1234 }, { month_peak_own_w: 3400, month_peak_meter_w: null }),
	).toBe("2026-10-25 02:45 winter time: this quarter averaged 1.23 kW; month peak so far 3.40 kW");
});

test("a month peak under 2.5 kW is billed as 2.5 kW, and the line says so", () => {
	const id = (27 << 24) | (1 << 16) | (3 << 8) | (18 * 4 + 1); // 2027-01-03 18:15, winter
	expect(quarterLine({ quarter_id: id, energy_avg_w: 800 }, { month_peak_own_w: 2100, month_peak_meter_w: 2090 })).toBe(
		"2027-01-03 18:15 winter time: this quarter averaged 0.80 kW; month peak so far 2.09 kW by the meter, 2.10 kW seen by this monitor; billed as the 2.50 kW minimum",
	);
});

test("a quarter the monitor saw only part of says its average is unknown", () => {
	const id = (26 << 24) | (6 << 16) | (1 << 8) | 0 | 0x80; // 2026-06-01 00:00, summer
	expect(
		quarterLine({ quarter_id: id, energy_avg_w: null }, { month_peak_own_w: null, month_peak_meter_w: null }),
	).toBe(
		"2026-06-01 00:00 summer time: this quarter's average is unknown (the monitor did not see its start or its end); no month peak yet; billed as the 2.50 kW minimum",
	);
});
