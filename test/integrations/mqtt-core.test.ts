// The MQTT payloads and rules of src/core/integrations, against expectations written by hand:
// Home Assistant's sensor rules (which unit and state class each device class takes, from its
// sensor/const.py), the discovery config of one entity spelt out in full, state payloads of
// figures whose text is worked out here, the publisher's one-message-per-topic bound, the
// backoff and schedule rules.

import { newReading } from "../../src/core/dsmr/parse";
import type { DeviceInfo } from "../../src/core/integrations/ha-discovery";
import {
	availabilityTopic,
	discoveryPayload,
	discoveryTopic,
	fixed,
	statePayload,
} from "../../src/core/integrations/ha-discovery";
import type { Figures } from "../../src/core/integrations/ha-sensors";
import { ENTITIES } from "../../src/core/integrations/ha-sensors";
import { MqttPublisher } from "../../src/core/integrations/mqtt-publisher";
import { publishDue, reconnectDelayMs } from "../../src/core/integrations/mqtt-rules";
import { peakNotice } from "../../src/core/integrations/peak-notice";
import { status } from "../api/fake-context";

const DEVICE: DeviceInfo = Object.freeze({
	id: "digimon",
	name: "Digitale Meter Monitor",
	model: "P1 monitor (PC)",
	manufacturer: "Digitale Meter Monitor",
	version: "0.1.0",
	configurationUrl: "http://digimon.local/",
});

/** Home Assistant's DEVICE_CLASS_UNITS and DEVICE_CLASS_STATE_CLASSES for the classes we use ("" = no state class). */
const HA_RULES: Record<string, { units: string[]; stateClasses: string[] }> = {
	power: { units: ["mW", "W", "kW", "MW", "GW", "TW"], stateClasses: ["", "measurement"] },
	energy: { units: ["Wh", "kWh", "MWh", "MJ", "GJ"], stateClasses: ["", "total", "total_increasing"] },
	voltage: { units: ["V", "mV", "µV", "kV", "MV"], stateClasses: ["", "measurement"] },
	current: { units: ["A", "mA"], stateClasses: ["", "measurement"] },
	gas: { units: ["m³", "ft³", "CCF", "L"], stateClasses: ["", "total", "total_increasing"] },
	water: { units: ["m³", "ft³", "CCF", "gal", "L"], stateClasses: ["", "total", "total_increasing"] },
	monetary: { units: ["EUR"], stateClasses: ["", "total"] },
};

function figures(): Figures {
	const reading = newReading();
	reading.importW = 3210;
	reading.exportW = 0;
	reading.importT1Wh = 1234567;
	reading.importT2Wh = 7;
	reading.exportT1Wh = 0;
	reading.exportT2Wh = 1000;
	reading.phases[0].importW = 3210;
	reading.phases[0].exportW = 0;
	reading.phases[0].voltageV = 229.9;
	reading.phases[0].currentA = 14.05;
	reading.demandW = 2890;
	reading.mbus[0].channel = 1;
	reading.mbus[0].type = 3;
	reading.mbus[0].value = 4083.631;
	reading.mbus[0].unit = "m3";
	reading.mbusCount = 1;
	const s = status();
	s.capacity.average_w = 3125;
	s.capacity.eur_per_year = 163.476;
	return { status: s, reading, warning: false };
}

function entity(key: string) {
	const e = ENTITIES.find((x) => x.key === key);
	if (!e) throw new Error(`no entity ${key}`);
	return e;
}

describe("Home Assistant entities", () => {
	test("every sensor's unit and state class are ones Home Assistant accepts for its device class", () => {
		for (const e of ENTITIES) {
			if (e.component === "binary_sensor") continue;
			const rule = HA_RULES[e.deviceClass];
			expect(rule).toBeDefined();
			expect(rule.units).toContain(e.unit);
			expect(rule.stateClasses).toContain(e.stateClass);
		}
	});

	test("import and export registers, gas and water are kWh / m³ totals for the energy dashboard", () => {
		for (const key of ["energy_import_t1", "energy_import_t2", "energy_export_t1", "energy_export_t2"])
			expect(entity(key)).toMatchObject({ unit: "kWh", deviceClass: "energy", stateClass: "total_increasing" });
		expect(entity("gas")).toMatchObject({ unit: "m³", deviceClass: "gas", stateClass: "total_increasing" });
		expect(entity("water")).toMatchObject({ unit: "m³", deviceClass: "water", stateClass: "total_increasing" });
	});

	test("keys are unique and fit a topic level and a unique id", () => {
		const keys = ENTITIES.map((e) => e.key);
		expect(new Set(keys).size).toBe(keys.length);
		for (const k of keys) expect(k).toMatch(/^[a-z0-9_]+$/);
	});
});

