// XS conformance for /v1/capacity (a year of month peaks through the quarter engine, sparse so it
// runs quickly in XS) and the views: the day view across the autumn change (local times with
// their offsets), a quarter in the repeated hour with and without its flag. The jest tests in
// test/api say what the answers must be; this proves XS produces the same bytes.

import { isChunkSource } from "../../src/core/api/chunks";
import { handle } from "../../src/core/api/handle";
import type { ApiContext, ApiResponse } from "../../src/core/api/types";
import { firstElement, nextElement, numberAt, stringAt, valueAt } from "../../src/core/util/json-scan";
import { engineContext, LOGIN, simulateYear } from "../api/capacity-year";
import type { XsCase } from "./support/case";

const DAY =
	'{"version":1,"date":"2026-10-25","import_kwh":0.5,"export_kwh":0,"peak_w":600,"peak_quarter_id":436869385,' +
	'"quarter_id":[436869512,436869513,436869384,436869385],"energy_avg_w":[400,400,400,600]}';

/** The response with its body drained through a small buffer, as a host would (bodies are ASCII). */
function drained(response: ApiResponse): string {
	let body = response.body;
	if (isChunkSource(body)) {
		const buffer = new Uint8Array(37);
		let out = "";
		for (let n = body.next(buffer); n > 0; n = body.next(buffer))
			for (let i = 0; i < n; i++) out += String.fromCharCode(buffer[i]);
		body.close();
		body = out;
	}
	return JSON.stringify({ status: response.status, headers: response.headers, body });
}

function ask(context: ApiContext, targets: readonly string[]): string {
	const lines: string[] = [];
	for (const target of targets)
		lines.push(
			target +
				" " +
				drained(handle({ method: "GET", target, headers: { host: "digimon.local", authorization: LOGIN } }, context)),
		);
	return lines.join("\n");
}

function capacity(): string {
	return ask(engineContext(simulateYear(true)), ["/v1/capacity"]);
}

function views(): string {
	const context = engineContext(simulateYear(true));
	context.readMeterFile = (path) =>
		path === "/meter/2026/10/25/day.json"
			? DAY
			: path === "/meter/2026/10/25/0215W.json"
				? '{"quarter_id":436869385}'
				: undefined;
	return ask(context, [
		"/v1/day?date=2026-10-25",
		"/v1/day?date=2026-10-26",
		"/v1/day?date=2026-02-29",
		"/v1/quarter?date=2026-10-25&time=02:15",
		"/v1/quarter?date=2026-10-25&time=02%3A20&dst=W",
		"/v1/quarter?id=436869385",
		"/v1/quarter?date=2026-03-29&time=02:30",
	]);
}

export const cases: XsCase[] = [
	{ name: "api: /v1/capacity over a year of month peaks", run: capacity },
	{ name: "api: /v1/day and /v1/quarter across the DST changes", run: views },
];

/** The summary scanner on texts JSON.stringify wrote: numbers of every kind, null, indented. */
function scanned(): string {
	const texts = [
		JSON.stringify({ quarter_id: [1, -2, 0, null, 3.25, -1e-7, 12345678901234567000, 2 ** 53 + 2], day: [] }),
		JSON.stringify({ day_peak_w: [9], day: [5, 6], meter_peak_time: "2026-01-31T22:45:00Z" }, null, "\t"),
		'{"label":"day","day":[7]}',
	];
	const lines: string[] = [];
	for (const text of texts) {
		const out: (number | string | undefined)[] = [];
		for (const key of ['"quarter_id"', '"day"'])
			for (let at = firstElement(text, valueAt(text, key)); at >= 0; at = nextElement(text))
				out.push(numberAt(text, at));
		out.push(stringAt(text, valueAt(text, '"meter_peak_time"')));
		lines.push(JSON.stringify(out.map((v) => (typeof v === "number" && v !== v ? "NaN" : v))));
	}
	return lines.join("\n");
}

cases.push({ name: "util: json-scan reads columns as JSON.parse does", run: scanned });
