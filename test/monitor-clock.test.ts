// Issue 8, "a telegram stamped in the future": one CRC-valid telegram whose clock is a day or
// ten years ahead must not move the monitor's clock. Each test replays the same simulated
// telegrams twice, with and without the outlier, and the stores must end identical; a real gap
// (the board unplugged for hours) must still be followed once the telegrams after it confirm it.

import { defaultConfig } from "../src/core/config/schema";
import { checkpointFromText, checkpointText, peaksFromText, peaksText } from "../src/core/history/state-files";
import { Monitor } from "../src/core/monitor";
import { monthIndex, monthKeyOfIndex } from "../src/core/time/keys";
import { SimMeter } from "../src/sim/meter";
import { MemoryStore } from "./helpers/memory-store";
import { restamp } from "./helpers/restamp";

const Q = 900000;
const START = Date.UTC(2026, 0, 14, 17, 0); // 18:00 Brussels (winter time: files end in W)

interface Telegram {
	bytes: Uint8Array;
	time: number;
	/** Import registers 1.8.1 + 1.8.2 in Wh, read from the text (not through the parser). */
	importWh: number;
}

function registerWh(text: string, obis: string): number {
	const m = new RegExp(obis.replace(/\./g, "\\.") + "\\((\\d+)\\.(\\d{3})\\*kWh\\)").exec(text);
	if (!m) throw new Error("no " + obis);
	return Number(m[1]) * 1000 + Number(m[2]);
}

/** `seconds` telegrams of one simulated meter from `start`; `skip(t)` leaves a second out (the board was not listening). */
function telegrams(start: number, seconds: number, skip: (t: number) => boolean = () => false): Telegram[] {
	const meter = new SimMeter({ start, seed: 2 });
	const out: Telegram[] = [];
	for (let i = 0; i < seconds; i++) {
		const bytes = meter.next();
		if (skip(meter.time)) continue;
		const text = new TextDecoder().decode(bytes);
		out.push({
			bytes: Uint8Array.from(bytes),
			time: meter.time,
			importWh: registerWh(text, "1-0:1.8.1") + registerWh(text, "1-0:1.8.2"),
		});
	}
	return out;
}

interface Run {
	sd: MemoryStore;
	state: MemoryStore;
	monitor: Monitor;
	warnings: string[];
}

function boot(sd: MemoryStore, state: MemoryStore, warnings: string[]): Monitor {
	const m = new Monitor({
		sd,
		state,
		log: { info: () => {}, warn: (w) => warnings.push(w) },
		config: defaultConfig,
		now: () => 0,
	});
	m.start();
	return m;
}

/** Pushes `list` into a monitor; `restartAfter`: close it after that many telegrams and go on with a new one on the same stores. */
function run(list: readonly Uint8Array[], restartAfter = -1, stores?: { sd: MemoryStore; state: MemoryStore }): Run {
	const sd = stores?.sd ?? new MemoryStore(),
		state = stores?.state ?? new MemoryStore();
	const warnings: string[] = [];
	let monitor = boot(sd, state, warnings);
	for (let i = 0; i < list.length; i++) {
		monitor.push(list[i]);
		if (i + 1 === restartAfter) {
			monitor.close();
			monitor = boot(sd, state, warnings);
		}
	}
	monitor.close();
	return { sd, state, monitor, warnings };
}

const files = (s: MemoryStore) => Object.fromEntries([...s.files.entries()].sort());
const quarterFiles = (s: MemoryStore) => [...s.files.keys()].filter((p) => /\d{4}[SW]\.json$/.test(p)).sort();

/** Hand-made expectation of a closed quarter: the telegrams in its window and, when both bounds were read, the register difference x 4. */
function expectQuarter(sd: MemoryStore, path: string, start: number, list: readonly Telegram[]): void {
	const text = sd.read(path);
	expect({ path, exists: text !== undefined }).toEqual({ path, exists: true });
	const q = JSON.parse(text as string);
	const inside = list.filter((t) => t.time >= start && t.time < start + Q);
	expect({ path, samples: q.samples }).toEqual({ path, samples: inside.length });
	const begin = list.find((t) => t.time === start),
		end = list.find((t) => t.time === start + Q);
	if (begin && end) expect({ path, w: q.energy_avg_w }).toEqual({ path, w: (end.importWh - begin.importWh) * 4 });
}

function newestPeaks(state: MemoryStore): { month: string; own_w: number | null }[] {
	const copies = ["/peaks-a.json", "/peaks-b.json"]
		.map((p) => peaksFromText(state.read(p)))
		.filter((c) => c !== undefined);
	return copies.reduce((a, b) => (b!.seq > a!.seq ? b : a))!.peaks;
}

const TEN_YEARS = Date.UTC(2036, 0, 14, 17, 14, 30) - Date.UTC(2026, 0, 14, 17, 14, 30);
const ONE_DAY = 86400000;

