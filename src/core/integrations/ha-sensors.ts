// What the monitor publishes over MQTT: one row per Home Assistant entity, with the unit, device
// class and state class Home Assistant accepts together (its sensor rules: energy in kWh with
// total_increasing lands in the energy dashboard, gas and water in m³ likewise; power, voltage
// and current are measurements; a monetary value allows no state class but total, so the
// yearly cost, an estimate that moves both ways, has none). Values are read from the figures
// /v1/now and /v1/capacity serve (the engine's status, the last telegram), never recomputed here.

import { monthPeak } from "../api/live";
import type { MbusDevice, Reading } from "../dsmr/reading";
import type { QuarterStatus } from "../quarters/engine";
import { numberOrNaN as known } from "../util/values";

/** What a publication is made from: read once per publication, never per telegram. */
export interface Figures {
	status: QuarterStatus;
	reading: Reading;
	warning: boolean;
}

export interface HaEntity {
	/** Last level of the state topic and end of the unique id. */
	readonly key: string;
	readonly name: string;
	/** Home Assistant platform: "sensor" or "binary_sensor". */
	readonly component: string;
	/** "" where Home Assistant wants none. */
	readonly unit: string;
	readonly deviceClass: string;
	readonly stateClass: string;
	/** Decimals of the state payload; -1: "ON"/"OFF" (a binary sensor, value 1 or 0). */
	readonly decimals: number;
	/** The value in `unit`, NaN while unknown (nothing is published for it). */
	readonly value: (f: Figures) => number;
}

/** M-Bus device types of 0-n:24.1.0 (EN 13757-3). */
const GAS = 3;
const WATER = 7;

const W = "W";
const KWH = "kWh";
const M3 = "m\u00b3"; // Home Assistant's unit is "m³", not "m3"

export const ENTITIES: readonly HaEntity[] = Object.freeze([
	sensor("power_import", "Power import", W, "power", "measurement", 0, (f) => f.reading.importW),
	sensor("power_export", "Power export", W, "power", "measurement", 0, (f) => f.reading.exportW),
	sensor("power_import_l1", "Power import L1", W, "power", "measurement", 0, (f) => f.reading.phases[0].importW),
	sensor("power_import_l2", "Power import L2", W, "power", "measurement", 0, (f) => f.reading.phases[1].importW),
	sensor("power_import_l3", "Power import L3", W, "power", "measurement", 0, (f) => f.reading.phases[2].importW),
	sensor("power_export_l1", "Power export L1", W, "power", "measurement", 0, (f) => f.reading.phases[0].exportW),
	sensor("power_export_l2", "Power export L2", W, "power", "measurement", 0, (f) => f.reading.phases[1].exportW),
	sensor("power_export_l3", "Power export L3", W, "power", "measurement", 0, (f) => f.reading.phases[2].exportW),
	sensor("energy_import_t1", "Energy import tariff 1", KWH, "energy", "total_increasing", 3, (f) =>
		kwh(f.reading.importT1Wh),
	),
	sensor("energy_import_t2", "Energy import tariff 2", KWH, "energy", "total_increasing", 3, (f) =>
		kwh(f.reading.importT2Wh),
	),
	sensor("energy_export_t1", "Energy export tariff 1", KWH, "energy", "total_increasing", 3, (f) =>
		kwh(f.reading.exportT1Wh),
	),
	sensor("energy_export_t2", "Energy export tariff 2", KWH, "energy", "total_increasing", 3, (f) =>
		kwh(f.reading.exportT2Wh),
	),
	sensor("voltage_l1", "Voltage L1", "V", "voltage", "measurement", 1, (f) => f.reading.phases[0].voltageV),
	sensor("voltage_l2", "Voltage L2", "V", "voltage", "measurement", 1, (f) => f.reading.phases[1].voltageV),
	sensor("voltage_l3", "Voltage L3", "V", "voltage", "measurement", 1, (f) => f.reading.phases[2].voltageV),
	sensor("current_l1", "Current L1", "A", "current", "measurement", 2, (f) => f.reading.phases[0].currentA),
	sensor("current_l2", "Current L2", "A", "current", "measurement", 2, (f) => f.reading.phases[1].currentA),
	sensor("current_l3", "Current L3", "A", "current", "measurement", 2, (f) => f.reading.phases[2].currentA),
	sensor("quarter_demand", "Quarter demand (meter)", W, "power", "measurement", 0, (f) => f.reading.demandW),
	sensor("month_peak", "Month peak", W, "power", "measurement", 0, (f) => known(monthPeak(f.status))),
	sensor("quarter_projection", "Quarter projection", W, "power", "measurement", 0, (f) => known(f.status.projection_w)),
	sensor("quarter_allowance", "Quarter allowance", W, "power", "measurement", 0, (f) => known(f.status.allowance_w)),
	sensor("capacity_average", "Capacity 12-month average", W, "power", "measurement", 0, (f) =>
		known(f.status.capacity.average_w),
	),
	sensor("capacity_cost", "Capacity tariff per year", "EUR", "monetary", "", 2, (f) =>
		known(f.status.capacity.eur_per_year),
	),
	sensor("gas", "Gas", M3, "gas", "total_increasing", 3, (f) => mbusM3(f.reading, GAS)),
	sensor("water", "Water", M3, "water", "total_increasing", 3, (f) => mbusM3(f.reading, WATER)),
	Object.freeze({
		key: "peak_warning",
		name: "Peak warning",
		component: "binary_sensor",
		unit: "",
		deviceClass: "problem",
		stateClass: "",
		decimals: -1,
		value: (f: Figures) => (f.warning ? 1 : 0),
	}),
]);

function sensor(
	key: string,
	name: string,
	unit: string,
	deviceClass: string,
	stateClass: string,
	decimals: number,
	value: (f: Figures) => number,
): HaEntity {
	return Object.freeze({ key, name, component: "sensor", unit, deviceClass, stateClass, decimals, value });
}

function kwh(wh: number): number {
	return wh / 1000;
}

/** The first M-Bus device of `type` that reports in m3; NaN when there is none. */
function mbusM3(r: Reading, type: number): number {
	for (let i = 0; i < r.mbusCount; i++) {
		const d: MbusDevice = r.mbus[i];
		if (d.type === type && (d.unit === "m3" || d.unit === "M3")) return d.value;
	}
	return NaN;
}
