// /v1/status and /v1/telegram against a real Monitor fed a Fluvius telegram (the corpus's eMUCS
// 1.7.1 capture) second by second, with host clocks the test drives: the counters, the meter's
// identity and clock, the capacity objects going silent while telegrams keep coming (the P1
// consent lapsing), storage and the last raw telegram kept in one buffer.

import { handle } from "../../src/core/api/handle";
import { KeptTelegram } from "../../src/core/api/telegram";
import type { ApiResponse, DeviceHardware } from "../../src/core/api/types";
import { utf8Length } from "../../src/core/config/utf8";
import { crc16 } from "../../src/core/dsmr/crc16";
import type { DecodedTelegram } from "../../src/core/dsmr/decode";
import { Framer } from "../../src/core/dsmr/framer";
import { Monitor } from "../../src/core/monitor";
import type { FileStore } from "../../src/core/ports";
import { telegram as corpusTelegram } from "../helpers/corpus";
import { MemoryStore } from "../helpers/memory-store";
import { restamp } from "../helpers/restamp";
import { basic, fakeContext, get, SSID, shortTelegram, text, WIFI_PASSWORD, wifiConfig } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);
const FLUVIUS = corpusTelegram("ndokter-dsmr_parser/fluvius-v171");
const START = Date.UTC(2026, 1, 10, 17, 0, 0); // 18:00 Brussels, winter
const HOST_AHEAD_MS = 3000; // the host's wall clock runs 3 s ahead of the meter

function latin1(bytes: Uint8Array): string {
	return String.fromCharCode(...bytes);
}

/** The telegram without the lines starting with `obis(`, its CRC made valid again. */
function without(bytes: Uint8Array, ...codes: string[]): Uint8Array {
	const lines = latin1(bytes).split("\r\n");
	const kept = lines.filter((line) => !codes.some((c) => line.startsWith(c + "(")));
	const body = kept.join("\r\n");
	const bang = body.indexOf("!");
	const head = Uint8Array.from(body.slice(0, bang + 1), (c) => c.charCodeAt(0));
	const crc = crc16(head).toString(16).toUpperCase().padStart(4, "0");
	return Uint8Array.from(body.slice(0, bang + 1) + crc + "\r\n", (c) => c.charCodeAt(0));
}

interface Rig {
	monitor: Monitor;
	mono: { ms: number };
	/** Meter time of the next telegram. */
	meter: { ms: number };
	/** Sends one telegram per second of both clocks. */
	send(bytes: Uint8Array, seconds?: number): void;
}

function rig(sd: FileStore = new MemoryStore(), version = "1.2.3"): Rig {
	const mono = { ms: 50_000 };
	const meter = { ms: START };
	const monitor = new Monitor({
		sd,
		state: new MemoryStore(),
		log: { info: () => {}, warn: () => {} },
		config: () => wifiConfig(),
		now: () => mono.ms,
		version,
		clock: { now: () => meter.ms + HOST_AHEAD_MS },
	});
	monitor.start();
	return {
		monitor,
		mono,
		meter,
		send(bytes, seconds = 1) {
			for (let i = 0; i < seconds; i++) {
				monitor.push(restamp(bytes, meter.ms));
				meter.ms += 1000;
				mono.ms += 1000;
			}
		},
	};
}

/** The shape of /v1/status, as README.md documents it. */
interface Status {
	version: string;
	uptime_s: number;
	telegrams: Record<string, number | null>;
	meter: {
		model: string;
		protocol: string;
		equipment_id: string;
		clock_offset_s: number | null;
		fields: Record<string, { state: string; age_s: number | null }>;
		notice: { code: string; message: string } | null;
	};
	storage: { free_bytes: number | null; store_errors: number; recovery: unknown };
	memory: Record<string, number>;
}

interface TelegramBody {
	raw: string;
	decoded: DecodedTelegram;
}

function json<T>(response: ApiResponse): T {
	expect(response.status).toBe(200);
	return JSON.parse(text(response.body)) as T;
}

function status(r: Rig): Status {
	return json<Status>(r.monitor.handle(get("/v1/status", LOGIN)));
}

