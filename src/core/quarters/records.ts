// The shapes that leave the quarter engine: what history stores and the API serves.
// Keys of the original firmware are kept in snake_case so existing SD cards and tools work.

export const INTERVAL_SECS = 5;
export const SLOTS = 180; // 15 min / 5 s

/** One quarter: the file /meter/YYYY/MM/DD/HHMM{S|W}.json, and GET /current/quarter for the running one. */
export interface QuarterRecord {
	/** (YY << 24) | (MM << 16) | (DD << 8) | (hour * 4 + quarter) | 0x80 when summer time (original layout). */
	quarter_id: number;
	/** Mean of the slot means of consumed power, W, to the nearest watt (original key; the original truncated). Not billed: energy_avg_w is. */
	consumed_power_avg: number;
	/** Import registers (tariff 1 + 2) at the quarter start, Wh (original key); null when unknown. */
	begin_consumed_wh: number | null;
	/** Export registers (tariff 1 + 2) at the quarter start, Wh (original key); null when unknown. */
	begin_produced_wh: number | null;
	interval_secs: number;
	/** Mean consumed power per 5 s slot, W; null for a slot without data; trailing empty slots left out (original). */
	consumed_power_interval_avgs: (number | null)[];
	/** Mean produced power per slot as a negative number (original), null without data. */
	produced_power_interval_avgs: (number | null)[];
	/** ISO UTC instants of the quarter's bounds, so no client has to do Brussels time itself. */
	start: string;
	end: string;
	/** Registers at the quarter end (Wh); null while open or unknown. */
	end_consumed_wh: number | null;
	end_produced_wh: number | null;
	/** (end - begin) import energy x 4, W: the quarter average the grid operator bills. null when a bound is unknown. */
	energy_avg_w: number | null;
	/** Same for export, W. */
	energy_produced_avg_w: number | null;
	/** Last 1-0:1.4.0 (the meter's own running quarter average) seen in the quarter, W. */
	meter_demand_w: number | null;
	/** Last 1-0:1.6.0 (the meter's month peak so far) seen in the quarter, W. Added with the quarter engine (always set by it; optional for older files). */
	meter_month_peak_w?: number | null;
	/** Telegrams aggregated. */
	samples: number;
	/** True when no telegram was missing for more than a slot at either bound, so energy_avg_w is exact to the register resolution. */
	complete: boolean;
	/**
	 * Each tariff's import and export register at the quarter's bounds, Wh (tariff 1 = day, 2 =
	 * night on Belgian meters), from the same telegram as the sums above; null when unknown (end_*
	 * while open). Added after the original firmware: absent from older files.
	 */
	begin_consumed_t1_wh?: number | null;
	begin_consumed_t2_wh?: number | null;
	begin_produced_t1_wh?: number | null;
	begin_produced_t2_wh?: number | null;
	end_consumed_t1_wh?: number | null;
	end_consumed_t2_wh?: number | null;
	end_produced_t1_wh?: number | null;
	end_produced_t2_wh?: number | null;
}

/** A month's peak quarter, from our own quarters and from the meter's 1-0:1.6.0 / 0-0:98.1.0. */
export interface MonthPeak {
	/** "YYYY-MM" of Brussels local time. */
	month: string;
	/** Our highest energy_avg_w of the month, W, and its quarter; null before the first closed quarter. */
	own_w: number | null;
	own_quarter_id: number | null;
	/** The meter's 1-0:1.6.0 for that month (last seen), W, and when the peak quarter ended (ISO UTC). */
	meter_w: number | null;
	meter_time: string | null;
}
