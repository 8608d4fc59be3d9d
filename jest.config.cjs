/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: "node",
	roots: ["<rootDir>/test"],
	testMatch: ["**/*.test.ts"],
	// the firmware's modules import the core and each other by their Moddable module names
	moduleNameMapper: { "^core/(.*)$": "<rootDir>/src/core/$1", "^host/(.*)$": "<rootDir>/src/hosts/moddable/$1" },
	transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
	// A guard against hangs, not a speed limit: the clone test runs a second suite beside this one.
	testTimeout: 600000,
};
