// npm run memory:lin [-- --net] [--quarters N] [--rate R] [--from ISO]: the firmware's XS memory,
// measured in an instrumented lin build (mcconfig -i) fed simulated telegrams at R a second (60 by
// default) through N quarter closes (3 by default, from 2026-06-30 23:30 Belgian time: an ordinary
// close, a day and month close, and one more) while three HTTP requests run at once, one of them a
// large streamed answer. --net switches the integrations on as a user would: MQTT to a real broker
// (aedes, in its own process) with Home Assistant discovery, a reader on the raw telegram port and
// a peak warning webhook (tariff.target_w set low, so every quarter warns); the broker is stopped
// and started again every third quarter and raw readers connect and go away all the time.
//
// Two kinds of figures come out of the simulator: the build's own samples once a second (peaks,
// garbage included) and the lin-only memory probe's (host/memory-probe: the live set right after
// a collection). It prints a table of each figure against the boards' `creation` (a slot is 32
// bytes here, 16 on the ESP32) and the live set quarter by quarter, to show whether it grows.

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { SimMeter } from "../src/sim/meter";
import { BOARDS, buildModdable, linLibrary, sdkBin, sdkEnv } from "./moddable-build";
import { type Child, feed, freePort, request, sleep, startPty, startSimulator, stopChild } from "./moddable-run";
import { ROOT } from "./web-build";

const LIN_SLOT = 32;
const ESP32_SLOT = 16;
const QUARTER_MS = 15 * 60000;
/** How often the probe collects and prints the live set, ms of wall time. */
const PROBE_MS = 1000;
/** The stock key table (examples/manifest_base.json), which the boards do not change. */
const STOCK_KEYS = 32;
const USER = "meting";
const PASSWORD = "meting-wachtwoord";
const BROKER_USER = "p1";
const BROKER_PASSWORD = "broker-geheim";

const PARTS = Object.freeze(["mqtt", "raw", "warning"]);

interface Options {
	net: boolean;
	/** Which integrations --net switches on (--parts mqtt,raw,warning: all by default), to find which one grows. */
	parts: string[];
	quarters: number;
	rate: number;
	from: number;
}

function options(argv: string[]): Options {
	const value = (flag: string, fallback: string) => {
		const at = argv.indexOf(flag);
		return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
	};
	const o = {
		net: argv.includes("--net"),
		parts: value("--parts", PARTS.join(",")).split(","),
		quarters: Number(value("--quarters", "3")),
		rate: Number(value("--rate", "60")),
		from: Date.parse(value("--from", "2026-06-30T23:30:00+02:00")),
	};
	if (o.parts.some((p) => PARTS.indexOf(p) < 0)) throw new Error(`--parts: some of ${PARTS.join(",")}`);
	if (!(o.quarters >= 1 && Number.isInteger(o.quarters))) throw new Error("--quarters: a whole number from 1");
	if (!(o.rate >= 1 && o.rate <= 2000)) throw new Error("--rate: telegrams a second, 1 to 2000");
	if (!(o.from === o.from && o.from % QUARTER_MS === 0)) throw new Error("--from: an ISO time on a quarter");
	return o;
}

/** "YYYY-MM-DDTHH:MM" in Belgian summer time (UTC+2), which the default run is in. */
function local(utc: number): string {
	return new Date(utc + 2 * 3600000).toISOString().slice(0, 16);
}

/** One instrument line's values by name; undefined for a line cut by another one. */
function lines(output: string, key: RegExp, line: RegExp): Record<string, number>[] {
	const names = output.match(key)?.[1].split(",");
	if (names === undefined) return [];
	const rows: Record<string, number>[] = [];
	for (const m of output.matchAll(line)) {
		const values = m[1].split(",").map(Number);
		if (values.length !== names.length) continue;
		rows.push(Object.fromEntries(names.map((n, i) => [n, values[i]])));
	}
	return rows;
}

