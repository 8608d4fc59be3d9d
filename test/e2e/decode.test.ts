// `npm run decode`: one JSON line per telegram of a capture, the same from a file and from stdin,
// a cut-off tail marked incomplete, and the framer's verdicts on stderr.

import fs from "node:fs";
import path from "node:path";
import { CORPUS_DIR, corpusJson } from "../helpers/corpus";
import type { ExpectedStream } from "../helpers/corpus";
import { bundleHost, runHost } from "./host";

let bundle: string;
beforeAll(() => {
	bundle = bundleHost("src/hosts/node/decode.ts");
});
afterAll(() => fs.rmSync(path.dirname(bundle), { recursive: true, force: true }));

interface Line {
	offset: number;
	length: number;
	complete: boolean;
	header: string;
	crc: { verdict: string };
	objects: Record<string, { value?: unknown; isoUtc?: string | null }>;
}

test("decodes a capture file: every complete telegram, then the cut-off tail", async () => {
	const file = path.join(CORPUS_DIR, "dsmrhub/example-stream.txt");
	const expected = corpusJson<ExpectedStream>("dsmrhub/example-stream.expected.json");
	const run = runHost(bundle, [file]);
	expect((await run.exited).code).toBe(0);
	const out = run.output().split("\n");
	const lines = out.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Line);
	const complete = lines.filter((l) => l.complete);
	expect(complete.map((l) => [l.offset, l.crc.verdict])).toEqual(expected.telegrams.map((t) => [t.offset, t.crcValid ? "valid" : "invalid"]));
	expect(lines.at(-1)!.complete).toBe(false);
	expect(complete[0].objects["0-0:1.0.0"].isoUtc).toMatch(/^2022-12-20T\d\d:\d\d:\d\dZ$/);
	expect(run.output()).toContain(`decode: ${expected.telegrams.length} telegram(s), 0 with a bad CRC`);
});

test("reads stdin when no file is given", async () => {
	const file = path.join(CORPUS_DIR, "arduino-dsmr-fluvius/voorbeelden-stream.txt");
	const fromFile = runHost(bundle, [file]);
	await fromFile.exited;
	const child = runHost(bundle, []);
	child.child.stdin?.end(fs.readFileSync(file));
	await child.exited;
	const json = (s: string) => s.split("\n").filter((l) => l.startsWith("{")).join("\n");
	expect(json(child.output())).toBe(json(fromFile.output()));
	expect(child.output().match(/decode: .*/)?.[0]).toBe(fromFile.output().match(/decode: .*/)?.[0]);
});
