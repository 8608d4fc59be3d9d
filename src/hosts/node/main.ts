// `npm start`: the whole monitor on a PC. Telegrams come from a P1 cable (--serial), a recorded
// stream (--replay) or, by default, the simulated meter; history, state and config.json live in
// the data directory; the API is served over HTTP behind the login of config.json.
//
// Start order: the arguments, then the files, then the lock on the data directory, then the
// HTTP port, and only then recovery and writing. Whatever refuses the start does so before
// anything is written, in one line, so a failed start leaves the data directory as it was.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expectedLogin } from "../../core/api/auth";
import { parseTarget } from "../../core/api/target";
import type { ApiResponse } from "../../core/api/types";
import { MAX_FIRMWARE_BYTES, UPDATE_PATH } from "../../core/api/update";
import { loadConfig, saveConfig } from "../../core/config/file";
import type { Config } from "../../core/config/schema";
import type { Frame } from "../../core/dsmr/framer";
import { DEVICE_LOG_BYTES, LogRing, ringLog } from "../../core/log-ring";
import { Monitor } from "../../core/monitor";
import { homewizardHostLabel, mdnsServices } from "../../core/net/mdns";
import type { ByteSource, FileStore, Log } from "../../core/ports";
import type { HostArgs } from "./args";
import { parseArgs, usage } from "./args";
import { FsStore } from "./fs-store";
import { homewizardPortWarning } from "./homewizard-port";
import type { HttpServer } from "./http-server";
import { startHttpServer } from "./http-server";
import { Integrations } from "./integrations";
import type { DirLock } from "./lock";
import { lockDir } from "./lock";
import { type MdnsAnnouncer, startMdns } from "./mdns";
import { quarterLine } from "./quarter-line";
import { type RawTelegramServer, startRawTelegramServer } from "./raw-telegram-server";
import { ReplaySource } from "./replay-source";
import { loadSerial } from "./serial-file";
import { SerialSource } from "./serial-source";
import { SimSource } from "./sim-source";
import { planSim, readSimState, startConflict } from "./sim-state";
import { checkDataDir, checkReplayFile, StartError } from "./start-checks";
import { type AssetTable, prepareAssets } from "./web-assets";

/** What GET /v1/log serves; a PC has room for four times the device's. */
const logRing = new LogRing({ capacity: 4 * DEVICE_LOG_BYTES, now: () => performance.now(), wall: () => Date.now() });

const consoleLog: Log = {
	info: (m) => console.log(m),
	warn: (m) => console.error(`warning: ${m}`),
};

const log: Log = ringLog(logRing, consoleLog);

/** Never expected in practice (the monitor exists before the event loop serves a request), but the handler must answer something. */
function starting(): ApiResponse {
	const body = '{"error":"starting up"}\n';
	return {
		status: 503,
		headers: { "content-type": "application/json", "content-length": String(body.length), "retry-after": "1" },
		body,
	};
}

function readIfFile(file: string): string | undefined {
	try {
		return fs.readFileSync(file, "utf8");
	} catch {
		return undefined;
	}
}

/** Everything that can refuse the start without writing: arguments checked against the files. */
function checkFiles(args: HostArgs, dataDir: string): void {
	if (args.replay) checkReplayFile(args.replay);
	checkDataDir(dataDir);
	if (!args.serial && !args.replay) {
		const saved = readSimState({ read: (p) => readIfFile(path.join(dataDir, "state", p)) });
		const conflict = startConflict(saved, args.start);
		if (conflict) throw new StartError(conflict, 2);
	}
}

/** A firmware image is of no use here: it is read past, counted, never held. */
function discardBody(target: string): number {
	return parseTarget(target) === UPDATE_PATH ? MAX_FIRMWARE_BYTES : 0;
}

async function listen(args: HostArgs, handle: Parameters<typeof startHttpServer>[0]["handle"]): Promise<HttpServer> {
	try {
		return await startHttpServer({ port: args.port, host: args.host, handle, discardBody });
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		throw new StartError(
			code === "EADDRINUSE"
				? `port ${args.port} is in use: pick another with --port N (0 = any free port)`
				: `cannot serve HTTP on ${args.host}:${args.port}: ${(e as Error).message}`,
		);
	}
}

