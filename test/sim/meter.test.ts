import { readFileSync } from "node:fs";
import path from "node:path";
import type { SimMeterOptions } from "../../src/sim/meter";
import { SimMeter } from "../../src/sim/meter";
import { CORPUS_DIR } from "../helpers/corpus";
import type { Telegram } from "./reader";
import { crcBitwise, expectedStamp, isSummerUtc, milli, num, read, shape, stampUtc, value } from "./reader";

const QUARTER = 900000;

/** Per-telegram checks collect their failures, so a day of telegrams is not a million expect() calls. */
class Problems {
	list: string[] = [];
	check(ok: boolean, what: () => string): void {
		if (!ok && this.list.length < 20) this.list.push(what());
	}
}

/** Runs `count` telegrams, handing each (read independently) with the previous one to `check`. */
function run(
	options: SimMeterOptions,
	count: number,
	check: (t: Telegram, prev: Telegram | undefined, bytes: Uint8Array) => void,
): SimMeter {
	const meter = new SimMeter(options);
	let prev: Telegram | undefined;
	for (let i = 0; i < count; i++) {
		const bytes = meter.next();
		const t = read(bytes);
		check(t, prev, bytes);
		prev = t;
	}
	return meter;
}

function importWh(t: Telegram): number {
	return num(t, "1-0:1.8.1") + num(t, "1-0:1.8.2");
}

function exportWh(t: Telegram): number {
	return num(t, "1-0:2.8.1") + num(t, "1-0:2.8.2");
}

function utcOf(t: Telegram): number {
	return stampUtc(value(t, "0-0:1.0.0"));
}

describe("telegram bytes", () => {
	test("every CRC verifies against a bitwise CRC-16/ARC over '/' .. '!'", () => {
		let n = 0;
		run({ start: Date.parse("2026-06-13T11:00:00+02:00"), seed: 3 }, 3600, (t, _p, bytes) => {
			const bang = bytes.lastIndexOf(0x21);
			expect(bytes[0]).toBe(0x2f);
			expect(t.crcStated).toMatch(/^[0-9A-F]{4}$/);
			expect(parseInt(t.crcStated, 16)).toBe(crcBitwise(bytes, 0, bang + 1));
			expect(t.text.endsWith("\r\n")).toBe(true);
			n++;
		});
		expect(n).toBe(3600);
	});

	test("lines, order and number formats are those of a real Fluvius 1.7 meter", () => {
		const capture = read(
			new Uint8Array(readFileSync(path.join(CORPUS_DIR, "ndokter-dsmr_parser/fluvius-v171-alt.txt"))),
		);
		const meter = new SimMeter({ start: Date.parse("2026-01-20T18:30:00+01:00"), seed: 5 });
		const t = read(meter.next());
		expect(t.header).toBe("/FLU5\\253769484_A");
		expect(t.text.split("\r\n")[1]).toBe("");
		expect(t.lines.map((l) => l.obis)).toEqual(capture.lines.map((l) => l.obis));
		for (const line of t.lines) {
			const real = capture.byObis.get(line.obis)!;
			if (line.obis.endsWith("96.1.1")) expect(line.groups[0]).toMatch(/^[0-9A-F]{28}$/);
			else if (line.obis === "0-0:98.1.0") continue;
			else expect([line.obis, shape(line.raw)]).toEqual([line.obis, shape(real.raw)]);
		}
		const h = t.byObis.get("0-0:98.1.0")!;
		expect(h.groups[0]).toBe("13");
		expect(h.groups.slice(1, 3)).toEqual(["1-0:1.6.0", "1-0:1.6.0"]);
		expect(h.groups.length).toBe(3 + 13 * 3);
		for (let k = 0; k < 13; k++) {
			expect(h.groups[3 + 3 * k]).toMatch(/^\d{2}(0[1-9]|1[0-2])01000000[SW]$/);
			expect(h.groups[4 + 3 * k]).toMatch(/^\d{12}[SW]$/);
			expect(h.groups[5 + 3 * k]).toMatch(/^\d{2}\.\d{3}\*kW$/);
		}
		expect(value(t, "0-0:96.1.4")).toBe("50217");
		expect(value(t, "0-1:24.1.0")).toBe("003");
		expect(value(t, "0-2:24.1.0")).toBe("007");
	});

	test("options: single phase, no water, no history, a text message", () => {
		const meter = new SimMeter({
			start: Date.parse("2026-05-04T12:00:00+02:00"),
			phases: 1,
			water: false,
			historyMonths: 0,
			message: "Hallo",
		});
		const t = read(meter.next());
		const codes = t.lines.map((l) => l.obis);
		expect(codes).toContain("1-0:21.7.0");
		expect(codes).not.toContain("1-0:41.7.0");
		expect(codes).not.toContain("1-0:52.7.0");
		expect(codes).not.toContain("0-2:24.1.0");
		expect(t.byObis.get("0-0:98.1.0")!.raw).toBe("0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()");
		expect(value(t, "0-0:96.13.0")).toBe("48616C6C6F");
		expect(num(t, "1-0:21.7.0") - num(t, "1-0:22.7.0")).toBe(num(t, "1-0:1.7.0") - num(t, "1-0:2.7.0"));
	});
});