describe.each([
	["ten years", TEN_YEARS],
	["one day", ONE_DAY],
])("one telegram %s ahead", (_name, ahead) => {
	// 18:00:00 .. 19:04:59: four closed quarters and the open 19:00 one
	const list = telegrams(START, 3900);
	const at = list.findIndex((t) => t.time === START + 14 * 60000 + 30000); // 18:14:30, inside the first quarter
	const outlier = restamp(list[at].bytes, list[at].time + ahead);
	const withOutlier = [
		...list.slice(0, at + 1).map((t) => t.bytes),
		outlier,
		...list.slice(at + 1).map((t) => t.bytes),
	];
	const without = list.map((t) => t.bytes);

	test("loses no quarter, writes nothing in the future, and ends as a run without it", () => {
		const ref = run(without);
		const got = run(withOutlier);
		expect(quarterFiles(got.sd)).toEqual(
			["1800W", "1815W", "1830W", "1845W"].map((n) => `/meter/2026/01/14/${n}.json`),
		);
		for (let k = 0; k < 4; k++) expectQuarter(got.sd, quarterFiles(got.sd)[k], START + k * Q, list);
		expect(files(got.sd)).toEqual(files(ref.sd));
		expect(files(got.state)).toEqual(files(ref.state));
		// the month's true peak: the highest of the four quarters, in January 2026 only
		const own = Math.max(...quarterFiles(got.sd).map((p) => JSON.parse(got.sd.read(p) as string).energy_avg_w));
		expect(got.monitor.status().month_peak_own_w).toBe(own);
		expect(newestPeaks(got.state).map((p) => p.month)).toEqual(newestPeaks(ref.state).map((p) => p.month));
		expect(newestPeaks(got.state).find((p) => p.month === "2026-01")?.own_w).toBe(own);
		// counted: one telegram held, then rejected when the stream went on from the trusted time
		const c = got.monitor.counters.clock,
			r = ref.monitor.counters.clock;
		expect(c).toEqual({ held: r.held + 1, rejected: r.rejected + 1, jumps: r.jumps });
		expect(got.monitor.counters.telegrams).toBe(ref.monitor.counters.telegrams + 1);
		expect(got.monitor.status().clock).toEqual(c);
	});

	test("a restart right after it resumes as if it had never come", () => {
		const ref = run(without, at + 1);
		const got = run(withOutlier, at + 2);
		expect(files(got.sd)).toEqual(files(ref.sd));
		expect(files(got.state)).toEqual(files(ref.state));
		expect(quarterFiles(got.sd)).toHaveLength(4);
		expect(got.warnings).toEqual(ref.warnings);
	});
});

test("a glitch of nine telegrams in a row a day ahead is still not believed", () => {
	const list = telegrams(START, 1900);
	const at = list.findIndex((t) => t.time === START + 14 * 60000 + 50000);
	const glitch = list.slice(at + 1, at + 10).map((t) => restamp(t.bytes, t.time + ONE_DAY)); // the meter's next 9 seconds, a day off
	const ref = run(list.map((t) => t.bytes));
	const got = run([
		...list.slice(0, at + 1).map((t) => t.bytes),
		...glitch,
		...list.slice(at + 10).map((t) => t.bytes),
	]);
	// the 9 seconds themselves are lost (their time was wrong), the rest is as without the glitch
	expect(quarterFiles(got.sd)).toEqual(quarterFiles(ref.sd));
	expect(JSON.parse(got.sd.read("/meter/2026/01/14/1800W.json") as string).samples).toBe(900 - 9);
	expect(files(got.sd)["/meter/2026/01/14/1815W.json"]).toBe(files(ref.sd)["/meter/2026/01/14/1815W.json"]);
	expect(got.monitor.counters.clock.rejected - ref.monitor.counters.clock.rejected).toBe(9);
});

test("a real gap of three hours is believed once the telegrams after it continue, and loses none of them", () => {
	// 18:00:00 .. 18:40:00, the board unplugged until 21:40:00, then on to 22:10:00
	const gapFrom = START + 40 * 60000,
		gapTo = START + 3 * 3600000 + 40 * 60000;
	const list = telegrams(START, 4 * 3600 + 10 * 60 + 1, (t) => t > gapFrom && t < gapTo);
	const got = run(list.map((t) => t.bytes));
	const names = ["1800W", "1815W", "1830W", "2130W", "2145W"];
	expect(quarterFiles(got.sd)).toEqual(names.map((n) => `/meter/2026/01/14/${n}.json`));
	const starts = [0, 1, 2, 14, 15].map((k) => START + k * Q);
	for (let k = 0; k < names.length; k++) expectQuarter(got.sd, `/meter/2026/01/14/${names[k]}.json`, starts[k], list);
	// the 18:30 quarter ends unknown (no telegram near 18:45), the 21:30 one begins unknown (none near 21:30)
	expect(JSON.parse(got.sd.read("/meter/2026/01/14/1830W.json") as string).energy_avg_w).toBeNull();
	expect(JSON.parse(got.sd.read("/meter/2026/01/14/2130W.json") as string).energy_avg_w).toBeNull();
	expect(JSON.parse(got.sd.read("/meter/2026/01/14/2145W.json") as string).complete).toBe(true);
	expect(got.monitor.counters.clock.rejected).toBe(0);
	expect(got.monitor.counters.clock.jumps).toBeGreaterThanOrEqual(1);
});

