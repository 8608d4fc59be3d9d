// `npm run decode -- [FILE]`: what a meter sends, as one JSON line per telegram found in a byte
// stream (a capture file, or stdin: `cat /dev/ttyUSB0 | npm run decode`), each object named from
// the catalog; `--pretty` prints each telegram as a table for people instead. A telegram cut off
// at the end of the input is printed last, marked incomplete. Framer drops go to stderr.

import { createReadStream } from "node:fs";
import { type DecodedTelegram, type DecodedValue, decodeTelegram } from "../../core/dsmr/decode";
import { Framer, type FramerStats } from "../../core/dsmr/framer";

const USAGE = "usage: npm run decode -- [FILE] [--pretty] [--max-size BYTES]   (reads stdin without FILE)";

interface Options {
	file?: string;
	maxSize?: number;
	pretty: boolean;
}

function parse(argv: readonly string[]): Options | string {
	let file: string | undefined;
	let maxSize: number | undefined;
	let pretty = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === "--help" || arg === "-h") return USAGE;
		if (arg === "--pretty") pretty = true;
		else if (arg === "--max-size") {
			maxSize = Number(argv[++i]);
			if (!Number.isInteger(maxSize) || maxSize < 16) return "--max-size needs a whole number >= 16";
		} else if (arg.startsWith("-") && arg !== "-") return `unknown option ${arg}\n${USAGE}`;
		else if (file === undefined) file = arg;
		else return `one file at a time\n${USAGE}`;
	}
	return { file: file === "-" ? undefined : file, maxSize, pretty };
}

type Row = [code: string, name: string, value: string, unit: string, time: string];

function shown(value: unknown): string {
	if (value === null || value === undefined) return "";
	return typeof value === "string" ? value : JSON.stringify(value);
}

/** Rows of one object: one, or one per entry of a log (13-month peaks, power failures). */
function rowsOf(code: string, v: DecodedValue): Row[] {
	const name = shown(v.name);
	const entries = v.entries as DecodedValue[] | undefined;
	if (entries !== undefined) {
		const rows: Row[] = [[code, name, `entries: ${shown(v.count)}`, "", ""]];
		entries.forEach((e, i) =>
			rows.push([
				"",
				`  ${i + 1}`,
				shown(e.value ?? e.duration),
				shown(e.unit),
				shown(e.occurredIsoUtc ?? e.timestampIsoUtc),
			]),
		);
		return rows;
	}
	const value = v.text ?? v.value ?? (v.raw as string[]).join(" ");
	return [[code, name, shown(value), shown(v.unit), shown(v.isoUtc ?? v.timestampIsoUtc)]];
}

/** One telegram as an aligned table: OBIS code, name, value, unit, UTC time of time-stamped values. */
function prettyTelegram(t: DecodedTelegram): string {
	const state = t.complete ? `CRC ${t.crc.verdict}` : "incomplete";
	const rows: Row[] = [];
	for (const [code, v] of Object.entries(t.objects)) rows.push(...rowsOf(code, v));
	for (const line of t.unknownLines) rows.push(["?", "unknown line", line, "", ""]);
	const widths = [0, 1, 2, 3].map((c) => Math.max(0, ...rows.map((r) => r[c].length)));
	const lines = rows.map((r) =>
		r
			.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]) : cell))
			.join("  ")
			.trimEnd(),
	);
	return [`${t.header}  (${state}, offset ${t.offset})`, ...lines, ""].join("\n");
}

function report(stats: Readonly<FramerStats>): void {
	const parts: string[] = [`${stats.frames} telegram(s), ${stats.crcErrors} with a bad CRC`];
	if (stats.crcMissing) parts.push(`${stats.crcMissing} without the CRC their protocol has`);
	if (stats.overflows) parts.push(`${stats.overflows} dropped for exceeding the size limit`);
	if (stats.truncated) parts.push(`${stats.truncated} cut off by the next telegram`);
	if (stats.garbage) parts.push(`${stats.garbage} byte(s) outside telegrams skipped`);
	process.stderr.write(`decode: ${parts.join(", ")}\n`);
}

function main(): void {
	const args = parse(process.argv.slice(2));
	if (typeof args === "string") {
		process.stderr.write(args + "\n");
		process.exitCode = args === USAGE ? 0 : 2;
		return;
	}
	const format = args.pretty ? prettyTelegram : (t: DecodedTelegram) => JSON.stringify(t);
	const out = (t: DecodedTelegram) => process.stdout.write(format(t) + "\n");
	const framer = new Framer({ maxSize: args.maxSize, onFrame: (frame) => out(decodeTelegram(frame)) });
	const input = args.file === undefined ? process.stdin : createReadStream(args.file);
	input.on("data", (chunk: Buffer | string) =>
		framer.push(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk),
	);
	input.on("error", (error: Error) => {
		process.stderr.write(`decode: ${error.message}\n`);
		process.exitCode = 1;
	});
	input.on("end", () => {
		const tail = framer.flush();
		if (tail !== undefined) out(decodeTelegram(tail));
		report(framer.stats);
		framer.close();
	});
}

main();