describe("registers and powers", () => {
	test("registers only grow, by the integrated power, into the register of the running tariff", () => {
		// Friday noon to Saturday noon: solar export, the 22:00 switch to the night tariff, the weekend.
		const problems = new Problems();
		let sumImportWs = 0;
		let sumExportWs = 0;
		let first: Telegram | undefined;
		let last: Telegram | undefined;
		let sawExport = false;
		run({ start: Date.parse("2026-05-15T12:00:00+02:00"), seed: 11 }, 24 * 3600, (t, prev) => {
			const stamp = value(t, "0-0:1.0.0");
			const pIn = num(t, "1-0:1.7.0");
			const pOut = num(t, "1-0:2.7.0");
			problems.check(pIn === 0 || pOut === 0, () => `${stamp}: import and export at once`);
			let phases = 0;
			for (let k = 0; k < 3; k++) {
				const p = num(t, `1-0:${21 + 20 * k}.7.0`) - num(t, `1-0:${22 + 20 * k}.7.0`);
				phases += p;
				const v = num(t, `1-0:${32 + 20 * k}.7.0`) / 1000;
				const a = num(t, `1-0:${31 + 20 * k}.7.0`) / 1000;
				problems.check(v > 207 && v <= 253, () => `${stamp}: L${k + 1} ${v} V`);
				// The current carries at least the active power (within the display resolution), and stays under a 63 A fuse.
				problems.check(
					a * v >= Math.abs(p) - 0.005 * v - 0.05 * a - 1 && a < 63,
					() => `${stamp}: L${k + 1} ${a} A at ${v} V for ${p} W`,
				);
			}
			problems.check(phases === pIn - pOut, () => `${stamp}: phases sum to ${phases}, total ${pIn - pOut}`); // the meter balances the phases
			if (pOut > 0) sawExport = true;
			if (!prev) {
				first = t;
				return;
			}
			sumImportWs += pIn;
			sumExportWs += pOut;
			const tariffBefore = Number(value(prev, "0-0:96.14.0"));
			const d1 = num(t, "1-0:1.8.1") - num(prev, "1-0:1.8.1");
			const d2 = num(t, "1-0:1.8.2") - num(prev, "1-0:1.8.2");
			const e1 = num(t, "1-0:2.8.1") - num(prev, "1-0:2.8.1");
			const e2 = num(t, "1-0:2.8.2") - num(prev, "1-0:2.8.2");
			problems.check(d1 >= 0 && d2 >= 0 && e1 >= 0 && e2 >= 0, () => `${stamp}: a register went down`);
			problems.check(
				tariffBefore === 1 ? d2 + e2 === 0 : d1 + e1 === 0,
				() => `${stamp}: energy in the wrong tariff register`,
			);
			// A second of power can move a Wh register by at most its ceiling.
			problems.check(
				d1 + d2 <= Math.ceil(pIn / 3600) && e1 + e2 <= Math.ceil(pOut / 3600),
				() => `${stamp}: register step too large`,
			);
			last = t;
		});
		expect(problems.list).toEqual([]);
		expect(sawExport).toBe(true);
		// Over the whole day the registers equal the summed 1-second powers, to the register resolution.
		expect(Math.abs(importWh(last!) - importWh(first!) - sumImportWs / 3600)).toBeLessThan(1);
		expect(Math.abs(exportWh(last!) - exportWh(first!) - sumExportWs / 3600)).toBeLessThan(1);
	});

	test("tariff indicator: 2 at night and all weekend, 1 on weekdays 07:00-22:00", () => {
		const meter = new SimMeter({ start: Date.parse("2026-01-09T06:59:58+01:00"), seed: 2 }); // a Friday
		const seen = new Map<string, string>();
		for (let i = 0; i < 3 * 86400; i += 1) {
			const t = read(meter.next());
			const stamp = value(t, "0-0:1.0.0");
			if (stamp.endsWith("0000W") || stamp.endsWith("5959W")) seen.set(stamp.slice(0, 10), value(t, "0-0:96.14.0"));
		}
		expect(seen.get("2601090659")).toBe("0002");
		expect(seen.get("2601090700")).toBe("0001");
		expect(seen.get("2601092159")).toBe("0001");
		expect(seen.get("2601092200")).toBe("0002");
		expect(seen.get("2601101200")).toBe("0002"); // Saturday
		expect(seen.get("2601111200")).toBe("0002"); // Sunday
	});
});

