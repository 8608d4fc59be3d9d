// GET /metrics: the monitor's figures in the Prometheus text format (0.0.4), for a Prometheus or
// VictoriaMetrics scraping it behind the login. The figures are those /v1/now, /v1/capacity and
// /v1/status give, read from the same places (the engine's status, the last reading, the facts);
// this only names them. Units are Prometheus's base units: watts, volts, amperes, joules (a
// register in Wh x 3600, exact in a double), cubic metres, seconds, bytes, euros.
//
// The table of families is built once; a request copies the values into one small array (so a
// telegram taken while the body is sent cannot mix two readings) and the body is streamed a
// family at a time.

import { MBUS_GAS, MBUS_WATER } from "../dsmr/obis";
import type { Reading } from "../dsmr/reading";
import type { QuarterStatus } from "../quarters/engine";
import { charCode, textLength, textSlice } from "../util/chars";
import { numberOrNaN as known } from "../util/values";
import { TextChunks } from "./chunks";
import { average, monthPeak } from "./live";
import type { ApiContext, ApiResponse, DeviceFacts } from "./types";

export const METRICS_PATH = "/metrics";
export const METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const GAUGE = "gauge";
const COUNTER = "counter";
const JOULES_PER_WH = 3600;

/** What one request reads, set before the values are copied out. */
interface Inputs {
	s: QuarterStatus;
	r: Reading;
	/** Absent where the host keeps no facts: the monitor's own families are then left empty. */
	f: DeviceFacts | undefined;
}

interface Sample {
	/** `{phase="1"}`, or "" */
	readonly labels: string;
	/** Its index in the values of a request. */
	readonly slot: number;
	/** The value, NaN when not known (the sample is then left out). */
	readonly read: (x: Inputs) => number;
}

interface Family {
	readonly name: string;
	readonly type: string;
	readonly help: string;
	readonly samples: readonly Sample[];
}

let slots = 0;

function sample(labels: string, read: Sample["read"]): Sample {
	return Object.freeze({ labels, slot: slots++, read });
}

function family(name: string, type: string, help: string, samples: Sample[]): Family {
	return Object.freeze({ name, type, help, samples: Object.freeze(samples) });
}

function one(read: Sample["read"]): Sample[] {
	return [sample("", read)];
}

function perPhase(read: (x: Inputs, phase: number) => number): Sample[] {
	return [0, 1, 2].map((i) => sample(`{phase="${i + 1}"}`, (x) => read(x, i)));
}

/** M-Bus channels 1..4, each a sample of its own when it holds a meter of `type` counting in m3. */
function perChannel(type: number): Sample[] {
	return [1, 2, 3, 4].map((channel) => sample(`{channel="${channel}"}`, (x) => mbusM3(x.r, type, channel)));
}

function mbusM3(r: Reading, type: number, channel: number): number {
	for (let i = 0; i < r.mbusCount; i++) {
		const d = r.mbus[i];
		if (d.channel === channel) return d.type === type && d.unit === "m3" ? d.value : NaN;
	}
	return NaN;
}

/** A monitor figure, NaN without facts (`read` is made once here, not a closure per request). */
function fact(read: (f: DeviceFacts) => number): Sample[] {
	return one((x) => (x.f === undefined ? NaN : read(x.f)));
}

