// GET /metrics read by a real Prometheus text parser (npm parse-prometheus-text-format): every
// family has its HELP and TYPE, counters end in _total, and the values are the hand-made figures of
// the fake context converted by hand (Wh x 3600 = J, ms / 1000 = s). Then a monitor fed by the
// simulated meter: its registers on /metrics match the last telegram's text, read here with a
// regular expression.

import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { handle } from "../../src/core/api/handle";
import { label, METRICS_TYPE } from "../../src/core/api/metrics";
import type { ApiContext } from "../../src/core/api/types";
import { defaultConfig } from "../../src/core/config/schema";
import { Monitor } from "../../src/core/monitor";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../helpers/memory-store";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

type Parsed = ReturnType<typeof parsePrometheusTextFormat>;

function scrape(context: ApiContext, authorization = basic(SSID, WIFI_PASSWORD)): { body: string; parsed: Parsed } {
	const response = handle(get("/metrics", authorization), context);
	expect(response.status).toBe(200);
	expect(response.headers["content-type"]).toBe(METRICS_TYPE);
	const body = text(response.body);
	return { body, parsed: parsePrometheusTextFormat(body) };
}

/** The one value of `name` with `labels`, as a number; undefined when the sample is not there. */
function value(parsed: Parsed, name: string, labels: Record<string, string> = {}): number | undefined {
	const family = parsed.find((f) => f.name === name);
	if (family === undefined) throw new Error(`no family ${name}`);
	const hit = family.metrics.find((m) => JSON.stringify(m.labels ?? {}) === JSON.stringify(labels));
	return hit === undefined ? undefined : Number(hit.value);
}

/** The fake context with registers, gas and water, and the monitor's counters filled in. */
function filled() {
	const context = fakeContext();
	const r = context.reading();
	r.importT1Wh = 1234567;
	r.importT2Wh = 2345678;
	r.exportT1Wh = 89012;
	r.exportT2Wh = 0;
	r.phases.forEach((p, i) => {
		p.voltageV = 230.1 + i;
		p.currentA = 5 - i;
	});
	r.header = 'FLU5\\253769484_A"x';
	r.version = "50217";
	r.mbusCount = 2;
	Object.assign(r.mbus[0], { channel: 1, type: 3, value: 1234.567, unit: "m3" });
	Object.assign(r.mbus[1], { channel: 2, type: 7, value: 55.5, unit: "m3" });
	const facts = context.facts?.();
	if (facts === undefined) throw new Error("the fake context has facts");
	Object.assign(facts, {
		telegrams: 3598,
		crcErrors: 1,
		crcMissing: 2,
		clockRejected: 3,
		rejectedValues: 4,
		storeErrors: 5,
		lastTelegramMs: 3_600_000 - 400,
		freeBytes: 31914983424,
	});
	return context;
}

test("every family has a HELP and a TYPE; counters, and only counters, end in _total; units are base units", () => {
	const { body, parsed } = scrape(filled());
	expect(parsed.length).toBeGreaterThan(25);
	for (const f of parsed) {
		expect(body).toContain(`# HELP ${f.name} `);
		expect(body).toContain(`# TYPE ${f.name} ${f.type.toLowerCase()}\n`);
		expect(f.help.length).toBeGreaterThan(10);
		expect(f.name.endsWith("_total")).toBe(f.type === "COUNTER");
		expect(f.name).toMatch(/^digimon_[a-z_]+$/);
		expect(f.name).not.toMatch(/_(kwh|kw|wh|ms|kilo\w*)(_|$)/); // base units only
	}
	expect(body.endsWith("\n")).toBe(true);
});