describe("1-0:1.4.0 and 1-0:1.6.0", () => {
	test("1.4.0 climbs through the quarter and ends at the register-based quarter average", () => {
		const problems = new Problems();
		let quarterStart: Telegram | undefined;
		let checked = 0;
		run({ start: Date.parse("2026-02-10T17:00:00+01:00"), seed: 4 }, 4 * 3600 + 1, (t, prev) => {
			const utc = utcOf(t);
			const stamp = value(t, "0-0:1.0.0");
			const demand = num(t, "1-0:1.4.0");
			if (prev && utcOf(prev) % QUARTER === 0) {
				// First second of a quarter: only this second's energy, over 900 s, truncated.
				problems.check(
					demand === Math.floor(num(t, "1-0:1.7.0") / 900),
					() => `${stamp}: 1.4.0 ${demand} after the quarter start`,
				);
			} else if (prev) {
				const step = demand - num(prev, "1-0:1.4.0");
				problems.check(Math.abs(step - num(t, "1-0:1.7.0") / 900) <= 1, () => `${stamp}: 1.4.0 stepped ${step}`);
			}
			if (utc % QUARTER === 0) {
				if (quarterStart) {
					const energyAvg = (importWh(t) - importWh(quarterStart)) * 4;
					problems.check(
						Math.abs(demand - energyAvg) <= 4,
						() => `${stamp}: 1.4.0 ${demand} W, registers say ${energyAvg} W`,
					);
					checked++;
				}
				quarterStart = t;
			}
		});
		expect(problems.list).toEqual([]);
		expect(checked).toBe(16);
	});

	test("1.6.0 is the month's highest quarter, resets on the 1st, and 98.1.0 rolls with the right period stamp", () => {
		// From Saturday 28 February 2026 12:00 to Monday 2 March 00:00, 36 hours.
		const problems = new Problems();
		const marchStart = Date.parse("2026-03-01T00:00:00+01:00");
		let marchMax = -1;
		let marchMaxStamp = "";
		let before: Telegram | undefined;
		let after: Telegram | undefined;
		run(
			{ start: Date.parse("2026-02-28T12:00:00+01:00"), seed: 8, household: { ev: "3phase" } },
			36 * 3600,
			(t, prev) => {
				const utc = utcOf(t);
				const stamp = value(t, "0-0:1.0.0");
				const peak = t.byObis.get("1-0:1.6.0")!;
				if (stamp === "260301000000W") before = t;
				if (stamp === "260301000001W") after = t;
				if (utc > marchStart && utc % QUARTER === 0 && num(t, "1-0:1.4.0") > marchMax) {
					marchMax = num(t, "1-0:1.4.0");
					marchMaxStamp = stamp;
				}
				if (utc > marchStart && utc < marchStart + QUARTER) {
					problems.check(
						peak.raw === "1-0:1.6.0(632525252525W)(00.000*kW)",
						() => `${stamp}: ${peak.raw} before March's first quarter`,
					);
				} else if (utc > marchStart) {
					problems.check(
						milli(peak.groups[1]) === marchMax && peak.groups[0] === marchMaxStamp,
						() => `${stamp}: ${peak.raw}, highest quarter ${marchMax} at ${marchMaxStamp}`,
					);
				} else if (prev) {
					// February: the peak never falls and moves only to a quarter that just beat it.
					const w = milli(peak.groups[1]);
					const was = num(prev, "1-0:1.6.0", 1);
					problems.check(w >= was, () => `${stamp}: February peak fell`);
					if (w > was) {
						problems.check(
							peak.groups[0] === stamp && utc % QUARTER === 0 && w === num(t, "1-0:1.4.0"),
							() => `${stamp}: peak moved to ${peak.raw}`,
						);
					}
				}
			},
		);
		expect(problems.list).toEqual([]);
		expect(marchMax).toBeGreaterThan(0);
		const hBefore = before!.byObis.get("0-0:98.1.0")!.groups;
		const hAfter = after!.byObis.get("0-0:98.1.0")!.groups;
		expect(hBefore[0]).toBe("13");
		expect(hAfter[0]).toBe("13");
		// Oldest first: the oldest month dropped, February appended with its peak as 1.6.0 last showed it.
		expect(hAfter.slice(3, 3 + 36)).toEqual(hBefore.slice(6));
		expect(hAfter.slice(39)).toEqual(["260301000000W", value(before!, "1-0:1.6.0", 0), value(before!, "1-0:1.6.0", 1)]);
		expect(hBefore[hBefore.length - 3]).toBe("260201000000W");
	});

	test("history grows from a meter without history and rolls into summer time with an S stamp", () => {
		const meter = new SimMeter({ start: Date.parse("2026-03-31T23:50:00+02:00"), historyMonths: 0, seed: 9 });
		let t = read(meter.next());
		expect(t.byObis.get("0-0:98.1.0")!.raw).toBe("0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()");
		const peak = t.byObis.get("1-0:1.6.0")!.groups;
		for (let i = 0; i < 20 * 60; i++) t = read(meter.next());
		const h = t.byObis.get("0-0:98.1.0")!.groups;
		expect(h[0]).toBe("1");
		expect(h.slice(3)).toEqual(["260401000000S", peak[0], peak[1]]);
	});

	test("newest-first history order, and the year rolls over", () => {
		const meter = new SimMeter({
			start: Date.parse("2025-12-31T23:59:59+01:00"),
			historyOrder: "newest-first",
			seed: 12,
		});
		const t0 = read(meter.next());
		meter.next();
		const t2 = read(meter.next());
		const g0 = t0.byObis.get("0-0:98.1.0")!.groups;
		const g2 = t2.byObis.get("0-0:98.1.0")!.groups;
		expect(g0[3]).toBe("251201000000W");
		expect(g2[3]).toBe("260101000000W");
		expect(g2.slice(6, 6 + 12 * 3)).toEqual(g0.slice(3, 3 + 12 * 3));
		const periods = g2.filter((_, i) => i >= 3 && i % 3 === 0).map(stampUtc);
		for (let k = 1; k < periods.length; k++) expect(periods[k]).toBeLessThan(periods[k - 1]);
	});
});

