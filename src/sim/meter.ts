// A simulated Fluvius digital meter (eMUCS-P1 1.7 telegrams, as sent by the Sagemcom/Landis+Gyr
// meters Fluvius installs): each call to next() integrates one second of the household into the
// registers and returns the telegram the meter sends at the end of that second.
//
// Conventions (chosen to match the captures in test/fixtures/telegrams and stated here because a
// consumer may depend on them):
// - The telegram stamped T reports the second (T-1 s, T]: registers, powers and 1-0:1.4.0
//   include it. The telegram stamped on a quarter boundary (hh:00:00, hh:15:00, ...) therefore
//   carries the completed quarter, and its registers are the quarter's end registers.
// - 1-0:1.4.0 "current average demand" is the energy imported since the start of the running
//   fixed clock quarter divided by the full 15 minutes, truncated to the watt: it climbs from 0
//   during the quarter and ends at the quarter average. Source: the e-MUCS P1 object list names
//   it "Current average demand - Active energy import"; the 14 consecutive telegrams of a real
//   Fluvius meter in dsmrhub/example-stream.txt (20:45:56 .. 20:46:09 at a steady 0.52 kW) show
//   0.032 .. 0.040 kW, which is 0.52 kW x 56..69 s / 900 s truncated, not a sliding average.
// - 1-0:1.6.0 is the highest 1.4.0 at a quarter end this month, stamped with the quarter's end
//   (as in the captures: 221203174500W); until the first quarter of a month closes it is the
//   meter's "no value" (632525252525W)(00.000*kW).
// - 0-0:98.1.0 holds up to 13 months (oldest first, as the 2023 capture fluvius-v171-alt shows;
//   the e-MUCS example lists newest first, available as historyOrder "newest-first"); each entry
//   is (1st of the next month 00:00)(peak quarter end)(peak kW). A month rolls in at the first
//   second of the new month.
// - Tariff 1 (day) on weekdays 07:00-22:00, tariff 2 (night) otherwise, Brussels local time.
// - Gas (0-1:24.2.3) is captured every 5 minutes at a fixed second of the meter and shows up in
//   the telegram some tens of seconds later, like the wireless M-Bus readings in the captures.

import { crc16 } from "../core/dsmr/crc16";
import type { LocalTime } from "../core/time/brussels";
import { localToUtc, newLocalTime, offsetMs, utcToLocal } from "../core/time/brussels";
import { fixedText, hexOf, NO_TIMESTAMP, putFixed, putHex4, putTimestamp, timestampText } from "./digits";
import type { HouseholdOptions, HouseSample } from "./household";
import { Household, newHouseSample } from "./household";
import type { PeakEntry } from "./past";
import { pastPeaks } from "./past";
import { hash2, Rng } from "./random";

// Math's functions as module constants: a global lookup per call is slow in sandboxed realms (jest's vm contexts).
const { floor, max, min, round, sqrt } = Math;

const QUARTER = 900000;
const DAY = 86400000;
const HISTORY_MAX = 13;
const CAPTURE = 300000; // M-Bus values every 5 minutes

export interface Registers {
	importT1Wh: number;
	importT2Wh: number;
	exportT1Wh: number;
	exportT2Wh: number;
}

export interface SimMeterOptions {
	/** UTC ms of the first telegram (rounded down to the second). Default: now. */
	start?: number;
	/** Seed of the household and of the meter's made-up past. Default 1. */
	seed?: number;
	household?: HouseholdOptions;
	/** Registers just before the first telegram; default: a few years' believable use. */
	registers?: Partial<Registers>;
	/** Gas and water meter readings at the start, m3. */
	gasM3?: number;
	waterM3?: number;
	/** M-Bus gas meter on channel 1 (default true) and water meter on channel 2 (default true). */
	gas?: boolean;
	water?: boolean;
	/** Months of 0-0:98.1.0 history before the start (0-13). Default 13. */
	historyMonths?: number;
	historyOrder?: "oldest-first" | "newest-first";
	/** 3 (default) or 1: a single-phase connection sends only the L1 lines (all load on L1). */
	phases?: 1 | 3;
	/** Identification line without '/'. Default "FLU5\\253769484_A". */
	header?: string;
	/** 0-0:96.13.0 text (sent hex-encoded). Default empty. */
	message?: string;
	/** 0-0:17.0.0 limiter threshold, kW (999.9 = none). */
	limiterKw?: number;
	/** 1-0:31.4.0 fuse supervision threshold, A (999 = none). */
	fuseA?: number;
}

