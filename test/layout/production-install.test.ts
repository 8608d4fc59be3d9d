// `npm start` must work after a production-only install (`npm ci --omit=dev`, as a service on a
// Pi is installed) and on a machine without a C compiler. So every package that `npm start` and
// `npm run decode` load at run time is a dependency, not a devDependency, and nothing the
// production install brings compiles C: the XS engine stays in tools/xs (scripts/xs/tools.mjs).

import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
	scripts: Record<string, string>;
	dependencies: Record<string, string>;
	devDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
	packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
};

// Value imports only: `import type` is erased and loads nothing.
const IMPORT =
	/^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

function moduleFile(from: string, spec: string): string | undefined {
	const base = path.resolve(path.dirname(from), spec);
	for (const candidate of [base, `${base}.ts`, base.replace(/\.js$/, ".ts"), path.join(base, "index.ts")])
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	return undefined;
}

/** The npm packages a module graph loads, each with one file that imports it. */
function packagesOf(entries: readonly string[]): Map<string, string> {
	const packages = new Map<string, string>();
	const seen = new Set<string>();
	const todo = entries.map((e) => path.join(ROOT, e));
	while (todo.length > 0) {
		const file = todo.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
			const spec = m[1] ?? m[2] ?? m[3];
			if (spec.startsWith("node:")) continue;
			if (spec.startsWith(".")) {
				const next = moduleFile(file, spec);
				if (!next) throw new Error(`${path.relative(ROOT, file)}: cannot resolve ${spec}`);
				todo.push(next);
				continue;
			}
			const parts = spec.split("/");
			const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
			if (!packages.has(name)) packages.set(name, path.relative(ROOT, file));
		}
	}
	return packages;
}

/** The runner of the scripts (`tsx src/hosts/node/main.ts` -> tsx). */
function runnerOf(script: string): string {
	return pkg.scripts[script].split(" ")[0];
}

test("the graph walk finds a package behind a relative import, and skips type-only imports", () => {
	const found = packagesOf(["src/hosts/node/main.ts"]);
	expect(found.get("serialport")).toBe("src/hosts/node/serial-source.ts"); // main -> ... -> serial-source
	expect([...found.keys()].filter((n) => n.startsWith("@types/"))).toEqual([]);
});

test("every package npm start and npm run decode load is a dependency, not a devDependency", () => {
	// the dashboard (web/) is bundled by esbuild when npm start begins: its imports are needed too
	const needed = packagesOf(["src/hosts/node/main.ts", "src/hosts/node/decode.ts", "web/app.ts"]);
	needed.set(runnerOf("start"), "package.json scripts.start");
	needed.set(runnerOf("decode"), "package.json scripts.decode");
	const missing = [...needed].filter(([name]) => !(name in pkg.dependencies)).map(([n, by]) => `${n} (${by})`);
	expect(missing).toEqual([]);
});

test("the production install compiles nothing: only prebuilt binaries, and no XS engine", () => {
	// esbuild picks a prebuilt binary package; @serialport/bindings-cpp ships prebuilds for
	// Windows, macOS and Linux on x64, arm and arm64 and builds only when none fits
	const prebuilt = ["node_modules/esbuild", "node_modules/@serialport/bindings-cpp"];
	const scripted = Object.entries(lock.packages)
		.filter(([name, p]) => name !== "" && !p.dev && p.hasInstallScript)
		.map(([name]) => name);
	expect(scripted.sort()).toEqual(prebuilt.sort());
	expect(Object.keys(lock.packages).filter((name) => name.includes("xsnap"))).toEqual([]);
	// nor does the root package install tools/xs as a step of its own install
	const lifecycle = ["preinstall", "install", "postinstall", "prepare"].filter((s) => s in pkg.scripts);
	expect(lifecycle).toEqual([]);
	expect(Object.keys(pkg.dependencies)).not.toContain("@agoric/xsnap");
});