describe("GET /v1/status", () => {
	test("counts, identifies the meter, compares its clock, and stays small", () => {
		const r = rig(Object.assign(new MemoryStore(), { free: () => 7_654_321 }));
		r.send(FLUVIUS, 10);
		const bad = restamp(FLUVIUS, r.meter.ms);
		bad[300] ^= 1; // one bit inside a value: the CRC no longer matches
		r.monitor.push(bad);
		r.mono.ms += 2500; // 2.5 s since the last telegram taken (the bad one does not count)
		const response = r.monitor.handle(get("/v1/status", LOGIN));
		const s = json<Status>(response);
		expect(utf8Length(text(response.body))).toBeLessThan(2048);
		expect(s.version).toBe("1.2.3");
		expect(s.uptime_s).toBe(12); // 10 s of telegrams + 2.5 s, whole seconds
		expect(s.telegrams).toEqual({
			ok: 10,
			crc_bad: 1,
			crc_missing: 0,
			values_dropped: 0,
			clock_held: 9, // a boot without checkpoint holds the first 9 until the 10th confirms the meter's time
			clock_rejected: 0,
			last_age_s: 1 + 2.5, // the last one taken came a second before the bad one
		});
		expect(s.meter.model).toBe("FLU5\\253769484_A");
		expect(s.meter.protocol).toBe("50217");
		expect(s.meter.equipment_id).toBe("1SAG3101021605"); // 31 53 41 47 33 31 30 31 30 32 31 36 30 35 in ASCII
		expect(s.meter.clock_offset_s).toBe(-3);
		expect(s.meter.fields["1.4.0"]).toEqual({ state: "sent", age_s: 3.5 });
		expect(s.meter.notice).toBeNull();
		expect(s.storage.free_bytes).toBe(7_654_321);
		expect(s.storage.store_errors).toBe(0);
		expect(s.storage.recovery).toMatchObject({ checkpoint: "missing", peaks: "missing", errors: 0, first_error: null });
	});

	test("the capacity objects stopping while telegrams keep coming is the P1 consent lapsing", () => {
		const r = rig();
		r.send(FLUVIUS, 60);
		r.send(without(FLUVIUS, "1-0:1.4.0", "1-0:1.6.0", "0-0:98.1.0"), 300);
		// 300 s without them: not yet past the 5 minutes (a meter can miss one now and then)
		expect(status(r).meter.notice).toBeNull();
		expect(status(r).meter.fields["1.6.0"].state).toBe("sent");
		r.send(without(FLUVIUS, "1-0:1.4.0", "1-0:1.6.0", "0-0:98.1.0"), 2);
		const s = status(r);
		expect(s.meter.fields).toEqual({
			"1.4.0": { state: "stopped", age_s: 303 },
			"1.6.0": { state: "stopped", age_s: 303 },
			"98.1.0": { state: "stopped", age_s: 303 },
		});
		expect(s.meter.notice?.code).toBe("p1_consent_lapsed");
		expect(s.meter.notice?.message).toContain("stopped sending 1.4.0, 1.6.0 and 98.1.0");
		expect(s.meter.notice?.message).toContain("P1 consent at Fluvius");
		// and the monitor still takes every telegram
		expect(s.telegrams.ok).toBe(362);
	});

	test("one object missing is named alone; none said while the telegrams themselves stopped", () => {
		const r = rig();
		r.send(FLUVIUS, 5);
		r.send(without(FLUVIUS, "0-0:98.1.0"), 400);
		const s = status(r);
		expect(s.meter.fields["1.4.0"].state).toBe("sent");
		expect(s.meter.fields["98.1.0"].state).toBe("stopped");
		expect(s.meter.notice?.message).toContain("stopped sending 98.1.0:");
		r.mono.ms += 301_000; // the cable is pulled: no telegrams for over 5 minutes
		expect(status(r).meter.notice).toBeNull();
	});

	test("a meter that never sent them since start is told apart from a lapse", () => {
		const r = rig();
		r.send(without(FLUVIUS, "1-0:1.6.0", "0-0:98.1.0"), 302);
		const s = status(r);
		expect(s.meter.fields["1.6.0"]).toEqual({ state: "absent", age_s: null });
		expect(s.meter.fields["1.4.0"].state).toBe("sent");
		expect(s.meter.notice?.code).toBe("meter_fields_absent");
		expect(s.meter.notice?.message).toContain("does not send 1.6.0 and 98.1.0");
	});

	test("before any telegram: nulls, unknown states, no notice", () => {
		const r = rig(new MemoryStore(), "");
		r.mono.ms += 400_000;
		const s = status(r);
		expect(s.version).toBe("");
		expect(s.uptime_s).toBe(400);
		expect(s.telegrams.last_age_s).toBeNull();
		expect(s.meter).toEqual({
			model: "",
			protocol: "",
			equipment_id: "",
			clock_offset_s: null,
			fields: {
				"1.4.0": { state: "unknown", age_s: null },
				"1.6.0": { state: "unknown", age_s: null },
				"98.1.0": { state: "unknown", age_s: null },
			},
			notice: null,
		});
		expect(s.storage.free_bytes).toBeNull(); // MemoryStore cannot tell
	});

	test("a context without facts answers 503", () => {
		const context = fakeContext();
		delete context.facts;
		const response = handle(get("/v1/status", LOGIN), context);
		expect(response.status).toBe(503);
	});
});

