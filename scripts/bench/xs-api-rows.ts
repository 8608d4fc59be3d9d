// The XS rows of the API bench alone (no HTTP, no autocannon): `npx tsx scripts/bench/xs-api-rows.ts DIR`
// measures every bench route (and the logged-in 404) in xsnap against DIR, a data directory the PC
// host filled with the bench day (it is filled first when DIR does not exist yet). Quick enough to
// run after every change while cutting a route's slots.

import fs from "node:fs";
import { bundleHost } from "../../test/e2e/host";
import { OVERHEAD, runXs } from "./api";
import { fillDay } from "./api-host";
import { group, renderTable } from "./table";

async function main(): Promise<void> {
	const dataDir = process.argv[2];
	if (!dataDir) throw new Error("usage: xs-api-rows.ts DATA_DIR");
	if (!fs.existsSync(dataDir)) {
		fs.mkdirSync(dataDir, { recursive: true });
		await fillDay(bundleHost(), dataDir);
	}
	const xs = runXs(dataDir);
	if (xs.error) throw new Error(xs.error);
	const rows = xs.rows.map((r) => [
		r.target === OVERHEAD ? `${r.target} (fixed cost)` : r.target,
		String(r.status),
		group(r.bytes),
		group(r.computrons) + (r.deterministic ? "" : "*"),
		group(r.slots, 1),
	]);
	console.log(renderTable(["route", "status", "body B", "computrons/req", "slots/req"], rows));
}

main().catch((e) => {
	console.error(e?.stack ?? e);
	process.exitCode = 1;
});
