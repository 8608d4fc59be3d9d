// The firmware's app on the Moddable runtime: built with mcconfig for the simulator (lin), run
// headless under Xvfb, fed simulated telegrams through a pseudo-terminal across a quarter close,
// and checked over real HTTP as the PC host's end-to-end test checks it: the login, the running
// quarter, the dashboard at /, a stored quarter file, a settings change. Then, on the same build,
// the integrations on the SDK's network modules: MQTT to a real broker (aedes, in its own process)
// read back by a real client, and the raw telegram port, whose reader gets the telegrams fed through
// the pseudo-terminal byte for byte. Last, the connection-slot rule against silent and slowloris
// sockets. Needs the Moddable SDK ($MODDABLE with its tools built, as .ci/run installs it);
// without it the test says so and skips.

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import { buildModdable, linLibrary, sdkBin, sdkEnv } from "../../scripts/moddable-build";
import {
	type Child,
	feed,
	freePort,
	type Got,
	request,
	sleep,
	startPty,
	startSimulator,
	stopChild,
} from "../../scripts/moddable-run";
import { SimMeter } from "../../src/sim/meter";
import { basic } from "../e2e/host";
import { askDuring, ask as askOnce, attack } from "../helpers/attack";

const ROOT = path.resolve(__dirname, "../..");
const BIN = sdkBin();
const BUILD_DIR = path.join(ROOT, "build", "moddable-test");
/** A build from scratch transpiles every module (scripts/moddable-tsc.mjs) and compiles it with xsc: about 30 s, minutes on a busy machine. */
const BUILD_MS = 10 * 60 * 1000;

const BROKER_USER = "p1";
const BROKER_PASSWORD = "broker-geheim";
const TOPIC = "lintest";
const DEVICE = "meterkast";

async function until<T>(what: string, check: () => T | undefined | false): Promise<T> {
	for (let i = 0; i < 300; i++) {
		const v = check();
		if (v) return v;
		await sleep(100);
	}
	throw new Error(`never happened: ${what}`);
}

const maybe = BIN === undefined ? describe.skip : describe;
if (BIN === undefined)
	console.log(
		"test/firmware/lin.test.ts SKIPPED: MODDABLE does not point at a built Moddable SDK (install it as .ci/run does and export MODDABLE), so the firmware was not built or run on the Moddable runtime",
	);

