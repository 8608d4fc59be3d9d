// The lock on the data directory: one monitor per directory, stale locks taken over.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LOCK_NAME, lockDir } from "../../src/hosts/node/lock";

let work: string;
beforeEach(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-lock-"));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const lockFile = (dir: string) => path.join(dir, LOCK_NAME);

test("creates a missing directory with our pid, and release removes both", () => {
	const dir = path.join(work, "a", "data");
	const lock = lockDir(dir);
	expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(`${process.pid}\n`);
	lock.release();
	expect(fs.existsSync(path.join(work, "a"))).toBe(false);
});

test("release keeps a directory that existed, and one that holds files", () => {
	const lock = lockDir(work);
	lock.release();
	expect(fs.readdirSync(work)).toEqual([]);
	const dir = path.join(work, "new");
	const second = lockDir(dir);
	fs.writeFileSync(path.join(dir, "config.json"), "{}");
	second.release();
	expect(fs.readdirSync(dir)).toEqual(["config.json"]);
});

test("a lock held by a running process is refused, naming it, and left alone", () => {
	const other = process.ppid; // runs as long as this test does
	fs.writeFileSync(lockFile(work), `${other}\n`);
	expect(() => lockDir(work)).toThrow(`in use by process ${other}`);
	expect(fs.readFileSync(lockFile(work), "utf8")).toBe(`${other}\n`);
});

test.each([
	["a process that has ended", () => `${spawnSync(process.execPath, ["-e", "0"]).pid}\n`],
	["our own pid (a container restart)", () => `${process.pid}\n`],
	["no pid at all", () => "garbage"],
])("a lock left by %s is taken over", (_, content) => {
	fs.writeFileSync(lockFile(work), content());
	const lock = lockDir(work);
	expect(fs.readFileSync(lockFile(work), "utf8")).toBe(`${process.pid}\n`);
	lock.release();
});

test("an empty lock is another start between create and write, unless it is old", () => {
	fs.writeFileSync(lockFile(work), "");
	expect(() => lockDir(work)).toThrow("another start");
	const old = new Date(Date.now() - 60000);
	fs.utimesSync(lockFile(work), old, old);
	lockDir(work).release();
	expect(fs.existsSync(lockFile(work))).toBe(false);
});
