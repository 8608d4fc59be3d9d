// `npm run bench`: our parser against the npm P1 parsers on the same telegrams, in one table:
// telegrams/s in Node, and computrons, allocated slots and microseconds per telegram in XS
// (xsnap, the engine of the device). Figures only, no pass/fail: the goals are printed beside
// them. The XS half runs in a child process (scripts/bench/xs-run.mjs; see its header for
// the method) because xsnap needs a locked-down realm.

import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiSection } from "./bench/api";
import { measureRates } from "./bench/node-rate";
import { pipelineSections } from "./bench/pipeline";
import { type Subject, subjects } from "./bench/subjects";
import { group, renderTable } from "./bench/table";
import { CORPUS, loadSet, SETS, type TelegramSet } from "./bench/telegrams";
import { webSection } from "./bench/web";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const GOALS = Object.freeze({ nodeRatio: 5, computrons: 105_000, slots: 50, us: 300 });
const RATE = Object.freeze({ warmupMs: 400, rounds: 7, roundMs: 150 });

interface XsRow {
	set: string;
	subject: string;
	check?: number[];
	computrons?: number;
	deterministic?: boolean;
	slots?: number;
	slotBatch?: number;
	us?: number;
	timeBatch?: number;
	error?: string;
}

interface NodeRow {
	perSecond: number;
	check: number[];
	error?: string;
}

function firstLine(e: unknown): string {
	return String(e instanceof Error ? e.message : e).split("\n")[0];
}

/**
 * Checks every subject once per telegram, then times them all, taking turns (node-rate.ts).
 * p1-reader writes every line it does not know to console.error; printing would dominate its
 * time and flood the table, so console.error is silenced meanwhile (in that peer's favour).
 */
function nodeRows(telegrams: Uint8Array[]): NodeRow[] {
	const error = console.error;
	console.error = () => {};
	try {
		const rows: NodeRow[] = [];
		const parsers = subjects.map((subject) => {
			try {
				const parse = subject.prepare(telegrams);
				const check = telegrams.map(() => {
					const result = parse();
					return subject.importT1kWh ? subject.importT1kWh(result) : NaN;
				});
				rows.push({ perSecond: NaN, check });
				return parse;
			} catch (e) {
				rows.push({ perSecond: NaN, check: [], error: firstLine(e) });
				return undefined;
			}
		});
		const rates = measureRates(parsers, RATE);
		rows.forEach((row, i) => (row.perSecond = rates[i]));
		return rows;
	} finally {
		console.error = error;
	}
}

function runXs(sets: readonly TelegramSet[]): { rows: XsRow[]; error?: string } {
	const arg = JSON.stringify(sets.map((s) => ({ title: s.title, files: s.files.map((f) => path.join(CORPUS, f)) })));
	const child = spawnSync(process.execPath, [path.join(HERE, "bench/xs-run.mjs"), arg], {
		encoding: "utf8",
		maxBuffer: 64 * 1024 * 1024,
		stdio: ["ignore", "pipe", "inherit"],
	});
	const line = child.stdout.split("\n").find((l) => l.startsWith("XS-BENCH "));
	if (!line) return { rows: [], error: `xs-run.mjs exited with ${child.status} and no figures` };
	return { rows: JSON.parse(line.slice("XS-BENCH ".length)) as XsRow[] };
}

/** "ok" when the subject read the same 1-0:1.8.1 as ours on every telegram of the set. */
function checkCell(check: number[] | undefined, reference: number[], subject: Subject): string {
	if (!subject.importT1kWh) return "-";
	if (!check || check.length === 0) return "n/a";
	return check.every((v, i) => Math.abs(v - reference[i]) < 1e-9) ? "ok" : "differs";
}

function goal(value: number, limit: number, atMost: boolean): string {
	if (!Number.isFinite(value)) return "not measured";
	return (atMost ? value <= limit : value >= limit) ? "met" : "NOT met";
}

