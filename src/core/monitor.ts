// The monitor: P1 bytes -> framer -> Reading -> quarter engine -> history, and the HTTP API
// over all of it. Both hosts build one Monitor from their ports and feed it bytes; nothing here
// knows whether it runs on an ESP32 or a PC.

import { handle } from "./api/handle";
import { isSerial } from "./api/homewizard";
import { newPeakWarning, stepPeakWarning } from "./api/peak-warning";
import { freeBytes, newFacts } from "./api/status";
import { KeptTelegram } from "./api/telegram";
import { LoginThrottle } from "./api/throttle";
import type {
	ApiContext,
	ApiRequest,
	ApiResponse,
	DeviceFacts,
	DeviceHardware,
	DeviceIdentity,
	MonthPeakSummary,
	WifiNetwork,
} from "./api/types";
import type { Config } from "./config/schema";
import type { Frame } from "./dsmr/framer";
import { Framer } from "./dsmr/framer";
import { newReading, parseTelegram } from "./dsmr/parse";
import type { Reading } from "./dsmr/reading";
import { setAside } from "./history/atomic";
import type { RecoveryReport } from "./history/history";
import { History } from "./history/history";
import { CHECKPOINT_PATH } from "./history/state-files";
import type { LogRing } from "./log-ring";
import type { Clock, FileStore, FirmwareSink, Log } from "./ports";
import type { QuarterStatus } from "./quarters/engine";
import { CHECKPOINT_VERSION, QuarterEngine } from "./quarters/engine";
import { quarterIdAt } from "./quarters/quarter-id";
import type { MonthPeak, QuarterRecord } from "./quarters/records";
import { DEFAULT_AREA } from "./quarters/tariffs";
import { newLocalTime, utcToLocal } from "./time/brussels";
import type { ClockCounters } from "./time/clock-guard";
import { ClockGuard, CONFIRMED, HOLD } from "./time/clock-guard";
import { checkpointFloor, checkpointUpTo, monthsAfter, peaksUpTo } from "./time/future-state";
import { isoUtc } from "./time/iso";
import { monthIndex, monthKeyOfIndex } from "./time/keys";

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
	/**
	 * Stores a changed config atomically; from then on config() returns it. Throws when it could
	 * not be stored. Absent: the settings cannot be changed through the API.
	 */
	saveConfig?(config: Config): void;
	/** Names of the host besides its device name, "localhost" and IP literals, accepted as Host. */
	hostNames?(): readonly string[];
	/** Firmware or package version for /v1/status ("" when not given). */
	version?: string;
	/** The host's wall clock, when it has one it trusts (NTP): /v1/status compares the meter's clock with it. */
	clock?: Clock;
	/** The dashboard's files, gzipped, by name; absent: no dashboard is served. */
	asset?(name: string): Uint8Array | undefined;
	/** Told when the peak warning starts (true) or ends (false); stepped once per telegram taken (api/peak-warning.ts). */
	onWarning?(active: boolean): void;
	/** How the host's integrations fare, shown by /v1/status. */
	integrations?(): Record<string, unknown>;
	/**
	 * Told of every telegram with a valid CRC (or none, DSMR 2.2/3) as it arrives, before its clock
	 * is judged: the raw telegram port (net/raw-telegram.ts). The frame is only valid during the call.
	 */
	onTelegram?(frame: Frame): void;
	/** 12 lowercase hex digits for the HomeWizard-compatible `/api` (the MAC on the device); absent: /api answers 503. */
	serial?: string;
	/** The device's OTA partition for POST /update (api/update.ts); absent: 501. */
	firmware?(): FirmwareSink | undefined;
	/** True while the device's access point is up (ApiContext.setupMode); absent on the PC. */
	setupMode?(): boolean;
	/** The WiFi networks the device sees, for the setup page (ApiContext.wifiNetworks); absent: 404. */
	wifiNetworks?(): readonly WifiNetwork[];
	/** The ring the host's Log writes into, served by GET /v1/log (ApiContext.logRing); absent: 404. */
	logRing?: LogRing;
	/** The device's SD card, WiFi and UART for /v1/status (ApiContext.device); absent on the PC. */
	device?(): DeviceHardware;
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
	#state: FileStore;
	#tariff: Config["tariff"];
	/** What #status() last made, and from what. */
	#statusOf: {
		status?: QuarterStatus;
		engine?: QuarterEngine;
		time: number;
		tariff?: Config["tariff"];
	} = { time: NaN };
	#guard = new ClockGuard();
	/** Until the first telegram the engine takes after start(): meter times below this distrust the checkpoint. */
	#floor = -Infinity;
	#settled = true;
	#resumed = false;
	#context: ApiContext;
	#checkpointMs: number;
	#nextCheckpoint = -Infinity;
	#peaksDirty = false;
	#counters: MonitorCounters = {
		telegrams: 0,
		crcErrors: 0,
		crcMissing: 0,
		rejectedValues: 0,
		checkpoints: 0,
		storeErrors: 0,
	};
	#lt = newLocalTime();
	#closed = false;
	#onQuarter: MonitorOptions["onQuarter"];
	#justClosed: QuarterRecord | undefined;
	#now: () => number;
	#sd: FileStore;
	#facts: DeviceFacts;
	#recovery: RecoveryReport | undefined;
	/** The last telegram taken, in one buffer allocated once (maxTelegramBytes). */
	#raw: KeptTelegram;
	#onWarning: MonitorOptions["onWarning"];
	#onTelegram: MonitorOptions["onTelegram"];

	constructor(options: MonitorOptions) {
		this.#log = options.log;
		this.#onQuarter = options.onQuarter;
		this.#onWarning = options.onWarning;
		this.#onTelegram = options.onTelegram;
		this.#checkpointMs = (options.checkpointSeconds ?? 60) * 1000;
		this.#history = new History({ sd: options.sd, state: options.state, log: options.log });
		this.#state = options.state;
		this.#tariff = options.config().tariff;
		this.#engine = this.#newEngine();
		this.#now = options.now;
		this.#facts = newFacts(options.version ?? "", options.now(), options.clock);
		this.#sd = options.sd;
		this.#raw = new KeptTelegram(options.maxTelegramBytes ?? 4096);
		this.#framer = new Framer({
			maxSize: options.maxTelegramBytes ?? 4096,
			onFrame: (frame) => this.#frame(frame),
		});
		// The name the device answers to until it restarts, besides a new one saved meanwhile.
		const running = options.config().network.device_name;
		const names = Object.freeze([running, running + ".local", ...(options.hostNames?.() ?? [])]);
		this.#context = {
			config: options.config,
			currentQuarter: () => this.#engine.current(),
			monthPeak: () => this.monthPeak(),
			readMeterFile: (path) => this.#history.readMeterFile(path),
			memory: options.memory,
			throttle: new LoginThrottle({ now: options.now }),
			status: () => this.#status(),
			reading: () => this.#reading,
			listMeterDir: (dir) => options.sd.list(dir),
			warning: newPeakWarning(),
			hostNames: () => names,
			peakSources: (month, out) => this.#engine.peakSources(month, out),
			facts: () => this.#refreshFacts(),
			lastTelegram: () => this.#raw.frame(),
			asset: options.asset,
			integrations: options.integrations,
			identity: identityOf(options),
			firmware: options.firmware,
			setupMode: options.setupMode,
			wifiNetworks: options.wifiNetworks,
			logRing: options.logRing,
			device: options.device,
		};
		const save = options.saveConfig;
		if (save !== undefined)
			this.#context.saveConfig = (config) => {
				save(config);
				this.#applyTariff(config.tariff);
			};
	}

	/**
	 * The engine's status for the API, made again only when the engine, its last telegram or the
	 * tariff settings changed: /v1/now and /current/quarter are asked far more often than a
	 * telegram comes, and each status builds the 13-month capacity figures. Callers only read it.
	 */
	#status(): QuarterStatus {
		const engine = this.#engine;
		const t = engine.lastTime;
		if (engine !== this.#statusOf.engine || t !== this.#statusOf.time || this.#tariff !== this.#statusOf.tariff) {
			this.#statusOf.status = engine.status();
			this.#statusOf.engine = engine;
			this.#statusOf.time = t; // NaN before the first telegram: never equal, made each time
			this.#statusOf.tariff = this.#tariff;
		}
		return this.#statusOf.status!;
	}

	/** A changed grid area, price or target counts from the running quarter on. */
	#applyTariff(tariff: Config["tariff"]): void {
		this.#tariff = tariff;
		this.#engine.configure({
			area: tariff.grid_area || DEFAULT_AREA,
			eurPerKwYear: tariff.price_eur_kw_year ?? 0,
			targetW: tariff.target_w ?? 0,
		});
	}

	#newEngine(): QuarterEngine {
		const tariff = this.#tariff;
		return new QuarterEngine({
			area: tariff.grid_area || undefined,
			eurPerKwYear: tariff.price_eur_kw_year ?? undefined,
			targetW: tariff.target_w ?? 0,
			onQuarterClosed: (record) => this.#quarterClosed(record),
			onMonthPeak: () => {
				this.#peaksDirty = true;
			},
		});
	}

	/**
	 * Boot: repair what a power cut left behind, then resume the open quarter from the last
	 * checkpoint, or at least the month peaks kept in flash.
	 */
	start(): RecoveryReport {
		const report = this.#recover();
		const cp = this.#history.readCheckpoint();
		let resumed = false;
		if (cp && typeof cp === "object") {
			try {
				const version = this.#engine.restore(cp);
				resumed = true;
				if (version !== CHECKPOINT_VERSION) this.checkpoint(); // an older firmware's format: rewritten once, in this one
			} catch (e) {
				this.#log.warn(`checkpoint not usable: ${(e as Error).message}`);
			}
		}
		if (!resumed) this.#engine.adoptMonthPeaks(this.#history.readPeaks());
		this.#resumed = resumed;
		// provisional until the meter's time is confirmed: see #settle()
		this.#floor = checkpointFloor(this.#engine.lastTime);
		this.#settled = false;
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
		if (this.#onTelegram !== undefined) this.#passOn(frame);
		const r = parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, this.#reading);
		this.#counters.telegrams++;
		this.#counters.rejectedValues += r.rejected;
		this.#noteTelegram(frame, r);
		const guard = this.#guard;
		const verdict = guard.check(r, this.#engine.lastTime, this.#floor);
		if (verdict === HOLD) return; // nothing is written for a time not yet confirmed
		if (verdict === CONFIRMED) {
			if (!this.#settled) this.#settle(guard.heldCount > 0 ? guard.runStart : r.time);
			for (let i = 0; i < guard.heldCount; i++) this.#take(guard.replay(i));
			guard.clear();
		} else if (!this.#settled && r.time > this.#engine.lastTime) this.#settle(r.time);
		this.#take(r);
	}

	/** A listener's failure (a client gone mid-write) is its own: the monitor reads on. */
	#passOn(frame: Frame): void {
		try {
			this.#onTelegram?.(frame);
		} catch (e) {
			this.#log.warn(`telegram listener: ${(e as Error).message}`);
		}
	}

	/** When the telegram came and which capacity objects it held (for /v1/status), and its bytes (for /v1/telegram). */
	#noteTelegram(frame: Frame, r: Reading): void {
		const facts = this.#facts;
		const at = this.#now();
		if (facts.firstTelegramMs !== facts.firstTelegramMs) facts.firstTelegramMs = at;
		facts.lastTelegramMs = at;
		const seen = facts.seenMs;
		if (r.demandW === r.demandW) seen[0] = at;
		if (r.monthPeakW === r.monthPeakW) seen[1] = at;
		if (r.historyCount > 0) seen[2] = at;
		const clock = facts.clock;
		facts.meterClockOffsetMs = clock !== undefined && r.time === r.time ? r.time - clock.now() : NaN;
		this.#raw.keep(frame);
	}

	/** One telegram of a confirmed time into the engine, and what follows from it (quarter file, peaks, checkpoint). */
	#take(r: Reading): void {
		this.#engine.update(r);
		const closed = this.#justClosed;
		if (closed) {
			this.#justClosed = undefined;
			this.#onQuarter?.(closed); // after update(), so status() already counts this quarter
		}
		if (this.#peaksDirty) this.#savePeaks();
		this.#stepWarning();
		const t = r.time;
		if (t === t && t >= this.#nextCheckpoint) this.checkpoint(t);
	}

	/** The peak warning follows the meter, not the requests: MQTT, the LED and a webhook see it with no browser open. */
	#stepWarning(): void {
		const warning = this.#context.warning;
		const was = warning.active;
		const engine = this.#engine;
		if (stepPeakWarning(warning, engine.quarterId, engine.projectionW(), engine.thresholdW()) !== was)
			this.#onWarning?.(!was);
	}

	/**
	 * The SD card was mounted after boot (it was missing then, or came back after failing): repair
	 * what a power cut left on it, as start() does at boot, which ran against no card. The open
	 * quarter and the month peaks in memory are not touched.
	 */
	cardMounted(): RecoveryReport {
		return this.#recover();
	}

	#recover(): RecoveryReport {
		const report = this.#history.recover();
		const log = this.#log;
		for (let i = 0; i < report.actions.length; i++) log.warn(`recovery: ${report.actions[i]}`);
		this.#recovery = report;
		return report;
	}

	/**
	 * The first confirmed meter time after start() judges what was restored (future-state.ts):
	 * a checkpoint ahead of it is set aside, month peaks after its month are dropped.
	 */
	#settle(t: number): void {
		this.#settled = true;
		const floor = this.#floor;
		this.#floor = -Infinity;
		const key = this.#monthOf(t);
		if (t < floor) {
			this.#distrustCheckpoint(t, key);
			return;
		}
		const future = monthsAfter(this.#engine.monthPeaks(), key);
		if (future.length === 0) return;
		// reloaded from the files: a month far ahead may already have pushed real months out of the engine's ring
		const cp = this.#resumed ? this.#history.readCheckpoint() : undefined;
		this.#engine = this.#newEngine();
		if (cp && typeof cp === "object") this.#engine.restore(checkpointUpTo(cp, key));
		else this.#engine.adoptMonthPeaks(peaksUpTo(this.#history.readPeaks(), key));
		this.#peaksDirty = true;
		this.#log.warn(`month peaks after the meter's month dropped: ${future.join(", ")}`);
	}

	#distrustCheckpoint(t: number, key: number): void {
		const cpTime = this.#engine.lastTime;
		let to = "(not renamed)";
		try {
			to = setAside(this.#state, CHECKPOINT_PATH);
		} catch (e) {
			this.#storeFailed("checkpoint set aside", e);
		}
		this.#engine = this.#newEngine();
		this.#engine.adoptMonthPeaks(peaksUpTo(this.#history.readPeaks(), key));
		this.#peaksDirty = true;
		this.#nextCheckpoint = -Infinity;
		this.#log.warn(
			`checkpoint at ${isoUtc(cpTime)} is ahead of the meter (${isoUtc(t)}): set aside as ${to}, starting from the meter`,
		);
	}

	#monthOf(t: number): number {
		const lt = utcToLocal(t, this.#lt);
		return monthIndex(lt.year, lt.month);
	}

	#quarterClosed(record: QuarterRecord): void {
		try {
			// the closing telegram may carry the peak this quarter set: its summaries take it now, not a quarter later
			this.#history.writeQuarter(record, this.#peaksDirty ? this.#engine.monthPeaks() : undefined);
		} catch (e) {
			this.#storeFailed("quarter", e);
		}
		this.#nextCheckpoint = -Infinity; // the closed quarter must not be reopened by a restart
		this.#justClosed = record;
	}

	#savePeaks(): void {
		this.#peaksDirty = false;
		try {
			this.#history.writePeaks(this.#engine.monthPeaks());
		} catch (e) {
			this.#storeFailed("peaks", e);
		}
	}

	/** Saves the open quarter now; `meterTime` schedules the next one. */
	checkpoint(meterTime = NaN): void {
		try {
			this.#history.writeCheckpoint(this.#engine.checkpoint());
			this.#counters.checkpoints++;
		} catch (e) {
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
		const t = this.#engine.lastTime; // not the last reading's: that one may be held for its clock
		if (t !== t) return undefined;
		const month = monthKeyOfIndex(this.#monthOf(t));
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

	/** The facts of /v1/status, refreshed in the one object the monitor keeps for them. */
	#refreshFacts(): DeviceFacts {
		const facts = this.#facts;
		const c = this.#counters;
		const clock = this.#guard.counters;
		facts.nowMs = this.#now();
		facts.telegrams = c.telegrams;
		facts.crcErrors = c.crcErrors;
		facts.crcMissing = c.crcMissing;
		facts.rejectedValues = c.rejectedValues;
		facts.clockHeld = clock.held;
		facts.clockRejected = clock.rejected;
		facts.storeErrors = c.storeErrors;
		facts.reading = this.#reading;
		facts.health = this.#history.health();
		facts.recovery = this.#recovery;
		facts.freeBytes = freeBytes(this.#sd);
		return facts;
	}

	/** The engine's status, and `clock`: what the clock guard held and rejected. */
	status(): QuarterStatus & { clock: ClockCounters } {
		const s = this.#engine.status() as QuarterStatus & { clock: ClockCounters };
		s.clock = this.#guard.counters;
		return s;
	}

	/** UTC ms of the newest telegram taken in, restored from the checkpoint after a restart (NaN before any). */
	get lastTime(): number {
		return this.#engine.lastTime;
	}

	get lastReading(): Reading {
		return this.#reading;
	}

	/** Whether the peak warning is on (the state /v1/now reports). */
	get warning(): boolean {
		return this.#context.warning.active;
	}

	/** `clock`: telegrams held, rejected and jumps believed by the clock guard (time/clock-guard.ts). */
	get counters(): MonitorCounters & { framer: Framer["stats"]; clock: ClockCounters } {
		return { ...this.#counters, framer: this.#framer.stats, clock: this.#guard.counters };
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

/** The device's identity for /api; a serial that is not 12 lowercase hex digits is the host's mistake, refused at once. */
function identityOf(options: MonitorOptions): DeviceIdentity | undefined {
	const serial = options.serial;
	if (serial === undefined) return undefined;
	if (!isSerial(serial)) throw new Error(`serial ${JSON.stringify(serial)} is not 12 lowercase hex digits`);
	return Object.freeze({ serial, version: options.version ?? "" });
}
