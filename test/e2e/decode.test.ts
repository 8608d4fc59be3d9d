// `npm run decode`: one JSON line per telegram of a capture, the same from a file and from stdin,
// a cut-off tail marked incomplete, and the framer's verdicts on stderr.

import fs from "node:fs";
import path from "node:path";
import type { ExpectedStream } from "../helpers/corpus";
import { CORPUS_DIR, corpusJson } from "../helpers/corpus";
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
	expect(complete.map((l) => [l.offset, l.crc.verdict])).toEqual(
		expected.telegrams.map((t) => [t.offset, t.crcValid ? "valid" : "invalid"]),
	);
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
	const json = (s: string) =>
		s
			.split("\n")
			.filter((l) => l.startsWith("{"))
			.join("\n");
	expect(json(child.output())).toBe(json(fromFile.output()));
	expect(child.output().match(/decode: .*/)?.[0]).toBe(fromFile.output().match(/decode: .*/)?.[0]);
});

test("names every object of the catalog in the JSON", async () => {
	const run = runHost(bundle, [path.join(CORPUS_DIR, "ndokter-dsmr_parser/fluvius-v171.txt")]);
	expect((await run.exited).code).toBe(0);
	const line = JSON.parse(
		run
			.output()
			.split("\n")
			.find((l) => l.startsWith("{"))!,
	) as { objects: Record<string, { name?: string }> };
	const names = Object.fromEntries(Object.entries(line.objects).map(([code, v]) => [code, v.name]));
	expect(names["1-0:1.8.1"]).toBe("import, tariff 1");
	expect(names["1-0:2.8.2"]).toBe("export, tariff 2");
	expect(names["1-0:52.7.0"]).toBe("voltage L2");
	expect(names["0-1:24.2.3"]).toBe("M-Bus 1: meter reading, temperature-corrected");
	expect(names["0-2:24.1.0"]).toBe("M-Bus 2: device type");
	// every object of this eMUCS telegram is one the catalog knows
	expect(Object.entries(names).filter(([, name]) => name === undefined)).toEqual([]);
});

test("--pretty prints a telegram as an aligned table of name, value and unit", async () => {
	const run = runHost(bundle, ["--pretty", path.join(CORPUS_DIR, "ndokter-dsmr_parser/fluvius-v171.txt")]);
	expect((await run.exited).code).toBe(0);
	const lines = run.output().split("\n");
	expect(lines[0]).toBe("/FLU5\\253769484_A  (CRC valid, offset 0)");
	const row = (code: string) => lines.find((l) => l.startsWith(code + " "))!;
	expect(row("1-0:1.8.2").split(/\s{2,}/)).toEqual(["1-0:1.8.2", "import, tariff 2", "15.758", "kWh"]);
	expect(row("1-0:1.6.0").split(/\s{2,}/)).toEqual([
		"1-0:1.6.0",
		"peak demand, this month",
		"2.589",
		"kW",
		"2020-05-09T11:45:58Z",
	]);
	// aligned: every value starts in the same column
	const at = (l: string) => l.indexOf(l.split(/\s{2,}/)[2]);
	expect(at(row("0-0:96.14.0"))).toBe(at(row("1-0:1.8.2")));
	expect(lines.filter((l) => l.startsWith("{"))).toEqual([]);
});
