// /v1/export.csv over a card holding March 2026 (the spring DST day included) and the autumn DST
// day: the CSV read back gives the stored values; a month is produced a row at a time from one
// file at a time; bad queries are refused. Expected local times, ids and offsets are worked out
// here from the EU rule (last Sunday of March / October, 01:00 UTC), not with the code's helpers.

import { CsvRows, readExportQuery } from "../../src/core/api/export-csv";
import { handle } from "../../src/core/api/handle";
import type { ApiContext } from "../../src/core/api/types";
import type { QuarterRecord } from "../../src/core/quarters/records";
import { basic, type FakeContext, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);
const HOUR = 3_600_000;
const SUMMER_2026 = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)];

function p2(n: number): string {
	return String(n).padStart(2, "0");
}

interface Stored {
	path: string;
	local: string;
	dst: "S" | "W";
	utc: string;
	record: QuarterRecord;
}

/** Quarters from `from` to `to` (UTC ms), as history would store them, with made-up registers. */
function card(from: number, to: number): Stored[] {
	const out: Stored[] = [];
	let register = 5_000_000;
	let produced = 800_000;
	let night = 2_000_000; // tariff 2 registers, inside the sums above
	let nightBack = 300_000;
	for (let t = from, n = 0; t < to; t += 15 * 60_000, n++) {
		const summer = t >= SUMMER_2026[0] && t < SUMMER_2026[1];
		const local = new Date(t + (summer ? 2 : 1) * HOUR);
		const [y, mo, d, h, mi] = [
			local.getUTCFullYear(),
			local.getUTCMonth() + 1,
			local.getUTCDate(),
			local.getUTCHours(),
			local.getUTCMinutes(),
		];
		const id = ((y - 2000) << 24) | (mo << 16) | (d << 8) | (h * 4 + mi / 15) | (summer ? 0x80 : 0);
		const used = (n * 37) % 900; // Wh in the quarter
		const back = n % 5 === 0 ? (n * 11) % 300 : 0;
		const unknownEnd = n % 97 === 13; // now and then a quarter whose end was not seen
		const record: QuarterRecord = {
			quarter_id: id >>> 0,
			consumed_power_avg: used * 4 + 3,
			begin_consumed_wh: register,
			begin_produced_wh: produced,
			interval_secs: 5,
			consumed_power_interval_avgs: [],
			produced_power_interval_avgs: [],
			start: new Date(t).toISOString(),
			end: new Date(t + 15 * 60_000).toISOString(),
			end_consumed_wh: unknownEnd ? null : register + used,
			end_produced_wh: unknownEnd ? null : produced + back,
			energy_avg_w: unknownEnd ? null : used * 4,
			energy_produced_avg_w: unknownEnd ? null : back * 4,
			meter_demand_w: n % 50 === 7 ? null : used * 4 - 17 + (n % 3) * 0.5,
			samples: 180,
			complete: !unknownEnd && n % 13 !== 5,
		};
		// the night tariff's share of the quarter; every 7th quarter as a firmware without per-tariff registers stored it
		const usedNight = Math.floor((used * (n % 4)) / 3) % (used + 1);
		const backNight = n % 2 === 0 ? back : 0;
		if (n % 7 !== 3) {
			record.begin_consumed_t1_wh = register - night;
			record.begin_consumed_t2_wh = night;
			record.begin_produced_t1_wh = produced - nightBack;
			record.begin_produced_t2_wh = nightBack;
			record.end_consumed_t1_wh = unknownEnd ? null : register + used - night - usedNight;
			record.end_consumed_t2_wh = unknownEnd ? null : night + usedNight;
			record.end_produced_t1_wh = unknownEnd ? null : produced + back - nightBack - backNight;
			record.end_produced_t2_wh = unknownEnd ? null : nightBack + backNight;
		}
		register += used;
		produced += back;
		night += usedNight;
		nightBack += backNight;
		out.push({
			path: `/meter/${y}/${p2(mo)}/${p2(d)}/${p2(h)}${p2(mi)}${summer ? "S" : "W"}.json`,
			local: `${y}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}`,
			dst: summer ? "S" : "W",
			utc: new Date(t).toISOString().replace(".000Z", "Z"),
			record,
		});
	}
	return out;
}

