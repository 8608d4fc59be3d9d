// npm run typecheck, the firmware's part: src/hosts/moddable checked strictly against the Moddable
// SDK's own typings ($MODDABLE/typings), the way mcconfig checks it when it builds. The SDK is not
// an npm package here, so the tsconfig is written into build/ with its paths; without the SDK the
// check says so and passes (mcconfig checks again on every firmware build).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const HOST = path.join(ROOT, "src", "hosts", "moddable");
const DECLARED = /^declare module ["']([^"']+)["']/gm;

function tsFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
	});
}

const sdk = process.env.MODDABLE;
if (!sdk || !fs.existsSync(path.join(sdk, "typings", "http.d.ts"))) {
	console.log("typecheck src/hosts/moddable SKIPPED: MODDABLE does not point at a Moddable SDK");
} else {
	const typings = path.join(sdk, "typings");
	const paths: Record<string, string[]> = {
		"core/*": [path.join(ROOT, "src", "core", "*")],
		"host/open-platform": [path.join(HOST, "lin", "open-platform")],
		"host/memory-probe": [path.join(HOST, "lin", "memory-probe")],
		"host/*": [path.join(HOST, "*")],
		"device/*": [path.join(HOST, "device", "*")],
		"esp32/*": [path.join(HOST, "esp32", "*")],
	};
	// typings of SDK modules that have none, as the manifest maps them ("sdk/*": typings/sdk/*.d.ts)
	const own = path.join(HOST, "typings");
	for (const file of fs.existsSync(own) ? tsFiles(own) : [])
		paths[path.relative(own, file).slice(0, -".d.ts".length)] = [file.slice(0, -".d.ts".length)];
	// every SDK module by the typing that declares it, as mcconfig maps them
	for (const file of tsFiles(typings).filter((f) => f.endsWith(".d.ts")))
		for (const m of fs.readFileSync(file, "utf8").matchAll(DECLARED)) paths[m[1]] ??= [file.slice(0, -".d.ts".length)];
	const tsconfig = {
		compilerOptions: {
			strict: true,
			noImplicitOverride: true,
			noFallthroughCasesInSwitch: true,
			noEmit: true,
			module: "preserve",
			lib: ["es2025"],
			target: "es2025",
			types: [path.join(sdk, "xs", "includes", "xs"), path.join(typings, "global")],
			paths,
		},
		files: tsFiles(HOST),
	};
	const out = path.join(ROOT, "build", "tsconfig.moddable.json");
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify(tsconfig, null, "\t"));
	const tsc = path.join(ROOT, "node_modules", ".bin", "tsc");
	const run = spawnSync(tsc, ["-p", out], { stdio: "inherit" });
	process.exitCode = run.status ?? 1;
}
