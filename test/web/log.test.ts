// The dashboard's log section: answers of GET /v1/log appended in order, bounded, and a monitor
// restart (numbers from 1 again) noticed.

import { MAX_LINES, nextLog } from "../../web/log-state";

test("an answer's lines are appended and its x-log-last is the next after", () => {
	let s = nextLog({ last: 0, lines: [] }, "1 0.000 - info a\n2 0.500 - warn b\n", 2);
	expect(s).toEqual({ last: 2, lines: ["1 0.000 - info a", "2 0.500 - warn b"] });
	s = nextLog(s, "", 2);
	expect(s).toEqual({ last: 2, lines: ["1 0.000 - info a", "2 0.500 - warn b"] });
	s = nextLog(s, "3 9.000 - info c\n", 3);
	expect(s.lines).toEqual(["1 0.000 - info a", "2 0.500 - warn b", "3 9.000 - info c"]);
	expect(s.last).toBe(3);
});

test("a last below ours is a restart: ask from 0 again, keep what is shown", () => {
	const before = { last: 57, lines: ["57 100.000 - info old"] };
	expect(nextLog(before, "", 3)).toEqual({ last: 0, lines: ["57 100.000 - info old"] });
});

test("a missing x-log-last changes nothing", () => {
	const before = { last: 4, lines: ["4 x"] };
	expect(nextLog(before, "5 y\n", NaN)).toBe(before);
});

test(`at most ${MAX_LINES} lines, the oldest dropped`, () => {
	let s = { last: 0, lines: [] as string[] };
	for (let i = 1; i <= 450; i += 10) {
		const body = Array.from({ length: 10 }, (_, k) => `${i + k} line`).join("\n") + "\n";
		s = nextLog(s, body, i + 9);
	}
	expect(s.lines.length).toBe(400);
	expect(s.lines[0]).toBe("51 line");
	expect(s.lines[399]).toBe("450 line");
});
