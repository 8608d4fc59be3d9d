// EXTENSION POINT (issue 4): the pipeline rows of `npm run bench`.
//
// Issue 4 adds, printed after the parser table:
// - Node, PC host: telegrams/s of the whole pipeline (parse + quarters + history through a
//   FileStore), and the bytes written per simulated day (86,400 telegrams; goal: a day in at
//   most 30 s on these 2-core machines);
// - XS: computrons and allocated slots (x 16 B per slot on the ESP32, 32 B in xsnap's 64-bit
//   build) per telegram of parse + quarters, and a heap that stays flat over a simulated day.
//
// How to fill it in:
// - the XS figures come for free by adding a Subject (scripts/bench/subjects.ts) whose parse
//   function runs Framer -> parseTelegram -> QuarterEngine.update; xs-run.mjs measures every
//   subject the same way (its rows then show up in the XS columns; mark it `baseline: true`
//   if it should stay out of the Node peer ratio);
// - Node-only figures (whole pipeline with history on a temporary directory, bytes written)
//   go in a PipelineSection below: `run()` measures and returns the lines to print.

export interface PipelineSection {
	title: string;
	run(): Promise<string[]> | string[];
}

export const pipelineSections: PipelineSection[] = [];
