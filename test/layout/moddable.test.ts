// The Moddable manifest knows every module of the firmware's host: mcconfig's wildcard preloads do
// not match .ts files, and a module missing from the map is skipped without a word (the app then
// stops at launch). Each platform maps "host/open-platform" to a file that exists.

import fs from "node:fs";
import path from "node:path";
import { sdkToolsDir } from "../../scripts/moddable-build";

const ROOT = path.resolve(__dirname, "../..");
const HOST = path.join(ROOT, "src/hosts/moddable");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "manifest.json"), "utf8"));

test("every module of src/hosts/moddable is mapped and preloaded", () => {
	const modules = (dir: string) =>
		fs
			.readdirSync(path.join(HOST, dir))
			.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "main.ts")
			.map((f) => "host/" + dir + f.slice(0, -3));
	const names = [...modules(""), ...modules("net/")];
	expect(names.length).toBeGreaterThan(4);
	expect(manifest.modules["host/*"]).toBe("./src/hosts/moddable/*");
	expect(manifest.modules["host/net/*"]).toBe("./src/hosts/moddable/net/*");
	const preloaded = (manifest.preload as string[]).filter((n) => n.startsWith("host/") && n !== "host/open-platform");
	expect(preloaded.sort()).toEqual(names.sort());
	expect(manifest.preload).toContain("main");
	expect(manifest.preload).toContain("host/open-platform");
});

test("the lin platform maps host/open-platform to a file that exists", () => {
	const file = manifest.platforms.lin.modules["host/open-platform"] as string;
	expect(fs.existsSync(path.join(ROOT, file + ".ts"))).toBe(true);
});

test("the firmware reports the package's version", () => {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
	expect(manifest.config.version).toBe(pkg.version);
});

test("the build finds the SDK's tools in the folder of the machine it runs on", () => {
	// the SDK builds its tools into build/bin/<lin|mac|win>/release (its makefiles per host)
	expect(sdkToolsDir("/sdk", "linux")).toBe(path.join("/sdk", "build", "bin", "lin", "release"));
	expect(sdkToolsDir("/sdk", "darwin")).toBe(path.join("/sdk", "build", "bin", "mac", "release"));
	expect(sdkToolsDir("/sdk", "win32")).toBe(path.join("/sdk", "build", "bin", "win", "release"));
	expect(sdkToolsDir("/sdk", "aix")).toBeUndefined();
});