const FAMILIES: readonly Family[] = Object.freeze([
	family(
		"digimon_power_import_watts",
		GAUGE,
		"Power drawn from the grid now (1-0:1.7.0).",
		one((x) => known(x.s.current_w)),
	),
	family(
		"digimon_power_export_watts",
		GAUGE,
		"Power returned to the grid now (1-0:2.7.0).",
		one((x) => known(x.s.current_export_w)),
	),
	family(
		"digimon_phase_power_import_watts",
		GAUGE,
		"Power drawn per phase (1-0:21/41/61.7.0).",
		perPhase((x, i) => x.r.phases[i].importW),
	),
	family(
		"digimon_phase_power_export_watts",
		GAUGE,
		"Power returned per phase (1-0:22/42/62.7.0).",
		perPhase((x, i) => x.r.phases[i].exportW),
	),
	family(
		"digimon_phase_voltage_volts",
		GAUGE,
		"Voltage per phase (1-0:32/52/72.7.0).",
		perPhase((x, i) => x.r.phases[i].voltageV),
	),
	family(
		"digimon_phase_current_amperes",
		GAUGE,
		"Current per phase (1-0:31/51/71.7.0).",
		perPhase((x, i) => x.r.phases[i].currentA),
	),
	family(
		"digimon_energy_import_joules_total",
		COUNTER,
		"Import register per tariff (1-0:1.8.1/2), in joules (Wh x 3600).",
		[
			sample('{tariff="1"}', (x) => x.r.importT1Wh * JOULES_PER_WH),
			sample('{tariff="2"}', (x) => x.r.importT2Wh * JOULES_PER_WH),
		],
	),
	family(
		"digimon_energy_export_joules_total",
		COUNTER,
		"Export register per tariff (1-0:2.8.1/2), in joules (Wh x 3600).",
		[
			sample('{tariff="1"}', (x) => x.r.exportT1Wh * JOULES_PER_WH),
			sample('{tariff="2"}', (x) => x.r.exportT2Wh * JOULES_PER_WH),
		],
	),
	family(
		"digimon_meter_demand_watts",
		GAUGE,
		"The meter's running quarter demand (1-0:1.4.0).",
		one((x) => known(x.s.meter_demand_w)),
	),
	family(
		"digimon_month_peak_watts",
		GAUGE,
		"The month's highest quarter so far: ours or the meter's 1-0:1.6.0, the higher.",
		one((x) => known(monthPeak(x.s))),
	),
	family(
		"digimon_quarter_average_watts",
		GAUGE,
		"Average power drawn since the running quarter started.",
		one((x) => known(average(x.s))),
	),
	family(
		"digimon_quarter_projection_watts",
		GAUGE,
		"The running quarter's expected average at its end.",
		one((x) => known(x.s.projection_w)),
	),
	family(
		"digimon_quarter_allowance_watts",
		GAUGE,
		"Average power that can still be drawn this quarter without passing the limit.",
		one((x) => known(x.s.allowance_w)),
	),
	family(
		"digimon_quarter_limit_watts",
		GAUGE,
		"The quarter average not to pass: the target, else the month peak, at least 2500 W.",
		one((x) => x.s.threshold_w),
	),
	family(
		"digimon_quarter_elapsed_seconds",
		GAUGE,
		"Seconds of the running quarter gone.",
		one((x) => known(x.s.elapsed_s)),
	),
	family(
		"digimon_capacity_average_watts",
		GAUGE,
		"Average of the last 12 months' peaks, each at least 2500 W: what the capacity tariff bills.",
		one((x) => known(x.s.capacity.average_w)),
	),
	family(
		"digimon_capacity_months",
		GAUGE,
		"Months with a known peak in that average (at most 12).",
		one((x) => x.s.capacity.months.length),
	),
	family(
		"digimon_capacity_yearly_cost_euros",
		GAUGE,
		"What that average costs a year at the grid area's tariff, VAT included.",
		one((x) => known(x.s.capacity.eur_per_year)),
	),
	family(
		"digimon_gas_cubic_meters_total",
		COUNTER,
		"Gas meter reading per M-Bus channel (0-n:24.2.1, 24.2.3 on Fluvius meters).",
		perChannel(MBUS_GAS),
	),
	family(
		"digimon_water_cubic_meters_total",
		COUNTER,
		"Water meter reading per M-Bus channel (0-n:24.2.1).",
		perChannel(MBUS_WATER),
	),
	family(
		"digimon_telegrams_total",
		COUNTER,
		"Telegrams taken (valid CRC) since start.",
		fact((f) => f.telegrams),
	),
	family(
		"digimon_telegrams_crc_bad_total",
		COUNTER,
		"Telegrams dropped for a CRC that does not match.",
		fact((f) => f.crcErrors),
	),
	family(
		"digimon_telegrams_crc_missing_total",
		COUNTER,
		"Telegrams dropped for lacking the CRC their protocol has.",
		fact((f) => f.crcMissing),
	),
	family(
		"digimon_telegrams_clock_rejected_total",
		COUNTER,
		"Telegrams dropped for a meter clock that jumped and did not hold.",
		fact((f) => f.clockRejected),
	),
	family(
		"digimon_values_dropped_total",
		COUNTER,
		"Values set aside as impossible for a household connection.",
		fact((f) => f.rejectedValues),
	),
	family(
		"digimon_uptime_seconds",
		GAUGE,
		"Seconds since the monitor started.",
		fact((f) => (f.nowMs - f.startMs) / 1000),
	),
	family(
		"digimon_last_telegram_age_seconds",
		GAUGE,
		"Seconds since the last telegram was taken.",
		fact((f) => (f.nowMs - f.lastTelegramMs) / 1000),
	),
	family(
		"digimon_store_errors_total",
		COUNTER,
		"Writes to the card or flash that failed.",
		fact((f) => f.storeErrors),
	),
	family(
		"digimon_files_set_aside_total",
		COUNTER,
		"Damaged files set aside since start.",
		fact((f) => (f.health === undefined ? 0 : f.health.setAside)),
	),
	family(
		"digimon_storage_free_bytes",
		GAUGE,
		"Free bytes on the history card.",
		fact((f) => f.freeBytes),
	),
]);

