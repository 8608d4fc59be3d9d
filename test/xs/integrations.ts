// The MQTT payloads and rules (src/core/integrations) inside XS: discovery configs, state payloads
// (toFixed, "m³", the -0 case), the publisher's order and bound, the backoff and the warning
// notice must come out byte for byte as in Node.

import { newReading } from "../../src/core/dsmr/parse";
import type { DeviceInfo } from "../../src/core/integrations/ha-discovery";
import { discoveryPayload, discoveryTopic, statePayload } from "../../src/core/integrations/ha-discovery";
import type { Figures } from "../../src/core/integrations/ha-sensors";
import { ENTITIES } from "../../src/core/integrations/ha-sensors";
import { MqttPublisher } from "../../src/core/integrations/mqtt-publisher";
import { publishDue, reconnectDelayMs } from "../../src/core/integrations/mqtt-rules";
import { MqttSession, publishPacketBytes } from "../../src/core/integrations/mqtt-session";
import { peakNotice } from "../../src/core/integrations/peak-notice";
import { origin, PostQueue } from "../../src/core/integrations/post-queue";
import { httpTarget } from "../../src/core/net/http-url";
import type { QuarterStatus } from "../../src/core/quarters/engine";
import type { XsCase } from "./support/case";

const DEVICE: DeviceInfo = Object.freeze({
	id: "digimon",
	name: 'Meter "kelder"',
	model: "ESP32-C3",
	manufacturer: "Digitale Meter Monitor",
	version: "0.1.0",
	configurationUrl: "http://digimon.local/",
});

function status(): QuarterStatus {
	return {
		quarter_id: 0x1a0a198b,
		start: "2026-10-25T01:45:00Z",
		end: "2026-10-25T02:00:00Z",
		elapsed_s: 300,
		energy_wh: 250.25,
		current_w: 3100,
		current_export_w: 0,
		projection_w: 4133,
		allowance_w: 1874,
		threshold_w: 2500,
		target_w: null,
		month: "2026-10",
		month_peak_own_w: 2480,
		month_peak_meter_w: null,
		meter_demand_w: 2990,
		meter_check: null,
		capacity: {
			months: ["2026-10"],
			values_w: [2500],
			average_w: 2500,
			eur_per_kw_year: 53.2593,
			eur_per_year: 133.14825,
			area: "imewo",
			year: 2026,
		},
		counters: { duplicates: 0, out_of_order: 0, no_time: 0, gaps: 0, clock_back: 0, register_breaks: 0, skipped: 0 },
	};
}

function figures(): Figures {
	const r = newReading();
	r.importW = 3100;
	r.exportW = 0;
	r.importT1Wh = 5432109;
	r.importT2Wh = 999;
	r.exportT1Wh = 0;
	r.exportT2Wh = 12345678;
	r.phases[0].importW = 1100;
	r.phases[1].importW = 2000;
	r.phases[2].exportW = 0.4;
	r.phases[0].voltageV = 231.4;
	r.phases[0].currentA = 4.7;
	r.demandW = 2990;
	r.mbus[0].type = 3;
	r.mbus[0].value = 13368.864;
	r.mbus[0].unit = "m3";
	r.mbus[1].type = 7;
	r.mbus[1].value = 0.001;
	r.mbus[1].unit = "m3";
	r.mbusCount = 2;
	return { status: status(), reading: r, warning: true };
}

function payloads(): string {
	const f = figures();
	const lines: string[] = [];
	for (const e of ENTITIES) {
		lines.push(discoveryTopic("homeassistant", DEVICE, e) + " " + discoveryPayload(e, "p1/home", DEVICE));
		lines.push(e.key + " " + JSON.stringify(statePayload(e, e.value(f))));
	}
	lines.push(peakNotice(true, f.status, "digimon"));
	lines.push(peakNotice(false, { ...f.status, projection_w: null, allowance_w: null }, "digimon"));
	return lines.join("\n");
}

function publisher(): string {
	const p = new MqttPublisher({ base: "p1", discoveryPrefix: "ha", device: DEVICE, intervalMs: 10000 });
	const f = figures();
	const lines: string[] = [];
	p.connected();
	lines.push(String(p.tick(0, () => f)));
	for (let m = p.next(); m !== undefined; m = p.next()) lines.push(m.topic + " " + m.payload.length + " " + m.retain);
	for (let t = 1; t <= 100; t++) {
		f.reading.importW = t;
		p.tick(t * 10000, () => f);
	}
	lines.push("waiting " + p.waiting);
	for (let m = p.next(); m !== undefined; m = p.next()) lines.push(m.topic + " " + m.payload);
	const delays: number[] = [];
	for (let n = 0; n <= 12; n++) delays.push(reconnectDelayMs(n, n / 13));
	lines.push(delays.join(","));
	lines.push([publishDue(0, NaN, 1, false), publishDue(5, 0, 10, false), publishDue(5, 0, 10, true)].join(","));
	return lines.join("\n");
}

/** A session over a socket with 900 bytes of room, given back 400 at a time; a lost link, the backoff, the log. */
function session(): string {
	const lines: string[] = [];
	const log = { info: (m: string) => lines.push("info " + m), warn: (m: string) => lines.push("warn " + m) };
	const s = new MqttSession(
		new MqttPublisher({ base: "p1", discoveryPrefix: "ha", device: DEVICE, intervalMs: 10000 }),
		log,
		"broker:1883",
	);
	const f = figures();
	let room = 900;
	const out = {
		capacity: 900,
		room: () => room,
		publish(topic: string, payload: string, retain: boolean) {
			const n = publishPacketBytes(topic, payload);
			if (n > room) throw new Error("can't write all data");
			room -= n;
			lines.push(topic + " " + n + " " + retain);
		},
	};
	s.connecting();
	s.connected();
	for (let t = 0; t < 40; t++) {
		lines.push("tick " + t + " " + String(s.tick(t * 1000, () => f, out)));
		room += 400;
	}
	lines.push(JSON.stringify(s.report));
	lines.push(String(s.lost("socket error -1", 0.25)) + " " + String(s.lost("no answer in 10 s", 0.75)));
	lines.push(JSON.stringify(s.report));
	return lines.join("\n");
}

function posts(): string {
	const lines: string[] = [];
	const log = { info: (m: string) => lines.push("info " + m), warn: (m: string) => lines.push("warn " + m) };
	const pending: ((e: string | undefined) => void)[] = [];
	const q = new PostQueue(
		(url, body, done) => {
			lines.push("post " + url + " " + body);
			pending.push(done);
		},
		log,
		() => lines.push("idle"),
	);
	q.send("http://a/1", "{1}");
	q.send("http://a/2", "{2}");
	q.send("http://a/3", "{3}");
	pending.shift()?.(undefined);
	pending.shift()?.("answered 500");
	lines.push(JSON.stringify(q.counts) + " " + q.busy);
	for (const url of ["http://h:81/x?y", "https://h/", "http://u:p@h", "nope"]) {
		lines.push(JSON.stringify(httpTarget(url)) + " " + origin(url));
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "integrations: MQTT session pacing, loss and backoff", run: session },
	{ name: "integrations: warning POST queue, http targets", run: posts },
	{ name: "integrations: Home Assistant discovery and state payloads, warning notice", run: payloads },
	{ name: "integrations: MQTT publisher order and bound, backoff, schedule", run: publisher },
];
