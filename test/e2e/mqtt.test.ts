// MQTT end to end: the PC host with MQTT switched on publishes to a real broker (aedes, in its own
// process) what a real client (npm mqtt) reads back: discovery configs Home Assistant would accept,
// states that are the meter's own figures, the peak warning (and its POST to a local HTTP server).
// Then the broker is killed: the monitor goes on reading, storing and serving; the broker comes
// back on the same port and the monitor publishes again and says it is online.

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import mqtt from "mqtt";
import type { HostRun } from "./host";
import { basic, bundleHost, get, listFiles, runHost } from "./host";

const BROKER_USER = "p1";
const BROKER_PASSWORD = "broker-geheim";
const TOPIC = "p1test";
const DEVICE = "meterkast";

/** Home Assistant's DEVICE_CLASS_UNITS and DEVICE_CLASS_STATE_CLASSES (sensor/const.py) for the classes a P1 monitor needs. */
const HA_SENSOR_RULES: Record<string, { units: string[]; stateClasses: (string | undefined)[] }> = {
	power: { units: ["W", "kW"], stateClasses: [undefined, "measurement"] },
	energy: { units: ["Wh", "kWh", "MWh"], stateClasses: [undefined, "total", "total_increasing"] },
	voltage: { units: ["V"], stateClasses: [undefined, "measurement"] },
	current: { units: ["A"], stateClasses: [undefined, "measurement"] },
	gas: { units: ["m³"], stateClasses: [undefined, "total", "total_increasing"] },
	water: { units: ["m³"], stateClasses: [undefined, "total", "total_increasing"] },
	monetary: { units: ["EUR"], stateClasses: [undefined, "total"] },
};

let bundle: string;
let dataDir: string;
const children: ChildProcess[] = [];
const runs: HostRun[] = [];
const clients: mqtt.MqttClient[] = [];
let hook: http.Server | undefined;

beforeAll(() => {
	bundle = bundleHost();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-mqtt-"));
});

afterAll(async () => {
	for (const c of clients) c.end(true);
	for (const r of runs) r.child.kill("SIGKILL");
	for (const c of children) c.kill("SIGKILL");
	hook?.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function startBroker(port: number): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(
		process.execPath,
		[path.join(__dirname, "mqtt-broker.mjs"), String(port), BROKER_USER, BROKER_PASSWORD],
		{
			stdio: ["ignore", "pipe", "inherit"],
		},
	);
	children.push(child);
	return new Promise((resolve, reject) => {
		let out = "";
		child.stdout!.on("data", (d: Buffer) => {
			out += d.toString();
			const m = out.match(/listening (\d+)/);
			if (m) resolve({ child, port: Number(m[1]) });
		});
		child.on("exit", (code) => reject(new Error(`broker exited (${code}): ${out}`)));
	});
}

function stopBroker(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		child.on("exit", () => resolve());
		child.kill("SIGKILL");
	});
}

interface Seen {
	/** Every message in arrival order. */
	log: { topic: string; payload: string; retain: boolean }[];
	/** Latest payload per topic. */
	last: Map<string, string>;
}

function subscribe(port: number): Promise<{ client: mqtt.MqttClient; seen: Seen }> {
	const seen: Seen = { log: [], last: new Map() };
	const client = mqtt.connect({
		host: "127.0.0.1",
		port,
		username: BROKER_USER,
		password: BROKER_PASSWORD,
		reconnectPeriod: 0,
	});
	clients.push(client);
	client.on("message", (topic, payload, packet) => {
		const text = payload.toString("utf8");
		seen.log.push({ topic, payload: text, retain: packet.retain });
		seen.last.set(topic, text);
	});
	return new Promise((resolve, reject) => {
		client.on("error", reject);
		client.on("connect", () => {
			client.subscribe([`homeassistant/#`, `${TOPIC}/#`], (e) => (e ? reject(e) : resolve({ client, seen })));
		});
	});
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
	for (let i = 0; i < 1200; i++) {
		const v = await check();
		if (v) return v;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`never happened: ${what}`);
}

function quarterFiles(): string[] {
	const dir = path.join(dataDir, "meter");
	return fs.existsSync(dir) ? listFiles(dir).filter((f) => /\d{4}[SW]\.json$/.test(f)) : [];
}

