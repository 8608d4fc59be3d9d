// The meter's input (issue 8): which telegrams may go without a CRC, and which values no
// household connection can produce. Limits below are worked out by hand from the rule stated in
// src/core/dsmr/limits.ts: per phase 1.5 x the fuse (1-0:31.4.0, else 80 A) in A, that current
// at 253 V in W, the total that times the phase count, instant power also under 1.5 x the
// limiter (0-0:17.0.0) when one is set; voltages 0..440 V.

import { crc16 } from "../../src/core/dsmr/crc16";
import { type Frame, Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import type { CrcVerdict, Reading } from "../../src/core/dsmr/reading";
import { telegram } from "../helpers/corpus";

/** The data fields of a Reading (its parser scratch, under a symbol, left out; NaN as null). */
const plain = (r: Reading) =>
	JSON.parse(JSON.stringify(r)) as Record<string, unknown> & { history: Record<string, unknown>[] };
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

/** The telegram with its CRC digits removed ("...!\r\n"). */
function withoutCrc(bytes: Uint8Array): Uint8Array {
	return bytesOf(text(bytes).replace(/\r\n![0-9A-Fa-f]{4}/, "\r\n!"));
}

/** The telegram with one object's line replaced (or removed when `line` is ""), CRC made valid again. */
function edited(bytes: Uint8Array, obis: string, line: string): Uint8Array {
	const lines = text(bytes).split("\r\n");
	const at = lines.findIndex((l) => l.startsWith(obis + "("));
	if (at < 0) throw new Error(`no ${obis}`);
	if (line === "") lines.splice(at, 1);
	else lines[at] = line;
	const body =
		lines
			.slice(
				0,
				lines.findIndex((l) => l.startsWith("!")),
			)
			.join("\r\n") + "\r\n!";
	return bytesOf(body + crc16(bytesOf(body)).toString(16).toUpperCase().padStart(4, "0") + "\r\n");
}

function edits(bytes: Uint8Array, changes: [string, string][]): Uint8Array {
	for (const [obis, line] of changes) bytes = edited(bytes, obis, line);
	return bytes;
}

interface Seen {
	crc: CrcVerdict;
	reading: Reading;
}

/** Every frame of the chunks, through one framer, with its verdict and a copy of what it parses to. */
function frames(...chunks: Uint8Array[]): { seen: Seen[]; framer: Framer } {
	const seen: Seen[] = [];
	const framer = new Framer({
		onFrame(f: Frame) {
			seen.push({ crc: f.crc, reading: parseTelegram(f.bytes, f.start, f.end, f.crc, newReading()) });
		},
	});
	for (const chunk of chunks) framer.push(chunk);
	framer.flush(); // a telegram ending at its '!' or CRC, with no line end after it, is complete at the end of input
	return { seen, framer };
}

const DSMR5 = () => telegram("athombv-node-dsmr-parser/dsmr-5.0-isk-1"); // 1-3:0.2.8(50), CRC valid
const FLUVIUS = () => telegram("ndokter-dsmr_parser/fluvius-v171"); // 0-0:96.1.4, CRC valid
const DSMR22 = () => telegram("nielsbasjes-dsmr-tools/real-dsmr2-testDSMR22Telegram1"); // no version, no CRC

describe("a telegram without CRC digits", () => {
	test("DSMR 5 (1-3:0.2.8 = 50) without its CRC is missing one, and counted", () => {
		const { seen, framer } = frames(withoutCrc(DSMR5()));
		expect(seen.map((s) => s.crc)).toEqual(["missing"]);
		expect(framer.stats.crcMissing).toBe(1);
		expect(framer.stats.crcErrors).toBe(0);
	});

	test("eMUCS (0-0:96.1.4) without its CRC is missing one", () => {
		expect(frames(withoutCrc(FLUVIUS())).seen.map((s) => s.crc)).toEqual(["missing"]);
	});

	test("DSMR 2.2 without a CRC is accepted as having none", () => {
		const { seen, framer } = frames(DSMR22());
		expect(seen.map((s) => s.crc)).toEqual(["none"]);
		expect(framer.stats.crcMissing).toBe(0);
		expect(seen[0].reading.importT1Wh).toBe(3_687_771);
	});

	test("once a valid CRC was seen, a telegram without one is missing it, whatever it declares", () => {
		const noVersion = edited(DSMR5(), "1-3:0.2.8", "");
		const { seen, framer } = frames(DSMR5(), withoutCrc(noVersion), DSMR5());
		expect(seen.map((s) => s.crc)).toEqual(["valid", "missing", "valid"]);
		expect(framer.stats.crcMissing).toBe(1);
	});

	test("a telegram with a wrong CRC does not set the latch", () => {
		const wrong = bytesOf(text(DSMR5()).replace("!1F28", "!1F29"));
		const noVersion = withoutCrc(edited(DSMR5(), "1-3:0.2.8", ""));
		expect(frames(wrong, noVersion).seen.map((s) => s.crc)).toEqual(["invalid", "none"]);
	});

	test("the latch survives reset() (the same meter on a reopened port)", () => {
		const noVersion = withoutCrc(edited(DSMR5(), "1-3:0.2.8", ""));
		const { seen, framer } = frames(DSMR5());
		framer.reset();
		framer.push(noVersion);
		framer.flush();
		expect(seen.map((s) => s.crc)).toEqual(["valid", "missing"]);
	});
});

describe("values no household connection can carry", () => {
	// the Fluvius example: 3 phases, 0-0:17.0.0(999.9*kW) and 1-0:31.4.0(999*A) mean "not set"
	const big = () =>
		edits(FLUVIUS(), [
			["1-0:1.7.0", "1-0:1.7.0(99999.000*kW)"],
			["1-0:1.6.0", "1-0:1.6.0(200509134558S)(99999.000*kW)"],
		]);

	test("99,999 kW in 1.7.0 and 1.6.0 are rejected, every other value of the telegram is kept", () => {
		const clean = frames(FLUVIUS()).seen[0].reading;
		const { seen } = frames(big());
		const r = seen[0].reading;
		expect(seen[0].crc).toBe("valid");
		expect(r.importW).toBeNaN();
		expect(r.monthPeakW).toBeNaN();
		expect(r.rejected).toBe(2);
		expect(clean.rejected).toBe(0);
		// the rest as in the untouched telegram
		const rest = (x: Reading) => ({
			...plain(x),
			importW: 0,
			monthPeakW: 0,
			monthPeakTime: 0,
			monthPeakTimeRaw: "",
			rejected: 0,
		});
		expect(rest(r)).toEqual(rest(clean));
		expect(r.monthPeakTimeRaw).toBe("200509134558S");
	});

	test("a rejected value reads exactly like an absent one", () => {
		const absent = frames(
			edits(FLUVIUS(), [
				["1-0:1.7.0", ""],
				["1-0:1.6.0", ""],
			]),
		).seen[0].reading;
		const rejected = frames(big()).seen[0].reading;
		expect({ ...plain(rejected), monthPeakTime: null, monthPeakTimeRaw: "", rejected: 0 }).toEqual({
			...plain(absent),
			rejected: 0,
		});
	});

	test("in a reused Reading, the next telegram's values come back", () => {
		const reading = newReading();
		const framer = new Framer({ onFrame: (f) => parseTelegram(f.bytes, f.start, f.end, f.crc, reading) });
		framer.push(big());
		framer.push(FLUVIUS());
		expect(plain(reading)).toEqual(plain(frames(FLUVIUS()).seen[0].reading));
		expect([reading.importW, reading.monthPeakW, reading.rejected]).toEqual([0, 2589, 0]);
	});

	test("without thresholds, 3 phases: 80 A x 1.5 = 120 A, 120 A x 253 V = 30,360 W a phase, 91,080 W in all", () => {
		const r = frames(
			edits(FLUVIUS(), [
				["1-0:1.7.0", "1-0:1.7.0(91.080*kW)"],
				["1-0:2.7.0", "1-0:2.7.0(91.081*kW)"],
				["1-0:21.7.0", "1-0:21.7.0(30.360*kW)"],
				["1-0:41.7.0", "1-0:41.7.0(30.361*kW)"],
				["1-0:31.7.0", "1-0:31.7.0(120*A)"],
				["1-0:51.7.0", "1-0:51.7.0(121*A)"],
				["1-0:1.4.0", "1-0:1.4.0(91.081*kW)"],
			]),
		).seen[0].reading;
		expect([r.importW, r.exportW, r.demandW]).toEqual([91_080, NaN, NaN]);
		expect(r.phases.map((p) => p.importW).slice(0, 2)).toEqual([30_360, NaN]);
		expect(r.phases.map((p) => p.currentA).slice(0, 2)).toEqual([120, NaN]);
		expect(r.rejected).toBe(4);
	});

	test("a 40 A fuse on a single phase: 60 A, 15,180 W", () => {
		const single = edits(FLUVIUS(), [
			...[
				"1-0:41.7.0",
				"1-0:61.7.0",
				"1-0:42.7.0",
				"1-0:62.7.0",
				"1-0:52.7.0",
				"1-0:72.7.0",
				"1-0:51.7.0",
				"1-0:71.7.0",
			].map((o): [string, string] => [o, ""]),
			["1-0:31.4.0", "1-0:31.4.0(040*A)"],
			["1-0:1.7.0", "1-0:1.7.0(15.180*kW)"],
			["1-0:2.7.0", "1-0:2.7.0(15.181*kW)"],
			["1-0:31.7.0", "1-0:31.7.0(061*A)"],
		]);
		const r = frames(single).seen[0].reading;
		expect([r.importW, r.exportW, r.phases[0].currentA]).toEqual([15_180, NaN, NaN]);
		expect(r.fuseA).toBe(40);
		expect(r.rejected).toBe(2);
	});

	test("a 10 kW limiter bounds the instant power (15,000 W), not the month's peaks", () => {
		const r = frames(
			edits(FLUVIUS(), [
				["0-0:17.0.0", "0-0:17.0.0(010.0*kW)"],
				["1-0:1.7.0", "1-0:1.7.0(15.001*kW)"],
				["1-0:2.7.0", "1-0:2.7.0(15.000*kW)"],
				["1-0:1.6.0", "1-0:1.6.0(200509134558S)(20.000*kW)"],
			]),
		).seen[0].reading;
		expect([r.importW, r.exportW, r.monthPeakW]).toEqual([NaN, 15_000, 20_000]);
		expect(r.rejected).toBe(1);
	});

	test("voltages outside 0..440 V and negative power are rejected; a lost phase (0 V) is kept", () => {
		const r = frames(
			edits(FLUVIUS(), [
				["1-0:32.7.0", "1-0:32.7.0(441.0*V)"],
				["1-0:52.7.0", "1-0:52.7.0(000.0*V)"],
				["1-0:72.7.0", "1-0:72.7.0(440.0*V)"],
				["1-0:22.7.0", "1-0:22.7.0(-01.000*kW)"],
			]),
		).seen[0].reading;
		expect(r.phases.map((p) => p.voltageV)).toEqual([NaN, 0, 440]);
		expect(r.phases[0].exportW).toBeNaN();
		expect(r.rejected).toBe(2);
	});

	test("a 13-month history entry of 99,999 kW is rejected, the other months are kept", () => {
		const line = text(FLUVIUS())
			.split("\r\n")
			.find((l) => l.startsWith("0-0:98.1.0("))!;
		const groups = line.match(/\(([^)]*)\)/g)!;
		groups[5] = "(99999.000*kW)"; // the first entry's value
		const clean = frames(FLUVIUS()).seen[0].reading;
		const r = frames(edited(FLUVIUS(), "0-0:98.1.0", "0-0:98.1.0" + groups.join(""))).seen[0].reading;
		expect(r.historyCount).toBe(clean.historyCount);
		expect(r.history[0].w).toBeNaN();
		expect(plain(r).history).toEqual([{ ...plain(clean).history[0], w: null }, ...plain(clean).history.slice(1)]);
		expect(r.rejected).toBe(1);
	});
});
