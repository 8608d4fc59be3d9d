// Reading the monitor's API. Every failure becomes a state the views can name.

/** What a view shows instead of data: no data yet (503), not logged in (401), unreachable, other error. */
export type Problem =
	| { kind: "noData" }
	| { kind: "login" }
	| { kind: "unreachable" }
	| { kind: "failed"; status: number };

export type Result<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/** The problem an HTTP status stands for; undefined for a success. */
export function problemOf(status: number): Problem | undefined {
	if (status >= 200 && status < 300) return undefined;
	if (status === 401) return { kind: "login" };
	if (status === 503) return { kind: "noData" };
	return { kind: "failed", status };
}

export async function getJson<T>(path: string): Promise<Result<T>> {
	let response: Response;
	try {
		// From the origin, not the page's URL: a page opened as http://user:pass@digimon.local/ would
		// lend its credentials to a relative URL, and fetch() refuses a URL that carries credentials.
		response = await fetch(location.origin + path, { credentials: "same-origin", cache: "no-store" });
	} catch {
		return { ok: false, problem: { kind: "unreachable" } };
	}
	const problem = problemOf(response.status);
	if (problem !== undefined) return { ok: false, problem };
	try {
		return { ok: true, data: (await response.json()) as T };
	} catch {
		return { ok: false, problem: { kind: "failed", status: response.status } };
	}
}

/** GET /v1/now (src/core/api/live.ts). */
export interface Now {
	quarter_id: number | null;
	start: string | null;
	end: string | null;
	elapsed_s: number | null;
	left_s: number | null;
	import_w: number | null;
	export_w: number | null;
	phases: { phase: number; import_w: number | null; export_w: number | null }[];
	energy_wh: number | null;
	average_w: number | null;
	projection_w: number | null;
	allowance_w: number | null;
	limit_w: number | null;
	target_w: number | null;
	month_peak_w: number | null;
	warning: boolean;
}

/** GET /current/quarter: the running quarter as a quarter file; `{}` before the first one. */
export interface QuarterFile {
	quarter_id?: number;
	start?: string;
	interval_secs?: number;
	consumed_power_interval_avgs?: (number | null)[];
	produced_power_interval_avgs?: (number | null)[];
}
