// The rules that keep the project easy to change (docs/architecture.md, "Layers and layout"): src/core imports nothing
// outside src/core (no node:*, no Moddable module, no DOM), and the Moddable manifest knows every
// core module, since mcconfig's wildcard preloads do not match .ts files.

import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const CORE = path.join(ROOT, "src/core");

function tsFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
	});
}

const IMPORT =
	/^\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

const files = tsFiles(CORE);

test("src/core has modules", () => {
	expect(files.length).toBeGreaterThan(20);
});

test.each(files.map((f) => [path.relative(ROOT, f)]))("%s imports only from src/core", (rel) => {
	const file = path.join(ROOT, rel);
	const source = fs.readFileSync(file, "utf8");
	for (const m of source.matchAll(IMPORT)) {
		const spec = m[1] ?? m[2] ?? m[3];
		expect(spec.startsWith(".")).toBe(true); // a bare name would be a host module
		const target = path.resolve(path.dirname(file), spec);
		expect(path.relative(CORE, target).startsWith("..")).toBe(false);
		expect(fs.existsSync(`${target}.ts`)).toBe(true);
	}
});

test("the Moddable manifest maps and preloads every core module, and nothing that is gone", () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "manifest.json"), "utf8"));
	const names = files
		.map((f) => "core/" + path.relative(CORE, f).replace(/\.ts$/, "").split(path.sep).join("/"))
		.sort();
	const preloaded = (manifest.preload as string[]).filter((n) => n.startsWith("core/")).sort();
	expect(preloaded).toEqual(names);
	const mapped = Object.keys(manifest.modules).filter((k) => k.startsWith("core/"));
	for (const n of names) expect(mapped).toContain(n.replace(/[^/]+$/, "*"));
});

// The firmware preloads every core module: what a module makes at its top level is linked into
// flash. XS copies an ordinary object to RAM when it is first written, but not the bytes of a
// buffer: a typed array made at module level and written at run time throws "read-only buffer"
// on the device (found by the lin test: every login failed). Such buffers are made at first use.
const MODULE_LEVEL_BUFFER = /^(?:export\s+)?(?:const|let|var)\s[^=]*=\s*new\s+(?:\w+Array|ArrayBuffer|DataView)\s*\(/m;

test("the rule sees a module-level buffer, and not one made inside a function", () => {
	expect(MODULE_LEVEL_BUFFER.test("const ids = new Int32Array(192);")).toBe(true);
	expect(MODULE_LEVEL_BUFFER.test("export const SCRATCH: Uint8Array = new Uint8Array(64);")).toBe(true);
	expect(MODULE_LEVEL_BUFFER.test("function f() {\n\tconst a = new Uint8Array(4);\n}")).toBe(false);
	expect(MODULE_LEVEL_BUFFER.test("let ids: Int32Array | undefined;")).toBe(false);
});

test.each(files.map((f) => [path.relative(ROOT, f)]))("%s makes no buffer at module level", (rel) => {
	expect(fs.readFileSync(path.join(ROOT, rel), "utf8")).not.toMatch(MODULE_LEVEL_BUFFER);
});