describe("GET /v1/telegram", () => {
	test("the last telegram as sent and decoded with the catalog's names", () => {
		const r = rig();
		r.send(FLUVIUS, 3);
		const sent = restamp(FLUVIUS, r.meter.ms - 1000);
		const response = r.monitor.handle(get("/v1/telegram", LOGIN));
		const body = json<TelegramBody>(response);
		expect(body.raw).toBe(latin1(sent));
		expect(body.decoded.header).toBe("/FLU5\\253769484_A");
		expect(body.decoded.crc.valid).toBe(true);
		expect(body.decoded.crc.stated).toBe(latin1(sent.subarray(sent.length - 6, sent.length - 2)));
		expect(body.decoded.objects["1-0:1.4.0"]).toMatchObject({ value: 2.351, unit: "kW" });
		expect(body.decoded.objects["1-0:1.4.0"].name).toMatch(/demand/i);
		expect(body.decoded.objects["0-0:1.0.0"].isoUtc).toBe("2026-02-10T17:00:02Z");
		// How big it is for a Fluvius telegram: reported, and bounded here
		const size = Number(response.headers["content-length"]);
		expect(size).toBe(utf8Length(text(response.body)));
		expect(size).toBeGreaterThan(FLUVIUS.length);
		expect(size).toBeLessThan(8192);
	});

	test("a meter that ends its lines with LF alone gets its telegram back byte for byte, as on the raw port", () => {
		const lf = Uint8Array.from(latin1(FLUVIUS).replaceAll("\r\n", "\n"), (c) => c.charCodeAt(0));
		const r = rig();
		r.send(lf, 2);
		const sent = restamp(lf, r.meter.ms - 1000); // the CRC covers the lines, so it changes with them
		const body = json<TelegramBody>(r.monitor.handle(get("/v1/telegram", LOGIN)));
		expect(body.raw).toBe(latin1(sent));
		expect(body.raw.endsWith("\n") && !body.raw.includes("\r")).toBe(true);
	});

	test("is kept in one buffer: the next telegram overwrites it, a corrupt one does not", () => {
		const r = rig();
		r.send(FLUVIUS, 1);
		const first = JSON.parse(text(r.monitor.handle(get("/v1/telegram", LOGIN)).body)).raw;
		const bad = restamp(FLUVIUS, r.meter.ms);
		bad[300] ^= 1;
		r.monitor.push(bad);
		expect(JSON.parse(text(r.monitor.handle(get("/v1/telegram", LOGIN)).body)).raw).toBe(first);
		r.send(without(FLUVIUS, "0-0:98.1.0"), 1);
		const second = JSON.parse(text(r.monitor.handle(get("/v1/telegram", LOGIN)).body)).raw;
		expect(second).not.toContain("98.1.0");
		expect(second).toBe(latin1(without(restamp(FLUVIUS, r.meter.ms - 1000), "0-0:98.1.0")));
	});

	test("KeptTelegram copies into the buffer it was given at start, whatever the framer's buffer", () => {
		const kept = new KeptTelegram(2048);
		const frames: Uint8Array[] = [];
		const framer = new Framer({
			onFrame: (frame) => {
				kept.keep(frame);
				frames.push(kept.frame()?.bytes as Uint8Array);
			},
		});
		const a = restamp(FLUVIUS, START);
		const b = without(restamp(FLUVIUS, START + 1000), "0-0:98.1.0");
		const c = without(restamp(FLUVIUS, START + 2000), "0-0:96.14.0", "1-0:1.4.0"); // another length
		const check = (t: Uint8Array) => {
			const frame = kept.frame();
			expect(latin1(frame!.bytes.subarray(frame!.start, frame!.end))).toBe(latin1(t.subarray(0, t.length - 6)));
			expect(frame!.crcStated).toBe(latin1(t.subarray(t.length - 6, t.length - 2)));
		};
		framer.push(a); // a chunk that is the telegram
		check(a);
		for (let i = 0; i < b.length; i += 7) framer.push(b.subarray(i, i + 7)); // spans chunks: the framer copies
		check(b);
		const both = new Uint8Array(3 + a.length + c.length);
		both.set([0x0d, 0x0a, 0x0a]);
		both.set(a, 3);
		both.set(c, 3 + a.length);
		framer.push(both); // two in one chunk, after line noise: both handed out in place, not at 0
		check(c);
		expect(frames.length).toBe(4);
		for (const f of frames) expect(f).toBe(frames[0]);
	});

	test("before any telegram: 503", () => {
		const r = rig();
		const response = r.monitor.handle(get("/v1/telegram", LOGIN));
		expect(response.status).toBe(503);
		expect(JSON.parse(text(response.body))).toEqual({ error: "no telegram yet" });
	});

	test("the fake context's telegram round-trips", () => {
		const body = json<TelegramBody>(handle(get("/v1/telegram", LOGIN), fakeContext()));
		expect(body.raw).toBe(latin1(shortTelegram()));
	});
});

