// The monitor: P1 bytes -> framer -> Reading -> quarter engine -> history, and the HTTP API
// over all of it. Both hosts build one Monitor from their ports and feed it bytes; nothing here
// knows whether it runs on an ESP32 or a PC.

import { handle } from "./api/handle";
import { LoginThrottle } from "./api/throttle";
import type { ApiContext, ApiRequest, ApiResponse, MonthPeakSummary } from "./api/types";
import type { Config } from "./config/schema";
import { Framer } from "./dsmr/framer";
import type { Frame } from "./dsmr/framer";
import { newReading, parseTelegram } from "./dsmr/parse";
import type { Reading } from "./dsmr/reading";
import { History } from "./history/history";
import type { RecoveryReport } from "./history/history";
import type { FileStore, Log } from "./ports";
import { QuarterEngine } from "./quarters/engine";
import type { QuarterStatus } from "./quarters/engine";
import { monthKey, monthText } from "./quarters/month-peaks";
import { quarterIdAt } from "./quarters/quarter-id";
import type { MonthPeak, QuarterRecord } from "./quarters/records";
import { utcToLocal, newLocalTime } from "./time/brussels";

export interface MonitorOptions {
	/** /meter history (SD card). */
	sd: FileStore;
	/** Checkpoint and month peaks (flash). */
	state: FileStore;
	log: Log;
	/** The current config; read per request so a changed login applies at once. */
	config(): Config;
	/** Monotonic ms for the login throttle. */
	now(): number;
	memory?(): Record<string, number>;
	/** Meter seconds between checkpoints of the open quarter (default 60). */
	checkpointSeconds?: number;
	/** Largest telegram accepted, bytes (default 4096). */
	maxTelegramBytes?: number;
	/** Told of every closed quarter after it is stored (the PC host prints a line). */
	onQuarter?(record: QuarterRecord): void;
}

export interface MonitorCounters {
	telegrams: number;
	crcErrors: number;
	/** Dropped for lacking the CRC their protocol has (dsmr/crc-rule.ts). */
	crcMissing: number;
	/** Values set aside as impossible (dsmr/limits.ts), summed over telegrams. */
	rejectedValues: number;
	checkpoints: number;
	storeErrors: number;
}

export class Monitor {
	#log: Log;
	#framer: Framer;
	#reading: Reading = newReading();
	#engine: QuarterEngine;
	#history: History;
	#context: ApiContext;
	#checkpointMs: number;
	#nextCheckpoint = -Infinity;
	#peaksDirty = false;
	#counters: MonitorCounters = { telegrams: 0, crcErrors: 0, crcMissing: 0, rejectedValues: 0, checkpoints: 0, storeErrors: 0 };
	#lt = newLocalTime();
	#closed = false;
	#onQuarter: MonitorOptions["onQuarter"];
	#justClosed: QuarterRecord | undefined;

