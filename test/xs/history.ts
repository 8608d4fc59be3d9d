// XS conformance for src/core/history: the same writes, cuts and recoveries in Node and XS must
// leave byte-identical files.
import { History } from "../../src/core/history/history";
import { dayPath, parseMeterPath, quarterPath } from "../../src/core/history/paths";
import { FaultyStore, MemoryStore, Power } from "../helpers/memory-store";
import { localMidnight, QUARTER_MS, series } from "../history/factory";

function dump(stores: MemoryStore[], extra: unknown[]): string {
	const lines: string[] = [];
	for (const s of stores) for (const k of [...s.files.keys()].sort()) lines.push(JSON.stringify([k, s.files.get(k)]));
	for (const e of extra) lines.push(JSON.stringify(e));
	return "[\n" + lines.join(",\n") + "\n]";
}

export const cases = [
	{
		name: "history: autumn DST day and month end",
		run() {
			const sd = new MemoryStore(),
				state = new MemoryStore();
			const h = new History({ sd, state });
			for (const r of series(localMidnight(2025, 10, 26), localMidnight(2025, 10, 27), 1).records) h.writeQuarter(r);
			for (const r of series(
				localMidnight(2025, 10, 31) + 90 * QUARTER_MS,
				localMidnight(2025, 11, 1) + 4 * QUARTER_MS,
				2,
			).records)
				h.writeQuarter(r);
			h.writePeaks([{ month: "2025-10", own_w: 1, own_quarter_id: null, meter_w: 2, meter_time: "x" }]);
			h.writeCheckpoint({ a: [1, null, 2.5] });
			return dump(
				[sd, state],
				[
					h.readPeaks(),
					h.readCheckpoint(),
					parseMeterPath("/meter/2025/10/26/0215S.json"),
					parseMeterPath("/meter/../x"),
				],
			);
		},
	},
	{
		name: "history: cuts at every step then recover",
		run() {
			const out: unknown[] = [];
			const recs = series(
				localMidnight(2026, 3, 31) + 93 * QUARTER_MS,
				localMidnight(2026, 4, 1) + 2 * QUARTER_MS,
				3,
			).records;
			for (let step = 0; step < 40; step++) {
				const sd = new MemoryStore(),
					state = new MemoryStore();
				const power = new Power();
				power.arm({ step, kind: "cut", keep: 17, zeros: step % 2 === 0 });
				const h = new History({ sd: new FaultyStore(sd, { power }), state: new FaultyStore(state, { power }) });
				try {
					for (const r of recs) h.writeQuarter(r);
				} catch (e) {
					out.push(String(e));
				}
				power.revive();
				sd.write("/meter/2026/03/month.json", "\0\0");
				const rep = new History({ sd, state }).recover();
				out.push(rep, [...sd.files.keys()].sort());
			}
			return dump([], out);
		},
	},
	{
		name: "history: torn older files are not served, temporaries of failed writes are swept",
		run() {
			const out: unknown[] = [];
			const sd = new MemoryStore(),
				state = new MemoryStore();
			const older = series(
				localMidnight(2025, 11, 26) + 40 * QUARTER_MS,
				localMidnight(2025, 11, 26) + 44 * QUARTER_MS,
				5,
			).records;
			const h = new History({ sd, state });
			for (const r of older) h.writeQuarter(r);
			const day = sd.read(dayPath(2025, 11, 26)) as string;
			sd.write(dayPath(2025, 11, 26), day.slice(0, 99));
			sd.write(quarterPath(older[1].quarter_id), '{"quarter_id":1');
			sd.write("/meter/2025/11/26/0300W.tmp", "");
			sd.write("/meter/2025/11/month.tmp", "");
			const later = new History({ sd, state });
			out.push(later.readMeterFile(dayPath(2025, 11, 26)), later.readMeterFile(quarterPath(older[1].quarter_id)));
			for (const r of series(localMidnight(2026, 1, 13), localMidnight(2026, 1, 14), 6).records) later.writeQuarter(r);
			out.push(later.health());
			return dump([sd], out);
		},
	},
];
