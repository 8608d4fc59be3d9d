import type { HouseholdOptions } from "../../src/sim/household";
import { Household, newHouseSample } from "../../src/sim/household";

const DAY = 86400000;

interface DayStats {
	importKwh: number;
	exportKwh: number;
	pvKwh: number;
	gasM3: number;
	waterL: number;
	/** Highest 1-minute mean of the net import between 17:00 and 20:30 local. */
	dinnerPeakW: number;
	/** Median net power 03:00-04:00 local. */
	nightW: number;
	pvAt2h: number;
	maxL3W: number;
	maxAllPhasesW: number;
	badVolts: number;
	badAmps: number;
}

/** Simulates `days` local days from `startIso` (local midnight) and summarises each. */
function simulate(startIso: string, days: number, options?: HouseholdOptions, seed = 17): DayStats[] {
	const h = new Household(seed, options);
	const s = newHouseSample();
	const start = Date.parse(startIso);
	const offset = Number(startIso.slice(-5, -3)) * 3600000; // these tests avoid DST days
	const out: DayStats[] = [];
	for (let d = 0; d < days; d++) {
		const st: DayStats = {
			importKwh: 0,
			exportKwh: 0,
			pvKwh: 0,
			gasM3: 0,
			waterL: 0,
			dinnerPeakW: 0,
			nightW: 0,
			pvAt2h: 0,
			maxL3W: 0,
			maxAllPhasesW: 0,
			badVolts: 0,
			badAmps: 0,
		};
		const night: number[] = [];
		let minute = 0;
		for (let i = 0; i < 86400; i++) {
			const t = start + d * DAY + i * 1000;
			h.sample(t, s);
			const p = s.p[0] + s.p[1] + s.p[2];
			if (p > 0) st.importKwh += p / 3.6e6;
			else st.exportKwh -= p / 3.6e6;
			st.pvKwh += s.pvW / 3.6e6;
			st.gasM3 += s.gasL / 1000;
			st.waterL += s.waterL;
			const localH = ((t + offset) % DAY) / 3600000;
			minute += p;
			if (i % 60 === 59) {
				if (localH >= 17 && localH < 20.5) st.dinnerPeakW = Math.max(st.dinnerPeakW, minute / 60);
				minute = 0;
			}
			if (localH >= 3 && localH < 4) night.push(p);
			if (localH >= 2 && localH < 2.01) st.pvAt2h += s.pvW;
			st.maxL3W = Math.max(st.maxL3W, s.p[2]);
			st.maxAllPhasesW = Math.max(st.maxAllPhasesW, Math.min(s.p[0], s.p[1], s.p[2]));
			for (let k = 0; k < 3; k++) {
				if (!(s.v[k] >= 207 && s.v[k] <= 253)) st.badVolts++;
				if (!(s.i[k] * s.v[k] >= Math.abs(s.p[k]) - 1) || !Number.isInteger(s.p[k])) st.badAmps++;
			}
		}
		night.sort((a, b) => a - b);
		st.nightW = night[night.length >> 1];
		out.push(st);
	}
	return out;
}

const sum = (days: DayStats[], f: (d: DayStats) => number) => days.reduce((a, d) => a + f(d), 0);

