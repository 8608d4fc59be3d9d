// A checkout must not depend on what happens to lie next to it or on this machine: no tracked
// file names a sibling folder of the checkout or an absolute path of a build machine. CI's
// own script (.ci/) is the one place allowed to know about its surroundings.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
// Built from pieces so that this file does not match itself.
const FORBIDDEN: readonly [string, RegExp][] = Object.freeze([
	["a sibling of the repository", new RegExp("\\.\\./" + "shared")],
	["a path of the build machine", new RegExp("/" + "work/|/" + "tmp/[a-z]")],
]);

function trackedTextFiles(): string[] {
	const r = spawnSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" });
	if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr || r.error}`);
	return r.stdout.split("\0").filter((f) => f && !f.startsWith(".ci/") && !f.startsWith("test/fixtures/"));
}

test("no tracked file names a path outside the repository", () => {
	const files = trackedTextFiles();
	expect(files.length).toBeGreaterThan(50);
	const hits: string[] = [];
	for (const file of files) {
		const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
		lines.forEach((line, i) => {
			for (const [what, pattern] of FORBIDDEN)
				if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
		});
	}
	expect(hits).toEqual([]);
});

test("the telegram corpus is in the repository, complete", () => {
	const dir = path.join(ROOT, "test/fixtures/telegrams");
	const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")) as {
		telegrams: { path: string; expected: string }[];
		streams: { path: string; expected: string }[];
	};
	const listed = [...index.telegrams, ...index.streams].flatMap((e) => [e.path, e.expected]);
	expect(listed.length).toBe(2 * (83 + 4));
	const tracked = new Set(
		spawnSync("git", ["ls-files", "test/fixtures/telegrams"], { cwd: ROOT, encoding: "utf8" }).stdout.split("\n"),
	);
	expect(listed.filter((f) => !tracked.has(`test/fixtures/telegrams/${f}`))).toEqual([]);
});
