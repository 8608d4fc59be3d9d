// XS conformance for the log ring (src/core/log-ring.ts) and the device's small diagnostics
// tables: lines written round a small store many times over (UTF-8 of every width, cut lines,
// control characters, uptimes past 2^32 ms, wall times), read back whole and after N through
// chunk buffers of 4 and 61 bytes, a reader overtaken by the writer; the short press's answers
// and the reset reasons. The jest tests say what the values must be; this proves XS writes and
// reads the same bytes (48-bit times by arithmetic, surrogate pairs, number formatting).

import type { ChunkSource } from "../../src/core/api/chunks";
import { resetReason } from "../../src/core/device/reset-reason";
import { LogRing } from "../../src/core/log-ring";
import { shortPressAnswer } from "../../src/core/status/short-press";
import type { XsCase } from "./support/case";

/** The body as one JSON string of its bytes' char codes (ASCII stays readable, the rest as \u escapes). */
function drain(source: ChunkSource, size: number): string {
	const into = new Uint8Array(size);
	let out = "";
	for (let n = source.next(into); n > 0; n = source.next(into))
		for (let i = 0; i < n; i++) out += String.fromCharCode(into[i]);
	return JSON.stringify(out);
}

function ring(): string {
	const t = { ms: 7, wall: NaN };
	const log = new LogRing({ capacity: 300, maxLine: 40, now: () => t.ms, wall: () => t.wall });
	const lines: string[] = [];
	const texts = ["sd card: not mounted", "é€😀 mixed", "a\nb\tc\u0000", "x".repeat(50), "€".repeat(20), "", "\ud83d"];
	for (let i = 0; i < 90; i++) {
		t.ms += 1234.5 * i * i;
		if (i === 30) t.wall = Date.UTC(2026, 10, 29, 16, 10, 11, 999);
		if (i > 30) t.wall += 61_001;
		log.write(i % 4 === 0 ? "warn" : "info", `${i} ${texts[i % texts.length]}`);
		if (i % 15 === 14) lines.push(JSON.stringify([i, log.first, log.next, log.used]), drain(log.lines(0), 61));
	}
	t.ms += 2 ** 33;
	log.write("info", "uptime past 2^32 ms");
	lines.push(drain(log.lines(0), 4), drain(log.lines(log.next - 4), 200), drain(log.lines(log.next), 8));
	const reader = log.lines(0);
	const into = new Uint8Array(16);
	const head = reader.next(into);
	for (let i = 0; i < 12; i++) log.write("warn", "overtaking " + i);
	lines.push(JSON.stringify([head, log.first]), drain(reader, 16));
	return lines.join("\n");
}

function device(): string {
	const lines: string[] = [];
	for (const setup of [false, true])
		for (const cardTrouble of [false, true])
			for (const address of ["192.168.1.42", "10.0.0.255", "", "0.0.0.0", undefined, "1.2.3"])
				lines.push(
					JSON.stringify([
						setup,
						cardTrouble,
						address ?? null,
						shortPressAnswer({ setup, cardTrouble, address }) ?? null,
					]),
				);
	for (let code = -1; code <= 17; code++) lines.push(JSON.stringify([code, resetReason(code)]));
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "log ring", run: ring },
	{ name: "short press and reset reasons", run: device },
];