describe("a Flemish household through the year", () => {
	const winter = simulate("2026-01-12T00:00:00+01:00", 7); // Monday to Sunday
	const summer = simulate("2026-07-13T00:00:00+02:00", 7);

	test("daily electricity and gas use are those of a family with a car, a heat pump and solar panels", () => {
		const winterImport = sum(winter, (d) => d.importKwh) / 7;
		const summerImport = sum(summer, (d) => d.importKwh) / 7;
		// Around 7,000 kWh a year with an EV and a hybrid heat pump; winter days well above summer days.
		expect(winterImport).toBeGreaterThan(12);
		expect(winterImport).toBeLessThan(35);
		expect(summerImport).toBeGreaterThan(5);
		expect(summerImport).toBeLessThan(winterImport);
		// 5 kWp in Belgium: some 20-30 kWh on a July day, a few kWh on a January day.
		const summerPv = sum(summer, (d) => d.pvKwh) / 7;
		const winterPv = sum(winter, (d) => d.pvKwh) / 7;
		expect(summerPv).toBeGreaterThan(12);
		expect(summerPv).toBeLessThan(32);
		expect(winterPv).toBeLessThan(summerPv / 3);
		expect(sum(summer, (d) => d.exportKwh) / 7).toBeGreaterThan(5);
		// Gas: heating in January, only hot water in July.
		const winterGas = sum(winter, (d) => d.gasM3) / 7;
		const summerGas = sum(summer, (d) => d.gasM3) / 7;
		expect(winterGas).toBeGreaterThan(2);
		expect(winterGas).toBeLessThan(15);
		expect(summerGas).toBeGreaterThan(0.1);
		expect(summerGas).toBeLessThan(winterGas / 3);
		// Water: about 100-150 litres per person per day for 3 people.
		const water = sum([...winter, ...summer], (d) => d.waterL) / 14;
		expect(water).toBeGreaterThan(250);
		expect(water).toBeLessThan(500);
	});

	test("nights are quiet, the sun does not shine at 02:00, dinner peaks at several kW", () => {
		for (const d of [...winter, ...summer]) {
			expect(d.pvAt2h).toBe(0);
			expect(d.nightW).toBeGreaterThan(80);
			expect(d.nightW).toBeLessThan(800);
		}
		const dinners = [...winter, ...summer].filter((d) => d.dinnerPeakW >= 3000).length;
		expect(dinners).toBeGreaterThanOrEqual(9);
	});

	test("the 1-phase car charges at 7.4 kW on L3 on some evenings", () => {
		expect(Math.max(...winter.map((d) => d.maxL3W))).toBeGreaterThan(7000);
		const carDays = winter.filter((d) => d.maxL3W > 7000).length;
		expect(carDays).toBeGreaterThanOrEqual(1);
		expect(carDays).toBeLessThanOrEqual(6);
	});

	test("voltages stay within 230 V +10/-10 % and currents carry the power", () => {
		expect(sum([...winter, ...summer], (d) => d.badVolts + d.badAmps)).toBe(0);
	});
});

describe("household options", () => {
	test("a 3-phase charger loads all phases at once; without a car no phase reaches car power", () => {
		const three = simulate("2026-01-12T00:00:00+01:00", 7, { ev: "3phase", evPerWeek: 5 });
		expect(Math.max(...three.map((d) => d.maxAllPhasesW))).toBeGreaterThan(3500);
		const none = simulate("2026-01-12T00:00:00+01:00", 7, { ev: "none" });
		expect(Math.max(...none.map((d) => d.maxL3W))).toBeLessThan(6500);
		expect(Math.max(...none.map((d) => d.maxAllPhasesW))).toBeLessThan(3500);
	});

	test("an all-electric house without solar panels uses no gas, exports nothing, and heats with electricity", () => {
		const electric = simulate("2026-01-12T00:00:00+01:00", 3, { gas: false, pvKwp: 0, ev: "none" });
		const hybrid = simulate("2026-01-12T00:00:00+01:00", 3, { ev: "none" });
		expect(sum(electric, (d) => d.gasM3)).toBe(0);
		expect(sum(electric, (d) => d.exportKwh)).toBe(0);
		expect(sum(electric, (d) => d.importKwh)).toBeGreaterThan(sum(hybrid, (d) => d.importKwh) + 3 * 5);
	});

	test("the same seed gives the same household, another seed another one", () => {
		const a = simulate("2026-04-14T00:00:00+02:00", 1, {}, 5)[0];
		const b = simulate("2026-04-14T00:00:00+02:00", 1, {}, 5)[0];
		const c = simulate("2026-04-14T00:00:00+02:00", 1, {}, 6)[0];
		expect(b).toEqual(a);
		expect(c.importKwh).not.toBe(a.importKwh);
	});
});
