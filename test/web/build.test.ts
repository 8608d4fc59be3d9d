// npm run build:web into a scratch directory: within the 40 KB budget, and index.html and the
// manifest name only files that were built.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildWeb } from "../../scripts/web-build";

let dir: string;
beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), "web-build-"));
	await buildWeb(dir);
}, 120000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function text(name: string): string {
	return gunzipSync(readFileSync(path.join(dir, name + ".gz"))).toString("utf8");
}

test("every file is gzipped, flat, and all of them together stay within 40 KB", () => {
	const names = readdirSync(dir);
	expect(names.every((n) => n.endsWith(".gz") && statSync(path.join(dir, n)).isFile())).toBe(true);
	const total = names.reduce((sum, n) => sum + statSync(path.join(dir, n)).size, 0);
	expect(total).toBeLessThanOrEqual(40 * 1024);
	expect(names).toEqual(expect.arrayContaining(["index.html.gz", "manifest.webmanifest.gz", "icon.svg.gz"]));
});

test("index.html names only files that exist, with hashed script and style", () => {
	const html = text("index.html");
	const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
	expect(refs.length).toBeGreaterThanOrEqual(4);
	for (const ref of refs) {
		expect(ref).not.toMatch(/^(https?:)?\/\//); // nothing from the internet
		expect(readdirSync(dir)).toContain(ref + ".gz");
	}
	expect(refs).toEqual(expect.arrayContaining([expect.stringMatching(/^app\.[0-9a-f]{10}\.js$/)]));
	expect(refs).toEqual(expect.arrayContaining([expect.stringMatching(/^app\.[0-9a-f]{10}\.css$/)]));
});

test("the manifest's icons exist and the bundle loads nothing from elsewhere", () => {
	const manifest = JSON.parse(text("manifest.webmanifest")) as { icons: { src: string }[] };
	for (const icon of manifest.icons) expect(readdirSync(dir)).toContain(icon.src + ".gz");
	const js = readdirSync(dir).find((n) => n.endsWith(".js.gz"))!;
	expect(text(js.slice(0, -3))).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
});
