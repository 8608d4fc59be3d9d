// Reads what a uPlot chart drew, from its canvas pixels: the tests ask "are there bars" of the
// picture itself, so a chart that gets its data but draws nothing (bars of width 0) fails.

import type { Page } from "playwright-core";

export interface BarScan {
	/** Canvas columns, within the scanned part of the plot, holding a bar (see countBarColumns). */
	columns: number;
	/** Canvas size in device pixels and the plot area's left edge and width in them. */
	width: number;
	height: number;
	plotLeft: number;
	plotWidth: number;
}

/** "#2e9d4a" → [46, 157, 74] */
export function rgb(hex: string): [number, number, number] {
	const n = Number.parseInt(hex.slice(1), 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Counts the canvas columns of the chart in `selector` with a bar: a vertical run of at least
 * `minRun` opaque pixels in one of `colours`. Lines across the plot (the 2.5 kW floor, the
 * peak) are horizontal, at most 2 pixels thick, so they never make a run; their labels sit at
 * the plot's right end, so only the plot's first `fraction` is scanned.
 */
export function countBarColumns(
	page: Page,
	selector: string,
	colours: readonly string[],
	{ fraction = 0.5, minRun = 3 }: { fraction?: number; minRun?: number } = {},
): Promise<BarScan> {
	return page.evaluate(
		({ selector, colours, fraction, minRun }) => {
			// the page's DOM, typed here as little as this needs (the tests compile without the DOM library)
			interface Box {
				getBoundingClientRect(): { left: number; width: number };
			}
			interface Canvas extends Box {
				width: number;
				height: number;
				getContext(kind: "2d"): {
					getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
				};
			}
			const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
			const canvas = doc.querySelector(selector + " canvas") as Canvas | null;
			const over = doc.querySelector(selector + " .u-over") as Box | null;
			if (canvas === null || over === null) throw new Error(`no uPlot chart in ${selector}`);
			const box = canvas.getBoundingClientRect();
			const scale = canvas.width / box.width;
			const plot = over.getBoundingClientRect();
			const plotLeft = Math.round((plot.left - box.left) * scale);
			const plotWidth = Math.round(plot.width * scale);
			const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
			const near = (i: number, c: number[]) =>
				data[i + 3] === 255 &&
				Math.abs(data[i] - c[0]) <= 8 &&
				Math.abs(data[i + 1] - c[1]) <= 8 &&
				Math.abs(data[i + 2] - c[2]) <= 8;
			let columns = 0;
			for (let x = plotLeft; x < plotLeft + plotWidth * fraction; x++) {
				let run = 0;
				let longest = 0;
				for (let y = 0; y < canvas.height; y++) {
					const i = (y * canvas.width + x) * 4;
					run = colours.some((c) => near(i, c)) ? run + 1 : 0;
					longest = Math.max(longest, run);
				}
				if (longest >= minRun) columns++;
			}
			return { columns, width: canvas.width, height: canvas.height, plotLeft, plotWidth };
		},
		{ selector, colours: colours.map(rgb), fraction, minRun },
	);
}
