// `npm run decode -- [FILE]`: what a meter sends, as one JSON line per telegram found in a byte
// stream (a capture file, or stdin: `cat /dev/ttyUSB0 | npm run decode`). A telegram cut off at
// the end of the input is printed last with "complete": false. Framer drops go to stderr.

import { createReadStream } from "node:fs";
import { decodeTelegram } from "../../core/dsmr/decode";
import { Framer, type FramerStats } from "../../core/dsmr/framer";

const USAGE = "usage: npm run decode -- [FILE] [--max-size BYTES]   (reads stdin without FILE)";

function parse(argv: readonly string[]): { file?: string; maxSize?: number } | string {
	let file: string | undefined;
	let maxSize: number | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === "--help" || arg === "-h") return USAGE;
		if (arg === "--max-size") {
			maxSize = Number(argv[++i]);
			if (!Number.isInteger(maxSize) || maxSize < 16) return "--max-size needs a whole number >= 16";
		}
		else if (arg.startsWith("-") && arg !== "-") return `unknown option ${arg}\n${USAGE}`;
		else if (file === undefined) file = arg;
		else return `one file at a time\n${USAGE}`;
	}
	return { file: file === "-" ? undefined : file, maxSize };
}

function report(stats: Readonly<FramerStats>): void {
	const parts: string[] = [`${stats.frames} telegram(s), ${stats.crcErrors} with a bad CRC`];
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
	const out = (line: string) => process.stdout.write(line + "\n");
	const framer = new Framer({ maxSize: args.maxSize, onFrame: (frame) => out(JSON.stringify(decodeTelegram(frame))) });
	const input = args.file === undefined ? process.stdin : createReadStream(args.file);
	input.on("data", (chunk: Buffer | string) => framer.push(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk));
	input.on("error", (error: Error) => {
		process.stderr.write(`decode: ${error.message}\n`);
		process.exitCode = 1;
	});
	input.on("end", () => {
		const tail = framer.flush();
		if (tail !== undefined) out(JSON.stringify(decodeTelegram(tail)));
		report(framer.stats);
		framer.close();
	});
}

main();
