// A tiny fake meter for the quarter tests: it integrates a power profile exactly (in W·s), second
// by second, and reports registers (Wh, truncated like a real meter), 1.7.0/2.7.0, 1.4.0 and
// 1.6.0 through one reused Reading, the way the parser hands readings over, or as telegram bytes.
// Like the simulator (src/sim/meter.ts), the telegram stamped T reports the second (T-1 s, T]:
// the one stamped on a quarter's end carries that quarter's final 1.4.0 and 1.6.0.

import { newReading } from "../../src/core/dsmr/parse";
import type { Reading } from "../../src/core/dsmr/reading";
import { localToUtc } from "../../src/core/time/brussels";

export const Q = 900000;
export const T2_WH = 1234567; // night register, constant: the engine must add both tariffs

/** The parser's own empty Reading (so the tests follow the type), with a full 98.1.0 table. */
export function newTestReading(): Reading {
	const r = newReading();
	for (let i = r.history.length; i < 13; i++)
		r.history.push({ period: NaN, periodRaw: "", time: NaN, timeRaw: "", w: NaN });
	r.historyCount = 0;
	return r;
}

/** UTC ms of a Brussels wall-clock time. */
export function local(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, summer?: boolean): number {
	const t = localToUtc(y, mo, d, h, mi, s, summer);
	if (t !== t) throw new Error("bad local time");
	return t;
}

/** When the meter starts a new month: "after" = at the first second after 00:00:00 of the 1st
 * (the simulator's convention: the telegram stamped 00:00:00 still shows the old month's 1.6.0),
 * "on" = already in the telegram stamped 00:00:00 (1.6.0 reset, 98.1.0 holding the old month). */
export type MonthRoll = "after" | "on";

const MONTH_NAMES = 13;

export class FakeMeter {
	t: number;
	importWs: number; // W·s since the register's zero
	exportWs = 0;
	reading = newTestReading();
	#quarterWs = 0; // energy imported in the running clock quarter, W·s
	/** When false, 1.4.0 is not sent. */
	sendDemand = true;
	/** Added to 1.4.0, to make the meter disagree. */
	demandOffsetW = 0;
	/** 1.6.0 as sent; with `peaks` set the meter keeps it itself. */
	monthPeakW = NaN;
	monthPeakTime = NaN;
	/** Set to let the meter keep 1.6.0 and 98.1.0 itself, the way a Fluvius meter does. */
	peaks: MonthRoll | undefined;
	/** The meter's 98.1.0, oldest first (with `peaks`). */
	past: { period: number; time: number; w: number }[] = [];
	#monthEnd = NaN;

	constructor(startUtc: number, importWh = 5000000, exportWh = 100000, peaks?: MonthRoll) {
		this.t = startUtc;
		this.importWs = importWh * 3600;
		this.exportWs = exportWh * 3600;
		this.peaks = peaks;
		if (peaks) this.#monthEnd = monthEndAfter(startUtc - (peaks === "after" ? 1000 : 0));
	}

	get importWh(): number {
		return Math.floor(this.importWs / 3600);
	}

	/** Advances `dt` seconds at constant power and returns the telegram stamped at the new time. */
	tick(importW: number, exportW = 0, dt = 1): Reading {
		for (let i = 0; i < dt; i++) this.#second(importW, exportW);
		return this.fill(importW, exportW);
	}

	/** Moves time without telegrams to us (unplugged from us, not from the grid: energy still counts). */
	skip(seconds: number, importW = 0): void {
		for (let i = 0; i < seconds; i++) this.#second(importW, 0);
	}