describe("clock", () => {
	const days: [string, number, number][] = [
		["2025-03-30", Date.parse("2025-03-30T00:00:00+01:00"), 92],
		["2025-10-26", Date.parse("2025-10-26T00:00:00+02:00"), 100],
		["2026-03-29", Date.parse("2026-03-29T00:00:00+01:00"), 92],
		["2026-10-25", Date.parse("2026-10-25T00:00:00+02:00"), 100],
	];
	test.each(days)(
		"DST day %s: one telegram per UTC second, the S/W flag of the calendar, the right number of quarters",
		(_day, start, quarters) => {
			const meter = new SimMeter({ start, seed: 1 });
			const problems = new Problems();
			let prevUtc = NaN;
			let count = 0;
			let repeated = 0;
			const seenLocal = new Set<string>();
			for (let utc = start; count < quarters * 900; utc += 1000) {
				const bytes = meter.next();
				const text = Buffer.from(bytes).toString("latin1");
				const at = text.indexOf("0-0:1.0.0(") + 10;
				const stamp = text.slice(at, at + 13);
				problems.check(
					stamp === expectedStamp(utc) && stampUtc(stamp) === utc,
					() => `${stamp} at ${new Date(utc).toISOString()}`,
				);
				problems.check(
					prevUtc !== prevUtc || utc - prevUtc === 1000,
					() => `${stamp}: not one second after the previous telegram`,
				);
				const key = stamp.slice(0, 12);
				if (seenLocal.has(key)) repeated++;
				seenLocal.add(key);
				prevUtc = utc;
				count++;
			}
			expect(problems.list).toEqual([]);
			// The next telegram is midnight of the following day.
			const next = read(meter.next());
			expect(value(next, "0-0:1.0.0").slice(6, 12)).toBe("000000");
			expect(repeated).toBe(quarters === 100 ? 3600 : 0);
			expect(isSummerUtc(start)).toBe(quarters === 100);
		},
	);

	test("the repeated autumn hour shows S, then the same local times with W", () => {
		const meter = new SimMeter({ start: Date.parse("2026-10-25T02:59:58+02:00") });
		const stamps = Array.from({ length: 4 }, () => value(read(meter.next()), "0-0:1.0.0"));
		expect(stamps).toEqual(["261025025958S", "261025025959S", "261025020000W", "261025020001W"]);
	});
});