test("a restart after hours off resumes the checkpoint's quarter and loses no telegram", () => {
	// 30 s without telegrams at 18:20, then the board off from 18:40 to 21:00 and restarted
	const off = START + 2 * Q + 600000,
		on = START + 3 * 3600000;
	const list = telegrams(
		START,
		3 * 3600 + 20 * 60,
		(t) => (t > START + 20 * 60000 && t < START + 20 * 60000 + 30000) || (t > off && t < on),
	);
	const at = list.findIndex((t) => t.time >= on);
	const got = run(
		list.map((t) => t.bytes),
		at,
	);
	expectQuarter(got.sd, "/meter/2026/01/14/1815W.json", START + Q, list);
	expectQuarter(got.sd, "/meter/2026/01/14/1830W.json", START + 2 * Q, list);
	expectQuarter(got.sd, "/meter/2026/01/14/2100W.json", START + 12 * Q, list);
	expect(JSON.parse(got.sd.read("/meter/2026/01/14/2100W.json") as string).complete).toBe(true);
	expect(got.warnings).toEqual([]);
});

describe("state from the future (written before this guard existed)", () => {
	const future = START + TEN_YEARS;
	const real = telegrams(START, 3900);

	test("a checkpoint ahead of the meter is set aside, not trusted, and the meter's quarters are kept", () => {
		// a meter ten years ahead for 20 minutes: it is believed (continuous), and leaves a checkpoint in 2036
		const sd = new MemoryStore(),
			state = new MemoryStore();
		run(
			telegrams(future, 1200).map((t) => t.bytes),
			-1,
			{ sd, state },
		);
		const cp = state.read("/checkpoint.json") as string;
		expect(quarterFiles(sd).length).toBeGreaterThan(0);
		expect(quarterFiles(sd).every((p) => p.startsWith("/meter/2036/"))).toBe(true);
		const got = run(
			real.map((t) => t.bytes),
			-1,
			{ sd, state },
		);
		const ref = run(real.map((t) => t.bytes));
		// the 2036 checkpoint is renamed, not deleted, and said so
		expect(state.read("/checkpoint.bad")).toBe(cp);
		expect(got.warnings.join("\n")).toMatch(/checkpoint.*set aside/);
		// the real day is as in a run on empty stores
		const realFiles = (s: MemoryStore) =>
			Object.fromEntries([...s.files.entries()].filter(([p]) => p.startsWith("/meter/2026/")).sort());
		expect(realFiles(sd)).toEqual(realFiles(ref.sd));
		expect(quarterFiles(sd).filter((p) => p.startsWith("/meter/2026/"))).toHaveLength(4);
		expect(state.read("/checkpoint.json")).toBe(ref.state.read("/checkpoint.json"));
		// no month after the meter's month survives, in memory or in flash
		expect(got.monitor.status().month).toBe("2026-01");
		expect(newestPeaks(state)).toEqual(newestPeaks(ref.state));
	});

	test("month peaks of months after the meter's month are dropped at restore", () => {
		const at = 1800; // restart at 18:30
		const ref = run(
			real.map((t) => t.bytes),
			at,
		);
		const sd = new MemoryStore(),
			state = new MemoryStore();
		run(
			real.slice(0, at).map((t) => t.bytes),
			-1,
			{ sd, state },
		);
		// what the old code left after a glitch: a month peak for a month that has not come yet
		const key = monthIndex(2036, 1);
		const cp = checkpointFromText(state.read("/checkpoint.json"))!.data as { months: Record<string, unknown[]> };
		const future: Record<string, unknown> = {
			key,
			ownW: 9999,
			ownQuarterId: 0x24011400,
			meterW: null,
			meterS: null,
			historyW: null,
			historyS: null,
		};
		for (const column in future) cp.months[column].push(future[column]);
		state.write("/checkpoint.json", checkpointText(cp));
		const peaks = peaksFromText(state.read("/peaks-a.json")) ?? peaksFromText(state.read("/peaks-b.json"))!;
		const bogus = {
			month: monthKeyOfIndex(key),
			own_w: 9999,
			own_quarter_id: 0x24011400,
			meter_w: null,
			meter_time: null,
		};
		state.write("/peaks-a.json", peaksText(peaks.seq + 1, [...peaks.peaks, bogus]));
		state.remove("/peaks-b.json");
		const got = run(
			real.slice(at).map((t) => t.bytes),
			-1,
			{ sd, state },
		);
		expect(newestPeaks(state).map((p) => p.month)).toEqual(newestPeaks(ref.state).map((p) => p.month));
		expect(newestPeaks(state)).toEqual(newestPeaks(ref.state));
		expect(files(sd)).toEqual(files(ref.sd));
		expect(got.warnings.join("\n")).toMatch(/2036-01/);
	});
});
