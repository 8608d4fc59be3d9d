// Month peak copies written by the firmware before peaks format 2 (no "v"): read, used, and
// rewritten once in the current format at boot.

import { History } from "../../src/core/history/history";
import { hashText } from "../../src/core/history/state-files";
import { MemoryStore } from "../helpers/memory-store";

const PEAKS = [
	{
		month: "2026-09",
		own_w: 4210,
		own_quarter_id: 436800000 + (3 << 8) + 76,
		meter_w: 4188,
		meter_time: "2026-09-03T17:15:00Z",
	},
	{ month: "2026-10", own_w: 3350, own_quarter_id: null, meter_w: 3321, meter_time: "2026-10-11T09:30:00Z" },
];

/** A copy exactly as format 1 wrote it. */
function oldCopy(seq: number, peaks: unknown): string {
	const s = JSON.stringify(peaks);
	return `{"seq":${seq},"check":${hashText(s)},"peaks":${s}}`;
}

test("format 1 copies are read and both rewritten as format 2", () => {
	const state = new MemoryStore();
	state.write("/peaks-a.json", oldCopy(6, PEAKS));
	state.write("/peaks-b.json", oldCopy(5, PEAKS.slice(0, 1)));
	const history = new History({ sd: new MemoryStore(), state });
	const report = history.recover();
	expect(report.actions).toContain("peaks: rewrote both copies in format 2");
	expect(history.readPeaks()).toEqual(PEAKS);
	const copies = ["/peaks-a.json", "/peaks-b.json"].map((p) => JSON.parse(state.read(p)!));
	for (const c of copies) {
		expect(c.v).toBe(2);
		expect(c.peaks).toEqual(PEAKS);
	}
	expect(copies.map((c) => c.seq).sort()).toEqual([7, 8]);
	// a second boot finds nothing to do
	const again = new History({ sd: new MemoryStore(), state });
	expect(again.recover().actions).toEqual([]);
	expect(again.readPeaks()).toEqual(PEAKS);
});

test("a copy of an unknown later format is not trusted", () => {
	const state = new MemoryStore();
	const s = JSON.stringify(PEAKS);
	state.write("/peaks-a.json", `{"v":3,"seq":9,"check":${hashText(s)},"peaks":${s}}`);
	state.write("/peaks-b.json", oldCopy(4, PEAKS.slice(0, 1)));
	const history = new History({ sd: new MemoryStore(), state });
	history.recover();
	expect(history.readPeaks()).toEqual(PEAKS.slice(0, 1));
});