/** Which tariff (1 day, 2 night) applies at a UTC instant. */
export function tariffAt(utcMs: number): 1 | 2 {
	const local = utcMs + offsetMs(utcMs);
	const days = floor(local / DAY);
	const dow = (days + 4) % 7; // 0 = Sunday
	if (dow === 0 || dow === 6) return 2;
	const hour = floor((local - days * DAY) / 3600000);
	return hour >= 7 && hour < 22 ? 1 : 2;
}

/** UTC ms of 00:00 local on the 1st of the month after the one containing `utcMs`. */
export function nextMonthStart(utcMs: number, lt: LocalTime): number {
	utcToLocal(utcMs, lt);
	const y = lt.month === 12 ? lt.year + 1 : lt.year;
	const m = lt.month === 12 ? 1 : lt.month + 1;
	return localToUtc(y, m, 1, 0, 0, 0);
}

export class SimMeter {
	#house: Household;
	#sample: HouseSample = newHouseSample();
	#t: number; // UTC ms of the last telegram (start - 1 s before the first)
	#lt: LocalTime = newLocalTime();
	#lt2: LocalTime = newLocalTime();

	// Registers in watt-seconds (integers), so sums stay exact.
	#imp1: number;
	#imp2: number;
	#exp1: number;
	#exp2: number;
	#quarterWs = 0;
	#tariffQuarter = -1;
	#tariff: 1 | 2 = 1;
	#peakW = 0;
	#peakTime = NaN;
	#monthEnd: number;
	#history: PeakEntry[] = [];

	#gasL: number;
	#gasShown: number;
	#gasShownTime: number;
	#gasPending = NaN;
	#gasPendingTime = NaN;
	#gasOffset: number;
	#gasDelay: number;
	#waterL: number;
	#waterShown: number;
	#waterShownTime: number;
	#waterPending = NaN;
	#waterPendingTime = NaN;
	#waterOffset: number;
	#waterDelay: number;

	// What the telegram bytes currently show, so unchanged fields are not formatted again.
	#stampedAt = NaN;
	#tariffShown = -1;
	#peakDirty = true;
	#gasStamped = -1;
	#waterStamped = -1;

