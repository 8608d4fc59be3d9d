// parseTelegram refills one Reading per telegram and skips work for text that did not change
// since the previous telegram. Whatever came before, the result must equal a fresh parse: this
// is checked over consecutive real telegrams (where most fields repeat, e.g. a gas stamp that
// stays the same for 5 minutes) and over every pair of different corpus telegrams.

import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import type { Reading } from "../../src/core/dsmr/reading";
import { corpusBytes, singleTelegrams, streams } from "../helpers/corpus";

function bang(bytes: Uint8Array): number {
	return bytes.lastIndexOf(0x21) + 1;
}

function fresh(bytes: Uint8Array): string {
	return JSON.stringify(parseTelegram(bytes, 0, bang(bytes), "none", newReading()));
}

function reused(into: Reading, bytes: Uint8Array): string {
	return JSON.stringify(parseTelegram(bytes, 0, bang(bytes), "none", into));
}

describe("a reused Reading", () => {
	test("gives a fresh parse's result after every other corpus telegram", () => {
		const all = singleTelegrams()
			.map((t) => corpusBytes(t.path))
			.filter((b) => bang(b) > 0);
		const expected = all.map(fresh);
		let pairs = 0;
		for (let a = 0; a < all.length; a++) {
			for (let b = 0; b < all.length; b++) {
				const into = newReading();
				reused(into, all[a]);
				expect(reused(into, all[b])).toBe(expected[b]);
				pairs++;
			}
		}
		expect(pairs).toBeGreaterThan(1000);
	});

	test("keeps the M-Bus capture time across consecutive telegrams of one meter", () => {
		const stream = streams().find((s) => s.path.includes("dsmrhub"));
		expect(stream).toBeDefined();
		const bytes = corpusBytes(stream!.path);
		const into = newReading();
		let checked = 0;
		for (let s = bytes.indexOf(0x2f); s >= 0; ) {
			const e = bytes.indexOf(0x21, s) + 1;
			if (e <= 0) break;
			const one = bytes.subarray(s, e);
			const got = JSON.parse(reused(into, one)) as Reading;
			const want = JSON.parse(fresh(one)) as Reading;
			expect(got).toEqual(want);
			if (want.mbusCount > 0) {
				expect(got.mbus[0].time).not.toBeNull(); // NaN would serialise as null
				checked++;
			}
			s = bytes.indexOf(0x2f, e);
		}
		expect(checked).toBeGreaterThan(10);
	});
});