test("live power, per phase, registers, the quarter and the capacity figures are the context's, converted by hand", () => {
	const { parsed } = scrape(filled());
	expect(value(parsed, "digimon_power_import_watts")).toBe(3000);
	expect(value(parsed, "digimon_power_export_watts")).toBe(0);
	expect([1, 2, 3].map((p) => value(parsed, "digimon_phase_power_import_watts", { phase: String(p) }))).toEqual([
		1200, 1000, 800,
	]);
	expect([1, 2, 3].map((p) => value(parsed, "digimon_phase_voltage_volts", { phase: String(p) }))).toEqual([
		230.1, 231.1, 232.1,
	]);
	expect([1, 2, 3].map((p) => value(parsed, "digimon_phase_current_amperes", { phase: String(p) }))).toEqual([5, 4, 3]);
	expect(value(parsed, "digimon_energy_import_joules_total", { tariff: "1" })).toBe(4_444_441_200); // 1234.567 kWh
	expect(value(parsed, "digimon_energy_import_joules_total", { tariff: "2" })).toBe(8_444_440_800);
	expect(value(parsed, "digimon_energy_export_joules_total", { tariff: "1" })).toBe(320_443_200);
	expect(value(parsed, "digimon_energy_export_joules_total", { tariff: "2" })).toBe(0);
	expect(value(parsed, "digimon_meter_demand_watts")).toBe(2990);
	expect(value(parsed, "digimon_month_peak_watts")).toBe(4000); // ours 3950, the meter's 4000: the higher
	expect(value(parsed, "digimon_quarter_average_watts")).toBe(3000); // 375 Wh in 450 s
	expect(value(parsed, "digimon_quarter_projection_watts")).toBe(3000);
	expect(value(parsed, "digimon_quarter_allowance_watts")).toBe(5000);
	expect(value(parsed, "digimon_quarter_limit_watts")).toBe(4000);
	expect(value(parsed, "digimon_quarter_elapsed_seconds")).toBe(450);
	// no month with a known peak yet: no average and no cost, and a count of 0
	expect(value(parsed, "digimon_capacity_average_watts")).toBeUndefined();
	expect(value(parsed, "digimon_capacity_yearly_cost_euros")).toBeUndefined();
	expect(value(parsed, "digimon_capacity_months")).toBe(0);
	expect(value(parsed, "digimon_gas_cubic_meters_total", { channel: "1" })).toBe(1234.567);
	expect(value(parsed, "digimon_gas_cubic_meters_total", { channel: "2" })).toBeUndefined(); // water is on 2
	expect(value(parsed, "digimon_water_cubic_meters_total", { channel: "2" })).toBe(55.5);
});

test("the capacity average and its yearly cost are the engine's", () => {
	const context = filled();
	const s = context.status();
	Object.assign(s.capacity, { months: ["2025-12", "2026-01"], values_w: [2500, 4797], average_w: 3648.5 });
	s.capacity.eur_per_year = 209.61;
	const { parsed } = scrape(context);
	expect(value(parsed, "digimon_capacity_average_watts")).toBe(3648.5);
	expect(value(parsed, "digimon_capacity_yearly_cost_euros")).toBe(209.61);
	expect(value(parsed, "digimon_capacity_months")).toBe(2);
});

test("the monitor's own counters, uptime and last telegram age, and storage", () => {
	const { parsed } = scrape(filled());
	expect(value(parsed, "digimon_telegrams_total")).toBe(3598);
	expect(value(parsed, "digimon_telegrams_crc_bad_total")).toBe(1);
	expect(value(parsed, "digimon_telegrams_crc_missing_total")).toBe(2);
	expect(value(parsed, "digimon_telegrams_clock_rejected_total")).toBe(3);
	expect(value(parsed, "digimon_values_dropped_total")).toBe(4);
	expect(value(parsed, "digimon_store_errors_total")).toBe(5);
	expect(value(parsed, "digimon_files_set_aside_total")).toBe(0);
	expect(value(parsed, "digimon_uptime_seconds")).toBe(3600); // started at 0, asked at 3 600 000 ms
	expect(value(parsed, "digimon_last_telegram_age_seconds")).toBe(0.4);
	expect(value(parsed, "digimon_storage_free_bytes")).toBe(31914983424);
	expect(value(parsed, "digimon_build_info", { version: "0.1.0" })).toBe(1);
	// a backslash and a quote in the meter's header are escaped, and read back as they were
	expect(value(parsed, "digimon_meter_info", { model: 'FLU5\\253769484_A"x', protocol: "50217" })).toBe(1);
});

