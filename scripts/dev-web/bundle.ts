// The dashboard built from source for `npm run dev:web`: one esbuild context, rebuilt when the
// browser asks for the script or the style, so a reload after a save always gets what is saved
// (esbuild rebuilds incrementally: milliseconds). Not minified, with inline source maps. A build
// that fails gives a script that shows the error in the page, and says it on the terminal.

import path from "node:path";
import type { BuildContext, OutputFile } from "esbuild";

export interface Built {
	/** "app.js" and "app.css" (the names index.html uses in source). */
	files: ReadonlyMap<string, string>;
	errors: string[];
}

export interface DevBundle {
	/** The build of the source as it is now; requests meanwhile share it. */
	current(): Promise<Built>;
	dispose(): Promise<void>;
}

export async function devBundle(webDir: string, report: (line: string) => void): Promise<DevBundle> {
	const esbuild = await import("esbuild");
	const context: BuildContext = await esbuild.context({
		entryPoints: [path.join(webDir, "app.ts"), path.join(webDir, "app.css")],
		bundle: true,
		format: "esm",
		target: ["es2020"],
		sourcemap: "inline",
		write: false,
		outdir: path.join(webDir, "out"),
		logLevel: "silent",
	});
	let pending: Promise<Built> | undefined;
	let failing = false;
	const build = async (): Promise<Built> => {
		try {
			const result = await context.rebuild();
			if (failing) report("dev:web: the build works again");
			failing = false;
			return { files: byName(result.outputFiles ?? []), errors: [] };
		} catch (e) {
			const errors = (
				(e as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [
					{ text: String(e) },
				]
			).map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text));
			failing = true;
			report(`dev:web: build failed:\n  ${errors.join("\n  ")}`);
			return { files: new Map(), errors };
		}
	};
	return {
		current() {
			pending ??= build().finally(() => (pending = undefined));
			return pending;
		},
		dispose: () => context.dispose(),
	};
}

function byName(outputs: readonly OutputFile[]): Map<string, string> {
	return new Map(outputs.map((f) => [path.basename(f.path), f.text]));
}

/** A script that puts the build's errors on the page instead of the app. */
export function errorScript(errors: readonly string[]): string {
	const text = JSON.stringify("dev:web: the build failed\n\n" + errors.join("\n"));
	return `console.error(${text});
const pre = document.createElement("pre");
pre.style.cssText = "white-space:pre-wrap;padding:1rem;color:#8a1c12;background:#fde2e0";
pre.textContent = ${text};
document.body.prepend(pre);
`;
}
