// npm run memory:lin: the firmware's XS memory through a quarter close while three HTTP requests
// are served, measured in an instrumented lin build (mcconfig -i). The simulator prints a line of
// instruments once a second (bytes on 64-bit Linux, where a slot is 32 bytes; 16 on the ESP32):
// this prints the highest of each, in slots and in the bytes the ESP32 would use.
// The telegrams come at 60 a second, so the quarter takes 15 s and a dozen samples.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SimMeter } from "../src/sim/meter";
import { buildModdable, linLibrary, sdkBin, sdkEnv } from "./moddable-build";
import { type Child, feed, freePort, request, sleep, startPty, startSimulator, stopChild } from "./moddable-run";
import { ROOT } from "./web-build";

/** The quarter measured, Belgian summer time (MEMORY_FROM=2026-06-30T23:45:00+02:00: a day and a month close too). */
const FROM = Date.parse(process.env.MEMORY_FROM ?? "2026-06-01T18:00:00+02:00");
const LIN_SLOT = 32;

/** "YYYY-MM-DDTHH:MM" in Belgian summer time (UTC+2), which the quarters above are in. */
function local(utc: number): string {
	return new Date(utc + 2 * 3600000).toISOString().slice(0, 16);
}
const ESP32_SLOT = 16;
const KEYS = Object.freeze([
	"Chunk used",
	"Chunk available",
	"Slot used",
	"Slot available",
	"Stack used",
	"Stack available",
	"Garbage collections",
]);

/** Highest value of each instrument over the run. */
function peaks(output: string): Record<string, number> {
	const key = output.match(/instruments key: (.*)/);
	if (!key) throw new Error("no instruments in the output: not an instrumented build?");
	const names = key[1].split(",");
	const top: Record<string, number> = {};
	for (const m of output.matchAll(/^instruments: ([-\d,]+)$/gm)) {
		const values = m[1].split(",").map(Number);
		if (values.length !== names.length) continue; // a line cut by another one
		names.forEach((n, i) => (top[n] = Math.max(top[n] ?? 0, values[i])));
	}
	return top;
}

async function main(): Promise<void> {
	const bin = sdkBin();
	if (bin === undefined) throw new Error("MODDABLE does not point at a built Moddable SDK");
	const port = await freePort();
	const outDir = path.join(ROOT, "build", "moddable-memory");
	await buildModdable({ platform: "lin", outDir, instrument: true, config: { files: "./data", serial: "./p1", port } });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-memory-"));
	fs.mkdirSync(path.join(dir, "data"));
	const env = sdkEnv(bin);
	let pty: Child | undefined;
	let sim: Child | undefined;
	try {
		pty = await startPty(path.join(dir, "p1"), dir, env);
		sim = startSimulator(linLibrary(outDir, true), dir, env);
		const [, user, password] = await sim.waitFor(/login: user "([^"]+)", password "([^"]+)"/);
		const auth = { authorization: "Basic " + Buffer.from(`${user}:${password}`).toString("base64") };
		const meter = new SimMeter({ start: FROM, seed: 7 });
		let feeding = true;
		const fed = feed(pty.process, meter, FROM + 15 * 60000 + 10000, 6, 100).finally(() => (feeding = false));
		let rounds = 0;
		while (feeding) {
			// three at once: the dashboard, the status, a month's CSV (streamed)
			await Promise.all([
				request(port, "GET", "/"),
				request(port, "GET", "/v1/status", auth),
				request(port, "GET", `/v1/export.csv?date=${local(FROM).slice(0, 10)}`, auth),
			]);
			rounds++;
		}
		await fed;
		await sleep(2500); // the last samples
		const closed = await request(
			port,
			"GET",
			`/meter/${local(FROM).slice(0, 10).replaceAll("-", "/")}/${local(FROM).slice(11, 13)}${local(FROM).slice(14, 16)}S.json`,
			auth,
		);
		if (closed.status !== 200) throw new Error(`the quarter did not close (${closed.status})\n${sim.output()}`);
		if (process.env.MEMORY_OUTPUT) fs.writeFileSync(process.env.MEMORY_OUTPUT, sim.output());
		const top = peaks(sim.output());
		console.log(
			`${rounds} rounds of 3 concurrent requests during the quarter; peaks over ${sim.output().match(/^instruments:/gm)?.length} samples:`,
		);
		for (const k of KEYS) {
			const v = top[k];
			const slots =
				k.startsWith("Slot") || k.startsWith("Stack")
					? `${v / LIN_SLOT} slots = ${(v / LIN_SLOT) * ESP32_SLOT} bytes on ESP32`
					: "";
			console.log(`  ${k}: ${v}${k.startsWith("Garbage") ? "" : " bytes (lin)"}${slots ? `, ${slots}` : ""}`);
		}
	} finally {
		stopChild(sim);
		stopChild(pty);
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((e: Error) => {
	console.error(`memory:lin: ${e.message}`);
	process.exitCode = 1;
});
