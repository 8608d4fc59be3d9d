// The peak warning's hysteresis, stepped through sequences whose answers are worked out by hand
// from the rule: on when projection > target + startW, off when projection < target - endW, at
// most one start per quarter.

import { DEFAULT_MARGINS, newPeakWarning, stepPeakWarning } from "../../src/core/api/peak-warning";

const Q1 = 0x1a020a48;
const Q2 = Q1 + 1;

function run(steps: [number, number][], targetW: number, margins = DEFAULT_MARGINS): boolean[] {
	const state = newPeakWarning();
	return steps.map(([id, projection]) => stepPeakWarning(state, id, projection, targetW, margins));
}

test("the default margins are 100 W to start and 200 W to end", () => {
	expect(DEFAULT_MARGINS).toEqual({ startW: 100, endW: 200 });
});

test("starts above target + 100 W, holds down to target - 200 W, then stays off for the quarter", () => {
	// target 4000: starts when > 4100, ends when < 3800
	const projections = [3900, 4100, 4101, 4050, 3850, 3800, 3799, 4500, 3000];
	const expected = [false, false, true, true, true, true, false, false, false];
	expect(
		run(
			projections.map((p) => [Q1, p]),
			4000,
		),
	).toEqual(expected);
});

test("a new quarter may start it again, and a quarter change ends a running warning first", () => {
	const steps: [number, number][] = [
		[Q1, 4500], // on
		[Q1, 3000], // off
		[Q1, 4500], // not again in Q1
		[Q2, 4200], // Q2: on
		[Q2 + 1, 4000], // Q3 at 4000: the new quarter starts off and 4000 is not above 4100
		[Q2 + 1, 4150], // on
	];
	expect(run(steps, 4000)).toEqual([true, false, false, true, false, true]);
});

test("an unknown projection ends the warning, and it does not restart in that quarter", () => {
	const steps: [number, number][] = [
		[Q1, 5000],
		[Q1, NaN],
		[Q1, 5000],
		[Q2, NaN],
		[Q2, 5000],
	];
	expect(run(steps, 4000)).toEqual([true, false, false, false, true]);
});

test("zero margins: strictly above the target starts, strictly below ends", () => {
	const steps: [number, number][] = [
		[Q1, 4000],
		[Q1, 4001],
		[Q1, 4000],
		[Q1, 3999],
	];
	expect(run(steps, 4000, { startW: 0, endW: 0 })).toEqual([false, true, true, false]);
});