function openSource(args: HostArgs, monitor: Monitor, state: FileStore, onEnd: () => void): ByteSource {
	if (args.serial) return new SerialSource({ path: args.serial, log });
	if (args.replay) return new ReplaySource({ file: args.replay, speed: args.speed, onEnd });
	const plan = planSim(state, args.seed, args.start, monitor.lastTime, Date.now());
	if (plan.warning) log.warn(plan.warning);
	log.info(
		`simulated meter (seed ${plan.sim.seed}, ${plan.note}) from ${new Date(plan.from).toISOString()} at ${args.speed === Infinity ? "full" : `${args.speed}x`} speed`,
	);
	return new SimSource({
		seed: plan.sim.seed,
		start: plan.sim.epoch,
		resume: plan.from,
		speed: args.speed,
		end: args.until,
		onEnd,
	});
}

/**
 * This PC's names a browser may use as Host (IP literals, localhost and the device name pass anyway),
 * and the HomeWizard name mDNS announces (p1meter-…, core/net/mdns.ts) once there is a serial.
 */
function hostNames(serial: string): readonly string[] {
	const name = os.hostname().toLowerCase();
	const homewizard = homewizardHostLabel(serial);
	const names = [name, name + ".local"];
	if (homewizard !== undefined) names.push(homewizard, homewizard + ".local");
	return Object.freeze(names);
}

function newMonitor(
	args: HostArgs,
	dataDir: string,
	state: FileStore,
	config: Config,
	configStore: FileStore,
	assets: AssetTable,
	dashboardUrl: string,
	onTelegram: (frame: Frame) => void,
	serial: string,
	onSettings: (before: Config, next: Config) => void,
): { monitor: Monitor; integrations: Integrations } {
	let current = config;
	const integrations = new Integrations({ config: () => current, log, version: packageVersion(), dashboardUrl });
	const names = hostNames(serial);
	const monitor: Monitor = new Monitor({
		sd: new FsStore(dataDir),
		state,
		log,
		config: () => current,
		saveConfig: (next) => {
			saveConfig(configStore, next);
			const before = current;
			current = next;
			log.info("config.json: settings changed through the API");
			onSettings(before, next);
		},
		hostNames: () => names,
		asset: (name) => assets.get(name),
		now: () => performance.now(),
		// one line per quarter, so a PC user sees the capacity tariff move before the dashboard exists
		onQuarter: (record) => {
			integrations.quarterClosed();
			if (args.speed <= 3600) log.info(quarterLine(record, monitor.status()));
		},
		onWarning: (active) => integrations.warning(active),
		integrations: () => integrations.report(),
		memory: () => {
			const m = process.memoryUsage();
			return { size_heap: m.heapTotal, free_heap: m.heapTotal - m.heapUsed };
		},
		version: packageVersion(),
		clock: { now: () => Date.now() },
		onTelegram,
		serial,
		logRing,
	});
	return { monitor, integrations };
}

/** The version in this project's package.json, found upwards from here (source or bundle), for /v1/status; "" when none. */
function packageVersion(): string {
	for (let dir = __dirname, up = 0; up < 5; dir = path.dirname(dir), up++) {
		try {
			const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
				name?: unknown;
				version?: unknown;
			};
			if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return pkg.version;
		} catch {
			// not here: one directory up
		}
	}
	return "";
}

const PACKAGE_NAME = "digitale-meter-monitor";

/** The raw telegram port when config.json switches it on; one that cannot open costs a warning, not the monitor. */
async function openRawPort(config: Config, host: string): Promise<RawTelegramServer | undefined> {
	const raw = config.raw_telegram;
	if (!raw.enabled) return undefined;
	try {
		const server = await startRawTelegramServer({ port: raw.port, host, log });
		log.info(`raw telegrams on tcp port ${server.port} (at most 4 readers)`);
		return server;
	} catch (e) {
		log.warn(`raw telegram port ${raw.port} not opened: ${(e as Error).message}; the monitor runs without it`);
		return undefined;
	}
}

