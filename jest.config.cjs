// The clone test (test/e2e/clone.test.ts) runs `npm test` again in a fresh clone of the same
// commit, to catch a file or a tool the checkout only has by accident; it sets this variable there.
const INSIDE_CLONE = "DMM_INSIDE_CLONE_TEST";

// Suites that take minutes and prove behaviour rather than the clone's completeness run once, in
// the outer run: power cuts, the 30 s load test, a broker killed and restarted, the browser, the
// firmware built and run on the Moddable runtime. Every other suite runs in both.
const OUTER_RUN_ONLY = [
	"/test/e2e/power-cut\\.test\\.ts$",
	"/test/e2e/load\\.test\\.ts$",
	"/test/e2e/mqtt\\.test\\.ts$",
	"/test/browser/",
	"/test/firmware/lin\\.test\\.ts$",
];

const insideClone = Boolean(process.env[INSIDE_CLONE]);
if (insideClone)
	console.log(`inside the clone test: ${OUTER_RUN_ONLY.length} slow suites left to the outer run (jest.config.cjs)`);

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: "node",
	roots: ["<rootDir>/test"],
	testMatch: ["**/*.test.ts"],
	testPathIgnorePatterns: ["/node_modules/", ...(insideClone ? OUTER_RUN_ONLY : [])],
	// the firmware's modules import the core and each other by their Moddable module names
	moduleNameMapper: { "^core/(.*)$": "<rootDir>/src/core/$1", "^host/(.*)$": "<rootDir>/src/hosts/moddable/$1" },
	transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
	// A guard against hangs, not a speed limit: the clone test runs a second suite beside this one.
	testTimeout: 600000,
};