	/** One second (t, t + 1 s] of the meter's life: registers, 1.4.0 and, with `peaks`, 1.6.0 and 98.1.0. */
	#second(importW: number, exportW: number): void {
		const s = this.t;
		if (this.peaks === "after" && s >= this.#monthEnd) this.#roll();
		if (s % Q === 0) this.#quarterWs = 0;
		this.importWs += importW;
		this.exportWs += exportW;
		this.#quarterWs += importW;
		this.t = s + 1000;
		if (this.peaks && this.t % Q === 0) {
			const avg = Math.floor(this.#quarterWs / 900);
			if (!(this.monthPeakTime === this.monthPeakTime) || avg > this.monthPeakW) {
				this.monthPeakW = avg;
				this.monthPeakTime = this.t;
			}
		}
		if (this.peaks === "on" && this.t >= this.#monthEnd) this.#roll();
	}

	#roll(): void {
		this.past.push({
			period: this.#monthEnd,
			time: this.monthPeakTime,
			w: this.monthPeakTime === this.monthPeakTime ? this.monthPeakW : 0,
		});
		if (this.past.length > MONTH_NAMES) this.past.shift();
		this.monthPeakW = 0; // the meter's "no value": (632525252525W)(00.000*kW)
		this.monthPeakTime = NaN;
		this.#monthEnd = monthEndAfter(this.#monthEnd);
	}

	fill(importW: number, exportW: number): Reading {
		const r = this.reading;
		r.time = this.t;
		r.importT1Wh = Math.floor(this.importWs / 3600) - T2_WH;
		r.importT2Wh = T2_WH;
		r.exportT1Wh = Math.floor(this.exportWs / 3600);
		r.exportT2Wh = 0;
		r.importW = importW;
		r.exportW = exportW;
		// the meter's running quarter average, truncated to the watt like its kW with three decimals
		r.demandW = this.sendDemand ? Math.floor(this.#quarterWs / 900) + this.demandOffsetW : NaN;
		r.monthPeakW = this.monthPeakW;
		r.monthPeakTime = this.monthPeakTime;
		if (this.peaks) {
			const n = this.past.length;
			for (let i = 0; i < n; i++)
				Object.assign(r.history[i], { period: this.past[i].period, time: this.past[i].time, w: this.past[i].w });
			r.historyCount = n;
		}
		return r;
	}

	/**
	 * The telegram as a Fluvius meter sends it (eMUCS-P1 text, CRC-16/ARC), built from the same
	 * figures as fill() with the calendar from Intl, not from the code under test.
	 */
	telegram(importW: number, exportW = 0): Uint8Array {
		const r = this.fill(importW, exportW);
		const kwh = (wh: number) => (wh / 1000).toFixed(3).padStart(10, "0");
		const kw = (w: number) => (w / 1000).toFixed(3).padStart(6, "0");
		const peakStamp = r.monthPeakTime === r.monthPeakTime ? brusselsStamp(r.monthPeakTime) : "632525252525W";
		let text = "/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n0-0:1.0.0(" + brusselsStamp(r.time) + ")\r\n";
		text += "1-0:1.8.1(" + kwh(r.importT1Wh) + "*kWh)\r\n1-0:1.8.2(" + kwh(r.importT2Wh) + "*kWh)\r\n";
		text +=
			"1-0:2.8.1(" + kwh(r.exportT1Wh) + "*kWh)\r\n1-0:2.8.2(" + kwh(r.exportT2Wh) + "*kWh)\r\n0-0:96.14.0(0001)\r\n";
		if (this.sendDemand) text += "1-0:1.4.0(" + kw(r.demandW) + "*kW)\r\n";
		text += "1-0:1.6.0(" + peakStamp + ")(" + kw(r.monthPeakW === r.monthPeakW ? r.monthPeakW : 0) + "*kW)\r\n";
		text += "0-0:98.1.0(" + this.past.length + ")(1-0:1.6.0)(1-0:1.6.0)";
		if (this.past.length === 0) text += "()";
		for (const p of this.past)
			text +=
				"(" +
				brusselsStamp(p.period) +
				")(" +
				(p.time === p.time ? brusselsStamp(p.time) : "632525252525W") +
				")(" +
				kw(p.w) +
				"*kW)";
		text += "\r\n1-0:1.7.0(" + kw(importW) + "*kW)\r\n1-0:2.7.0(" + kw(exportW) + "*kW)\r\n!";
		const bytes = Buffer.from(text, "latin1");
		const crc = crc16arc(bytes).toString(16).toUpperCase().padStart(4, "0");
		return Uint8Array.from(Buffer.from(text + crc + "\r\n", "latin1"));
	}
}

/** UTC ms of 00:00 local on the 1st of the month after the one holding `utcMs`. */
function monthEndAfter(utcMs: number): number {
	const [y, m] = brusselsParts(utcMs);
	return m === 12 ? local(y + 1, 1, 1) : local(y, m + 1, 1);
}

let brussels: Intl.DateTimeFormat | undefined; // made on first use: the XS cases import this file and XS has no Intl

/** [year, month, day, hour, minute, second, utc offset in hours] of a UTC instant in Brussels. */
export function brusselsParts(utcMs: number): number[] {
	brussels ??= new Intl.DateTimeFormat("en-GB", {
		timeZone: "Europe/Brussels",
		year: "numeric",
		month: "2-digit",
		day: "2-digit",
		hour: "2-digit",
		minute: "2-digit",
		second: "2-digit",
		hourCycle: "h23",
	});
	const f: Record<string, number> = {};
	for (const p of brussels.formatToParts(new Date(utcMs))) if (p.type !== "literal") f[p.type] = Number(p.value);
	const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
	return [f.year, f.month, f.day, f.hour, f.minute, f.second, (asUtc - utcMs) / 3600000];
}

const minuteStamps = new Map<number, [string, string]>(); // Intl is slow: one look-up per minute (Brussels offsets are whole hours)

/** The meter's YYMMDDhhmmssX stamp (S summer, W winter) of a UTC instant. */
export function brusselsStamp(utcMs: number): string {
	const minute = Math.floor(utcMs / 60000);
	let parts = minuteStamps.get(minute);
	if (!parts) {
		const [y, mo, d, h, mi, , off] = brusselsParts(minute * 60000);
		parts = [two(y % 100) + two(mo) + two(d) + two(h) + two(mi), off === 2 ? "S" : "W"];
		if (minuteStamps.size > 10000) minuteStamps.clear();
		minuteStamps.set(minute, parts);
	}
	return parts[0] + two(Math.floor(utcMs / 1000) % 60) + parts[1];
}

function two(n: number): string {
	return String(n).padStart(2, "0");
}

/** CRC-16/ARC, bit by bit (the code under test uses a table). */
function crc16arc(bytes: Uint8Array): number {
	let crc = 0;
	for (const b of bytes) {
		crc ^= b;
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
	}
	return crc;
}