	#opts: {
		gas: boolean;
		water: boolean;
		order: "oldest-first" | "newest-first";
		phases: 1 | 3;
		header: string;
		message: string;
		limiterKw: number;
		fuseA: number;
		equipment: string;
		gasId: string;
		waterId: string;
	};

	// The preformatted telegram and where its changing fields sit.
	#buf = new Uint8Array(2048);
	#view: Uint8Array = this.#buf.subarray(0, 0);
	#bang = 0;
	#at = {
		time: 0,
		imp1: 0,
		imp2: 0,
		exp1: 0,
		exp2: 0,
		tariff: 0,
		demand: 0,
		peakTime: 0,
		peakW: 0,
		importW: 0,
		exportW: 0,
		phaseImp: [0, 0, 0],
		phaseExp: [0, 0, 0],
		volts: [0, 0, 0],
		amps: [0, 0, 0],
		gasTime: 0,
		gas: 0,
		waterTime: 0,
		water: 0,
	};

	constructor(options: SimMeterOptions = {}) {
		const seed = (options.seed ?? 1) | 0;
		this.#house = new Household(seed, options.household);
		const start = floor((options.start ?? Date.now()) / 1000) * 1000;
		const s0 = start - 1000;
		this.#t = s0;
		const rng = new Rng(hash2(seed, 0x3e7e));
		const pv = this.#house.options.pvKwp > 0;
		const r = options.registers ?? {};
		this.#imp1 = round((r.importT1Wh ?? round(rng.range(5000, 9000) * 1000)) * 3600);
		this.#imp2 = round((r.importT2Wh ?? round(rng.range(6000, 10000) * 1000)) * 3600);
		this.#exp1 = round((r.exportT1Wh ?? (pv ? round(rng.range(4000, 6000) * 1000) : 0)) * 3600);
		this.#exp2 = round((r.exportT2Wh ?? (pv ? round(rng.range(1500, 2500) * 1000) : 0)) * 3600);
		this.#gasL = (options.gasM3 ?? round(rng.range(3000, 6000) * 1000) / 1000) * 1000;
		this.#waterL = (options.waterM3 ?? round(rng.range(200, 600) * 1000) / 1000) * 1000;
		this.#gasOffset = rng.int(0, 299) * 1000;
		this.#gasDelay = rng.int(10, 70) * 1000;
		this.#waterOffset = rng.int(0, 299) * 1000;
		this.#waterDelay = rng.int(5, 40) * 1000;
		this.#gasShown = this.#gasL;
		this.#gasShownTime = lastCapture(s0 - this.#gasDelay, this.#gasOffset);
		this.#waterShown = this.#waterL;
		this.#waterShownTime = lastCapture(s0 - this.#waterDelay, this.#waterOffset);
		const digits = (n: number) => String(1e9 + (hash2(seed, n) % 1e9)).slice(1) + String(hash2(seed, n + 1) % 10);
		this.#opts = {
			gas: options.gas ?? true,
			water: options.water ?? true,
			order: options.historyOrder ?? "oldest-first",
			phases: options.phases ?? 3,
			header: options.header ?? "FLU5\\253769484_A",
			message: options.message ?? "",
			limiterKw: options.limiterKw ?? 999.9,
			fuseA: options.fuseA ?? 999,
			equipment: hexOf("1SAG" + digits(101)),
			gasId: hexOf("7FLO" + digits(103)),
			waterId: hexOf("8SET" + digits(105)),
		};

		// The state month is the one the last second before the start belongs to.
		this.#monthEnd = nextMonthStart(s0 - 1, this.#lt);
		const past = pastPeaks(
			s0,
			max(0, min(HISTORY_MAX, options.historyMonths ?? HISTORY_MAX)),
			this.#house.options,
			rng,
		);
		this.#history = past.history;
		if (past.current) {
			this.#peakW = past.current.w;
			this.#peakTime = past.current.time;
		}

		// The running quarter already has energy in it when the meter is "switched on" mid-quarter.
		const qs = floor(s0 / QUARTER) * QUARTER;
		for (let t = qs; t < s0; t += 1000) {
			this.#house.sample(t, this.#sample);
			const p = this.#net();
			if (p > 0) this.#quarterWs += p;
		}
		this.#build();
	}

	/** UTC ms of the telegram last returned by next() (start - 1000 before the first call). */
	get time(): number {
		return this.#t;
	}

	/** The household's last second (powers, voltages, gas, solar), for reports and tests. */
	get sample(): Readonly<HouseSample> {
		return this.#sample;
	}

	get household(): Household {
		return this.#house;
	}

	/** The telegram of the next second; the view and its bytes are reused by the next call. */
	next(): Uint8Array {
		const p = this.#advance();
		return this.#format(this.#t, p);
	}

	/**
	 * Lives through the next second without building its telegram, so a restarted PC host can
	 * catch up with a long-running simulation (the state is the same as after next()).
	 */
	skip(): void {
		this.#advance();
	}

	/** Integrates one second; returns its net power. */
	#advance(): number {
		const s = this.#t; // start of the second being integrated
		const t = s + 1000;
		if (s >= this.#monthEnd) this.#rollMonth(s);
		if (s % QUARTER === 0) this.#quarterWs = 0;
		const q = floor(s / QUARTER);
		if (q !== this.#tariffQuarter) {
			this.#tariffQuarter = q; // tariffs switch only at 07:00, 22:00 and midnight: quarter boundaries
			this.#tariff = tariffAt(s);
		}
		this.#house.sample(s, this.#sample);
		const p = this.#net();
		if (p > 0) {
			if (this.#tariff === 1) this.#imp1 += p;
			else this.#imp2 += p;
			this.#quarterWs += p;
		} else if (this.#tariff === 1) this.#exp1 -= p;
		else this.#exp2 -= p;
		this.#gasL += this.#sample.gasL;
		this.#waterL += this.#sample.waterL;
		this.#t = t;

		if (t % QUARTER === 0) {
			const avg = floor(this.#quarterWs / 900);
			if (!(this.#peakTime === this.#peakTime) || avg > this.#peakW) {
				this.#peakW = avg;
				this.#peakTime = t;
				this.#peakDirty = true;
			}
		}
		this.#mbus(t);
		return p;
	}

	#net(): number {
		const p = this.#sample.p;
		return p[0] + p[1] + p[2];
	}

	#mbus(t: number): void {
		if ((t - this.#gasOffset) % CAPTURE === 0) {
			this.#gasPending = this.#gasL;
			this.#gasPendingTime = t;
		}
		if (t - this.#gasPendingTime >= this.#gasDelay) {
			this.#gasShown = this.#gasPending;
			this.#gasShownTime = this.#gasPendingTime;
			this.#gasPendingTime = NaN;
		}
		if ((t - this.#waterOffset) % CAPTURE === 0) {
			this.#waterPending = this.#waterL;
			this.#waterPendingTime = t;
		}
		if (t - this.#waterPendingTime >= this.#waterDelay) {
			this.#waterShown = this.#waterPending;
			this.#waterShownTime = this.#waterPendingTime;
			this.#waterPendingTime = NaN;
		}
	}

	#rollMonth(s: number): void {
		const h = this.#history;
		h.push({ period: this.#monthEnd, time: this.#peakTime, w: this.#peakW });
		if (h.length > HISTORY_MAX) h.shift();
		this.#peakW = 0;
		this.#peakTime = NaN;
		this.#monthEnd = nextMonthStart(s, this.#lt2);
		this.#build();
	}

	/** Lays out the whole telegram once; next() then only patches the fields that change. */
	#build(): void {
		const o = this.#opts;
		const at = this.#at;
		let text = "";
		const mark = (s: string): number => {
			const i = text.length + s.length;
			text += s;
			return i;
		};
		const lt = this.#lt2;
		text += "/" + o.header + "\r\n\r\n0-0:96.1.4(50217)\r\n0-0:96.1.1(" + o.equipment + ")\r\n";
		at.time = mark("0-0:1.0.0(");
		text += "000000000000W)\r\n";
		at.imp1 = mark("1-0:1.8.1(");
		text += "000000.000*kWh)\r\n";
		at.imp2 = mark("1-0:1.8.2(");
		text += "000000.000*kWh)\r\n";
		at.exp1 = mark("1-0:2.8.1(");
		text += "000000.000*kWh)\r\n";
		at.exp2 = mark("1-0:2.8.2(");
		text += "000000.000*kWh)\r\n";
		at.tariff = mark("0-0:96.14.0(000");
		text += "1)\r\n";
		at.demand = mark("1-0:1.4.0(");
		text += "00.000*kW)\r\n";
		at.peakTime = mark("1-0:1.6.0(");
		at.peakW = at.peakTime + 15;
		text += "000000000000W)(00.000*kW)\r\n";
		const h = this.#history;
		text += "0-0:98.1.0(" + h.length + ")(1-0:1.6.0)(1-0:1.6.0)";
		if (h.length === 0) text += "()";
		for (let k = 0; k < h.length; k++) {
			const e = h[o.order === "oldest-first" ? k : h.length - 1 - k];
			const when = e.time === e.time ? timestampText(utcToLocal(e.time, lt)) : NO_TIMESTAMP;
			text += "(" + timestampText(utcToLocal(e.period, lt)) + ")(" + when + ")(" + fixedText(2, 3, e.w) + "*kW)";
		}
		text += "\r\n";
		at.importW = mark("1-0:1.7.0(");
		text += "00.000*kW)\r\n";
		at.exportW = mark("1-0:2.7.0(");
		text += "00.000*kW)\r\n";
		const n = o.phases;
		const codes = ["21", "41", "61"];
		for (let k = 0; k < n; k++) {
			at.phaseImp[k] = mark("1-0:" + codes[k] + ".7.0(");
			text += "00.000*kW)\r\n";
		}
		for (let k = 0; k < n; k++) {
			at.phaseExp[k] = mark("1-0:" + (22 + 20 * k) + ".7.0(");
			text += "00.000*kW)\r\n";
		}
		for (let k = 0; k < n; k++) {
			at.volts[k] = mark("1-0:" + (32 + 20 * k) + ".7.0(");
			text += "000.0*V)\r\n";
		}
		for (let k = 0; k < n; k++) {
			at.amps[k] = mark("1-0:" + (31 + 20 * k) + ".7.0(");
			text += "000.00*A)\r\n";
		}
		text += "0-0:96.3.10(1)\r\n0-0:17.0.0(" + fixedText(3, 1, round(o.limiterKw * 10)) + "*kW)\r\n";
		text += "1-0:31.4.0(" + fixedText(3, 0, o.fuseA) + "*A)\r\n0-0:96.13.0(" + hexOf(o.message) + ")\r\n";
		if (o.gas) {
			text += "0-1:24.1.0(003)\r\n0-1:96.1.1(" + o.gasId + ")\r\n0-1:24.4.0(1)\r\n";
			at.gasTime = mark("0-1:24.2.3(");
			at.gas = at.gasTime + 15;
			text += "000000000000W)(00000.000*m3)\r\n";
		}
		if (o.water) {
			const ch = o.gas ? 2 : 1;
			text += "0-" + ch + ":24.1.0(007)\r\n0-" + ch + ":96.1.1(" + o.waterId + ")\r\n";
			at.waterTime = mark("0-" + ch + ":24.2.1(");
			at.water = at.waterTime + 15;
			text += "000000000000W)(00000.000*m3)\r\n";
		}
		this.#bang = text.length;
		text += "!0000\r\n";
		const buf = this.#buf;
		if (text.length > buf.length) throw new Error("telegram too long");
		for (let i = 0; i < text.length; i++) buf[i] = text.charCodeAt(i);
		this.#view = buf.subarray(0, text.length);
		// The fresh layout holds placeholders: every field is written again on the next telegram.
		this.#stampedAt = NaN;
		this.#tariffShown = -1;
		this.#peakDirty = true;
		this.#gasStamped = -1;
		this.#waterStamped = -1;
	}

	#format(t: number, p: number): Uint8Array {
		const buf = this.#buf;
		const at = this.#at;
		const o = this.#opts;
		const lt = this.#lt;
		// Within a minute the clock only ticks a second; the calendar (and DST) is redone once a minute.
		if (t - this.#stampedAt === 1000 && lt.second < 59) {
			lt.second++;
			const s = lt.second;
			buf[at.time + 10] = 48 + floor(s / 10);
			buf[at.time + 11] = 48 + (s % 10);
		} else putTimestamp(buf, at.time, utcToLocal(t, lt));
		this.#stampedAt = t;
		putFixed(buf, at.imp1, 6, 3, this.#imp1 / 3600);
		putFixed(buf, at.imp2, 6, 3, this.#imp2 / 3600);
		putFixed(buf, at.exp1, 6, 3, this.#exp1 / 3600);
		putFixed(buf, at.exp2, 6, 3, this.#exp2 / 3600);
		const q = floor(t / QUARTER);
		if (q !== this.#tariffShown) {
			this.#tariffShown = q; // the indicator for the second that starts at t
			buf[at.tariff] = 48 + tariffAt(t);
		}
		putFixed(buf, at.demand, 2, 3, this.#quarterWs / 900);
		if (this.#peakDirty) {
			if (this.#peakTime === this.#peakTime) putTimestamp(buf, at.peakTime, utcToLocal(this.#peakTime, this.#lt2));
			else putText(buf, at.peakTime, NO_TIMESTAMP);
			putFixed(buf, at.peakW, 2, 3, this.#peakW);
			this.#peakDirty = false;
		}
		putFixed(buf, at.importW, 2, 3, p > 0 ? p : 0);
		putFixed(buf, at.exportW, 2, 3, p < 0 ? -p : 0);
		const sm = this.#sample;
		if (o.phases === 3) {
			for (let k = 0; k < 3; k++) {
				const pk = sm.p[k];
				putFixed(buf, at.phaseImp[k], 2, 3, pk > 0 ? pk : 0);
				putFixed(buf, at.phaseExp[k], 2, 3, pk < 0 ? -pk : 0);
				putFixed(buf, at.volts[k], 3, 1, round(sm.v[k] * 10));
				putFixed(buf, at.amps[k], 3, 2, round(sm.i[k] * 100));
			}
		} else {
			putFixed(buf, at.phaseImp[0], 2, 3, p > 0 ? p : 0);
			putFixed(buf, at.phaseExp[0], 2, 3, p < 0 ? -p : 0);
			putFixed(buf, at.volts[0], 3, 1, round(sm.v[0] * 10));
			const amps = sqrt(p * p + (0.25 * sm.loadW + 45) ** 2) / sm.v[0];
			putFixed(buf, at.amps[0], 3, 2, round(amps * 100));
		}
		if (o.gas && this.#gasShownTime !== this.#gasStamped) {
			putTimestamp(buf, at.gasTime, utcToLocal(this.#gasShownTime, this.#lt2));
			putFixed(buf, at.gas, 5, 3, this.#gasShown);
			this.#gasStamped = this.#gasShownTime;
		}
		if (o.water && this.#waterShownTime !== this.#waterStamped) {
			putTimestamp(buf, at.waterTime, utcToLocal(this.#waterShownTime, this.#lt2));
			putFixed(buf, at.water, 5, 3, this.#waterShown);
			this.#waterStamped = this.#waterShownTime;
		}
		putHex4(buf, this.#bang + 1, crc16(buf, 0, this.#bang + 1));
		return this.#view;
	}
}

function putText(buf: Uint8Array, at: number, s: string): void {
	for (let i = 0; i < s.length; i++) buf[at + i] = s.charCodeAt(i);
}

/** The last M-Bus capture instant at or before `t`. */
function lastCapture(t: number, offset: number): number {
	return floor((t - offset) / CAPTURE) * CAPTURE + offset;
}
