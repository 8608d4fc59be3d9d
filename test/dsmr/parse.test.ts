// Edge cases from test/fixtures/telegrams/README.md ("Quirks"), on the typed Reading and the decoder.
import { crc16 } from "../../src/core/dsmr/crc16";
import { type DecodedTelegram, decodeStream } from "../../src/core/dsmr/decode";
import { Framer } from "../../src/core/dsmr/framer";
import { isoUtc as iso0 } from "../../src/core/time/iso";

const isoUtc = (t: number) => (t === t ? iso0(t) : null);

import { findMbus, newReading, parseTelegram } from "../../src/core/dsmr/parse";
import type { Reading } from "../../src/core/dsmr/reading";
import { stampAt } from "../../src/core/dsmr/scan";
import { telegram } from "../helpers/corpus";

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

/** A CRC-valid telegram from lines (CRLF). */
function make(lines: string[], header = "/FLU5\\253769484_A"): Uint8Array {
	const body = [header, "", ...lines, "!"].join("\r\n");
	return bytesOf(body + crc16(bytesOf(body)).toString(16).toUpperCase().padStart(4, "0") + "\r\n");
}

function parse(bytes: Uint8Array, into: Reading = newReading()): Reading {
	let done = false;
	const framer = new Framer({
		onFrame(f) {
			parseTelegram(f.bytes, f.start, f.end, f.crc, into);
			done = true;
		},
	});
	framer.push(bytes);
	const tail = framer.flush();
	if (!done && tail) parseTelegram(tail.bytes, tail.start, tail.end, tail.crc, into);
	return into;
}

function decode(bytes: Uint8Array): DecodedTelegram {
	const out: DecodedTelegram[] = [];
	decodeStream(bytes, (t) => out.push(t));
	return out[0];
}

const stamp = (text: string) => stampAt(bytesOf(text), 0, text.length);
const iso = (text: string) => isoUtc(stamp(text));