const MARCH = card(Date.UTC(2026, 1, 28, 23), Date.UTC(2026, 2, 31, 22)); // 1 March 00:00 CET .. 1 April 00:00 CEST
const AUTUMN_DAY = card(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23));

/** A context over `stored`, with `gone` files missing and `damaged` ones found corrupt; it counts reads. */
function cardContext(stored: Stored[], gone: Set<string> = new Set(), damaged: Set<string> = new Set()): FakeContext {
	const context = fakeContext();
	const files = new Map<string, string>();
	const dirs = new Map<string, string[]>();
	for (const s of stored) {
		if (gone.has(s.path)) continue;
		files.set(s.path, JSON.stringify(s.record));
		const cut = s.path.lastIndexOf("/") + 1;
		const dir = s.path.slice(0, cut);
		if (!dirs.has(dir)) dirs.set(dir, ["day.json"]);
		dirs.get(dir)?.push(s.path.slice(cut), s.path.slice(cut).replace(".json", ".tmp"));
	}
	context.readMeterFile = (path) => {
		context.reads.push(path);
		if (damaged.has(path)) return null;
		return files.get(path);
	};
	context.listMeterDir = (dir) => {
		context.lists.push(dir);
		return [...(dirs.get(dir) ?? [])].reverse(); // a card lists in no particular order
	};
	return context;
}

/** The CSV parsed back: numbers with either decimal mark, "" as null. */
function parse(csv: string, sep: string, mark: string): { header: string[]; rows: string[][] } {
	expect(csv.endsWith("\r\n")).toBe(true);
	const lines = csv.slice(0, -2).split("\r\n");
	for (const line of lines) expect(line).not.toContain(sep === ";" ? "." : ";");
	const cells = lines.map((l) => l.split(sep));
	return { header: cells[0], rows: cells.slice(1).map((r) => r.map((c) => (mark === "," ? c.replace(",", ".") : c))) };
}

function number(cell: string): number | null {
	return cell === "" ? null : Number(cell);
}

function expectRows(rows: string[][], stored: Stored[]): void {
	expect(rows.length).toBe(stored.length);
	stored.forEach((s, i) => {
		expect(rows[i].length).toBe(HEADER.length);
		const [local, dst, utc, billed, imported, exported, demand, complete, ...tariffs] = rows[i];
		const r = s.record;
		expect([local, dst, utc]).toEqual([s.local, s.dst, s.utc]);
		expect(number(billed)).toBe(r.energy_avg_w);
		const wh = (cell: string) => (cell === "" ? null : Math.round(Number(cell) * 1000));
		expect(wh(imported)).toBe(r.end_consumed_wh === null ? null : r.end_consumed_wh - (r.begin_consumed_wh as number));
		expect(wh(exported)).toBe(r.end_produced_wh === null ? null : r.end_produced_wh - (r.begin_produced_wh as number));
		expect(imported === "" || /^\d+\.\d{3}$/.test(imported)).toBe(true);
		expect(number(demand)).toBe(r.meter_demand_w);
		expect(complete).toBe(r.complete ? "1" : "0");
		const diff = (b: number | null | undefined, e: number | null | undefined) =>
			typeof b === "number" && typeof e === "number" ? e - b : null;
		expect(tariffs.map(wh)).toEqual([
			diff(r.begin_consumed_t1_wh, r.end_consumed_t1_wh),
			diff(r.begin_consumed_t2_wh, r.end_consumed_t2_wh),
			diff(r.begin_produced_t1_wh, r.end_produced_t1_wh),
			diff(r.begin_produced_t2_wh, r.end_produced_t2_wh),
		]);
		for (const cell of tariffs) expect(cell === "" || /^\d+\.\d{3}$/.test(cell)).toBe(true);
		// the tariffs add up to the total when all are known
		const [t1, t2] = tariffs.map(wh);
		if (t1 !== null && t2 !== null) expect(t1 + t2).toBe(wh(imported));
	});
}