const samples = (text: string) => lines(text, /instruments key: (.*)/, /^instruments: ([-\d,]+)$/gm);
const probes = (text: string) => lines(text, /memory after gc key: (.*)/, /^memory after gc: ([-\d,]+)$/gm);
const top = (rows: Record<string, number>[], name: string) => Math.max(...rows.map((r) => r[name] ?? 0));
const least = (rows: Record<string, number>[], name: string) => Math.min(...rows.map((r) => r[name] ?? 0));

interface Creation {
	static: number;
	stack: number;
	keys: number;
}

function creationOf(board: string): Creation {
	const dir = (BOARDS[board] as string).replace(/^esp32:/, "");
	const c = JSON.parse(fs.readFileSync(path.join(ROOT, dir, "manifest.json"), "utf8")).creation;
	return { static: c.static, stack: c.stack, keys: c.keys?.initial ?? STOCK_KEYS };
}

/** aedes in its own process on `at` (0: a free one); resolves with the process and its port. */
function startBroker(at: number): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(
		process.execPath,
		[path.join(ROOT, "test/e2e/mqtt-broker.mjs"), String(at), BROKER_USER, BROKER_PASSWORD],
		{ stdio: ["ignore", "pipe", "inherit"] },
	);
	return new Promise((resolve, reject) => {
		let out = "";
		child.stdout?.on("data", (d: Buffer) => {
			out += d.toString();
			const m = out.match(/listening (\d+)/);
			if (m) resolve({ child, port: Number(m[1]) });
		});
		child.on("exit", (code) => reject(new Error(`broker exited (${code}): ${out}`)));
	});
}

function stopBroker(child: ChildProcess | undefined): Promise<void> {
	if (child === undefined || child.exitCode !== null) return Promise.resolve();
	return new Promise((r) => {
		child.once("exit", () => r());
		child.kill("SIGKILL");
	});
}

/** What the integrations around the app saw. */
interface Seen {
	mqttMessages: number;
	discovery: Set<string>;
	webhooks: number;
	rawBytes: number;
	rawConnects: number;
	brokerRestarts: number;
}

/** A raw port reader that counts what it gets and goes away when told. */
function rawReader(port: number, seen: Seen): net.Socket {
	const socket = net.connect(port, "127.0.0.1");
	socket.on("data", (d: Buffer) => (seen.rawBytes += d.length));
	socket.on("connect", () => seen.rawConnects++);
	socket.on("error", () => {}); // dropped or refused: counted by the app
	return socket;
}

function webhookServer(seen: Seen): Promise<{ server: http.Server; port: number }> {
	const server = http.createServer((req, res) => {
		req.resume();
		req.on("end", () => {
			seen.webhooks++;
			res.end("ok");
		});
	});
	return new Promise((resolve) =>
		server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as net.AddressInfo).port })),
	);
}

function configFor(o: Options, brokerPort: number, rawPort: number, webhookPort: number): object {
	const config: Record<string, object> = { auth: { user: USER, password: PASSWORD } };
	if (!o.net) return config;
	return {
		...config,
		network: { device_name: "meting" },
		tariff: { target_w: 100 },
		mqtt: {
			enabled: o.parts.includes("mqtt"),
			host: "127.0.0.1",
			port: brokerPort,
			user: BROKER_USER,
			password: BROKER_PASSWORD,
			topic: "meting",
			interval_s: 1,
		},
		raw_telegram: { enabled: o.parts.includes("raw"), port: rawPort },
		warning: { url: o.parts.includes("warning") ? `http://127.0.0.1:${webhookPort}/piek` : "" },
	};
}

/** The least-squares slope of `ys` over their index. */
function slope(ys: number[]): number {
	const n = ys.length;
	const mx = (n - 1) / 2;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	ys.forEach((y, x) => {
		num += (x - mx) * (y - my);
		den += (x - mx) ** 2;
	});
	return den === 0 ? 0 : num / den;
}

const pct = (setting: number, measured: number) => `${Math.round((setting / measured - 1) * 100)} %`;
const n = (v: number) => Math.round(v).toLocaleString("en-US");

