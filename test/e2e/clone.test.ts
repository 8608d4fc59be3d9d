// A fresh clone of HEAD, alone in a temporary directory (no sibling folder of any kind beside
// it), must install from its lockfile and pass `npm test` on its own: this is what catches a
// file read from outside the repository, a fixture that was never committed, or a tool that only
// works because this checkout has it installed. It doubles the suite's time, on purpose.
//
// The clone's own `npm test` runs this file too; INSIDE_CLONE stops that recursion there, and
// jest.config.cjs leaves the few slow suites that prove behaviour, not completeness, to the outer run.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const INSIDE_CLONE = "DMM_INSIDE_CLONE_TEST";
const TIMEOUT_MS = 45 * 60_000;
const TAIL_LINES = 300;

interface Run {
	code: number | null;
	output: string;
}

/**
 * The environment of the outer `npm test` minus what would tie the clone to this checkout:
 * npm's and jest's own variables, and PATH entries inside this repository (its node_modules/.bin).
 */
function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(npm_|JEST_|INIT_CWD$|NODE_ENV$)/i.test(key)) continue;
		env[key] = value;
	}
	env.PATH = (process.env.PATH ?? "")
		.split(path.delimiter)
		.filter((dir) => path.relative(ROOT, dir).startsWith(".."))
		.join(path.delimiter);
	env[INSIDE_CLONE] = "1";
	env.npm_config_prefer_offline = "true"; // also for the tools/xs install that npm test starts
	return env;
}

/** Runs a command in its own process group (killed whole on timeout), stdout and stderr merged. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, deadline: number): Promise<Run> {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
		const chunks: Buffer[] = [];
		child.stdout.on("data", (b: Buffer) => chunks.push(b));
		child.stderr.on("data", (b: Buffer) => chunks.push(b));
		const timer = setTimeout(
			() => {
				chunks.push(Buffer.from(`\n[clone test: ${command} ${args.join(" ")} killed after the deadline]\n`));
				try {
					process.kill(-child.pid!, "SIGKILL");
				} catch {
					// already gone
				}
			},
			Math.max(0, deadline - Date.now()),
		);
		child.on("error", (e) => chunks.push(Buffer.from(`\n[clone test: ${e.message}]\n`)));
		child.on("close", (code) => {
			clearTimeout(timer);
			resolve({ code, output: Buffer.concat(chunks).toString("utf8") });
		});
	});
}

function git(args: string[], cwd: string): string {
	const r = spawnSync("git", args, { cwd, encoding: "utf8" });
	if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr || r.error}`);
	return r.stdout.trim();
}

function tail(text: string): string {
	const lines = text.split("\n");
	return lines.length <= TAIL_LINES
		? text
		: `[... ${lines.length - TAIL_LINES} lines before]\n` + lines.slice(-TAIL_LINES).join("\n");
}

if (process.env[INSIDE_CLONE]) {
	const reason = `skipped: this run is the clone test's own clone (${INSIDE_CLONE} is set), and a clone of a clone would never end`;
	console.log(`clone test ${reason}`);
	test.skip(`a fresh clone installs and passes npm test (${reason})`, () => {});
} else {
	test(
		"a fresh clone of HEAD, with nothing beside it, installs and passes npm test",
		async () => {
			const deadline = Date.now() + TIMEOUT_MS - 60_000;
			const head = git(["rev-parse", "HEAD"], ROOT);
			const dirty = git(["status", "--porcelain", "--untracked-files=no"], ROOT);
			if (dirty) console.log(`clone test: uncommitted changes are not in the clone, it tests ${head}`);
			const parent = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-clone-"));
			const repo = path.join(parent, "repo");
			git(["clone", "--quiet", "--no-checkout", ROOT, repo], parent);
			git(["checkout", "--quiet", "--detach", head], repo);
			expect(fs.readdirSync(parent)).toEqual(["repo"]);

			const env = cleanEnv();
			const steps: [string, string[]][] = [
				["npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"]],
				["npm", ["test"]],
			];
			let log = "";
			for (const [command, args] of steps) {
				const r = await run(command, args, repo, env, deadline);
				log += `$ ${command} ${args.join(" ")}\n${r.output}\n`;
				if (r.code !== 0) {
					fs.writeFileSync(path.join(parent, "output.log"), log);
					throw new Error(
						`in a clone of ${head} at ${repo}, \`${command} ${args.join(" ")}\` exited with ${r.code}` +
							` (whole output: ${path.join(parent, "output.log")}; the clone is kept)\n\n${tail(log)}`,
					);
				}
			}
			// The last line of scripts/xs-check.mjs, so the XS half ran in the clone too.
			expect(log).toMatch(/^xs: [1-9]\d* passed, 0 failed$/m);
			fs.rmSync(parent, { recursive: true, force: true });
		},
		TIMEOUT_MS,
	);
}