test("what is not known is left out, not sent as NaN: a context without facts or telegram", () => {
	const context = fakeContext();
	delete context.facts;
	const { body, parsed } = scrape(context);
	expect(body).not.toMatch(/NaN|Inf/);
	expect(value(parsed, "digimon_telegrams_total")).toBeUndefined();
	expect(value(parsed, "digimon_energy_import_joules_total", { tariff: "1" })).toBeUndefined();
	expect(value(parsed, "digimon_phase_voltage_volts", { phase: "1" })).toBeUndefined();
	expect(value(parsed, "digimon_power_import_watts")).toBe(3000);
	expect(parsed.find((f) => f.name === "digimon_meter_info")?.metrics).toEqual([]);
});

test("label values escape backslash, quote and line feed", () => {
	expect(label('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
	expect(label("plain")).toBe("plain");
});

test("/metrics needs the login", () => {
	expect(handle(get("/metrics"), fakeContext()).status).toBe(401);
	expect(handle(get("/metrics", basic(SSID, "wrong")), fakeContext()).status).toBe(401);
});

test("a monitor fed by the simulated meter: registers, gas and counters on /metrics are the last telegram's", () => {
	const config = defaultConfig();
	config.auth.user = "jan";
	config.auth.password = "geheim";
	let ms = 0;
	const m = new Monitor({
		sd: new MemoryStore(),
		state: new MemoryStore(),
		log: { info: () => {}, warn: () => {} },
		config: () => config,
		now: () => ms,
	});
	m.start();
	const meter = new SimMeter({ start: Date.UTC(2026, 0, 14, 17, 0), seed: 2 });
	let last = "";
	for (let i = 0; i < 1000; i++) {
		ms += 1000;
		const t = meter.next();
		last = Buffer.from(t).toString("latin1");
		m.push(t);
	}
	ms += 500;
	const response = m.handle({
		method: "GET",
		target: "/metrics",
		headers: { host: "localhost", authorization: basic("jan", "geheim") },
	});
	expect(response.status).toBe(200);
	const parsed = parsePrometheusTextFormat(text(response.body));
	const kwh = (obis: string) =>
		Number(new RegExp(`^${obis.replace(/\./g, "\\.")}\\(([\\d.]+)\\*kWh\\)`, "m").exec(last)?.[1]);
	// kWh with 3 decimals x 3 600 000 J/kWh, rounded to the joule the conversion from whole Wh gives
	expect(value(parsed, "digimon_energy_import_joules_total", { tariff: "1" })).toBe(
		Math.round(kwh("1-0:1.8.1") * 3_600_000),
	);
	expect(value(parsed, "digimon_energy_import_joules_total", { tariff: "2" })).toBe(
		Math.round(kwh("1-0:1.8.2") * 3_600_000),
	);
	const gas = Number(/^0-1:24\.2\.3\(\d+[SW]\)\(([\d.]+)\*m3\)/m.exec(last)?.[1]);
	expect(value(parsed, "digimon_gas_cubic_meters_total", { channel: "1" })).toBe(gas);
	const kw = (obis: string) =>
		Number(new RegExp(`^${obis.replace(/\./g, "\\.")}\\(([\\d.]+)\\*kW\\)`, "m").exec(last)?.[1]);
	expect(value(parsed, "digimon_power_import_watts")).toBe(Math.round(kw("1-0:1.7.0") * 1000));
	expect(value(parsed, "digimon_phase_power_import_watts", { phase: "2" })).toBe(Math.round(kw("1-0:41.7.0") * 1000));
	expect(value(parsed, "digimon_meter_demand_watts")).toBe(Math.round(kw("1-0:1.4.0") * 1000));
	expect(value(parsed, "digimon_telegrams_total")).toBe(1000);
	expect(value(parsed, "digimon_uptime_seconds")).toBe(1000.5);
	expect(value(parsed, "digimon_last_telegram_age_seconds")).toBe(0.5);
});