async function main(): Promise<void> {
	let args: HostArgs;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (e) {
		throw new StartError((e as Error).message, 2);
	}
	if (args.help) {
		console.log(usage());
		return;
	}
	const dataDir = path.resolve(args.dataDir);
	checkFiles(args, dataDir);
	let lock: DirLock;
	try {
		lock = lockDir(dataDir);
	} catch (e) {
		throw new StartError((e as Error).message);
	}
	process.on("exit", () => lock.release());
	const assets = await prepareAssets((m) => log.warn(m));
	let monitor: Monitor | undefined;
	const server = await listen(args, (request) => (monitor ? monitor.handle(request) : starting()));

	// From here on the data directory is ours: recovery and writing.
	const configStore = new FsStore(dataDir, { mode: 0o600 });
	const { config, created } = loadConfig(configStore, (n) => new Uint8Array(randomBytes(n)), log);
	const state = new FsStore(path.join(dataDir, "state"));
	const serial = loadSerial(state, (n) => new Uint8Array(randomBytes(n)), log);
	const shown = args.host === "0.0.0.0" || args.host === "::" ? "localhost" : args.host;
	let raw: RawTelegramServer | undefined;
	let mdns: MdnsAnnouncer | undefined;
	// the device name takes effect at the next start; the HomeWizard service follows its setting at once
	const announced = (homewizard: boolean) =>
		mdnsServices({ deviceName: config.network.device_name, httpPort: server.port, homewizard, serial });
	const warnPort = () => {
		const warning = homewizardPortWarning(server.port);
		if (warning !== undefined) log.warn(warning);
	};
	const made = newMonitor(
		args,
		dataDir,
		state,
		config,
		configStore,
		assets,
		`http://${shown}:${server.port}/`,
		(frame) => raw?.send(frame),
		serial,
		(before, next) => {
			const on = next.homewizard.enabled;
			mdns?.update(announced(on));
			if (on && !before.homewizard.enabled) warnPort();
		},
	);
	monitor = made.monitor;
	monitor.start();
	made.integrations.start(monitor);
	raw = await openRawPort(config, args.host);
	if (args.mdns) mdns = startMdns(announced(config.homewizard.enabled), log);

	let stopping = false;
	let source: ByteSource | undefined;
	const running = monitor;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		source?.close();
		running.close();
		await Promise.all([server.close(), made.integrations.close(), raw?.close(), mdns?.close()]);
		const c = running.counters;
		log.info(
			`stopped: ${c.telegrams} telegrams, ${c.crcErrors} with a bad CRC, ${c.crcMissing} without the CRC their meter sends, ${c.rejectedValues} impossible values dropped, ${c.clock.rejected} rejected for their clock, ${c.checkpoints} checkpoints`,
		);
		process.exit(code);
	};
	process.on("SIGINT", () => void stop(0));
	process.on("SIGTERM", () => void stop(0));

	const login = expectedLogin(config);
	log.info(`Digitale Meter Monitor on http://${shown}:${server.port}/  (data in ${dataDir})`);
	// to the console only: the ring is read over HTTP, where a password would outlive its change
	if (login)
		consoleLog.info(
			`login: user "${login.user}", password "${login.password}"${created ? " (new: written to config.json)" : " (from config.json)"}`,
		);
	else log.warn("config.json has no usable login: every request will be refused (set auth.user and auth.password)");
	if (config.homewizard.enabled) {
		log.info(`HomeWizard-compatible API (v1, no login) on http://${shown}:${server.port}/api, serial ${serial}`);
		warnPort();
	}

	const onEnd = () => {
		if (args.replay) {
			const c = running.counters;
			log.info(
				`replay of ${args.replay} ended after ${c.telegrams} telegrams${args.exitAfterReplay ? "" : "; still serving what it read until stopped (Ctrl+C)"}`,
			);
		}
		if (!args.replay || args.exitAfterReplay) {
			void stop(0);
			return;
		}
		running.checkpoint(); // what was read is safe even if the host is killed rather than stopped
	};
	source = openSource(args, running, state, onEnd);
	if (!stopping) source.start((chunk) => running.push(chunk));
}

main().catch((e) => {
	// a refusal or a file system error is one line; anything else is a fault worth its stack trace
	const errno = (e as NodeJS.ErrnoException | undefined)?.code !== undefined;
	console.error(
		e instanceof StartError
			? e.message
			: errno
				? `cannot start: ${(e as Error).message}`
				: e instanceof Error
					? e.stack
					: e,
	);
	process.exit(e instanceof StartError ? e.exitCode : 1);
});