describe("timestamps", () => {
	test("S/W flag and Brussels rules", () => {
		expect(iso("200512135409S")).toBe("2020-05-12T11:54:09Z");
		expect(iso("200104202329W")).toBe("2020-01-04T19:23:29Z");
		expect(iso("150701190000s")).toBe("2015-07-01T17:00:00Z"); // lower-case flag
		expect(iso("160410130000")).toBe("2016-04-10T11:00:00Z"); // DSMR 2.2: no flag
	});
	test("the flag only settles the repeated autumn hour", () => {
		expect(iso("201025023000S")).toBe("2020-10-25T00:30:00Z");
		expect(iso("201025023000W")).toBe("2020-10-25T01:30:00Z");
		// a flag that contradicts the calendar (fluvius-v171's 98.1.0) follows the calendar
		expect(iso("200305122139S")).toBe("2020-03-05T11:21:39Z");
	});
	test.each([
		"632525252525W",
		"700101010000W",
		"000101010000W",
		"250000000000W",
		"123412341234W",
		"991231235959W",
		"2005121354S",
		"20051213540xS",
		"200512135409X",
		"",
	])("%s is no time", (text) => {
		expect(stamp(text)).toBeNaN();
		expect(iso(text)).toBeNull();
	});
	test("ISO text without Date string functions", () => {
		expect(isoUtc(0)).toBe("1970-01-01T00:00:00Z");
		expect(isoUtc(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe("2024-02-29T23:59:59Z");
		expect(isoUtc(NaN)).toBeNull();
	});
});

describe("typed reading", () => {
	test("units: kWh/kW and Wh/W both give Wh/W, exactly", () => {
		const r = parse(
			make([
				"1-0:1.8.1(000123.456*kWh)",
				"1-0:1.8.2(000201282*Wh)",
				"1-0:1.7.0(01.193*kW)",
				"1-0:2.7.0(000003996*W)",
				"1-0:2.8.1(12.5*kWh)",
			]),
		);
		expect([r.importT1Wh, r.importT2Wh, r.importW, r.exportW, r.exportT1Wh]).toEqual([
			123456, 201282, 1193, 3996, 12500,
		]);
	});
	test("currents in 002*A and 000.27*A form", () => {
		const r = parse(make(["1-0:31.7.0(002*A)", "1-0:51.7.0(000.27*A)", "1-0:71.7.0(001.5*A)"]));
		expect(r.phases.map((p) => p.currentA)).toEqual([2, 0.27, 1.5]);
	});
	test("limiter in kW (Fluvius) or A (DSMR 4), fuse in both formats", () => {
		const kw = parse(make(["0-0:17.0.0(999.9*kW)", "1-0:31.4.0(999*A)"]));
		expect([kw.limiterW, kw.limiterA, kw.fuseA]).toEqual([999900, NaN, 999]);
		const a = parse(make(["0-0:17.0.0(016*A)", "1-0:31.4.0(200.00*A)"]));
		expect([a.limiterW, a.limiterA, a.fuseA]).toEqual([NaN, 16, 200]);
	});
	test("energy on channel 1-1: as on 1-0:", () => {
		const r = parse(telegram("athombv-node-dsmr-parser/sagemcom-xt211"));
		expect([r.importT1Wh, r.importT2Wh, r.importW]).toEqual([1595070, 5216778, 1622]);
		expect(r.time).toBeNaN(); // 123412341234W
	});
	test("text message hex-decoded; ASCII text kept", () => {
		expect(parse(make(["0-0:96.13.0(48656C6C6F)"])).message).toBe("Hello");
		expect(parse(telegram("athombv-node-dsmr-parser/iskra-mt-382-no-crc-with-text-message")).message).toBe(
			"test-/-test",
		);
	});
	test("98.1.0 history: period is the 1st of the next month, 632525252525W means no data", () => {
		const r = parse(
			make([
				"0-0:98.1.0(2)(1-0:1.6.0)(1-0:1.6.0)(230201000000W)(230115081500W)(04.512*kW)(230101000000W)(632525252525W)(00.000*kW)",
				"1-0:1.6.0(230203101500W)(03.100*kW)",
			]),
		);
		expect(r.historyCount).toBe(2);
		expect(isoUtc(r.history[0].period)).toBe("2023-01-31T23:00:00Z");
		expect([r.history[0].w, r.history[0].timeRaw, r.history[1].w]).toEqual([4512, "230115081500W", 0]);
		expect(r.history[1].time).toBeNaN();
		expect([r.monthPeakW, isoUtc(r.monthPeakTime)]).toEqual([3100, "2023-02-03T09:15:00Z"]);
	});
	test("98.1.0 without entries, with an empty trailing group, and the Hungarian layout give no history", () => {
		expect(parse(make(["0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()"])).historyCount).toBe(0);
		expect(parse(make(["0-0:98.1.0(12)"])).historyCount).toBe(0);
		expect(parse(telegram("ndokter-dsmr_parser/hu-eon-sagemcom")).historyCount).toBe(0);
	});
	test("M-Bus devices by type on any channel: gas, water, heat; unit-less value", () => {
		const r = parse(
			make([
				"0-2:24.1.0(003)",
				"0-2:96.1.1(4730)",
				"0-2:24.2.3(200512134558S)(00112.384*m3)",
				"0-4:24.1.0(007)",
				"0-4:24.2.1(200512134558S)(00872.234*m3)",
				"0-1:24.1.0(004)",
				"0-1:24.2.1(700101010000W)(00000000)",
			]),
		);
		expect(r.mbusCount).toBe(3);
		expect([findMbus(r, 3)?.channel, findMbus(r, 3)?.value, findMbus(r, 3)?.id]).toEqual([2, 112.384, "4730"]);
		expect([findMbus(r, 7)?.channel, findMbus(r, 7)?.value, findMbus(r, 7)?.unit]).toEqual([4, 872.234, "m3"]);
		const heat = findMbus(r, 4)!;
		expect([heat.channel, heat.value, heat.unit, heat.time]).toEqual([1, 0, "", NaN]);
	});
	test("DSMR 2.2/3 gas with the value on the next line", () => {
		const r = parse(telegram("athombv-node-dsmr-parser/dsmr-2.2-kfm-1"));
		const gas = findMbus(r, 3)!;
		expect([gas.value, gas.unit, gas.timeRaw, isoUtc(gas.time)]).toEqual([
			124.477,
			"m3",
			"120517020000",
			"2012-05-17T00:00:00Z",
		]);
		expect(r.crc).toBe("none");
	});
	test("power failure log, sags and swells, DSMR version", () => {
		const r = parse(telegram("athombv-node-dsmr-parser/dsmr-5.0-spec-example"));
		expect(r.version).toBe("50");
		expect([r.powerFailures, r.longPowerFailures, r.failureCount]).toEqual([4, 2, 2]);
		expect([r.failures[0].timeRaw, r.failures[0].durationS, isoUtc(r.failures[0].time)]).toEqual([
			"101208152415W",
			240,
			"2010-12-08T14:24:15Z",
		]);
		expect(r.phases.map((p) => p.sags)).toEqual([2, 1, 0]);
	});
	test("header bytes are opaque (0x02, 0xAB) and the CRC is over the raw bytes", () => {
		const r = parse(telegram("dsmr-reader/fluvius-with-peak-data"));
		expect(r.crc).toBe("valid");
		expect(r.header).toBe("FLU5\u00ab769484_A");
		expect(parse(telegram("ndokter-dsmr_parser/ie-iskra-mie5t")).header.charCodeAt(4)).toBe(2);
	});
	test("a space in the header, a blank line with a space, no blank line after the header", () => {
		expect(
			parse(telegram("nielsbasjes-dsmr-tools/real-dsmr5-testParseRealTelegramWithSpaceInDeviceName")).header,
		).toContain(" ");
		expect(parse(telegram("arduino-dsmr-fluvius/voorbeelden-01")).importT1Wh).toBe(180802);
		const noBlank = bytesOf("/FLU5\\x\r\n1-0:1.8.1(000001.000*kWh)\r\n!");
		const r = newReading();
		parseTelegram(noBlank, 0, noBlank.length, "none", r);
		expect(r.importT1Wh).toBe(1000);
	});
	test("nothing of the previous telegram stays", () => {
		const r = parse(telegram("ndokter-dsmr_parser/fluvius-v171"));
		expect([r.historyCount, r.mbusCount, r.ean === "", r.timeRaw]).toEqual([3, 2, true, "200512135409S"]);
		parse(make(["1-0:1.8.1(000001.000*kWh)"]), r);
		expect([
			r.importT1Wh,
			r.importT2Wh,
			r.historyCount,
			r.mbusCount,
			r.timeRaw,
			r.time,
			r.version,
			r.equipmentId,
			r.monthPeakW,
			r.phases[0].voltageV,
		]).toEqual([1000, NaN, 0, 0, "", NaN, "", "", NaN, NaN]);
		expect(r.history[0].periodRaw).toBe("");
		expect(r.mbus[0].id).toBe("");
		// and strings come back when their bytes do
		parse(telegram("ndokter-dsmr_parser/fluvius-v171"), r);
		expect([r.version, r.timeRaw, r.mbus[1].id, r.history[2].timeRaw]).toEqual([
			"50217",
			"200512135409S",
			"3853414731323334353637383930",
			"200210035421W",
		]);
	});
	test("a reading refilled by alternating telegrams always matches a fresh parse", () => {
		const files = [
			"ndokter-dsmr_parser/fluvius-v171",
			"dsmrhub/fluvius-fccf",
			"ndokter-dsmr_parser/v5-iskra-m550t-two-mbus",
			"athombv-node-dsmr-parser/emucs-p1-v2.1.1-spec-example-1",
			"dsmr-reader/fluvius-with-peak-data",
		];
		const reused = newReading();
		for (let round = 0; round < 3; round++) {
			// JSON: the parser's scratch (a symbol-keyed cache) is not part of the reading
			for (const file of files)
				expect(JSON.stringify(parse(telegram(file), reused))).toBe(JSON.stringify(parse(telegram(file))));
		}
	});
});

describe("decoder", () => {
	test("unknown and malformed lines are reported, never an error", () => {
		const t = decode(
			make(["1-0:99:97.0(2)(0:96.7.19)", "garbage line", "0-0:96.99.9(abc)", "1-0:1.8.1(000001.000*kWh)"]),
		);
		expect(t.unknownLines).toEqual(["1-0:99:97.0(2)(0:96.7.19)", "garbage line"]);
		expect(t.objects["0-0:96.99.9"]).toEqual({ value: "abc", raw: ["abc"] });
		expect(t.objects["1-0:1.8.1"]).toEqual({
			name: "import, tariff 1",
			value: 1,
			unit: "kWh",
			raw: ["000001.000*kWh"],
		});
	});
	test("a group that runs over a line end makes the line unknown", () => {
		const t = decode(make(["0-0:96.13.0(abc", "1-0:1.8.1(000001.000*kWh)"]));
		expect(t.unknownLines[0]).toBe("0-0:96.13.0(abc");
		expect(t.objects["1-0:1.8.1"]).toBeDefined();
	});
	test("timestamps carry the raw text and the instant; other objects keep raw", () => {
		const t = decode(make(["0-0:1.0.0(632525252525W)", "1-1:31.4.0(100*A)(-063*A)", "0-0:96.13.0(48656C6C6F)"]));
		expect(t.objects["0-0:1.0.0"]).toEqual({
			name: "meter time",
			value: "632525252525W",
			type: "timestamp",
			raw: ["632525252525W"],
			isoUtc: null,
		});
		expect(t.objects["1-1:31.4.0"]).toEqual({ name: "fuse supervision threshold", raw: ["100*A", "-063*A"] });
		expect(t.objects["0-0:96.13.0"]).toEqual({
			name: "text message",
			value: "48656C6C6F",
			text: "Hello",
			raw: ["48656C6C6F"],
		});
	});
});
