// The raw telegram rules: each corpus telegram the monitor takes comes out byte for byte as its
// file holds it (CRC digits and line ends included), a bad CRC is not passed on, and the client cap
// and backlog bound are the documented numbers.

import type { Frame } from "../../src/core/dsmr/framer";
import { Framer } from "../../src/core/dsmr/framer";
import {
	admitClient,
	copyTelegram,
	keepClient,
	RAW_BACKLOG_BYTES,
	RAW_CLIENTS_MAX,
	telegramLength,
} from "../../src/core/net/raw-telegram";
import { corpusBytes, singleTelegrams } from "../helpers/corpus";

/** What the framer hands the monitor for `bytes`, copied out as the raw port would send it. */
function passedOn(bytes: Uint8Array, chunk = bytes.length): { crc: string; out: Buffer }[] {
	const seen: { crc: string; out: Buffer }[] = [];
	const framer = new Framer({
		onFrame: (frame: Frame) => {
			const out = Buffer.alloc(telegramLength(frame) + 8, 0xee);
			const n = copyTelegram(frame, out);
			expect(n).toBe(telegramLength(frame));
			seen.push({ crc: frame.crc, out: out.subarray(0, n) });
		},
	});
	for (let i = 0; i < bytes.length; i += chunk) framer.push(bytes.subarray(i, i + chunk));
	framer.flush(); // a capture that stops at its '!' ends there
	return seen;
}

/**
 * The telegram in a capture as the meter sent it: '/' through '!', the CRC digits that follow, and
 * the line end its other lines have (a capture's last line end is often rewritten or cut off);
 * undefined for a capture without a '!' line.
 */
function asSent(bytes: Uint8Array): string | undefined {
	const text = Buffer.from(bytes).toString("latin1");
	const bang = text.lastIndexOf("\n!") + 1;
	if (bang === 0) return undefined;
	const digits = /^[0-9A-Fa-f]{0,4}/.exec(text.slice(bang + 1))?.[0] ?? "";
	const eol = text[bang - 2] === "\r" ? "\r\n" : "\n";
	return text.slice(text.indexOf("/"), bang + 1) + digits + eol;
}

const TAKEN = singleTelegrams().filter((t) => t.crcValid || !t.crcPresent);

test.each(TAKEN.map((t) => [t.path, t.crcValid]))("%s is passed on byte for byte", (file, crcValid) => {
	const bytes = corpusBytes(file);
	const expected = asSent(bytes);
	for (const chunk of [bytes.length, 7, 1]) {
		// which telegrams are taken is the framer's verdict (tested with it); what is taken must come out as sent
		const seen = passedOn(bytes, chunk).filter((s) => s.crc === "valid" || s.crc === "none");
		if (crcValid) expect(seen.length).toBe(1);
		for (const s of seen) expect(s.out.toString("latin1")).toBe(expected);
	}
});

test("the corpus has the cases that matter: CR LF, an unpadded CRC, no CRC at all", () => {
	const files = TAKEN.map((t) => t.path);
	expect(files).toContain("ndokter-dsmr_parser/v5-warmtelink-unpadded-crc.txt");
	expect(files).toContain("ndokter-dsmr_parser/v2.2-iskra-mt382-no-crc.txt");
	expect(files).toContain("ndokter-dsmr_parser/fluvius-v171.txt");
	const old = passedOn(corpusBytes("ndokter-dsmr_parser/v2.2-iskra-mt382-no-crc.txt"));
	expect(old.map((s) => s.crc)).toEqual(["none"]);
	expect(old[0].out.toString("latin1").endsWith(")\r\n!\r\n")).toBe(true);
	const unpadded = passedOn(corpusBytes("ndokter-dsmr_parser/v5-warmtelink-unpadded-crc.txt"));
	expect(unpadded[0].out.toString("latin1").endsWith("\r\n!B9F\r\n")).toBe(true);
});

test("a telegram with a bad CRC comes to the frame handler as invalid: the monitor passes only valid or none", () => {
	const bytes = Buffer.from(corpusBytes("ndokter-dsmr_parser/fluvius-v171.txt"));
	bytes[100] ^= 1;
	expect(passedOn(bytes).map((s) => s.crc)).toEqual(["invalid"]);
});

test("four clients are served, a fifth is not", () => {
	expect(RAW_CLIENTS_MAX).toBe(4);
	expect([0, 1, 2, 3, 4, 5].map(admitClient)).toEqual([true, true, true, true, false, false]);
});

test("a client keeps its place while what waits for it, with the next telegram, stays within 16 KiB", () => {
	expect(RAW_BACKLOG_BYTES).toBe(16384);
	expect(keepClient(0, 1100)).toBe(true);
	expect(keepClient(16384 - 1100, 1100)).toBe(true);
	expect(keepClient(16384 - 1099, 1100)).toBe(false);
	expect(keepClient(100000, 0)).toBe(false);
});
