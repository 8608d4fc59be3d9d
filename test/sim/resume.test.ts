// A restarted PC host resumes the simulated meter where the monitor stopped: skipping seconds
// must leave the meter exactly where producing their telegrams would have.

import { SimSource } from "../../src/hosts/node/sim-source";
import { SimMeter } from "../../src/sim/meter";

const START = Date.UTC(2026, 2, 28, 23, 50); // across a month end and the spring DST change
const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

test("skip() leaves the meter in the state next() would", () => {
	const a = new SimMeter({ start: START, seed: 7 });
	const b = new SimMeter({ start: START, seed: 7 });
	for (let i = 0; i < 3 * 3600; i++) a.next();
	for (let i = 0; i < 3 * 3600; i++) b.skip();
	expect(b.time).toBe(a.time);
	for (let i = 0; i < 30; i++) expect(text(b.next())).toBe(text(a.next()));
});

test("SimSource with resume delivers from the resume second on, the same bytes as an uninterrupted run", async () => {
	const resume = START + 5000 * 1000;
	const whole = new SimMeter({ start: START, seed: 7 });
	while (whole.time + 1000 < resume) whole.next();
	const expected = [text(whole.next()), text(whole.next()), text(whole.next())].join("");
	const got: string[] = [];
	await new Promise<void>((done) => {
		const source = new SimSource({ start: START, seed: 7, resume, speed: "max", end: resume + 2000, onEnd: done });
		source.start((chunk) => got.push(text(chunk)));
	});
	expect(got.join("")).toBe(expected);
});

test("catching up days of silent seconds leaves the event loop free (the host keeps answering HTTP)", async () => {
	const resume = START + 2 * 86400 * 1000; // 172 800 silent seconds
	const events: string[] = [];
	await new Promise<void>((done) => {
		const source = new SimSource({ start: START, seed: 7, resume, speed: "max", end: resume, onEnd: done });
		source.start(() => {
			if (events.at(-1) !== "telegram") events.push("telegram");
		});
		setImmediate(() => events.push("other work"));
	});
	expect(events).toEqual(["other work", "telegram"]);
});