test("discovery, states, warnings, and a broker that dies and comes back", async () => {
	const posts: Record<string, unknown>[] = [];
	hook = http.createServer((req, res) => {
		let body = "";
		req.on("data", (d: Buffer) => (body += d.toString()));
		req.on("end", () => {
			posts.push({ method: req.method, type: req.headers["content-type"], path: req.url, ...JSON.parse(body) });
			res.end("ok");
		});
	});
	await new Promise<void>((resolve) => hook!.listen(0, "127.0.0.1", () => resolve()));
	const hookPort = (hook.address() as { port: number }).port;

	const broker = await startBroker(0);
	const port = broker.port;
	fs.writeFileSync(
		path.join(dataDir, "config.json"),
		JSON.stringify({
			wifi: { ssid: "", password: "" },
			network: { device_name: DEVICE },
			auth: { user: "jan", password: "e2e-wachtwoord" },
			tariff: { target_w: 1500 }, // a winter evening passes this now and then: warnings
			mqtt: {
				enabled: true,
				host: "127.0.0.1",
				port,
				user: BROKER_USER,
				password: BROKER_PASSWORD,
				topic: TOPIC,
				interval_s: 1,
			},
			warning: { url: `http://127.0.0.1:${hookPort}/hook/geheim-id` },
		}),
	);
	const { seen } = await subscribe(port);
	const run = runHost(bundle, [
		"--data-dir",
		dataDir,
		"--port",
		"0",
		"--host",
		"127.0.0.1",
		"--speed",
		"600",
		"--start",
		"2026-01-14T17:00:00+01:00",
	]);
	runs.push(run);
	const [, base] = await run.waitFor(/on (http:\/\/[^/]+)\//);
	const auth = basic("jan", "e2e-wachtwoord");
	await run.waitFor(/mqtt: connected to 127\.0\.0\.1/);

	// Discovery: a config per entity, each one Home Assistant takes, all on one device
	const configTopic = (component: string, key: string) => `homeassistant/${component}/${DEVICE}/${key}/config`;
	const expectedKeys = [
		"power_import",
		"power_export",
		"power_import_l1",
		"energy_import_t1",
		"energy_import_t2",
		"energy_export_t1",
		"energy_export_t2",
		"voltage_l1",
		"current_l1",
		"quarter_demand",
		"month_peak",
		"quarter_projection",
		"quarter_allowance",
		"capacity_average",
		"capacity_cost",
		"gas",
		"water",
	];
	await until("every discovery config", () => expectedKeys.every((k) => seen.last.has(configTopic("sensor", k))));
	await until("the warning's config", () => seen.last.has(configTopic("binary_sensor", "peak_warning")));
	expect(seen.last.get(`${TOPIC}/status`)).toBe("online");
	const configs = [...seen.last.entries()].filter(([t]) => t.startsWith("homeassistant/"));
	const uniqueIds = new Set<string>();
	for (const [topic, payload] of configs) {
		expect(topic).toMatch(/^homeassistant\/(sensor|binary_sensor)\/[a-zA-Z0-9_-]+\/[a-zA-Z0-9_-]+\/config$/);
		const c = JSON.parse(payload);
		expect(typeof c.name).toBe("string");
		expect(c.unique_id).toMatch(/^[a-zA-Z0-9_-]+$/);
		uniqueIds.add(c.unique_id);
		expect(c.state_topic).toMatch(new RegExp(`^${TOPIC}/[a-z0-9_]+$`)); // no wildcard: HA refuses + and # in a state topic
		expect(c.availability_topic).toBe(`${TOPIC}/status`);
		expect(c.payload_available).toBe("online");
		expect(c.payload_not_available).toBe("offline");
		expect(c.device.identifiers).toEqual([DEVICE]);
		expect(c.device.sw_version).toMatch(/^\d+\.\d+\.\d+/);
		expect(c.device.configuration_url).toBe(`${base}/`);
		for (const key of ["name", "model", "manufacturer"]) expect(typeof c.device[key]).toBe("string");
		if (topic.includes("/binary_sensor/")) continue;
		const rule = HA_SENSOR_RULES[c.device_class];
		expect(rule).toBeDefined();
		expect(rule.units).toContain(c.unit_of_measurement);
		expect(rule.stateClasses).toContain(c.state_class);
	}
	expect(uniqueIds.size).toBe(configs.length);
	for (const k of ["energy_import_t1", "energy_import_t2", "energy_export_t1", "energy_export_t2"])
		expect(JSON.parse(seen.last.get(configTopic("sensor", k))!)).toMatchObject({
			device_class: "energy",
			unit_of_measurement: "kWh",
			state_class: "total_increasing",
		});

	// States are the meter's: at each closing quarter a publication goes out from the closing
	// telegram, whose import registers are the quarter file's end register. (Quarters that closed
	// before the broker had us are left out: only the latest value per topic is ever sent.)
	const connectedAt = quarterFiles().length;
	await until("three quarters closed while connected", () => quarterFiles().length >= connectedAt + 3);
	const importSums = () => {
		const sums = new Set<number>();
		let t1 = NaN;
		for (const m of seen.log) {
			if (m.topic === `${TOPIC}/energy_import_t1`) t1 = Math.round(Number(m.payload) * 1000);
			if (m.topic === `${TOPIC}/energy_import_t2`) sums.add(t1 + Math.round(Number(m.payload) * 1000));
		}
		return sums;
	};
	let compared = 0;
	for (const file of quarterFiles().slice(connectedAt, connectedAt + 3)) {
		const record = JSON.parse(fs.readFileSync(path.join(dataDir, "meter", file), "utf8"));
		if (record.end_consumed_wh === null) continue;
		await until(`the end register of ${file} published`, () => importSums().has(record.end_consumed_wh));
		compared++;
	}
	expect(compared).toBeGreaterThan(0);
	for (const key of ["power_import", "voltage_l1", "gas", "water", "month_peak", "capacity_cost"])
		expect(Number.isFinite(Number(seen.last.get(`${TOPIC}/${key}`)))).toBe(true);
	const now = JSON.parse((await get(`${base}/v1/now`, auth)).text);
	expect(now.limit_w).toBe(1500);

	// The warning: ON and OFF on MQTT, and the same starts and ends POSTed to the configured URL
	await until("a warning started and ended", () => {
		const states = seen.log.filter((m) => m.topic === `${TOPIC}/peak_warning`).map((m) => m.payload);
		return states.includes("ON") && states.includes("OFF") && posts.some((p) => p.active === false);
	});
	const started = posts.find((p) => p.active === true)!;
	expect(started).toMatchObject({
		method: "POST",
		type: "application/json",
		path: "/hook/geheim-id",
		event: "peak_warning",
	});
	expect(started.device).toBe(DEVICE);
	expect(started.limit_w).toBe(1500);
	expect(started.projection_w as number).toBeGreaterThan(1600);
	for (let i = 1; i < posts.length; i++) expect(posts[i].active).toBe(!posts[i - 1].active); // starts and ends alternate

	// The broker dies: reading, storing and serving go on
	await stopBroker(broker.child);
	await run.waitFor(/mqtt: lost 127\.0\.0\.1:\d+/);
	const before = quarterFiles().length;
	await until("two more quarters stored without a broker", () => quarterFiles().length >= before + 2);
	const during = await get(`${base}/v1/now`, auth);
	expect(during.status).toBe(200);
	expect(JSON.parse(during.text).quarter_id).not.toBeNull();
	expect(run.child.exitCode).toBeNull();
	const shown = JSON.parse((await get(`${base}/v1/status`, auth)).text).integrations;
	expect(shown.mqtt.state).not.toBe("connected");
	expect(shown.mqtt.failures).toBeGreaterThan(0);
	expect(shown.warning_url.sent).toBeGreaterThanOrEqual(2);
	expect(shown.warning_url.failed).toBe(0);

	// It comes back on the same port: online again, discovery and states again
	const again = await startBroker(port);
	expect(again.port).toBe(port);
	const second = await subscribe(port); // a fresh broker keeps nothing: all it has, the monitor sent anew
	await until("online again", () => second.seen.last.get(`${TOPIC}/status`) === "online");
	await until("discovery and states again", () =>
		expectedKeys.every((k) => second.seen.last.has(configTopic("sensor", k)) && second.seen.last.has(`${TOPIC}/${k}`)),
	);
	expect(run.output()).toMatch(/mqtt: connected to 127\.0\.0\.1:\d+ after \d+ failed attempts/);
	expect(JSON.parse((await get(`${base}/v1/status`, auth)).text).integrations.mqtt.state).toBe("connected");
	expect(run.output()).not.toMatch(/broker-geheim|geheim-id/); // neither the broker's password nor the webhook's id in the log
});