maybe("the firmware on the Moddable runtime (lin)", () => {
	let dir: string;
	let port: number;
	let pty: Child | undefined;
	let sim: Child | undefined;
	let restarted: Child | undefined;
	let netDir: string | undefined;
	let netSim: Child | undefined;
	let netPty: Child | undefined;
	let broker: ChildProcess | undefined;
	let attackDir: string | undefined;
	let attackSim: Child | undefined;
	let attackPty: Child | undefined;
	const brokerClients: mqtt.MqttClient[] = [];

	beforeAll(async () => {
		port = await freePort();
		// relative to the simulator's working directory, so that a rebuild changes only the port
		await buildModdable({ platform: "lin", outDir: BUILD_DIR, config: { files: "./data", serial: "./p1", port } });
		dir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-lin-"));
		fs.mkdirSync(path.join(dir, "data"));
	}, BUILD_MS);

	afterAll(() => {
		stopChild(sim);
		stopChild(restarted);
		stopChild(pty);
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
		for (const c of brokerClients) c.end(true);
		broker?.kill("SIGKILL");
		stopChild(netSim);
		stopChild(netPty);
		if (netDir) fs.rmSync(netDir, { recursive: true, force: true });
		stopChild(attackSim);
		stopChild(attackPty);
		if (attackDir) fs.rmSync(attackDir, { recursive: true, force: true });
	});

	test("serves the login, the running quarter, the dashboard, a stored quarter, a streamed CSV, HEAD, 413, directory listings, a settings change and the log; resumes after a restart", async () => {
		const env = sdkEnv(BIN as string);
		pty = await startPty(path.join(dir, "p1"), dir, env);
		sim = startSimulator(linLibrary(BUILD_DIR), dir, env);
		try {
			await checks(sim, pty);
		} catch (e) {
			console.log(`simulator output:\n${sim.output()}`);
			throw e;
		}
	}, 120000);

	test("publishes discovery and the meter's values to an MQTT broker, and sends every telegram byte for byte to a raw port reader", async () => {
		// one simulator at a time: the build has one HTTP port
		for (const c of [sim, restarted]) {
			if (c === undefined || c.process.exitCode !== null || c.process.signalCode !== null) continue;
			stopChild(c);
			await new Promise((r) => c.process.once("exit", r));
		}
		const env = sdkEnv(BIN as string);
		netDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-lin-net-"));
		fs.mkdirSync(path.join(netDir, "data"));
		const brokerPort = await startBroker();
		const rawPort = await freePort();
		fs.writeFileSync(
			path.join(netDir, "data", "config.json"),
			JSON.stringify({
				network: { device_name: DEVICE },
				auth: { user: "jan", password: "lin-wachtwoord" },
				mqtt: {
					enabled: true,
					host: "127.0.0.1",
					port: brokerPort,
					user: BROKER_USER,
					password: BROKER_PASSWORD,
					topic: TOPIC,
					interval_s: 1,
				},
				raw_telegram: { enabled: true, port: rawPort },
			}),
		);
		const seen = await subscribe(brokerPort);
		netPty = await startPty(path.join(netDir, "p1"), netDir, env);
		netSim = startSimulator(linLibrary(BUILD_DIR), netDir, env);
		try {
			await netChecks(netSim, netPty, seen, rawPort, brokerPort);
		} catch (e) {
			console.log(`simulator output:\n${netSim.output()}`);
			throw e;
		}
	}, 120000);

	// The simulator's socket layer accepts one connection per 50 ms (it polls), so a client waits
	// behind every attack socket queued before it: the attack here is the device's scale, twice its
	// six slots of silent sockets and a slot's worth of slowloris, reconnecting at once.
	test("the device's slot rule on the runtime: silent and slowloris sockets, reconnecting, keep no client out, and the app closes them all", async () => {
		for (const c of [sim, restarted, netSim]) {
			if (c === undefined || c.process.exitCode !== null || c.process.signalCode !== null) continue;
			stopChild(c);
			await new Promise((r) => c.process.once("exit", r));
		}
		const env = sdkEnv(BIN as string);
		attackDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-lin-attack-"));
		fs.mkdirSync(path.join(attackDir, "data"));
		fs.writeFileSync(
			path.join(attackDir, "data", "config.json"),
			JSON.stringify({ auth: { user: "jan", password: "lin-wachtwoord" } }),
		);
		attackPty = await startPty(path.join(attackDir, "p1"), attackDir, env);
		attackSim = startSimulator(linLibrary(BUILD_DIR), attackDir, env);
		const running = attackSim;
		try {
			await running.waitFor(/login: user "jan"/);
			const ask = `GET /v1/status HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${basic("jan", "lin-wachtwoord")}\r\n`;
			expect(await askOnce(port, ask)).toBe(200);
			const attackMs = 6000;
			const silent = attack(port, 12, "", Infinity, attackMs);
			const slow = attack(port, 6, "GET /v1/status HTTP/1.1\r\nhost: x\r\nx-a: ", 2000, attackMs);
			try {
				await sleep(500); // every slot taken before the client comes
				const { statuses, line } = await askDuring(port, ask, attackMs - 1000, 200, 5000);
				process.stdout.write(`firmware (lin) attack: ${line}\n`);
				expect(statuses.length).toBeGreaterThanOrEqual(5);
				expect(statuses).toEqual(statuses.map(() => 200));
				// after the attack: every socket closed by the app (idle 5 s, head 2 s after their accept)
				await Promise.all([silent.allClosed(15000), slow.allClosed(15000)]);
				expect(silent.closedByServer).toBe(silent.opened);
				expect(slow.closedByServer).toBe(slow.opened);
				expect(silent.opened).toBeGreaterThan(12); // the app closed some during the attack, and they came back
			} finally {
				silent.abort();
				slow.abort();
			}
		} catch (e) {
			console.log(`simulator output:\n${running.output()}`);
			throw e;
		}
	}, 120000);

	async function netChecks(
		sim: Child,
		pty: Child,
		seen: Map<string, string>,
		rawPort: number,
		brokerPort: number,
	): Promise<void> {
		await sim.waitFor(new RegExp(`raw telegrams on tcp port ${rawPort}`));
		await sim.waitFor(/mqtt: connected to 127\.0\.0\.1/);
		const auth = basic("jan", "lin-wachtwoord");

		// a reader on the raw port, served once the app has taken it (its status counts it)
		const received: Buffer[] = [];
		const reader = net.connect(rawPort, "127.0.0.1");
		reader.on("data", (d: Buffer) => received.push(d));
		await new Promise((resolve, reject) => reader.once("connect", resolve).once("error", reject));
		try {
			let clients = 0;
			for (let i = 0; i < 100 && clients !== 1; i++) {
				await sleep(50);
				const st = await request(port, "GET", "/v1/status", { authorization: auth });
				clients = JSON.parse(st.text).integrations?.raw_telegram?.clients ?? 0;
			}
			expect(clients).toBe(1);

			// 120 telegrams, as the meter sends them, fed through the pty at speed
			const meter = new SimMeter({ start: Date.parse("2026-06-01T18:00:00+02:00"), seed: 11 });
			const telegrams: Buffer[] = [];
			for (let i = 0; i < 120; i++) telegrams.push(Buffer.from(meter.next()));
			const stdin = pty.process.stdin as NodeJS.WritableStream;
			for (let i = 0; i < telegrams.length; i += 10) {
				stdin.write(Buffer.concat(telegrams.slice(i, i + 10)));
				await sleep(20);
			}
			const all = Buffer.concat(telegrams);
			for (let i = 0; i < 200 && Buffer.concat(received).length < all.length; i++) await sleep(50);
			expect(Buffer.concat(received).equals(all)).toBe(true);

			// discovery: every config on the one device, its availability online
			const config = (component: string, key: string) => `homeassistant/${component}/${DEVICE}/${key}/config`;
			for (const key of ["power_import", "energy_import_t1", "voltage_l1", "month_peak", "quarter_allowance", "gas"])
				await until(`the config of ${key}`, () => seen.has(config("sensor", key)));
			await until("the warning's config", () => seen.has(config("binary_sensor", "peak_warning")));
			expect(seen.get(`${TOPIC}/status`)).toBe("online");
			const power = JSON.parse(seen.get(config("sensor", "power_import")) as string);
			expect(power).toMatchObject({
				unique_id: `${DEVICE}_power_import`,
				state_topic: `${TOPIC}/power_import`,
				availability_topic: `${TOPIC}/status`,
				device_class: "power",
				unit_of_measurement: "W",
				state_class: "measurement",
			});
			expect(power.device.identifiers).toEqual([DEVICE]);
			expect(power.device.sw_version).toMatch(/^\d+\.\d+\.\d+/);

			// states: the last telegram's own figures, read off its text here
			const last = telegrams[telegrams.length - 1].toString("latin1");
			const field = (obis: string) => {
				const m = new RegExp(`^${obis.replace(/\./g, "\\.")}\\(([0-9.]+)\\*`, "m").exec(last);
				if (m === null) throw new Error(`no ${obis} in the telegram`);
				return Number(m[1]);
			};
			const expected: Record<string, string> = {
				power_import: String(Math.round(field("1-0:1.7.0") * 1000)),
				power_import_l1: String(Math.round(field("1-0:21.7.0") * 1000)),
				energy_import_t1: field("1-0:1.8.1").toFixed(3),
				energy_export_t2: field("1-0:2.8.2").toFixed(3),
				voltage_l1: field("1-0:32.7.0").toFixed(1),
			};
			await until("the last telegram's values", () =>
				Object.entries(expected).every(([key, value]) => seen.get(`${TOPIC}/${key}`) === value),
			);
			for (const [key, value] of Object.entries(expected)) expect(seen.get(`${TOPIC}/${key}`)).toBe(value);
			expect(sim.output()).not.toMatch(/cannot start|XS abort|stack overflow|MQTT FAIL|warning/);

			// the broker dies (and its retained messages with it): the app notices, keeps serving, tries again
			// after the core's backoff and, once the broker is back on its port, says online and publishes again
			const dead = broker as ChildProcess;
			await new Promise((r) => {
				dead.once("exit", r);
				dead.kill("SIGKILL");
			});
			await sim.waitFor(/warning: mqtt: lost 127\.0\.0\.1:\d+ \([^)]*\); next try in \d+ s/);
			expect((await request(port, "GET", "/v1/status", { authorization: auth })).status).toBe(200);
			await startBroker(brokerPort);
			const again = await subscribe(brokerPort);
			await sim.waitFor(/mqtt: connected to 127\.0\.0\.1:\d+ after \d+ failed attempts/);
			await until("online again", () => again.get(`${TOPIC}/status`) === "online");
			await until("the states again", () => again.has(`${TOPIC}/power_import`));
			expect(sim.output()).not.toMatch(/cannot start|XS abort|stack overflow/);
		} finally {
			reader.destroy();
		}
	}

	/** aedes in its own process, on `at` (0: a free port); resolves with its port. */
	async function startBroker(at = 0): Promise<number> {
		const child = spawn(
			process.execPath,
			[path.join(ROOT, "test/e2e/mqtt-broker.mjs"), String(at), BROKER_USER, BROKER_PASSWORD],
			{ stdio: ["ignore", "pipe", "inherit"] },
		);
		broker = child;
		return new Promise((resolve, reject) => {
			let out = "";
			child.stdout?.on("data", (d: Buffer) => {
				out += d.toString();
				const m = out.match(/listening (\d+)/);
				if (m) resolve(Number(m[1]));
			});
			child.on("exit", (code) => reject(new Error(`broker exited (${code}): ${out}`)));
		});
	}

	/** The latest retained or live payload per topic, as a real client subscribed to both trees sees it. */
	function subscribe(brokerPort: number): Promise<Map<string, string>> {
		const seen = new Map<string, string>();
		const client = mqtt.connect({
			host: "127.0.0.1",
			port: brokerPort,
			username: BROKER_USER,
			password: BROKER_PASSWORD,
			reconnectPeriod: 0,
		});
		brokerClients.push(client);
		client.on("message", (topic, payload) => seen.set(topic, payload.toString("utf8")));
		return new Promise((resolve, reject) => {
			client.on("error", reject);
			client.on("connect", () =>
				client.subscribe(["homeassistant/#", `${TOPIC}/#`], (e) => (e ? reject(e) : resolve(seen))),
			);
		});
	}

	async function checks(sim: Child, pty: Child): Promise<void> {
		const [, user, password] = await sim.waitFor(/login: user "([^"]+)", password "([^"]+)" \(new/);
		const auth = basic(user, password);

		// 18:00:00 to 18:15:10 at full speed: the 18:00 quarter closes, the 18:15 one runs; three
		// requests go out while the telegrams stream in
		const meter = new SimMeter({ start: Date.parse("2026-06-01T18:00:00+02:00"), seed: 7 });
		const fed = feed(pty.process, meter, Date.parse("2026-06-01T18:15:10+02:00"));
		const during = await Promise.all([
			request(port, "GET", "/"),
			request(port, "GET", "/v1/status", { authorization: auth }),
			request(port, "GET", "/current/quarter", { authorization: auth }),
		]);
		expect(during.map((r) => r.status)).toEqual([200, 200, expect.any(Number)]);
		expect(await fed).toBeGreaterThan(900);

		let closed: Got = { status: 0, body: Buffer.alloc(0), text: "", headers: {} };
		for (let i = 0; i < 200 && closed.status !== 200; i++) {
			await sleep(100);
			closed = await request(port, "GET", "/meter/2026/06/01/1800S.json", { authorization: auth });
		}
		expect(closed.status).toBe(200);
		const record = JSON.parse(closed.text);
		// (year - 2000) << 24 | month << 16 | day << 8 | quarter of the day, summer time flag 0x80
		expect(record.quarter_id).toBe((26 << 24) | (6 << 16) | (1 << 8) | (18 * 4) | 0x80);
		expect(record.interval_secs).toBe(5);
		expect(record.consumed_power_interval_avgs).toHaveLength(180);
		expect(record.energy_avg_w).toBeGreaterThan(0);
		expect(record.end_consumed_wh - record.begin_consumed_wh).toBe(record.energy_avg_w / 4);
		// served as stored: the file in the data directory, byte for byte
		expect(closed.text).toBe(fs.readFileSync(path.join(dir, "data/meter/2026/06/01/1800S.json"), "utf8"));

		let current = await request(port, "GET", "/current/quarter", { authorization: auth });
		for (let i = 0; i < 100 && JSON.parse(current.text).quarter_id === record.quarter_id; i++) {
			await sleep(100);
			current = await request(port, "GET", "/current/quarter", { authorization: auth });
		}
		expect(current.status).toBe(200);
		expect(JSON.parse(current.text).quarter_id).toBe(record.quarter_id + 1);

		const anonymous = await request(port, "GET", "/current/quarter");
		expect(anonymous.status).toBe(401);
		expect(anonymous.headers["www-authenticate"]).toMatch(/^Basic /);
		expect(
			(await request(port, "GET", "/current/quarter", { authorization: basic(user, password + "x") })).status,
		).toBe(401);

		// the dashboard: the gzipped index.html the build embedded, as it is in build/web
		const page = await request(port, "GET", "/");
		expect(page.status).toBe(200);
		expect(page.headers["content-encoding"]).toBe("gzip");
		expect(page.body.equals(fs.readFileSync(path.join(ROOT, "build/web/index.html.gz")))).toBe(true);
		expect(Number(page.headers["content-length"])).toBe(page.body.length);

		// a streamed body (chunked, many fragments): the day's CSV holds the stored quarter's row
		const csv = await request(port, "GET", "/v1/export.csv?date=2026-06-01", { authorization: auth });
		expect(csv.status).toBe(200);
		expect(csv.headers["transfer-encoding"]).toBe("chunked");
		const kwh = (wh: number) => (wh / 1000).toFixed(3).replace(".", ",");
		expect(csv.text.split("\r\n")).toContain(
			`2026-06-01 18:00;S;2026-06-01T16:00:00Z;${record.energy_avg_w};${kwh(record.end_consumed_wh - record.begin_consumed_wh)};${kwh(record.end_produced_wh - record.begin_produced_wh)};${String(record.meter_demand_w ?? "").replace(".", ",")};${record.complete ? 1 : 0};${kwh(record.end_consumed_t1_wh - record.begin_consumed_t1_wh)};${kwh(record.end_consumed_t2_wh - record.begin_consumed_t2_wh)};${kwh(record.end_produced_t1_wh - record.begin_produced_t1_wh)};${kwh(record.end_produced_t2_wh - record.begin_produced_t2_wh)}`,
		);
		// HEAD: the GET's head without its body
		const head = await request(port, "HEAD", "/meter/2026/06/01/1800S.json", { authorization: auth });
		expect(head.status).toBe(200);
		expect(head.body.length).toBe(0);
		expect(Number(head.headers["content-length"])).toBe(closed.body.length);
		// a body larger than any route takes is refused and read past; the server goes on
		const huge = await request(
			port,
			"POST",
			"/v1/settings",
			{ authorization: auth, "content-type": "application/json" },
			" ".repeat(70000),
		);
		expect(huge.status).toBe(413);

		// directories listed through the store: the day holds the one stored quarter, June the one day
		const days = await request(port, "GET", "/historic/days?year=2026&month=6", { authorization: auth });
		expect(JSON.parse(days.text)).toEqual({ year: 2026, month: 6, days: [1] });
		const quarters = await request(port, "GET", "/historic/quarters?year=2026&month=6&day=1", {
			authorization: auth,
		});
		expect(JSON.parse(quarters.text).quarters).toEqual([record.quarter_id]);

		// a settings change is stored in config.json and the new login applies at once
		const json = { authorization: auth, "content-type": "application/json" };
		const body = JSON.stringify({ tariff: { target_w: 3500 }, auth: { password: "nieuw-wachtwoord" } });
		const changed = await request(port, "POST", "/v1/settings", json, body);
		expect(changed.status).toBe(200);
		expect(JSON.parse(changed.text).applied).toEqual(["tariff.target_w", "auth.password"]);
		const stored = JSON.parse(fs.readFileSync(path.join(dir, "data/config.json"), "utf8"));
		expect(stored.tariff.target_w).toBe(3500);
		expect(stored.auth).toEqual({ user: "digimon", password: "nieuw-wachtwoord" });
		expect((await request(port, "GET", "/v1/settings", { authorization: auth })).status).toBe(401);
		const now = await request(port, "GET", "/v1/settings", { authorization: basic(user, "nieuw-wachtwoord") });
		expect(JSON.parse(now.text).tariff.target_w).toBe(3500);

		// the log ring over HTTP: the settings change is in it, the login line (with its password) only on trace()
		const newLogin = { authorization: basic(user, "nieuw-wachtwoord") };
		const logged = await request(port, "GET", "/v1/log", newLogin);
		expect(logged.status).toBe(200);
		expect(logged.headers["content-type"]).toBe("text/plain; charset=utf-8");
		const lines = logged.text.trimEnd().split("\n");
		expect(lines[0]).toMatch(/^1 \d+\.\d{3} (-|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (info|warn) \S/);
		expect(lines).toContainEqual(
			expect.stringMatching(/^\d+ [\d.]+ \S+ info config\.json: settings changed through the API$/),
		);
		const last = Number(logged.headers["x-log-last"]);
		expect(Number(lines[lines.length - 1].split(" ")[0])).toBe(last);
		const newer = await request(port, "GET", `/v1/log?after=${last}`, newLogin);
		for (const line of newer.text.split("\n").filter((l) => l !== ""))
			expect(Number(line.split(" ")[0])).toBeGreaterThan(last);

		for (const r of [...during, closed, current, csv, changed, now, logged]) expect(r.text).not.toContain(password);
		expect(sim.output()).not.toMatch(/cannot start|XS abort|stack overflow|warning/);

		// a restart on the same data directory: the saved login, and the open quarter resumed from the checkpoint
		stopChild(sim);
		await new Promise((r) => (sim as Child).process.once("exit", r));
		const again = startSimulator(linLibrary(BUILD_DIR), dir, sdkEnv(BIN as string));
		restarted = again;
		await again.waitFor(/login: user "digimon" \(password from config.json\)/);
		expect(again.output()).not.toContain("nieuw-wachtwoord");
		const newAuth = basic(user, "nieuw-wachtwoord");
		let resumed = await request(port, "GET", "/current/quarter", { authorization: newAuth }).catch(() => undefined);
		for (let i = 0; i < 50 && resumed?.status !== 200; i++) {
			await sleep(100);
			resumed = await request(port, "GET", "/current/quarter", { authorization: newAuth }).catch(() => undefined);
		}
		expect(resumed?.status).toBe(200);
		expect(JSON.parse(resumed?.text ?? "{}").quarter_id).toBe(record.quarter_id + 1);
	}
});