	constructor(options: MonitorOptions) {
		this.#log = options.log;
		this.#onQuarter = options.onQuarter;
		this.#checkpointMs = (options.checkpointSeconds ?? 60) * 1000;
		this.#history = new History({ sd: options.sd, state: options.state, log: options.log });
		const tariff = options.config().tariff;
		this.#engine = new QuarterEngine({
			area: tariff.grid_area || undefined,
			eurPerKwYear: tariff.price_eur_kw_year ?? undefined,
			targetW: tariff.target_w ?? 0,
			onQuarterClosed: (record) => this.#quarterClosed(record),
			onMonthPeak: () => {
				this.#peaksDirty = true;
			},
		});
		this.#framer = new Framer({
			maxSize: options.maxTelegramBytes ?? 4096,
			onFrame: (frame) => this.#frame(frame),
		});
		this.#context = {
			config: options.config,
			currentQuarter: () => this.#engine.current(),
			monthPeak: () => this.monthPeak(),
			readMeterFile: (path) => this.#history.readMeterFile(path),
			memory: options.memory,
			throttle: new LoginThrottle({ now: options.now }),
		};
	}

	/**
	 * Boot: repair what a power cut left behind, then resume the open quarter from the last
	 * checkpoint, or at least the month peaks kept in flash.
	 */
	start(): RecoveryReport {
		const report = this.#history.recover();
		const log = this.#log;
		for (let i = 0; i < report.actions.length; i++) log.warn(`recovery: ${report.actions[i]}`);
		const cp = this.#history.readCheckpoint();
		let resumed = false;
		if (cp && typeof cp === "object") {
			try {
				this.#engine.restore(cp);
				resumed = true;
			}
			catch (e) {
				log.warn(`checkpoint not usable: ${(e as Error).message}`);
			}
		}
		if (!resumed) this.#engine.adoptMonthPeaks(this.#history.readPeaks());
		return report;
	}

	/** Bytes from the meter, in chunks of any size. */
	push(chunk: Uint8Array): void {
		this.#framer.push(chunk);
	}

	#frame(frame: Frame): void {
		if (frame.crc === "invalid") {
			this.#counters.crcErrors++; // a corrupt telegram is dropped whole: one wrong digit could set a month peak
			return;
		}
		if (frame.crc === "missing") {
			this.#counters.crcMissing++;
			return;
		}
		const r = parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, this.#reading);
		this.#counters.telegrams++;
		this.#counters.rejectedValues += r.rejected;
		this.#engine.update(r);
		const closed = this.#justClosed;
		if (closed) {
			this.#justClosed = undefined;
			this.#onQuarter?.(closed); // after update(), so status() already counts this quarter
		}
		if (this.#peaksDirty) this.#savePeaks();
		const t = r.time;
		if (t === t && t >= this.#nextCheckpoint) this.checkpoint(t);
	}

	#quarterClosed(record: QuarterRecord): void {
		try {
			this.#history.writeQuarter(record);
		}
		catch (e) {
			this.#storeFailed("quarter", e);
		}
		this.#nextCheckpoint = -Infinity; // the closed quarter must not be reopened by a restart
		this.#justClosed = record;
	}

	#savePeaks(): void {
		this.#peaksDirty = false;
		try {
			this.#history.writePeaks(this.#engine.monthPeaks());
		}
		catch (e) {
			this.#storeFailed("peaks", e);
		}
	}

	/** Saves the open quarter now; `meterTime` schedules the next one. */
	checkpoint(meterTime = NaN): void {
		try {
			this.#history.writeCheckpoint(this.#engine.checkpoint());
			this.#counters.checkpoints++;
		}
		catch (e) {
			this.#storeFailed("checkpoint", e);
		}
		this.#nextCheckpoint = meterTime === meterTime ? meterTime + this.#checkpointMs : -Infinity;
	}

	#storeFailed(what: string, e: unknown): void {
		this.#counters.storeErrors++;
		this.#log.warn(`${what} not saved: ${(e as Error).message}`); // keep reading: the next write may succeed (card reinserted)
	}

	/** The HTTP API (routes in core/api). */
	handle(request: ApiRequest): ApiResponse {
		return handle(request, this.#context);
	}

	/**
	 * The month's highest quarter as the original firmware reported it: the meter's own 1-0:1.6.0
	 * (what Fluvius bills), or our energy-based peak while the meter has not reported one.
	 */
	monthPeak(): MonthPeakSummary | undefined {
		const t = this.#reading.time;
		if (t !== t) return undefined;
		const lt = utcToLocal(t, this.#lt);
		const month = monthText(monthKey(lt.year, lt.month));
		const peaks: MonthPeak[] = this.#engine.monthPeaks();
		for (let i = 0; i < peaks.length; i++) {
			const p = peaks[i];
			if (p.month !== month) continue;
			const stamp = p.meter_time === null ? NaN : Date.parse(p.meter_time);
			if (p.meter_w !== null && stamp === stamp) return { quarter_id: quarterIdAt(stamp - 1000), power: p.meter_w }; // stamped at the quarter's end
			if (p.own_w !== null && p.own_quarter_id !== null) return { quarter_id: p.own_quarter_id, power: p.own_w };
		}
		return undefined;
	}

	status(): QuarterStatus {
		return this.#engine.status();
	}

	/** UTC ms of the newest telegram taken in, restored from the checkpoint after a restart (NaN before any). */
	get lastTime(): number {
		return this.#engine.lastTime;
	}

	get lastReading(): Reading {
		return this.#reading;
	}

	get counters(): MonitorCounters & { framer: Framer["stats"] } {
		return { ...this.#counters, framer: this.#framer.stats };
	}

	/** Final checkpoint; idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#framer.close();
		if (this.#peaksDirty) this.#savePeaks();
		this.checkpoint();
	}
}