const HEADER = [
	"local_start",
	"dst",
	"utc_start",
	"billed_avg_w",
	"import_kwh",
	"export_kwh",
	"meter_demand_w",
	"complete",
	"import_t1_kwh",
	"import_t2_kwh",
	"export_t1_kwh",
	"export_t2_kwh",
];

describe("GET /v1/export.csv", () => {
	test("a month: headers, the default Belgian format, and every stored value back", () => {
		expect(MARCH.length).toBe(31 * 96 - 4); // the spring day has 23 hours
		const gone = new Set([MARCH[5].path, MARCH[2000].path]);
		const damaged = new Set([MARCH[10].path]);
		const context = cardContext(MARCH, gone, damaged);
		const response = handle(get("/v1/export.csv?month=2026-03", LOGIN), context);
		expect(response.status).toBe(200);
		expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
		expect(response.headers["content-disposition"]).toBe('attachment; filename="digimon-2026-03.csv"');
		expect(response.headers["content-length"]).toBeUndefined();
		const { header, rows } = parse(text(response.body), ";", ",");
		expect(header).toEqual(HEADER);
		expectRows(
			rows,
			MARCH.filter((s) => !gone.has(s.path) && !damaged.has(s.path)),
		);
		// the spring day: 01:45 W is followed by 03:00 S
		const at = rows.findIndex((r) => r[0] === "2026-03-29 01:45");
		expect(rows[at + 1].slice(0, 3)).toEqual(["2026-03-29 03:00", "S", "2026-03-29T01:00:00Z"]);
	});

	test("sep=comma: RFC 4180 separators and decimal points, same values", () => {
		const context = cardContext(MARCH);
		const response = handle(get("/v1/export.csv?sep=comma&date=2026-03-29", LOGIN), context);
		expect(response.headers["content-disposition"]).toBe('attachment; filename="digimon-2026-03-29.csv"');
		const { header, rows } = parse(text(response.body), ",", ".");
		expect(header).toEqual(HEADER);
		expectRows(
			rows,
			MARCH.filter((s) => s.local.startsWith("2026-03-29")),
		);
		expect(rows.length).toBe(92);
	});

	test("the autumn day: 100 quarters, the repeated hour in time order with its S and W", () => {
		const context = cardContext(AUTUMN_DAY);
		const { rows } = parse(text(handle(get("/v1/export.csv?date=2026-10-25", LOGIN), context).body), ";", ",");
		expectRows(rows, AUTUMN_DAY);
		expect(rows.filter((r) => r[0] === "2026-10-25 02:00").map((r) => r.slice(1, 3))).toEqual([
			["S", "2026-10-25T00:00:00Z"],
			["W", "2026-10-25T01:00:00Z"],
		]);
	});

	test("a range across months, both ends included; days without files are skipped", () => {
		const context = cardContext(MARCH.concat(AUTUMN_DAY));
		const response = handle(get("/v1/export.csv?from=2026-03-30&to=2026-10-25", LOGIN), context);
		expect(response.headers["content-disposition"]).toBe('attachment; filename="digimon-2026-03-30_2026-10-25.csv"');
		const { rows } = parse(text(response.body), ";", ",");
		expectRows(rows, MARCH.filter((s) => s.local >= "2026-03-30").concat(AUTUMN_DAY));
		expect(context.lists.length).toBe(2 + 30 + 31 + 30 + 31 + 31 + 30 + 25); // one listing per day of the range
	});

	test("a month is made a row at a time: one file read per row, a few hundred bytes held", () => {
		const context = cardContext(MARCH);
		const rows = new CsvRows(context as ApiContext, 20513, 20543, { separator: ";", decimal: "," }); // days of 1..31 March 2026
		expect(Date.UTC(2026, 2, 1) / 86_400_000).toBe(20513);
		let largestPiece = 0;
		let mostHeld = 0;
		let count = 0;
		for (let piece = rows.next(); piece !== undefined; piece = rows.next()) {
			largestPiece = Math.max(largestPiece, piece.length);
			mostHeld = Math.max(mostHeld, rows.heldChars());
			// never reads ahead: by the n-th row exactly n files were read (the header reads none)
			expect(context.reads.length).toBe(count);
			count++;
		}
		expect(count).toBe(MARCH.length + 1);
		expect(largestPiece).toBeLessThan(160); // the header of 12 columns is the longest line
		// one day's listing: 96 names of 10 characters, their .tmp and day.json, and 96 ids
		expect(mostHeld).toBeLessThan(4096);
		expect(rows.heldChars()).toBe(0);
		// through the host's buffer: no chunk larger than the buffer, the whole month ~220 KB
		const body = handle(get("/v1/export.csv?month=2026-03", LOGIN), cardContext(MARCH)).body;
		const buffer = new Uint8Array(512);
		let total = 0;
		if (typeof body === "string" || body instanceof Uint8Array) throw new Error("not streamed");
		for (let n = body.next(buffer); n > 0; n = body.next(buffer)) {
			expect(n).toBeLessThanOrEqual(512);
			total += n;
		}
		expect(total).toBeGreaterThan(100 * 1024);
	});

	test.each([
		["", "give date, month, or from and to"],
		["?sep=comma", "give date, month, or from and to"],
		["?date=2026-03-29&month=2026-03", "give date, month, or from and to"],
		["?from=2026-03-01", "give date, month, or from and to"],
		["?to=2026-03-01", "give date, month, or from and to"],
		["?date=2026-02-29", "date must be a day YYYY-MM-DD"],
		["?date=2026-3-29", "date must be a day YYYY-MM-DD"],
		["?date=2026%2D03-29", "date must be a day YYYY-MM-DD"],
		["?date=1999-12-31", "date must be a day YYYY-MM-DD"],
		["?month=2026-13", "month must be YYYY-MM"],
		["?month=2026-03-01", "month must be YYYY-MM"],
		["?from=2026-03-01&to=2026-02-28", "to is before from"],
		["?from=2025-01-01&to=2026-01-02", "range longer than 366 days"], // 367 days; 2025-01-01..2026-01-01 is 366
		["?from=2026-03-01&to=x", "from and to must be days YYYY-MM-DD"],
		["?date=2026-03-29&sep=tab", "sep must be semicolon or comma"],
		["?date=2026-03-29&sep=constructor", "sep must be semicolon or comma"],
		["?date=2026-03-29&date=2026-03-28", "date given twice"],
		["?date=2026-03-29&x=1", "unknown parameter"],
		["?date", "malformed query"],
		["?date=2026-03-29&", "malformed query"],
	])("%s is a 400: %s", (query, message) => {
		const context = cardContext(MARCH);
		const response = handle(get("/v1/export.csv" + query, LOGIN), context);
		expect(response.status).toBe(400);
		expect(JSON.parse(text(response.body))).toEqual({ error: message });
		expect(context.reads).toEqual([]);
		expect(context.lists).toEqual([]);
	});

	test("the longest range allowed is 366 days (2028 is a leap year)", () => {
		const q = readExportQuery("/v1/export.csv?from=2028-01-01&to=2028-12-31");
		expect(typeof q === "string" ? q : q.last - q.first + 1).toBe(366);
	});

	test("a card that fails part-way cuts the body short with an error (the host ends the connection)", () => {
		const context = cardContext(MARCH);
		context.listMeterDir = (dir) => {
			if (dir.endsWith("/03/02/")) throw new Error("card removed");
			return [];
		};
		const response = handle(get("/v1/export.csv?month=2026-03", LOGIN), context);
		expect(() => text(response.body)).toThrow("card removed");
	});
});
