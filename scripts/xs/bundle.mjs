// Bundles a module for XS with esbuild: one self-contained script (iife) whose exports land in
// a global variable, ES2022 like the device's XS, platform neutral so that nothing from Node
// sneaks in unnoticed (a Node builtin fails the bundle instead of working only in Node).

import { build } from "esbuild";

/**
 * @param {object} o
 * @param {string} o.entry absolute path of the module to bundle
 * @param {string} o.globalName global variable that receives the module's exports
 * @param {string[]} [o.inject] modules whose exports replace free globals (shims for peers)
 * @param {Record<string, string>} [o.alias]
 * @returns {Promise<string>} the script text
 */
export async function bundleForXs({ entry, globalName, inject = [], alias = {} }) {
	const result = await build({
		entryPoints: [entry],
		bundle: true,
		write: false,
		format: "iife",
		globalName,
		target: "es2022",
		platform: "neutral",
		// npm packages (the bench's peers) are CommonJS with only a "main" field, which
		// platform "neutral" would otherwise not look at.
		mainFields: ["module", "main"],
		inject,
		alias,
		logLevel: "silent",
		legalComments: "none",
	});
	return result.outputFiles[0].text;
}

/**
 * The same script evaluated in this Node realm, returning the global it defines: the Node
 * side of a comparison runs exactly the code XS runs, not a second build of the sources.
 */
export function evaluateInNode(script, globalName) {
	return new Function(`${script}\nreturn ${globalName};`)();
}
