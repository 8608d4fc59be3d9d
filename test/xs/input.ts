// The meter's input rules (issue 8) for scripts/xs-check.mjs: which telegrams may lack a CRC
// (crc-rule.ts, the framer's latch) and which values are set aside as impossible (limits.ts),
// on corpus telegrams edited here. What the verdicts and values should be is checked by
// test/dsmr/input.test.ts; this proves XS computes the same.

import { crc16 } from "../../src/core/dsmr/crc16";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";
import type { XsCase, XsHost } from "./support/case";
import { readCorpusFile } from "./support/corpus";
import { toJson } from "./support/json";

function text(bytes: Uint8Array): string {
	let s = "";
	for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
	return s;
}

function bytesOf(s: string): Uint8Array {
	const bytes = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
	return bytes;
}

function withoutCrc(bytes: Uint8Array): Uint8Array {
	const s = text(bytes);
	const bang = s.lastIndexOf("\r\n!") + 3;
	return bytesOf(s.slice(0, bang) + "\r\n");
}

/** Lines starting with each code replaced (removed for ""), the CRC made valid again. */
function edited(bytes: Uint8Array, changes: readonly (readonly [string, string])[]): Uint8Array {
	let lines = text(bytes).split("\r\n");
	for (const [code, line] of changes)
		lines = lines.flatMap((l) => (l.startsWith(code + "(") ? (line === "" ? [] : [line]) : [l]));
	const bang = lines.findIndex((l) => l.startsWith("!"));
	const body = lines.slice(0, bang).join("\r\n") + "\r\n!";
	const crc = crc16(bytesOf(body)).toString(16).toUpperCase();
	return bytesOf(body + "0000".slice(crc.length) + crc + "\r\n");
}

const read = (host: XsHost, path: string) => readCorpusFile(host, { path });
const DSMR5 = "athombv-node-dsmr-parser/dsmr-5.0-isk-1.txt";
const FLUVIUS = "ndokter-dsmr_parser/fluvius-v171.txt";
const DSMR22 = "nielsbasjes-dsmr-tools/real-dsmr2-testDSMR22Telegram1.txt";

function verdicts(...chunks: Uint8Array[]): string {
	const seen: string[] = [];
	const framer = new Framer({ onFrame: (f) => seen.push(f.crc) });
	for (const chunk of chunks) framer.push(chunk);
	framer.flush();
	return toJson({ seen, stats: framer.stats });
}

function crcRule(host: XsHost): string {
	const dsmr5 = read(host, DSMR5);
	const noVersion = withoutCrc(edited(dsmr5, [["1-3:0.2.8", ""]]));
	return [
		verdicts(withoutCrc(dsmr5)),
		verdicts(withoutCrc(read(host, FLUVIUS))),
		verdicts(read(host, DSMR22)),
		verdicts(noVersion),
		verdicts(dsmr5, noVersion, dsmr5),
	].join("\n");
}

const FLUVIUS_EDITS: readonly (readonly (readonly [string, string])[])[] = [
	[
		["1-0:1.7.0", "1-0:1.7.0(99999.000*kW)"],
		["1-0:1.6.0", "1-0:1.6.0(200509134558S)(99999.000*kW)"],
	],
	[
		["1-0:1.7.0", "1-0:1.7.0(91.080*kW)"],
		["1-0:2.7.0", "1-0:2.7.0(91.081*kW)"],
		["1-0:31.7.0", "1-0:31.7.0(120*A)"],
		["1-0:51.7.0", "1-0:51.7.0(121*A)"],
	],
	[
		["0-0:17.0.0", "0-0:17.0.0(010.0*kW)"],
		["1-0:1.7.0", "1-0:1.7.0(15.001*kW)"],
		["1-0:1.6.0", "1-0:1.6.0(200509134558S)(20.000*kW)"],
	],
	[
		["1-0:31.4.0", "1-0:31.4.0(040*A)"],
		["1-0:41.7.0", ""],
		["1-0:61.7.0", ""],
		["1-0:42.7.0", ""],
		["1-0:62.7.0", ""],
		["1-0:52.7.0", ""],
		["1-0:72.7.0", ""],
		["1-0:51.7.0", ""],
		["1-0:71.7.0", ""],
		["1-0:1.7.0", "1-0:1.7.0(15.181*kW)"],
	],
	[
		["1-0:32.7.0", "1-0:32.7.0(441.0*V)"],
		["1-0:52.7.0", "1-0:52.7.0(000.0*V)"],
		["1-0:22.7.0", "1-0:22.7.0(-01.000*kW)"],
	],
];

/** One reused Reading through every edit, as on the device: a rejection must not outlive its telegram. */
function limits(host: XsHost): string {
	const fluvius = read(host, FLUVIUS);
	const reading = newReading();
	const lines: string[] = [];
	const framer = new Framer({
		onFrame(f) {
			parseTelegram(f.bytes, f.start, f.end, f.crc, reading);
			lines.push(toJson(reading));
		},
	});
	for (const changes of FLUVIUS_EDITS) {
		framer.push(edited(fluvius, changes));
		framer.push(fluvius);
	}
	return lines.join("\n");
}

export const cases: readonly XsCase[] = [
	{ name: "CRC rule: missing CRC by protocol version and after a valid one", run: crcRule },
	{ name: "impossible values rejected, one Reading reused", run: limits },
];
