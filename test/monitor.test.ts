// The monitor's own duties, over in-memory stores: drop corrupt telegrams, checkpoint every
// meter minute, keep month peaks through a lost checkpoint, keep reading when the card fails.

import { defaultConfig } from "../src/core/config/schema";
import { tmpPathOf } from "../src/core/history/atomic";
import { History } from "../src/core/history/history";
import { dayPath } from "../src/core/history/paths";
import { Monitor } from "../src/core/monitor";
import type { FileStore } from "../src/core/ports";
import { SimMeter } from "../src/sim/meter";
import { MemoryStore } from "./helpers/memory-store";
import { localMidnight, QUARTER_MS, series } from "./history/factory";

const START = Date.UTC(2026, 0, 14, 17, 0); // 18:00 Brussels: the dinner peak
const _log = { info: () => {}, warn: () => {} };

function monitor(sd: FileStore, state: FileStore, warnings: string[] = []): Monitor {
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

function feed(m: Monitor, meter: SimMeter, seconds: number, corrupt?: (i: number) => boolean): void {
	for (let i = 0; i < seconds; i++) {
		const t = meter.next();
		if (corrupt?.(i)) {
			const copy = Uint8Array.from(t);
			copy[200] ^= 0x01; // one bit inside a value: the CRC no longer matches
			m.push(copy);
		} else m.push(t);
	}
}

test("a telegram with a bad CRC is dropped whole and counted", () => {
	const clean = monitor(new MemoryStore(), new MemoryStore());
	const dirty = monitor(new MemoryStore(), new MemoryStore());
	feed(clean, new SimMeter({ start: START, seed: 2 }), 1800);
	feed(dirty, new SimMeter({ start: START, seed: 2 }), 1800, (i) => i % 10 === 3);
	expect(dirty.counters.crcErrors).toBe(180);
	expect(dirty.counters.telegrams).toBe(1800 - 180);
	// the registers carry the energy across the dropped seconds: the billed average is unchanged
	const closed = (m: Monitor) => m.status();
	expect(closed(dirty).month_peak_own_w).toBe(closed(clean).month_peak_own_w);
});

test("checkpoints the open quarter every meter minute", () => {
	const state = new MemoryStore();
	const m = monitor(new MemoryStore(), state);
	feed(m, new SimMeter({ start: START + 1000, seed: 2 }), 10 * 60);
	// one at the first telegram, then one per minute; none extra: no quarter closed in between
	expect(m.counters.checkpoints).toBe(10);
	expect(state.read("/checkpoint.json")).toContain('"quarter":{"block"');
});

test("a restart without a usable checkpoint keeps the month's own peak from flash", () => {
	const sd = new MemoryStore(),
		state = new MemoryStore();
	const first = monitor(sd, state);
	const meter = new SimMeter({ start: START, seed: 2 });
	feed(first, meter, 3 * 3600);
	first.close();
	const peak = first.status().month_peak_own_w; // our own energy-based peak: the meter cannot give it back
	expect(peak).toBeGreaterThan(0);
	state.write("/checkpoint.json", "{torn");
	const warnings: string[] = [];
	const second = monitor(sd, state, warnings);
	feed(second, meter, 60);
	expect(second.status().month_peak_own_w).toBe(peak);
	expect(warnings.join("\n")).toMatch(/checkpoint/);
});

test("keeps reading and counts the failure when the card refuses a write", () => {
	const sd = new MemoryStore();
	let broken = true;
	const flaky: FileStore = {
		read: (p) => sd.read(p),
		list: (d) => sd.list(d),
		remove: (p) => sd.remove(p),
		rename: (a, b) => sd.rename(a, b),
		write: (p, t) => {
			if (broken) throw new Error("card removed");
			sd.write(p, t);
		},
	};
	const warnings: string[] = [];
	const m = monitor(flaky, new MemoryStore(), warnings);
	const meter = new SimMeter({ start: START, seed: 2 });
	feed(m, meter, 1800); // closes the 18:00 quarter while the card is out
	expect(m.counters.storeErrors).toBeGreaterThan(0);
	expect(warnings.join("\n")).toMatch(/quarter not saved: card removed/);
	broken = false;
	feed(m, meter, 960); // past 18:45, which closes the 18:30 quarter
	expect(sd.read("/meter/2026/01/14/1830W.json")).toBeDefined();
	expect(m.counters.telegrams).toBe(2760);
});

test("/current/month/peak reports the meter's 1-0:1.6.0, as the original firmware did", () => {
	const m = monitor(new MemoryStore(), new MemoryStore());
	feed(m, new SimMeter({ start: START, seed: 2 }), 3600);
	const r = m.lastReading;
	expect(r.monthPeakW).toBeGreaterThan(0);
	const peak = m.monthPeak();
	expect(peak?.power).toBe(r.monthPeakW);
	// the meter stamps the peak at the end of its quarter: the id names the quarter before the stamp
	const start = new Date(r.monthPeakTime - 15 * 60000);
	const local = start.toLocaleString("sv-SE", { timeZone: "Europe/Brussels" });
	const [date, time] = local.split(" ");
	const [y, mo, d] = date.split("-").map(Number);
	const [h, mi] = time.split(":").map(Number);
	expect(peak?.quarter_id).toBe(((y - 2000) << 24) | (mo << 16) | (d << 8) | (h * 4 + mi / 15));
});

test("a card mounted after boot gets the boot's recovery when it comes", () => {
	// a card whose last day summary was caught between remove and rename by a power cut
	const card = new MemoryStore();
	const state = new MemoryStore();
	const s = series(localMidnight(2026, 3, 10) + 40 * QUARTER_MS, localMidnight(2026, 3, 10) + 44 * QUARTER_MS, 7);
	const h = new History({ sd: card, state });
	for (const r of s.records) h.writeQuarter(r);
	const day = dayPath(2026, 3, 10);
	const summary = card.read(day);
	card.rename(day, tmpPathOf(day));
	// at boot the slot is empty: every call fails, as the device's guarded store does
	let present = false;
	const slot: FileStore = {
		read: (p) => (present ? card.read(p) : fail()),
		write: (p, t) => (present ? card.write(p, t) : fail()),
		rename: (a, b) => (present ? card.rename(a, b) : fail()),
		remove: (p) => (present ? card.remove(p) : fail()),
		list: (d) => (present ? card.list(d) : fail()),
	};
	const m = monitor(slot, state); // a boot with no card and no peaks in flash: starts, nothing known
	expect(card.read(tmpPathOf(day))).toBe(summary);
	present = true;
	const report = m.cardMounted();
	expect(report.finished).toEqual([day]);
	expect(card.read(day)).toBe(summary);
	expect(card.read(tmpPathOf(day))).toBeUndefined();
});

function fail(): never {
	throw new Error("sd card not mounted");
}
