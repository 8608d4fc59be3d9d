import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tmpPathOf } from "../../src/core/history/atomic";
import { History } from "../../src/core/history/history";
import { dayPath } from "../../src/core/history/paths";
import { FsStore } from "../../src/hosts/node/fs-store";
import { localMidnight, QUARTER_MS, series } from "./factory";

let base: string;
let root: string;

beforeEach(() => {
	base = fs.mkdtempSync(path.join(os.tmpdir(), "fs-store-"));
	root = path.join(base, "data");
});

afterEach(() => {
	fs.rmSync(base, { recursive: true, force: true });
});

describe("FsStore", () => {
	test("write, read, rename over, remove, list", () => {
		const s = new FsStore(root);
		expect(s.read("/meter/2026/03/29/day.json")).toBeUndefined();
		expect(s.list("/meter/")).toEqual([]);
		s.write("/meter/2026/03/29/day.tmp", "new é€");
		s.write("/meter/2026/03/29/day.json", "old");
		s.rename("/meter/2026/03/29/day.tmp", "/meter/2026/03/29/day.json");
		expect(s.read("/meter/2026/03/29/day.json")).toBe("new é€");
		expect(fs.readFileSync(path.join(root, "meter/2026/03/29/day.json"), "utf8")).toBe("new é€");
		expect(s.list("/meter/2026/03/29/")).toEqual(["day.json"]);
		expect(s.list("/meter/2026/03/29")).toEqual(["day.json"]);
		expect(s.list("/meter/")).toEqual(["2026/"]);
		expect(s.list("/").sort()).toEqual(["meter/"]);
		s.write("/meter/2026/03/29/day.json", "truncated");
		expect(s.read("/meter/2026/03/29/day.json")).toBe("truncated");
		s.remove("/meter/2026/03/29/day.json");
		s.remove("/meter/2026/03/29/day.json"); // no error when absent
		expect(s.read("/meter/2026/03/29/day.json")).toBeUndefined();
		expect(s.read("/meter/2026/03/29")).toBeUndefined(); // a directory is not a file
		expect(s.list("/meter/2026/03/29/day.json")).toEqual([]);
	});

	test.each([
		"",
		"meter/x.json",
		"/",
		"/..",
		"/../x",
		"/meter/../../x",
		"/meter/2026/../../../etc/passwd",
		"/./x",
		"/meter//x",
		"/meter/..\\..\\x",
		"/meter/x\0.json",
		"/meter/%2e%2e/x",
	])("refuses %j outside or ambiguous", (p) => {
		const s = new FsStore(root);
		if (p === "/meter/%2e%2e/x") {
			// not an escape: "%2e%2e" is an ordinary name on disk, and stays inside the root
			s.write(p, "x");
			expect(fs.existsSync(path.join(root, "meter", "%2e%2e", "x"))).toBe(true);
			return;
		}
		expect(() => s.write(p, "x")).toThrow(RangeError);
		expect(() => s.read(p)).toThrow(RangeError);
		expect(() => s.rename("/a", p)).toThrow(RangeError);
		expect(() => s.remove(p)).toThrow(RangeError);
		expect(fs.readdirSync(base)).toEqual(["data"]);
	});

	test("list of the root is allowed, escapes are not", () => {
		const s = new FsStore(root);
		expect(s.list("/")).toEqual([]);
		expect(() => s.list("/..")).toThrow(RangeError);
		expect(() => s.list("/../")).toThrow(RangeError);
	});

	test("History works on it, and recovers a rename cut short", () => {
		const sd = new FsStore(path.join(root, "sd"));
		const state = new FsStore(path.join(root, "state"));
		const h = new History({ sd, state });
		const s = series(localMidnight(2026, 3, 29), localMidnight(2026, 3, 29) + 12 * QUARTER_MS, 4);
		for (const r of s.records) h.writeQuarter(r);
		const good = sd.read(dayPath(2026, 3, 29));
		// what a cut between the FAT adapter's remove and rename leaves
		fs.renameSync(
			path.join(root, "sd/meter/2026/03/29/day.json"),
			path.join(root, "sd", tmpPathOf("/meter/2026/03/29/day.json")),
		);
		fs.writeFileSync(path.join(root, "sd/meter/2026/03/29/0300S.tmp"), '{"quarter_id":');
		const report = new History({ sd, state }).recover();
		expect(report.finished).toEqual([dayPath(2026, 3, 29)]);
		expect(report.discarded).toEqual(["/meter/2026/03/29/0300S.json"]);
		expect(sd.read(dayPath(2026, 3, 29))).toBe(good);
		expect(fs.readdirSync(path.join(root, "sd/meter/2026/03/29")).filter((n) => !n.endsWith(".json"))).toEqual([]);
	});

	test("SIGKILL during atomic writes leaves the old or the new file", async () => {
		const target = "/f.json";
		const child = `
			const { FsStore } = require(${JSON.stringify(path.resolve(__dirname, "../../src/hosts/node/fs-store.ts"))});
			const { writeAtomic } = require(${JSON.stringify(path.resolve(__dirname, "../../src/core/history/atomic.ts"))});
			const s = new FsStore(${JSON.stringify(root)});
			process.stdout.write("ready\\n");
			for (let i = 0; ; i++) writeAtomic(s, "${target}", JSON.stringify({ i, pad: "x".repeat(20000 + (i % 7) * 3000) }));
		`;
		for (let round = 0; round < 3; round++) {
			const p = spawn(process.execPath, ["--import", "tsx", "-e", child], { stdio: ["ignore", "pipe", "inherit"] });
			await new Promise<void>((resolve, reject) => {
				p.stdout.once("data", () => resolve());
				p.once("exit", () => reject(new Error("child exited")));
			});
			await new Promise((r) => setTimeout(r, 150 + round * 70));
			p.kill("SIGKILL");
			await new Promise((r) => p.once("exit", r));
			// rename(2) replaces atomically: the target is always a complete version
			const v = JSON.parse(new FsStore(root).read(target)!) as { i: number; pad: string };
			expect(v.pad.length).toBe(20000 + (v.i % 7) * 3000);
		}
	}, 60000);
});