describe("payloads", () => {
	test("the discovery config of the tariff 1 import register, spelt out", () => {
		const e = entity("energy_import_t1");
		expect(discoveryTopic("homeassistant", DEVICE, e)).toBe("homeassistant/sensor/digimon/energy_import_t1/config");
		expect(JSON.parse(discoveryPayload(e, "p1", DEVICE))).toEqual({
			name: "Energy import tariff 1",
			unique_id: "digimon_energy_import_t1",
			state_topic: "p1/energy_import_t1",
			unit_of_measurement: "kWh",
			device_class: "energy",
			state_class: "total_increasing",
			suggested_display_precision: 3,
			availability_topic: "p1/status",
			payload_available: "online",
			payload_not_available: "offline",
			device: {
				identifiers: ["digimon"],
				name: "Digitale Meter Monitor",
				model: "P1 monitor (PC)",
				manufacturer: "Digitale Meter Monitor",
				sw_version: "0.1.0",
				configuration_url: "http://digimon.local/",
			},
		});
	});

	test("the yearly cost has no state class; the warning is a binary sensor; no configuration_url when the host has none", () => {
		const cost = JSON.parse(discoveryPayload(entity("capacity_cost"), "p1", DEVICE));
		expect(cost.device_class).toBe("monetary");
		expect(cost.unit_of_measurement).toBe("EUR");
		expect(cost).not.toHaveProperty("state_class");
		const warning = entity("peak_warning");
		expect(discoveryTopic("ha", DEVICE, warning)).toBe("ha/binary_sensor/digimon/peak_warning/config");
		const config = JSON.parse(discoveryPayload(warning, "p1", { ...DEVICE, configurationUrl: "" }));
		expect(config).toMatchObject({ payload_on: "ON", payload_off: "OFF", device_class: "problem" });
		expect(config).not.toHaveProperty("unit_of_measurement");
		expect(config.device).not.toHaveProperty("configuration_url");
	});

	test("a name with quotes stays valid JSON", () => {
		const odd = { ...DEVICE, name: 'Meter "garage"\\' };
		expect(JSON.parse(discoveryPayload(entity("gas"), "p1", odd)).device.name).toBe('Meter "garage"\\');
	});

	test("state payloads: the monitor's figures with the entity's decimals", () => {
		const f = figures();
		const text = (key: string) => statePayload(entity(key), entity(key).value(f));
		expect(text("power_import")).toBe("3210");
		expect(text("energy_import_t1")).toBe("1234.567"); // 1 234 567 Wh
		expect(text("energy_import_t2")).toBe("0.007");
		expect(text("energy_export_t2")).toBe("1.000");
		expect(text("voltage_l1")).toBe("229.9");
		expect(text("current_l1")).toBe("14.05");
		expect(text("quarter_demand")).toBe("2890");
		expect(text("month_peak")).toBe("4000"); // fake status: ours 3950, the meter's 4000
		expect(text("quarter_projection")).toBe("3000");
		expect(text("quarter_allowance")).toBe("5000");
		expect(text("capacity_average")).toBe("3125");
		expect(text("capacity_cost")).toBe("163.48");
		expect(text("gas")).toBe("4083.631");
		expect(text("water")).toBe(""); // no water meter on the bus
		expect(text("power_import_l2")).toBe(""); // not sent
		expect(text("peak_warning")).toBe("OFF");
		expect(statePayload(entity("peak_warning"), 1)).toBe("ON");
		expect(statePayload(entity("power_export"), -0.2)).toBe("0");
	});

	test("the warning notice says what happens in words and figures", () => {
		const s = status();
		s.projection_w = 4300;
		s.allowance_w = 3600;
		const on = JSON.parse(peakNotice(true, s, "digimon"));
		expect(on).toEqual({
			event: "peak_warning",
			active: true,
			device: "digimon",
			message:
				"Peak warning: this quarter heads for 4300 W, above the limit of 4000 W; draw at most 3600 W for the rest of it",
			quarter_id: s.quarter_id,
			start: "2026-02-10T17:00:00Z",
			projection_w: 4300,
			limit_w: 4000,
			allowance_w: 3600,
		});
		s.projection_w = 3700;
		const off = JSON.parse(peakNotice(false, s, "digimon"));
		expect(off.active).toBe(false);
		expect(off.message).toBe("Peak warning over: this quarter heads for 3700 W, the limit is 4000 W");
	});
});