describe("determinism", () => {
	test("same seed and start give the same bytes; another seed gives another household", () => {
		const a = new SimMeter({ start: Date.parse("2026-04-20T06:00:00+02:00"), seed: 21 });
		const b = new SimMeter({ start: Date.parse("2026-04-20T06:00:00+02:00"), seed: 21 });
		const c = new SimMeter({ start: Date.parse("2026-04-20T06:00:00+02:00"), seed: 22 });
		let differ = 0;
		for (let i = 0; i < 3600; i++) {
			const x = Buffer.from(a.next()).toString("latin1");
			expect(Buffer.from(b.next()).toString("latin1")).toBe(x);
			if (Buffer.from(c.next()).toString("latin1") !== x) differ++;
		}
		expect(differ).toBe(3600);
	});

	test("the household does not depend on when the simulation started", () => {
		const early = new SimMeter({ start: Date.parse("2026-07-04T09:00:00+02:00"), seed: 5 });
		const late = new SimMeter({ start: Date.parse("2026-07-04T10:00:00+02:00"), seed: 5 });
		for (let i = 0; i < 3600; i++) early.next();
		const powers = (t: Telegram) =>
			["1-0:21.7.0", "1-0:41.7.0", "1-0:61.7.0", "1-0:22.7.0", "1-0:32.7.0", "1-0:71.7.0"].map((o) => value(t, o));
		for (let i = 0; i < 600; i++) {
			const e = read(early.next());
			const l = read(late.next());
			expect(value(l, "0-0:1.0.0")).toBe(value(e, "0-0:1.0.0"));
			expect(powers(l)).toEqual(powers(e));
		}
	});
});

describe("M-Bus", () => {
	test("gas is read every 5 minutes, shown after its capture, and only grows", () => {
		const problems = new Problems();
		const captures: number[] = [];
		let firstGas = NaN;
		let lastGas = NaN;
		run({ start: Date.parse("2026-01-14T05:00:00+01:00"), seed: 6 }, 6 * 3600, (t) => {
			const now = utcOf(t);
			const [stamp, reading] = t.byObis.get("0-1:24.2.3")!.groups;
			const at = stampUtc(stamp);
			problems.check(
				at <= now && now - at < 300000 + 75000,
				() => `${value(t, "0-0:1.0.0")}: gas captured at ${stamp}`,
			);
			problems.check(/^\d{5}\.\d{3}\*m3$/.test(reading), () => reading);
			if (captures[captures.length - 1] !== at) captures.push(at);
			const litres = num(t, "0-1:24.2.3", 1);
			if (firstGas !== firstGas) firstGas = litres;
			problems.check(!(litres < lastGas), () => `${stamp}: gas went down`);
			lastGas = litres;
			const [wStamp] = t.byObis.get("0-2:24.2.1")!.groups;
			problems.check(stampUtc(wStamp) <= now, () => `water captured at ${wStamp}`);
		});
		expect(problems.list).toEqual([]);
		for (let k = 1; k < captures.length; k++) expect(captures[k] - captures[k - 1]).toBe(300000);
		expect(captures.length).toBeGreaterThanOrEqual(71);
		expect(lastGas).toBeGreaterThan(firstGas); // a January morning heats with gas
	});
});

describe("speed", () => {
	test("a simulated day of telegrams is produced quickly enough to run months in minutes", () => {
		const meter = new SimMeter({ start: Date.parse("2026-01-05T00:00:00+01:00") });
		let bytes = 0;
		for (let i = 0; i < 86400; i++) bytes += meter.next().length;
		expect(bytes / 86400).toBeGreaterThan(1000);
		expect(meter.time).toBe(Date.parse("2026-01-05T00:00:00+01:00") + 86399000);
	});
});