test("/v1/status shows how the host's integrations fare, when the host has any", () => {
	const config = wifiConfig();
	const make = (integrations?: () => Record<string, unknown>) =>
		new Monitor({
			sd: new MemoryStore(),
			state: new MemoryStore(),
			log: { info: () => {}, warn: () => {} },
			config: () => config,
			now: () => 0,
			integrations,
		});
	const report = { mqtt: { state: "waiting", failures: 3, last_error: "connect ECONNREFUSED 127.0.0.1:1883" } };
	const shown = JSON.parse(text(make(() => report).handle(get("/v1/status", LOGIN)).body));
	expect(shown.integrations).toEqual(report);
	const none = JSON.parse(text(make().handle(get("/v1/status", LOGIN)).body));
	expect(none).not.toHaveProperty("integrations");
});

test("/v1/status shows the device's card, WiFi and UART, when the host is the device", () => {
	const config = wifiConfig();
	const make = (device?: () => DeviceHardware) =>
		new Monitor({
			sd: new MemoryStore(),
			state: new MemoryStore(),
			log: { info: () => {}, warn: () => {} },
			config: () => config,
			now: () => 50000,
			device,
		});
	const hardware: DeviceHardware = {
		card: { state: "missing", failures: 3, error: "no card (timeout) (0x107)", nextTryMs: 67400 },
		wifi: { mode: "online", accessPoint: false, failures: 0, nextTryMs: Number.NaN, rssi: -61 },
		uartLostBytes: 12,
	};
	const shown = JSON.parse(text(make(() => hardware).handle(get("/v1/status", LOGIN)).body));
	expect(shown.device).toEqual({
		card: { state: "missing", error: "no card (timeout) (0x107)", failures: 3, retry_in_s: 17 }, // (67400 - 50000) / 1000, rounded
		wifi: { mode: "online", setup: false, rssi: -61, failures: 0, retry_in_s: null },
		uart: { lost_bytes: 12 },
	});
	hardware.card = { state: "mounted", failures: 0, error: "", nextTryMs: Number.NaN };
	hardware.wifi = { mode: "setup", accessPoint: true, failures: 4, nextTryMs: 350000, rssi: Number.NaN };
	const later = JSON.parse(text(make(() => hardware).handle(get("/v1/status", LOGIN)).body));
	expect(later.device.card).toEqual({ state: "mounted", error: "", failures: 0, retry_in_s: null });
	expect(later.device.wifi).toEqual({ mode: "setup", setup: true, rssi: null, failures: 4, retry_in_s: 300 });
	const pc = JSON.parse(text(make().handle(get("/v1/status", LOGIN)).body));
	expect(pc).not.toHaveProperty("device");
});
