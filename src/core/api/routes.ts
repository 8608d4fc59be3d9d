// The route table: one row per path of the API. Adding a route is adding a row.

import { parseMeterPath } from "../history/paths";
import { textStartsWith } from "../util/chars";
import { capacity } from "./capacity";
import { exportCsv } from "./export-csv";
import { historicDays, historicMonths, historicQuarters, historicYears } from "./historic";
import { HW_ROOT, homeWizard } from "./homewizard";
import { now, PREFIX, watt } from "./live";
import { logLines } from "./log";
import { METRICS_PATH, metrics } from "./metrics";
import { quarterView } from "./quarter-view";
import { Cache, errorResponse, jsonResponse } from "./responses";
import { settings } from "./settings";
import { status } from "./status";
import { telegram } from "./telegram";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";
import { UPDATE_PATH, update } from "./update";
import { dayView, monthView, yearView } from "./views";
import { wifiNetworks } from "./wifi-networks";

export interface Route {
	/** Exact path, or the start of the paths served when `prefix` is true. */
	readonly path: string;
	readonly prefix: boolean;
	/** Methods served; HEAD is served wherever GET is. */
	readonly methods: readonly string[];
	/** Value of the Allow header of a 405. */
	readonly allow: string;
	/** Media type a POST, PUT or DELETE body must have (415 otherwise). */
	readonly accepts: string;
	readonly run: (path: string, context: ApiContext, request: ApiRequest) => ApiResponse;
	/**
	 * Public by design (HomeWizard's API has no login): served without one, and `run` answers every
	 * method itself, so `methods`, `allow` and `accepts` are not applied. It must change nothing.
	 */
	readonly open: boolean;
	/** A setup route: served without a login while the device is in first setup (auth.ts setupOpen). */
	readonly setup: boolean;
}

/** The answer for a history file found damaged: it is never served, and this says why it is missing. */
const DAMAGED = '{"error":"damaged file set aside"}';

export const ROUTES: readonly Route[] = Object.freeze([
	route("/current/quarter", false, ["GET"], currentQuarter),
	route("/current/month/peak", false, ["GET"], monthPeak),
	route("/meter/", true, ["GET"], meterFile),
	route("/watt", false, ["GET"], watt),
	route("/historic/years", false, ["GET"], historicYears),
	route("/historic/months", false, ["GET"], historicMonths),
	route("/historic/days", false, ["GET"], historicDays),
	route("/historic/quarters", false, ["GET"], historicQuarters),
	route(PREFIX + "now", false, ["GET"], now),
	route(PREFIX + "settings", false, ["GET", "POST"], settings, undefined, false, true),
	route(UPDATE_PATH, false, ["POST"], update, "application/octet-stream"),
	route(PREFIX + "capacity", false, ["GET"], capacity),
	route(PREFIX + "day", false, ["GET"], dayView),
	route(PREFIX + "month", false, ["GET"], monthView),
	route(PREFIX + "year", false, ["GET"], yearView),
	route(PREFIX + "quarter", false, ["GET"], quarterView),
	route(PREFIX + "status", false, ["GET"], status),
	route(PREFIX + "telegram", false, ["GET"], telegram),
	route(PREFIX + "export.csv", false, ["GET"], exportCsv),
	route(METRICS_PATH, false, ["GET"], metrics),
	route(HW_ROOT, false, ["GET"], homeWizard, undefined, true),
	route(HW_ROOT + "/", true, ["GET"], homeWizard, undefined, true),
	route(PREFIX + "wifi/networks", false, ["GET"], wifiNetworks, undefined, false, true),
	route(PREFIX + "log", false, ["GET"], logLines),
]);

/** The row serving `path`, undefined for a 404. */
export function findRoute(path: string): Route | undefined {
	for (let i = 0; i < ROUTES.length; i++) {
		const row = ROUTES[i]; // an index, not for-of: XS allocates an iterator per loop
		if (row.prefix ? textStartsWith(path, row.path) : path === row.path) return row;
	}
	return undefined;
}

/** The running quarter in the shape of a quarter file; `{}` before the first one, as the original. */
function currentQuarter(_path: string, context: ApiContext): ApiResponse {
	const record = context.currentQuarter();
	return jsonResponse(200, record === undefined ? "{}" : JSON.stringify(record), Cache.None);
}

/** The original's `{"memory":{...},"peak":{"quarter_id","power"}}`, `peak` left out while unknown. */
function monthPeak(_path: string, context: ApiContext): ApiResponse {
	const peak = context.monthPeak();
	const body: { memory: Record<string, number>; peak?: { quarter_id: number; power: number } } = {
		memory: context.memory ? context.memory() : {},
	};
	if (peak !== undefined) body.peak = { quarter_id: peak.quarter_id, power: peak.power };
	return jsonResponse(200, JSON.stringify(body), Cache.None);
}

/**
 * A history file, only when its path is one that history writes (parseMeterPath is the gate:
 * nothing else under /meter, and nothing outside it, can be named).
 */
function meterFile(path: string, context: ApiContext): ApiResponse {
	const parsed = parseMeterPath(path);
	if (parsed === undefined) return errorResponse(404);
	const text = context.readMeterFile(path);
	if (text === undefined) return errorResponse(404);
	if (text === null) return jsonResponse(500, DAMAGED, Cache.None);
	// A closed quarter's file does not change; summaries grow during their day, month, year.
	return jsonResponse(200, text, parsed.kind === "quarter" ? Cache.Hour : Cache.Revalidate);
}

function route(
	path: string,
	prefix: boolean,
	methods: string[],
	run: Route["run"],
	accepts = "application/json",
	open = false,
	setup = false,
): Route {
	const allow = methods.indexOf("GET") >= 0 && methods.indexOf("HEAD") < 0 ? [...methods, "HEAD"] : methods;
	return Object.freeze({
		path,
		prefix,
		methods: Object.freeze(allow),
		allow: allow.join(", "),
		accepts,
		run,
		open,
		setup,
	});
}
