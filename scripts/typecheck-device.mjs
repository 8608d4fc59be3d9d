#!/usr/bin/env node
// Type-checks the device build (main.ts with src/hosts/moddable/esp32/open-platform, the adapters
// of src/hosts/moddable/device) strictly against the Moddable
// SDK's own typings, with the options mcconfig gives tsc (module preserve, es2025), and the
// core under its Moddable module names (core/...). Skips, saying so, when MODDABLE is unset.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SDK = process.env.MODDABLE;
if (!SDK || !existsSync(path.join(SDK, "typings"))) {
	console.log("typecheck-device: skipped, MODDABLE does not point at an SDK with typings");
	process.exit(0);
}

const typings = [
	"xs/includes/xs.d.ts",
	"typings/mc/config.d.ts",
	"typings/mc/ffi.d.ts",
	"typings/time.d.ts",
	"typings/timer.d.ts",
	"typings/wifi.d.ts",
	"typings/net.d.ts",
	"typings/crypt.d.ts",
	"typings/dns/server.d.ts",
	"typings/embedded_io/_common.d.ts",
	"typings/embedded_io/digital.d.ts",
	"typings/embedded_io/pwm.d.ts",
	"typings/embedded/update.d.ts",
	"typings/embedded/storage/flash.d.ts",
	"typings/embedded/storage/files.d.ts",
	"typings/mdns.d.ts",
	"typings/sntp.d.ts",
	"typings/file.d.ts",
	"typings/http.d.ts",
	"typings/socket.d.ts",
	"typings/Resource.d.ts",
].map((p) => path.join(SDK, p));

const dir = mkdtempSync(path.join(os.tmpdir(), "typecheck-device-"));
try {
	const config = {
		compilerOptions: {
			strict: true,
			noEmit: true,
			noImplicitOverride: true,
			noFallthroughCasesInSwitch: true,
			module: "preserve",
			moduleResolution: "bundler",
			target: "es2025",
			lib: ["es2025"],
			types: [],
			paths: {
				"core/*": [path.join(ROOT, "src/core/*")],
				"device/*": [path.join(ROOT, "src/hosts/moddable/device/*")],
				"esp32/*": [path.join(ROOT, "src/hosts/moddable/esp32/*")],
				"host/open-platform": [path.join(ROOT, "src/hosts/moddable/esp32/open-platform")],
				"host/*": [path.join(ROOT, "src/hosts/moddable/*")],
			},
		},
		// main.ts as the esp32 build sees it: host/open-platform is the device's
		files: [...typings, path.join(ROOT, "src/hosts/moddable/main.ts")],
	};
	const file = path.join(dir, "tsconfig.json");
	writeFileSync(file, JSON.stringify(config, null, "\t"));
	execFileSync(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", file], { stdio: "inherit" });
	console.log("typecheck-device: ok");
} catch {
	process.exitCode = 1;
} finally {
	rmSync(dir, { recursive: true, force: true });
}
