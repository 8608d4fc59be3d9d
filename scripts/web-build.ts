// Builds the dashboard: web/ bundled and minified by esbuild, every file gzipped (level 9) into one
// flat directory (the device looks its resources up by file name). JS and CSS get a content hash
// in their names so the browser may keep them for good; index.html names them.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** The whole app, gzipped, at most this (issue 11). */
export const BUDGET_BYTES = 40 * 1024;
export const ROOT = path.resolve(__dirname, "..");
export const WEB_DIR = path.join(ROOT, "web");
export const OUT_DIR = path.join(ROOT, "build", "web");
/** Files copied as they are (their names are in index.html and the manifest, so they are not hashed). */
export const STATIC_FILES: readonly string[] = Object.freeze(["manifest.webmanifest", "icon.svg"]);

export interface BuiltFile {
	name: string;
	bytes: number;
	gzipBytes: number;
}

export interface BuildResult {
	files: BuiltFile[];
	gzipTotal: number;
	outDir: string;
}

export async function buildWeb(outDir = OUT_DIR): Promise<BuildResult> {
	const esbuild = await import("esbuild");
	const bundle = async (entry: string): Promise<string> => {
		const result = await esbuild.build({
			entryPoints: [path.join(WEB_DIR, entry)],
			bundle: true,
			minify: true,
			format: "esm",
			target: ["es2020"],
			legalComments: "none",
			write: false,
			outdir: outDir,
			logLevel: "silent",
		});
		return result.outputFiles.map((f) => f.text).join("");
	};
	const [js, css] = await Promise.all([bundle("app.ts"), bundle("app.css")]);
	const jsName = hashedName("app", "js", js);
	const cssName = hashedName("app", "css", css);
	const html = readFileSync(path.join(WEB_DIR, "index.html"), "utf8")
		.replace('src="app.js"', `src="${jsName}"`)
		.replace('href="app.css"', `href="${cssName}"`)
		.replace(/>\s+</g, "><")
		.trim();
	const outputs: [string, string | Buffer][] = [
		["index.html", html],
		[jsName, js],
		[cssName, css],
		...STATIC_FILES.map((name): [string, Buffer] => [name, readFileSync(path.join(WEB_DIR, name))]),
	];
	mkdirSync(outDir, { recursive: true });
	const files: BuiltFile[] = [];
	for (const [name, content] of outputs) {
		const raw = typeof content === "string" ? Buffer.from(content, "utf8") : content;
		const gz = gzipSync(raw, { level: 9 });
		// Each file renamed into place: a monitor starting meanwhile (or a second build) never reads half of one.
		const target = path.join(outDir, name + ".gz");
		writeFileSync(target + ".tmp-" + process.pid, gz);
		renameSync(target + ".tmp-" + process.pid, target);
		files.push({ name, bytes: raw.length, gzipBytes: gz.length });
	}
	const built = new Set(files.map((f) => f.name + ".gz"));
	for (const name of readdirSync(outDir))
		if (name.endsWith(".gz") && !built.has(name)) rmSync(path.join(outDir, name), { force: true });
	return { files, gzipTotal: files.reduce((sum, f) => sum + f.gzipBytes, 0), outDir };
}

/** "app.0123456789.js": the first 10 hex digits of the content's SHA-256. */
function hashedName(base: string, ext: string, content: string): string {
	return `${base}.${createHash("sha256").update(content).digest("hex").slice(0, 10)}.${ext}`;
}

/** True when the built index is missing or older than a file of web/. */
export function isStale(outDir = OUT_DIR): boolean {
	let built: number;
	try {
		built = statSync(path.join(outDir, "index.html.gz")).mtimeMs;
	} catch {
		return true;
	}
	return readdirSync(WEB_DIR).some((name) => statSync(path.join(WEB_DIR, name)).mtimeMs > built);
}

export function sizeTable(result: BuildResult): string {
	const rows = result.files.map(
		(f) => `${f.name.padEnd(28)} ${String(f.bytes).padStart(8)} ${String(f.gzipBytes).padStart(8)}`,
	);
	const total = `${"total".padEnd(28)} ${"".padStart(8)} ${String(result.gzipTotal).padStart(8)}`;
	const budget = `budget ${BUDGET_BYTES} bytes gzipped: ${result.gzipTotal <= BUDGET_BYTES ? "within" : "OVER"}`;
	return [`${"file".padEnd(28)} ${"bytes".padStart(8)} ${"gzipped".padStart(8)}`, ...rows, total, budget].join("\n");
}
