// A tiny fake meter for the quarter tests: it integrates a power profile exactly (in W·s) and
// reports registers (Wh, truncated like a real meter), 1.7.0/2.7.0, 1.4.0 and 1.6.0 through one
// reused Reading, the way the parser hands readings over.

import { newReading } from "../../src/core/dsmr/parse";
import type { Reading } from "../../src/core/dsmr/reading";
import { localToUtc } from "../../src/core/time/brussels";

export const Q = 900000;
export const T2_WH = 1234567; // night register, constant: the engine must add both tariffs

/** The parser's own empty Reading (so the tests follow the type), with a full 98.1.0 table. */
export function newTestReading(): Reading {
	const r = newReading();
	for (let i = r.history.length; i < 13; i++) r.history.push({ period: NaN, periodRaw: "", time: NaN, timeRaw: "", w: NaN });
	r.historyCount = 0;
	return r;
}

/** UTC ms of a Brussels wall-clock time. */
export function local(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, summer?: boolean): number {
	const t = localToUtc(y, mo, d, h, mi, s, summer);
	if (t !== t) throw new Error("bad local time");
	return t;
}

export class FakeMeter {
	t: number;
	importWs: number; // W·s since the register's zero
	exportWs = 0;
	reading = newTestReading();
	#quarterStartWs: number;
	/** When false, 1.4.0 is not sent. */
	sendDemand = true;
	/** Added to 1.4.0, to make the meter disagree. */
	demandOffsetW = 0;
	monthPeakW = NaN;
	monthPeakTime = NaN;

	constructor(startUtc: number, importWh = 5000000, exportWh = 100000) {
		this.t = startUtc;
		this.importWs = importWh * 3600;
		this.exportWs = exportWh * 3600;
		this.#quarterStartWs = this.importWs; // exact only when started on a boundary; tests start there
	}

	get importWh(): number {
		return Math.floor(this.importWs / 3600);
	}

	/** Advances `dt` seconds at constant power and returns the telegram stamped at the new time. */
	tick(importW: number, exportW = 0, dt = 1): Reading {
		const before = this.t;
		const after = before + dt * 1000;
		const boundary = Math.floor(after / Q) * Q;
		if (boundary > before) this.#quarterStartWs = this.importWs + (importW * (boundary - before)) / 1000;
		this.importWs += importW * dt;
		this.exportWs += exportW * dt;
		this.t = after;
		return this.fill(importW, exportW);
	}

	/** Moves time without energy (meter unplugged from us, not from the grid: energy still counts). */
	skip(seconds: number, importW = 0): void {
		const before = this.t;
		const after = before + seconds * 1000;
		const boundary = Math.floor(after / Q) * Q;
		if (boundary > before) this.#quarterStartWs = this.importWs + (importW * (boundary - before)) / 1000;
		this.importWs += importW * seconds;
		this.t = after;
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
		r.demandW = this.sendDemand ? Math.round(((this.importWs - this.#quarterStartWs) / 3600) * 4) + this.demandOffsetW : NaN;
		r.monthPeakW = this.monthPeakW;
		r.monthPeakTime = this.monthPeakTime;
		return r;
	}
}
