import fs from "node:fs";
import path from "node:path";
import { DEVICE_CHECKPOINT_SECONDS, flashWear, MIN_YEARS, STATE_FLASH } from "../../src/core/device/flash-wear";

const ROOT = path.resolve(__dirname, "../..");

/** The storage partition's size from a board's partitions.csv. */
function storageBytes(board: string): number {
	const csv = fs.readFileSync(path.join(ROOT, "boards", board, "partitions.csv"), "utf8");
	const row = csv.split("\n").find((l) => l.startsWith("storage,"));
	if (!row) throw new Error("no storage partition");
	return Number.parseInt(row.split(",")[4].trim(), 16);
}

const CHECKPOINT_BYTES = 1900; // the figure; a 1.75 KB checkpoint costs the same whole block

test.each(["ttgo_t8_c3", "ttgo_t8_s2"])("%s: STATE_FLASH is the board's storage partition", (board) => {
	expect(storageBytes(board)).toBe(STATE_FLASH.partitionBytes);
});

test("by hand: one checkpoint a minute on 112 blocks", () => {
	const w = flashWear({ ...STATE_FLASH, fileBytes: CHECKPOINT_BYTES, intervalS: 60 });
	// 525,960 writes a year, each 1 data block + 176/4096 of a metadata block
	expect(w.writesPerYear).toBeCloseTo(525960, 6);
	expect(w.erasesPerYear).toBeCloseTo(525960 * (1 + 176 / 4096), 3);
	// spread over 112 - 9 = 103 blocks
	expect(w.cyclesPerBlockPerYear).toBeCloseTo(548560 / 103, 0);
	expect(w.years).toBeCloseTo(100000 / (548560 / 103), 1);
	expect(w.years).toBeLessThan(MIN_YEARS); // why the device does not checkpoint every minute
});

test("the device's interval lasts at least 20 years, with a margin of 4", () => {
	const w = flashWear({ ...STATE_FLASH, fileBytes: CHECKPOINT_BYTES, intervalS: DEVICE_CHECKPOINT_SECONDS });
	expect(w.years).toBeGreaterThanOrEqual(4 * MIN_YEARS);
	expect(Math.round(w.years)).toBe(94); // 100000 / (105192 * 1.04297 / 103)
});

test("a file of two blocks costs twice the data erases", () => {
	const one = flashWear({ ...STATE_FLASH, fileBytes: 4096, intervalS: 60 });
	const two = flashWear({ ...STATE_FLASH, fileBytes: 4097, intervalS: 60 });
	expect(two.erasesPerYear - one.erasesPerYear).toBeCloseTo(one.writesPerYear, 3);
});

test("bad input is refused", () => {
	expect(() => flashWear({ ...STATE_FLASH, fileBytes: 100, intervalS: 0 })).toThrow("bad wear input");
	expect(() => flashWear({ ...STATE_FLASH, heldBlocks: 112, fileBytes: 100, intervalS: 60 })).toThrow("bad wear input");
});