function section(set: TelegramSet, telegrams: Uint8Array[], node: NodeRow[], xs: XsRow[]): string[] {
	const bytes = telegrams.reduce((n, t) => n + t.length, 0) / telegrams.length;
	const files = set.files.length === 1 ? set.files[0] : `${set.files.length} files`;
	const oursNode = node[0];
	const oursXs = xs.find((r) => r.subject === subjects[0].name);
	const peers = subjects.map((s, i) => ({ s, i })).filter(({ s, i }) => i > 0 && !s.baseline);
	const fastest = Math.max(...peers.map(({ i }) => node[i].perSecond).filter(Number.isFinite));
	const ratio = oursNode.perSecond / fastest;

	const rows = subjects.map((subject, i) => {
		const n = node[i];
		const x = xs.find((r) => r.subject === subject.name);
		const xsCells = !x
			? ["-", "-", "-"]
			: x.error
				? [`n/a: ${x.error}`, "", ""]
				: [group(x.computrons!) + (x.deterministic ? "" : "*"), group(x.slots!, 1), group(x.us!, 1)];
		return [
			subject.name,
			n.error ? `n/a: ${n.error}` : checkCell(n.check, oursNode.check, subject),
			group(n.perSecond),
			i === 0 || subject.baseline || !Number.isFinite(n.perSecond)
				? ""
				: `${(oursNode.perSecond / n.perSecond).toFixed(1)}x`,
			...xsCells,
			x && !x.error && subject.importT1kWh ? checkCell(x.check, oursNode.check, subject) : "",
		];
	});
	const table = renderTable(
		["parser", "check", "Node tel/s", "ours is", "XS computrons/tel", "XS slots/tel", "XS us/tel", "XS check"],
		rows,
		2,
	);
	return [
		`${set.title}: ${files}, ${group(bytes)} B per telegram on average`,
		table,
		`goals: Node >= ${GOALS.nodeRatio}x fastest peer: ${ratio.toFixed(1)}x (${goal(ratio, GOALS.nodeRatio, false)}); ` +
			`XS <= ${group(GOALS.computrons)} computrons: ${group(oursXs?.computrons ?? NaN)} (${goal(oursXs?.computrons ?? NaN, GOALS.computrons, true)}), ` +
			`<= ${GOALS.slots} slots: ${group(oursXs?.slots ?? NaN, 1)} (${goal(oursXs?.slots ?? NaN, GOALS.slots, true)}), ` +
			`<= ${GOALS.us} us: ${group(oursXs?.us ?? NaN, 1)} (${goal(oursXs?.us ?? NaN, GOALS.us, true)})`,
	];
}

async function main(): Promise<void> {
	const loaded = SETS.map((set) => ({ set, telegrams: loadSet(set) }));
	const node = loaded.map(({ telegrams }) => nodeRows(telegrams));
	const xs = runXs(SETS);

	const out: string[] = [];
	// Times (not computrons or slots) move with whatever else runs on the machine: say how busy it was.
	const load = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`;
	out.push(
		`Parser bench: Node ${process.version}, XS via @agoric/xsnap, ${load}; median of ${RATE.rounds} rounds (Node) and 11 batches (XS) after warm-up`,
	);
	loaded.forEach(({ set, telegrams }, s) => {
		out.push(
			"",
			...section(
				set,
				telegrams,
				node[s],
				xs.rows.filter((r) => r.set === set.title),
			),
		);
	});
	if (xs.error) out.push("", `XS: ${xs.error}`);
	out.push(
		"",
		"check: the subject's 1-0:1.8.1 equals ours on every telegram of the set. ours is: our telegrams/s over theirs.",
		"XS slots: allocated per telegram, garbage included (computrons marked * were not identical across two runs).",
		...subjects.map((s) => `  ${s.note}`),
	);
	for (const extra of [...pipelineSections, apiSection, webSection]) out.push("", extra.title, ...(await extra.run()));
	console.log(out.join("\n"));
}

main().catch((e) => {
	console.error(e);
	process.exitCode = 1;
});
