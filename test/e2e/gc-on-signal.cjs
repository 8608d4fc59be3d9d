// Preloaded into the PC host by the load test (node --expose-gc --require): SIGUSR2 runs a full
// collection and says so on stdout, numbered, so the test reads the heap with the garbage gone
// instead of guessing when V8 collects. Nothing of it is in the host itself.
let collections = 0;
process.on("SIGUSR2", () => {
	globalThis.gc();
	process.stdout.write(`load-test gc ${++collections}\n`);
});
