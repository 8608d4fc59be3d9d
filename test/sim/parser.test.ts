// The simulator's telegrams through the project's own framer and parser: what the monitor reads
// must be what the independent reader in ./reader.ts reads.
import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import { SimMeter } from "../../src/sim/meter";
import type { Telegram } from "./reader";
import { milli, num, read, stampUtc, value } from "./reader";

function compare(t: Telegram, r: ReturnType<typeof newReading>, problems: string[]): void {
	const stamp = value(t, "0-0:1.0.0");
	const same = (what: string, got: unknown, want: unknown) => {
		if (!Object.is(got, want) && problems.length < 20)
			problems.push(`${stamp} ${what}: parser ${String(got)}, reader ${String(want)}`);
	};
	same("crc", r.crc, "valid");
	same("time", r.time, stampUtc(stamp));
	same("1.8.1", r.importT1Wh, num(t, "1-0:1.8.1"));
	same("1.8.2", r.importT2Wh, num(t, "1-0:1.8.2"));
	same("2.8.1", r.exportT1Wh, num(t, "1-0:2.8.1"));
	same("2.8.2", r.exportT2Wh, num(t, "1-0:2.8.2"));
	same("tariff", r.tariff, Number(value(t, "0-0:96.14.0")));
	same("1.7.0", r.importW, num(t, "1-0:1.7.0"));
	same("2.7.0", r.exportW, num(t, "1-0:2.7.0"));
	same("1.4.0", r.demandW, num(t, "1-0:1.4.0"));
	same("1.6.0", r.monthPeakW, num(t, "1-0:1.6.0", 1));
	same("1.6.0 time", r.monthPeakTime, stampUtc(value(t, "1-0:1.6.0", 0)) || NaN);
	for (let k = 0; k < 3; k++) {
		same(`L${k + 1} import`, r.phases[k].importW, num(t, `1-0:${21 + 20 * k}.7.0`));
		same(`L${k + 1} export`, r.phases[k].exportW, num(t, `1-0:${22 + 20 * k}.7.0`));
		same(`L${k + 1} V`, Math.round(r.phases[k].voltageV * 10), Math.round(num(t, `1-0:${32 + 20 * k}.7.0`) / 100));
		same(`L${k + 1} A`, Math.round(r.phases[k].currentA * 100), Math.round(num(t, `1-0:${31 + 20 * k}.7.0`) / 10));
	}
	const h = t.byObis.get("0-0:98.1.0")!.groups;
	same("98.1.0 count", r.historyCount, Number(h[0]));
	for (let k = 0; k < r.historyCount; k++) {
		same(`98.1.0[${k}] period`, r.history[k].period, stampUtc(h[3 + 3 * k]));
		same(`98.1.0[${k}] time`, r.history[k].time, stampUtc(h[4 + 3 * k]) || NaN);
		same(`98.1.0[${k}] w`, r.history[k].w, milli(h[5 + 3 * k]));
	}
	same("mbus count", r.mbusCount, 2);
	same("gas type", r.mbus[0].type, 3);
	same("gas m3", Math.round(r.mbus[0].value * 1000), num(t, "0-1:24.2.3", 1));
	same("gas time", r.mbus[0].time, stampUtc(value(t, "0-1:24.2.3", 0)));
	same("water type", r.mbus[1].type, 7);
	same("water m3", Math.round(r.mbus[1].value * 1000), num(t, "0-2:24.2.1", 1));
	same("water time", r.mbus[1].time, stampUtc(value(t, "0-2:24.2.1", 0)));
}

function runThrough(
	start: number,
	seconds: number,
	seed: number,
): { problems: string[]; frames: number; crcErrors: number } {
	const meter = new SimMeter({ start, seed });
	const reading = newReading();
	const problems: string[] = [];
	let expected: Telegram | undefined;
	let frames = 0;
	const framer = new Framer({
		onFrame(frame) {
			parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, reading);
			if (expected) compare(expected, reading, problems);
			frames++;
		},
	});
	let x = seed;
	for (let i = 0; i < seconds; i++) {
		const bytes = meter.next();
		expected = read(bytes);
		for (let at = 0; at < bytes.length; ) {
			x = (x * 1103515245 + 12345) & 0x7fffffff; // pieces of 1-200 bytes, as a UART and USB driver hand them over
			const end = Math.min(bytes.length, at + 1 + (x % 200));
			framer.push(bytes.subarray(at, end));
			at = end;
		}
	}
	return { problems, frames, crcErrors: framer.stats.crcErrors };
}

test.each([
	["the spring DST change", "2026-03-29T01:30:00+01:00"],
	["a month end", "2026-03-31T23:00:00+02:00"],
])(
	"telegrams in UART-sized pieces across %s come out of the framer CRC-valid and parse to the values they carry",
	(_what, iso) => {
		const seconds = 2 * 3600;
		const { problems, frames, crcErrors } = runThrough(Date.parse(iso), seconds, 13);
		expect(problems).toEqual([]);
		// The last telegram's frame may wait for the next '/' or line end, depending on the framer.
		expect(frames).toBeGreaterThanOrEqual(seconds - 1);
		expect(crcErrors).toBe(0);
	},
);
