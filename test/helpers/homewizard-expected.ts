// What HomeWizard's P1 meter would answer on /api/v1/data for a telegram, read from the telegram's
// text by a few regular expressions, with HomeWizard's names and units (kWh, W, V, A, the
// meter's local YYMMDDhhmmss as a number), field by field from its documentation: the route
// tests and the e2e test compare the monitor's answer with this, not with its own parser.
// Covers what the corpus telegrams hold (three phases, gas and water); fields they do not send
// are left out, as HomeWizard does.

/** The groups of every line of `raw` by OBIS code ("1-0:1.8.1" -> ["000301.548*kWh"]). */
function objects(raw: string): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const line of raw.split("\r\n")) {
		const m = /^(\d+-\d+:\d+\.\d+\.\d+)((?:\([^)]*\))+)$/.exec(line);
		if (m)
			out.set(
				m[1],
				[...m[2].matchAll(/\(([^)]*)\)/g)].map((g) => g[1]),
			);
	}
	return out;
}

/** "000301.548*kWh" -> 301.548; "02.351*kW" -> 2351 when `scale` is 1000. */
const value = (group: string, scale = 1) => Math.round(Number.parseFloat(group.split("*")[0]) * scale * 1000) / 1000;
/** "231102114500W" -> 231102114500 */
const digits = (stamp: string) => Number(stamp.slice(0, 12));

/** What HomeWizard's P1 meter would answer for `raw`, field by field from its documentation. */
export function expectedData(raw: string, ssid: string): Record<string, unknown> {
	const o = objects(raw);
	const one = (code: string, scale = 1) => (o.has(code) ? value(o.get(code)![0], scale) : undefined);
	const out: Record<string, unknown> = { wifi_ssid: ssid };
	const version = o.get("0-0:96.1.4")?.[0] ?? o.get("1-3:0.2.8")?.[0];
	if (version) out.smr_version = Number(version.slice(0, 2));
	out.meter_model = raw.slice(1, raw.indexOf("\r\n"));
	out.unique_id = o.get("0-0:96.1.1")![0];
	out.active_tariff = Number(o.get("0-0:96.14.0")![0]);
	const t1 = one("1-0:1.8.1")!;
	const t2 = one("1-0:1.8.2")!;
	const e1 = one("1-0:2.8.1")!;
	const e2 = one("1-0:2.8.2")!;
	Object.assign(out, {
		total_power_import_kwh: Math.round((t1 + t2) * 1000) / 1000,
		total_power_import_t1_kwh: t1,
		total_power_import_t2_kwh: t2,
		total_power_export_kwh: Math.round((e1 + e2) * 1000) / 1000,
		total_power_export_t1_kwh: e1,
		total_power_export_t2_kwh: e2,
		active_power_w: one("1-0:1.7.0", 1000)! - one("1-0:2.7.0", 1000)!,
	});
	const phases = [
		["l1", "21", "22", "32", "31"],
		["l2", "41", "42", "52", "51"],
		["l3", "61", "62", "72", "71"],
	];
	for (const [l, imp, exp, v, a] of phases) {
		const w = one(`1-0:${imp}.7.0`, 1000)! - one(`1-0:${exp}.7.0`, 1000)!;
		out[`active_power_${l}_w`] = w;
		out[`active_voltage_${l}_v`] = one(`1-0:${v}.7.0`);
		out[`active_current_${l}_a`] = (w < 0 ? -1 : 1) * one(`1-0:${a}.7.0`)!;
	}
	out.active_power_average_w = one("1-0:1.4.0", 1000);
	const peak = o.get("1-0:1.6.0")!;
	out.montly_power_peak_w = value(peak[1], 1000);
	out.montly_power_peak_timestamp = digits(peak[0]);
	const types: Record<string, string> = { "003": "gas_meter", "007": "water_meter" };
	const external: Record<string, unknown>[] = [];
	for (const channel of ["1", "2", "3", "4"]) {
		const type = o.get(`0-${channel}:24.1.0`)?.[0];
		if (type === undefined) continue;
		const reading = o.get(`0-${channel}:24.2.3`) ?? o.get(`0-${channel}:24.2.1`)!;
		const id = o.get(`0-${channel}:96.1.1`)![0];
		const entry = {
			unique_id: id,
			type: types[type],
			timestamp: digits(reading[0]),
			value: value(reading[1]),
			unit: reading[1].split("*")[1],
		};
		if (type === "003" && out.total_gas_m3 === undefined)
			Object.assign(out, { total_gas_m3: entry.value, gas_timestamp: entry.timestamp, gas_unique_id: id });
		external.push(entry);
	}
	out.external = external;
	return out;
}
