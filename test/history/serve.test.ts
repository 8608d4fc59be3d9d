// Serving /meter files never hands out a file that does not parse: a torn file found by a
// request is set aside (as recovery does), reported, and a summary is rebuilt from the level
// below; a quarter file cannot be rebuilt, so the request gets a clear JSON error.

import { handle } from "../../src/core/api/handle";
import type { ApiContext } from "../../src/core/api/types";
import { History } from "../../src/core/history/history";
import { dayPath, monthPath, quarterPath, yearPath } from "../../src/core/history/paths";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD, wifiConfig } from "../api/fake-context";
import { MemoryStore } from "../helpers/memory-store";
import { localMidnight, QUARTER_MS, series } from "./factory";

const LOGIN = basic(SSID, WIFI_PASSWORD);

/** Two days of history a month apart: 2026-03-02 is an older day that recovery never looks at. */
function card() {
	const sd = new MemoryStore();
	const state = new MemoryStore();
	const warnings: string[] = [];
	const log = { info() {}, warn: (m: string) => warnings.push(m) };
	const older = series(
		localMidnight(2026, 3, 2) + 40 * QUARTER_MS,
		localMidnight(2026, 3, 2) + 48 * QUARTER_MS,
		7,
	).records;
	const newer = series(
		localMidnight(2026, 4, 5) + 40 * QUARTER_MS,
		localMidnight(2026, 4, 5) + 44 * QUARTER_MS,
		8,
	).records;
	const writer = new History({ sd, state });
	for (const r of [...older, ...newer]) writer.writeQuarter(r);
	const good = sd.snapshot();
	// a fresh boot, as on the device: recovery is bounded to the last day and does not see 2026-03-02
	const history = new History({ sd, state, log });
	expect(history.recover().setAside).toEqual([]);
	const context: ApiContext = {
		...fakeContext(wifiConfig()),
		currentQuarter: () => undefined,
		monthPeak: () => undefined,
		readMeterFile: (path) => history.readMeterFile(path),
	};
	return { sd, state, history, context, warnings, good, older };
}

const TEARS: [string, (t: string) => string][] = [
	["cut in half", (t) => t.slice(0, Math.floor(t.length / 2))],
	["missing its last brace", (t) => t.slice(0, -1)],
	["zero-filled", (t) => "\0".repeat(t.length)],
	["torn with a zero-filled tail", (t) => t.slice(0, 40) + "\0".repeat(t.length - 40)],
	["empty", () => ""],
	// balanced braces that end in "}", yet inside an unterminated string: a brace count would pass it
	["cut inside a key, then an old tail", (t) => t.slice(0, t.indexOf(":") - 2) + "}"],
];

describe("a torn summary in an older day or month", () => {
	for (const [kind, path] of [
		["day", dayPath(2026, 3, 2)],
		["month", monthPath(2026, 3)],
		["year", yearPath(2026)],
	] as const) {
		test.each(TEARS)(`${kind} summary %s: never 200 with broken JSON; set aside, reported, rebuilt`, (_name, tear) => {
			const { sd, history, context, warnings, good } = card();
			const torn = tear(good.get(path)!);
			sd.write(path, torn);
			const response = handle(get(path, LOGIN), context);
			expect(() => JSON.parse(text(response.body))).not.toThrow();
			// rebuilt from the level below, the summary is the one written before it tore
			expect(response.status).toBe(200);
			expect(text(response.body)).toBe(good.get(path));
			expect(sd.read(path)).toBe(good.get(path));
			const bad = path.replace(".json", ".bad");
			expect(sd.read(bad)).toBe(torn); // evidence kept
			expect(warnings.join("\n")).toContain("set aside " + path);
			const health = history.health();
			expect(health.setAside).toBe(1);
			expect(health.recent).toEqual([{ path, to: bad, reason: expect.stringContaining("does not parse") }]);
		});
	}
});

describe("a torn quarter file in an older day", () => {
	test.each(TEARS)(
		"%s: a clear JSON error, never 200; set aside and reported; its day keeps the figures",
		(_name, tear) => {
			const { sd, history, context, warnings, good, older } = card();
			const path = quarterPath(older[3].quarter_id);
			const torn = tear(good.get(path)!);
			sd.write(path, torn);
			const response = handle(get(path, LOGIN), context);
			expect(response.status).toBe(500);
			expect(JSON.parse(text(response.body))).toEqual({ error: "damaged file set aside" });
			expect(response.headers["cache-control"]).toBe("no-store");
			expect(sd.read(path)).toBeUndefined();
			expect(sd.read(path.replace(".json", ".bad"))).toBe(torn);
			expect(warnings.join("\n")).toContain("set aside " + path);
			expect(history.health().setAside).toBe(1);
			expect(sd.read(dayPath(2026, 3, 2))).toBe(good.get(dayPath(2026, 3, 2)));
			// asked again: the file is gone, a plain 404
			expect(handle(get(path, LOGIN), context).status).toBe(404);
			expect(history.health().setAside).toBe(1);
		},
	);
});

test("intact files are served as they are, and nothing is set aside", () => {
	const { sd, history, context, good, older } = card();
	for (const path of [
		quarterPath(older[0].quarter_id),
		dayPath(2026, 3, 2),
		monthPath(2026, 3),
		yearPath(2026),
		dayPath(2026, 4, 5),
	]) {
		const response = handle(get(path, LOGIN), context);
		expect(response.status).toBe(200);
		expect(text(response.body)).toBe(good.get(path));
	}
	expect(sd.snapshot()).toEqual(good);
	expect(history.health()).toEqual({ setAside: 0, recent: [], tmpCleaned: 0 });
});

test("a file of the original firmware that parses is served even when our validators would reject it", () => {
	const { sd, context } = card();
	const path = "/meter/2026/03/02/0000W.json";
	sd.write(path, '{"quarter_id":1,"consumed_power_avg":300}');
	const response = handle(get(path, LOGIN), context);
	expect(response.status).toBe(200);
	expect(sd.read(path)).toBeDefined();
});