describe("publisher", () => {
	function publisher() {
		return new MqttPublisher({ base: "p1", discoveryPrefix: "homeassistant", device: DEVICE, intervalMs: 10000 });
	}

	function drain(p: MqttPublisher) {
		const out: { topic: string; payload: string; retain: boolean }[] = [];
		for (let m = p.next(); m !== undefined; m = p.next()) out.push({ ...m });
		return out;
	}

	test("on connection: online first, then a config for each entity with a value, then its state, all retained", () => {
		const p = publisher();
		const f = figures();
		p.connected();
		expect(p.tick(0, () => f)).toBe(true);
		const sent = drain(p);
		expect(sent[0]).toEqual({ topic: "p1/status", payload: "online", retain: true });
		const known = ENTITIES.filter((e) => e.value(f) === e.value(f)).map((e) => e.key);
		expect(known).not.toContain("water");
		const configs = sent.filter((m) => m.topic.endsWith("/config"));
		const states = sent.slice(1 + configs.length);
		expect(configs.map((m) => m.topic.split("/")[3])).toEqual(known);
		expect(states.map((m) => m.topic)).toEqual(known.map((k) => `p1/${k}`));
		expect(sent.every((m) => m.retain)).toBe(true);
		expect(sent).toHaveLength(1 + 2 * known.length);
		expect(p.next()).toBeUndefined();
	});

	test("publishes states again only when due: at the interval or at once after publishSoon", () => {
		const p = publisher();
		const f = figures();
		p.connected();
		p.tick(0, () => f);
		drain(p);
		expect(p.tick(9999, () => f)).toBe(false);
		expect(p.next()).toBeUndefined();
		p.publishSoon();
		expect(p.tick(10500, () => f)).toBe(true);
		const again = drain(p);
		expect(again.some((m) => m.topic.endsWith("/config"))).toBe(false); // announced once per connection
		expect(again.length).toBeGreaterThan(0);
		f.reading.mbus[1] = { ...f.reading.mbus[0], channel: 2, type: 7, value: 12.5 };
		f.reading.mbusCount = 2;
		expect(p.tick(20500, () => f)).toBe(true);
		const withWater = drain(p);
		expect(withWater.filter((m) => m.topic.endsWith("/config")).map((m) => m.topic)).toEqual([
			"homeassistant/sensor/digimon/water/config",
		]);
		expect(withWater.find((m) => m.topic === "p1/water")?.payload).toBe("12.500");
	});

	test("while the broker is away nothing piles up: each topic once, with its latest value", () => {
		const p = publisher();
		const f = figures();
		p.connected();
		p.tick(0, () => f);
		drain(p);
		// the broker is gone: the host stops asking for messages, the monitor goes on for a day
		for (let t = 1; t <= 8640; t++) {
			f.reading.importW = t;
			p.tick(t * 10000, () => f);
		}
		const known = ENTITIES.filter((e) => e.value(f) === e.value(f)).length;
		expect(p.waiting).toBe(known); // one state per topic, not 8640
		p.connected();
		const sent = drain(p);
		expect(sent.filter((m) => m.topic === "p1/power_import")).toEqual([
			{ topic: "p1/power_import", payload: "8640", retain: true },
		]);
		expect(sent).toHaveLength(1 + 2 * known);
	});

	test("a value that became unknown keeps its last state rather than sending an empty one", () => {
		const p = publisher();
		const f = figures();
		p.connected();
		p.tick(0, () => f);
		f.reading.importW = NaN; // before the pending state went out
		p.tick(10000, () => f);
		const sent = drain(p);
		expect(sent.some((m) => m.topic === "p1/power_import")).toBe(false);
		expect(sent.every((m) => m.payload !== "")).toBe(true);
	});
});

describe("rules", () => {
	test("reconnect waits double from 1 s to 5 min, a random half taken off", () => {
		const cases: [number, number, number][] = [
			// failures, random, expected ms
			[0, 0, 500],
			[1, 0, 500],
			[1, 0.5, 750],
			[2, 0, 1000],
			[3, 0.999, Math.round(2000 + 2000 * 0.999)], // full wait 4 s
			[9, 0, 128000], // full wait 256 s
			[10, 0, 150000], // 512 s, capped at 300 s
			[10, 0.5, 225000],
			[1000, 0.5, 225000],
			[2, 7, 1000], // a random outside [0, 1) counts as 0
		];
		for (const [failures, random, expected] of cases) expect(reconnectDelayMs(failures, random)).toBe(expected);
	});

	test("publishing is due at first, after the interval, on an event, and after the clock went back", () => {
		expect(publishDue(5, NaN, 10000, false)).toBe(true);
		expect(publishDue(9999, 0, 10000, false)).toBe(false);
		expect(publishDue(10000, 0, 10000, false)).toBe(true);
		expect(publishDue(1, 0, 10000, true)).toBe(true);
		expect(publishDue(5, 100, 10000, false)).toBe(true);
	});

	test("the availability topic sits under the base", () => {
		expect(availabilityTopic("home/p1")).toBe("home/p1/status");
	});
});

test("numbers are rounded by hand, the same in every engine", () => {
	const cases: [number, number, string][] = [
		[0.4, 0, "0"], // XS's toFixed(0) answers "0." here
		[0.5, 0, "1"],
		[-0.2, 0, "0"],
		[-0.6, 0, "-1"],
		[229.9, 1, "229.9"],
		[14.05, 2, "14.05"],
		[0.007, 3, "0.007"],
		[12345.678, 3, "12345.678"],
		[1, 3, "1.000"],
		[-3.25, 1, "-3.3"], // half away from zero: -3.25 is stored as exactly -3.25
		[4083.631, 3, "4083.631"],
	];
	for (const [value, decimals, text] of cases) expect(fixed(value, decimals)).toBe(text);
});