function table(rows: string[][]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")}`).join("\n");
}

async function main(): Promise<void> {
	const o = options(process.argv.slice(2));
	const bin = sdkBin();
	if (bin === undefined) throw new Error("MODDABLE does not point at a built Moddable SDK");
	const port = await freePort();
	const outDir = path.join(ROOT, "build", "moddable-memory");
	await buildModdable({
		platform: "lin",
		outDir,
		instrument: true,
		config: { files: "./data", serial: "./p1", port, memoryProbe: PROBE_MS },
	});
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-memory-"));
	fs.mkdirSync(path.join(dir, "data"));
	const env = sdkEnv(bin);
	const seen: Seen = {
		mqttMessages: 0,
		discovery: new Set(),
		webhooks: 0,
		rawBytes: 0,
		rawConnects: 0,
		brokerRestarts: 0,
	};
	let pty: Child | undefined;
	let sim: Child | undefined;
	let broker: ChildProcess | undefined;
	let subscriber: mqtt.MqttClient | undefined;
	let webhook: http.Server | undefined;
	const readers: net.Socket[] = [];
	let flapping: NodeJS.Timeout | undefined;
	try {
		let brokerPort = 0;
		const rawPort = await freePort();
		let webhookPort = 0;
		if (o.net) {
			const b = await startBroker(0);
			broker = b.child;
			brokerPort = b.port;
			const w = await webhookServer(seen);
			webhook = w.server;
			webhookPort = w.port;
			subscriber = mqtt.connect({
				host: "127.0.0.1",
				port: brokerPort,
				username: BROKER_USER,
				password: BROKER_PASSWORD,
				reconnectPeriod: 500,
			});
			subscriber.on("error", () => {}); // while the broker is down
			subscriber.on("connect", () => subscriber?.subscribe(["homeassistant/#", "meting/#"]));
			subscriber.on("message", (topic) => {
				seen.mqttMessages++;
				if (topic.startsWith("homeassistant/")) seen.discovery.add(topic);
			});
		}
		fs.writeFileSync(
			path.join(dir, "data", "config.json"),
			JSON.stringify(configFor(o, brokerPort, rawPort, webhookPort)),
		);
		const until = o.from + o.quarters * QUARTER_MS + 10000;
		const seconds = Math.ceil((until - o.from) / 1000 / o.rate) + 120;
		pty = await startPty(path.join(dir, "p1"), dir, env);
		sim = startSimulator(linLibrary(outDir, true), dir, env, seconds);
		await sim.waitFor(/login: user/);
		const raw = o.net && o.parts.includes("raw");
		if (o.net && o.parts.includes("mqtt")) await sim.waitFor(/mqtt: connected to 127\.0\.0\.1/);
		if (raw) {
			await sim.waitFor(new RegExp(`raw telegrams on tcp port ${rawPort}`));
			readers.push(rawReader(rawPort, seen));
			// a reader that comes and goes every second, as a flaky client would
			flapping = setInterval(() => {
				const r = rawReader(rawPort, seen);
				setTimeout(() => r.destroy(), 300);
			}, 1000);
		}
		const auth = { authorization: "Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64") };
		const meter = new SimMeter({ start: o.from, seed: 7 });
		const perTurn = Math.max(1, Math.round(o.rate / 10));
		let feeding = true;
		const fed = feed(pty.process, meter, until, perTurn, 100).finally(() => (feeding = false));

		// quarter marks: where in the output each quarter's telegrams began to go in
		const marks: number[] = [0];
		const simOut = sim;
		const churn = (async () => {
			while (feeding) {
				await sleep(100);
				const q = Math.floor((meter.time - o.from) / QUARTER_MS);
				if (q < marks.length || q >= o.quarters) continue;
				marks.push(simOut.output().length);
				if (!o.net) continue;
				if (o.parts.includes("warning")) {
					// the warning starts once and runs on while the power stays up: a high target in every other
					// quarter ends it, so that the next one warns (and POSTs) again
					const body = JSON.stringify({ tariff: { target_w: q % 2 === 1 ? 1000000 : 100 } });
					await request(port, "POST", "/v1/settings", { ...auth, "content-type": "application/json" }, body);
				}
				if (raw) {
					readers.shift()?.destroy();
					readers.push(rawReader(rawPort, seen));
				}
				if (q % 3 === 2) {
					await stopBroker(broker);
					await sleep(2000);
					broker = (await startBroker(brokerPort)).child;
					seen.brokerRestarts++;
				}
			}
		})();

		const statuses = new Map<string, number>();
		let rounds = 0;
		while (feeding) {
			const t = meter.time - QUARTER_MS;
			const quarter = `/meter/${local(t - (t % QUARTER_MS))
				.slice(0, 10)
				.replaceAll("-", "/")}/${local(t - (t % QUARTER_MS))
				.slice(11, 16)
				.replace(":", "")}S.json`;
			const large = [`/v1/export.csv?date=${local(meter.time).slice(0, 10)}`, "/v1/telegram", quarter][rounds % 3];
			const got = await Promise.all([
				request(port, "GET", "/"),
				request(port, "GET", "/v1/status", auth),
				request(port, "GET", large, auth),
			]).catch((e: Error) => [{ status: e.message }]);
			for (const g of got) statuses.set(String(g.status), (statuses.get(String(g.status)) ?? 0) + 1);
			rounds++;
		}
		await fed;
		await churn;
		await sleep(3000); // the last samples
		const last = o.from + (o.quarters - 1) * QUARTER_MS;
		const file = `/meter/${local(last).slice(0, 10).replaceAll("-", "/")}/${local(last).slice(11, 16).replace(":", "")}S.json`;
		const closed = await request(port, "GET", file, auth);
		const status = o.net ? JSON.parse((await request(port, "GET", "/v1/status", auth)).text).integrations : undefined;
		const output = sim.output();
		if (process.env.MEMORY_OUTPUT) fs.writeFileSync(process.env.MEMORY_OUTPUT, output);
		if (closed.status !== 200) throw new Error(`the last quarter did not close (${closed.status} for ${file})`);
		if (/XS abort|stack overflow|memory full/i.test(output)) throw new Error("the app aborted: see MEMORY_OUTPUT");
		report(o, output, marks, rounds, statuses, seen, status);
	} finally {
		if (flapping !== undefined) clearInterval(flapping);
		for (const r of readers) r.destroy();
		subscriber?.end(true);
		webhook?.close();
		await stopBroker(broker);
		stopChild(sim);
		stopChild(pty);
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

function report(
	o: Options,
	output: string,
	marks: number[],
	rounds: number,
	statuses: Map<string, number>,
	seen: Seen,
	integrations: Record<string, unknown> | undefined,
): void {
	const all = samples(output);
	const live = probes(output);
	if (all.length === 0 || live.length === 0)
		throw new Error("no instruments in the output: not an instrumented build?");
	const c3 = creationOf("c3");
	const s2 = creationOf("s2");
	console.log(
		`${o.quarters} quarters from ${local(o.from)} at ${o.rate} telegrams/s, integrations ${o.net ? "ON" : "off"}; ` +
			`${rounds} rounds of 3 concurrent requests (status: ${[...statuses].map(([k, v]) => `${k} x${v}`).join(", ")}); ` +
			`${all.length} samples, ${live.length} collections by the probe`,
	);
	if (o.net)
		console.log(
			`integrations: ${seen.mqttMessages} MQTT messages read back (${seen.discovery.size} discovery configs), ` +
				`broker restarted ${seen.brokerRestarts} times; ${seen.webhooks} warning webhooks; raw port ` +
				`${seen.rawConnects} reader connections, ${n(seen.rawBytes)} bytes; app says ${JSON.stringify(integrations)}`,
		);

	const stack = top(all, "Stack used") / LIN_SLOT;
	// on lin the heaps grow by malloc rather than collect: the peaks are where the collector ran, not a need
	const slotPeak = top(all, "Slot used") / LIN_SLOT;
	const chunkPeak = top(all, "Chunk used");
	const slotLive = top(live, "XS Slot Heap Used") / LIN_SLOT;
	const chunkLive = top(live, "XS Chunk Heap Used");
	const liveEsp = Math.max(
		...live.map((r) => (r["XS Slot Heap Used"] / LIN_SLOT) * ESP32_SLOT + r["XS Chunk Heap Used"]),
	);
	const keys = top(all, "Keys used");
	const room = (c: Creation) => c.static - c.stack * ESP32_SLOT;
	const both = (f: (c: Creation) => number) => (f(c3) === f(s2) ? n(f(c3)) : `C3 ${n(f(c3))}, S2 ${n(f(s2))}`);
	const head = (f: (c: Creation) => number, m: number) =>
		f(c3) === f(s2) ? pct(f(c3), m) : `C3 ${pct(f(c3), m)}, S2 ${pct(f(s2), m)}`;
	console.log(
		table([
			["figure", "measured (lin)", "setting (creation)", "headroom", "ESP32 bytes (slot = 16 B)"],
			[
				"XS stack peak",
				`${n(stack)} slots`,
				`stack ${both((c) => c.stack)} slots`,
				head((c) => c.stack, stack),
				n(stack * ESP32_SLOT),
			],
			["slot heap, live after GC (max)", `${n(slotLive)} slots`, "", "", n(slotLive * ESP32_SLOT)],
			["chunk heap, live after GC (max)", `${n(chunkLive)} B`, "", "", `<= ${n(chunkLive)}`],
			["slots + chunks live (max)", "", `static - stack = ${both(room)} B`, head(room, liveEsp), n(liveEsp)],
			["slot heap peak, garbage incl.", `${n(slotPeak)} slots`, "", "", n(slotPeak * ESP32_SLOT)],
			["chunk heap peak, garbage incl.", `${n(chunkPeak)} B`, "", "", `<= ${n(chunkPeak)}`],
			// the key table is outside the XS block and grows by 32 keys when full: its size is no limit
			[
				"keys made at run time",
				n(keys),
				`keys.initial ${both((c) => c.keys)}, +32 when full`,
				"-",
				`${n(Math.ceil(keys / 32) * 32 * 4)} (table, IDF heap)`,
			],
		]),
	);

	// the live set quarter by quarter: the least after any collection in each
	// (lin's instrumented socket count goes down for every accepted socket and never up: left out)
	const per: string[][] = [["quarter", "slots live", "chunks live B", "keys", "timers"]];
	const slotsQ: number[] = [];
	const chunksQ: number[] = [];
	const key = output.match(/memory after gc key: .*/)?.[0] ?? ""; // printed once, at the start
	marks.forEach((start, q) => {
		const own = probes(`${key}\n${output.slice(start, marks[q + 1] ?? output.length)}`);
		if (own.length === 0) return;
		const s = least(own, "XS Slot Heap Used") / LIN_SLOT;
		const ch = least(own, "XS Chunk Heap Used");
		slotsQ.push(s);
		chunksQ.push(ch);
		per.push([local(o.from + q * QUARTER_MS), n(s), n(ch), n(top(own, "XS Keys Used")), n(top(own, "Timers"))]);
	});
	console.log("live set per quarter (least after a collection):");
	console.log(table(per));
	if (slotsQ.length >= 4) {
		// the first quarter fills the caches (checkpoint, summaries, month peaks): growth is judged after it
		const s = slope(slotsQ.slice(1));
		const ch = slope(chunksQ.slice(1));
		console.log(
			`growth after the first quarter (least squares): ${s.toFixed(1)} slots and ${ch.toFixed(0)} chunk bytes a quarter`,
		);
	}
}

main().catch((e: Error) => {
	console.error(`memory:lin: ${e.message}`);
	process.exitCode = 1;
});
