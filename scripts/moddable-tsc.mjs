#!/usr/bin/env node
// The TypeScript compiler mcconfig runs for each module of the firmware, as `<this> -p <module's
// tsconfig>`. mcconfig writes one tsconfig per module and runs the compiler once per module; with
// `tsc` each run type-checks and emits the module's whole import graph again, so a clean build
// took minutes. Type checking is `npm run typecheck`'s job (scripts/typecheck-moddable.ts checks
// src/hosts/moddable against the SDK's typings, tsconfig.core.json the core); here each module is
// only transpiled, alone, with esbuild (the project's tsconfig sets isolatedModules, so one file
// at a time means what it means to tsc). The output goes where tsc would put it: the tsconfig's
// outDir + the source's absolute path (rootDir "/") with ".js".

import fs from "node:fs";
import path from "node:path";
import { transformSync } from "esbuild";

function fail(message) {
	console.error(`moddable-tsc: ${message}`);
	process.exit(1);
}

const at = process.argv.indexOf("-p");
if (at < 0 || !process.argv[at + 1]) fail("usage: moddable-tsc.mjs -p <tsconfig.json>");
const configPath = path.resolve(process.argv[at + 1]);
const config = JSON.parse(fs.readFileSync(configPath, "utf8"));
const options = config.compilerOptions ?? {};
if (!Array.isArray(config.files) || config.files.length !== 1) fail(`${configPath}: expected one file`);
if (typeof options.outDir !== "string" || options.rootDir !== "/")
	fail(`${configPath}: expected outDir and rootDir "/"`);

const source = config.files[0];
const out = path.join(options.outDir, source.replace(/\.ts$/, ".js"));
let code;
try {
	code = transformSync(fs.readFileSync(source, "utf8"), {
		loader: "ts",
		format: "esm",
		target: "esnext", // XS runs ES2025: nothing is lowered
		sourcefile: source,
		tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } }, // as tsc for an ES2022+ target
	}).code;
} catch (e) {
	fail(e instanceof Error ? e.message : String(e));
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, code);
