// `npm start`: the whole monitor on a PC. Telegrams come from a P1 cable (--serial), a recorded
// stream (--replay) or, by default, the simulated meter; history, state and config.json live in
// the data directory; the API is served over HTTP behind the login of config.json.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expectedLogin } from "../../core/api/auth";
import { createConfig } from "../../core/config/create";
import { parseConfig, serializeConfig } from "../../core/config/parse";
import type { Config } from "../../core/config/schema";
import { Monitor } from "../../core/monitor";
import { writeAtomic } from "../../core/history/atomic";
import { parseJson } from "../../core/history/state-files";
import type { ByteSource, FileStore, Log } from "../../core/ports";
import { parseArgs, usage } from "./args";
import type { HostArgs } from "./args";
import { FsStore } from "./fs-store";
import { startHttpServer } from "./http-server";
import { ReplaySource } from "./replay-source";
import { SerialSource } from "./serial-source";
import { SimSource } from "./sim-source";

const log: Log = {
	info: (m) => console.log(m),
	warn: (m) => console.error(`warning: ${m}`),
};

/** config.json of the data directory; created with a random login the first time. */
function loadConfig(dataDir: string): { config: Config; created: boolean } {
	const file = path.join(dataDir, "config.json");
	let text: string | undefined;
	try {
		text = fs.readFileSync(file, "utf8");
	}
	catch (e) {
		if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
	}
	if (text === undefined) {
		const config = createConfig((n) => new Uint8Array(randomBytes(n)));
		fs.writeFileSync(file, serializeConfig(config), { mode: 0o600 });
		return { config, created: true };
	}
	const { config, errors } = parseConfig(text);
	for (const e of errors) log.warn(`config.json ${e.field || "(file)"}: ${e.message}`);
	return { config, created: false };
}

/**
 * The simulated meter keeps its household and its clock in the state directory, so a restart
 * continues the same simulated history where the monitor left off instead of jumping back to
 * "now" with different registers.
 */
interface SimState {
	seed: number;
	epoch: number;
}

const SIM_PATH = "/sim.json";

function simState(state: FileStore, args: HostArgs): SimState {
	const s = parseJson(state.read(SIM_PATH)) as Partial<SimState> | undefined;
	if (s && Number.isFinite(s.seed) && Number.isFinite(s.epoch)) return s as SimState;
	// none yet, or unreadable: start a new simulated household
	const fresh = { seed: args.seed, epoch: Math.floor((args.start ?? Date.now()) / 1000) * 1000 };
	writeAtomic(state, SIM_PATH, JSON.stringify(fresh));
	return fresh;
}

function openSource(args: HostArgs, monitor: Monitor, state: FileStore, onEnd: () => void): ByteSource {
	if (args.serial) return new SerialSource({ path: args.serial, log });
	if (args.replay) return new ReplaySource({ file: args.replay, speed: args.speed, onEnd });
	const sim = simState(state, args);
	const resume = monitor.lastTime;
	const from = resume === resume && resume >= sim.epoch ? resume + 1000 : sim.epoch;
	log.info(`simulated meter (seed ${sim.seed}) from ${new Date(from).toISOString()} at ${args.speed === Infinity ? "full" : `${args.speed}x`} speed`);
	return new SimSource({ seed: sim.seed, start: sim.epoch, resume: from, speed: args.speed, end: args.until, onEnd });
}

async function main(): Promise<void> {
	let args: HostArgs;
	try {
		args = parseArgs(process.argv.slice(2));
	}
	catch (e) {
		console.error(`${(e as Error).message}\n\n${usage()}`);
		process.exit(2);
	}
	if (args.help) {
		console.log(usage());
		return;
	}
	const dataDir = path.resolve(args.dataDir);
	const stateDir = path.join(dataDir, "state");
	fs.mkdirSync(stateDir, { recursive: true });
	const { config, created } = loadConfig(dataDir);

	const kw = (w: number | null | undefined) => (w === null || w === undefined ? "-" : (w / 1000).toFixed(2) + " kW");
	const state = new FsStore(stateDir);
	const monitor = new Monitor({
		sd: new FsStore(dataDir),
		state,
		log,
		config: () => config,
		now: () => performance.now(),
		// one line per quarter, so a PC user sees the capacity tariff move before the dashboard exists
		onQuarter: args.speed > 3600 ? undefined : (record) => {
			const s = monitor.status();
			const local = new Date(Date.parse(record.start)).toLocaleTimeString("nl-BE", { timeZone: "Europe/Brussels", hour: "2-digit", minute: "2-digit" });
			log.info(`quarter ${local}: ${kw(record.energy_avg_w)} (month peak ${kw(s.month_peak_own_w)}, meter says ${kw(s.month_peak_meter_w)})`);
		},
		memory: () => {
			const m = process.memoryUsage();
			return { size_heap: m.heapTotal, free_heap: m.heapTotal - m.heapUsed };
		},
	});
	monitor.start();

	let server: Awaited<ReturnType<typeof startHttpServer>>;
	try {
		server = await startHttpServer({ port: args.port, host: args.host, handle: (request) => monitor.handle(request) });
	}
	catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		monitor.close();
		console.error(code === "EADDRINUSE" ? `port ${args.port} is in use: pick another with --port N (0 = any free port)` : `cannot serve HTTP on ${args.host}:${args.port}: ${(e as Error).message}`);
		process.exit(1);
	}
	const login = expectedLogin(config);
	const shown = args.host === "0.0.0.0" || args.host === "::" ? "localhost" : args.host;
	log.info(`Digitale Meter Monitor on http://${shown}:${server.port}/  (data in ${dataDir})`);
	if (login) log.info(`login: user "${login.user}", password "${login.password}"${created ? " (new: written to config.json)" : " (from config.json)"}`);
	else log.warn("config.json has no usable login: every request will be refused (set auth.user and auth.password)");

	let stopping = false;
	let source: ByteSource | undefined;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		source?.close();
		monitor.close();
		await server.close();
		const c = monitor.counters;
		log.info(`stopped: ${c.telegrams} telegrams, ${c.crcErrors} with a bad CRC, ${c.clock.rejected} rejected for their clock, ${c.checkpoints} checkpoints`);
		process.exit(code);
	};
	process.on("SIGINT", () => void stop(0));
	process.on("SIGTERM", () => void stop(0));
	source = openSource(args, monitor, state, () => void stop(0));
	if (!stopping) source.start((chunk) => monitor.push(chunk));
}

main().catch((e) => {
	console.error(e instanceof Error ? e.stack : e);
	process.exit(1);
});