const SLOTS = slots;
const inputs: Inputs = { s: undefined as unknown as QuarterStatus, r: undefined as unknown as Reading, f: undefined };

/** GET /metrics (behind the login, as every route). */
export function metrics(_path: string, context: ApiContext): ApiResponse {
	const values = new Float64Array(SLOTS);
	inputs.s = context.status();
	inputs.r = context.reading();
	inputs.f = context.facts ? context.facts() : undefined;
	for (let i = 0; i < FAMILIES.length; i++) {
		const samples = FAMILIES[i].samples;
		for (let k = 0; k < samples.length; k++) values[samples[k].slot] = samples[k].read(inputs);
	}
	const info = infoText(inputs);
	inputs.f = undefined; // the reading and facts are the monitor's, reused per telegram: not kept past the request
	let next = 0;
	const body = new TextChunks(() => {
		const i = next++;
		if (i < FAMILIES.length) return familyText(FAMILIES[i], values);
		return i === FAMILIES.length ? info : undefined;
	});
	return {
		status: 200,
		headers: { "content-type": METRICS_TYPE, "cache-control": "no-store", "x-content-type-options": "nosniff" },
		body,
	};
}

function familyText(f: Family, values: Float64Array): string {
	let text = "# HELP " + f.name + " " + f.help + "\n# TYPE " + f.name + " " + f.type + "\n";
	const samples = f.samples;
	for (let k = 0; k < samples.length; k++) {
		const v = values[samples[k].slot];
		if (v === v && v !== Infinity && v !== -Infinity) text += f.name + samples[k].labels + " " + v + "\n";
	}
	return text;
}

/** The info families: always 1, their labels say what runs and which meter it reads. */
function infoText(x: Inputs): string {
	const f = x.f;
	let text =
		"# HELP digimon_build_info The monitor's version.\n# TYPE digimon_build_info gauge\n" +
		'digimon_build_info{version="' +
		label(f === undefined ? "" : f.version) +
		'"} 1\n';
	text += "# HELP digimon_meter_info The meter the last telegram came from.\n# TYPE digimon_meter_info gauge\n";
	const r = x.r;
	if (r.header !== "")
		text += 'digimon_meter_info{model="' + label(r.header) + '",protocol="' + label(r.version) + '"} 1\n';
	return text;
}

/** A label value with \, " and line feeds escaped as the text format requires (read without boxing it on XS: util/chars.ts). */
export function label(value: string): string {
	const end = textLength(value);
	let out = "";
	let from = 0;
	for (let i = 0; i < end; i++) {
		const c = charCode(value, i);
		const escaped = c === 0x5c ? "\\\\" : c === 0x22 ? '\\"' : c === 0x0a ? "\\n" : undefined;
		if (escaped === undefined) continue;
		out += textSlice(value, from, i) + escaped;
		from = i + 1;
	}
	return from === 0 ? value : out + textSlice(value, from, end);
}
