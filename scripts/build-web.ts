// npm run build:web: builds the dashboard into build/web and prints its sizes; fails over budget.

import { BUDGET_BYTES, buildWeb, sizeTable } from "./web-build";

buildWeb().then(
	(result) => {
		console.log(sizeTable(result));
		console.log(`written to ${result.outDir}`);
		if (result.gzipTotal > BUDGET_BYTES) process.exitCode = 1;
	},
	(error: Error) => {
		console.error("build:web: " + error.message);
		process.exitCode = 1;
	},
);
