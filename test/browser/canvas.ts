// Reads what a chart (web/chart.ts) drew, from its canvas pixels: the tests ask "are there bars" of
// the picture itself, so a chart that gets its data but draws nothing (bars of width 0) fails. The
// plot box comes from the canvas's data-plot ("left top width height", CSS px), set as it paints.

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

export interface ScanOptions {
	from?: number;
	fraction?: number;
	minRun?: number;
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
 * the plot's right end, so only the plot's first `fraction` is scanned (from `from` on, a fraction too).
 */
export function countBarColumns(
	page: Page,
	selector: string,
	colours: readonly string[],
	{ from = 0, fraction = 0.5, minRun = 3 }: ScanOptions = {},
): Promise<BarScan> {
	return page.evaluate(
		({ selector, colours, from, fraction, minRun }) => {
			// the page's DOM, typed here as little as this needs (the tests compile without the DOM library)
			interface Canvas {
				width: number;
				height: number;
				dataset: { plot?: string };
				getBoundingClientRect(): { width: number };
				getContext(kind: "2d"): {
					getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
				};
			}
			const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
			const canvas = doc.querySelector(selector + " canvas") as Canvas | null;
			if (canvas === null || canvas.dataset.plot === undefined) throw new Error(`no chart painted in ${selector}`);
			const scale = canvas.width / canvas.getBoundingClientRect().width;
			const [left, , width] = canvas.dataset.plot.split(" ").map(Number);
			const plotLeft = Math.round(left * scale);
			const plotWidth = Math.round(width * scale);
			const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
			const near = (i: number, c: number[]) =>
				data[i + 3] === 255 &&
				Math.abs(data[i] - c[0]) <= 8 &&
				Math.abs(data[i + 1] - c[1]) <= 8 &&
				Math.abs(data[i + 2] - c[2]) <= 8;
			let columns = 0;
			for (let x = Math.round(plotLeft + plotWidth * from); x < plotLeft + plotWidth * fraction; x++) {
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
		{ selector, colours: colours.map(rgb), from, fraction, minRun },
	);
}

/**
 * Scans the chart in `selector` until it shows at least `atLeast` bar columns or 20 scans have
 * passed, and returns the last scan: the chart paints after its data arrives, so this waits for
 * a picture, it times nothing.
 */
export async function barsOnceDrawn(
	page: Page,
	selector: string,
	colours: readonly string[],
	atLeast: number,
	options: ScanOptions = {},
): Promise<BarScan> {
	await page
		.locator(selector + " canvas[data-plot]")
		.first()
		.waitFor();
	let scan = await countBarColumns(page, selector, colours, options);
	for (let tries = 0; scan.columns < atLeast && tries < 20; tries++) {
		await page.waitForTimeout(250);
		scan = await countBarColumns(page, selector, colours, options);
	}
	return scan;
}

/**
 * Per colour, the opaque pixels of that colour left of the plot box of the chart in `selector`:
 * the power axis's labels, drawn in the chart's text colour.
 */
export function axisLabelPixels(page: Page, selector: string, colours: readonly string[]): Promise<number[]> {
	return page.evaluate(
		({ selector, colours }) => {
			interface Canvas {
				width: number;
				height: number;
				dataset: { plot?: string };
				getBoundingClientRect(): { width: number };
				getContext(kind: "2d"): {
					getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
				};
			}
			const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
			const canvas = doc.querySelector(selector + " canvas") as Canvas | null;
			if (canvas === null || canvas.dataset.plot === undefined) throw new Error(`no chart painted in ${selector}`);
			const scale = canvas.width / canvas.getBoundingClientRect().width;
			const left = Math.round(Number(canvas.dataset.plot.split(" ")[0]) * scale);
			const { data } = canvas.getContext("2d").getImageData(0, 0, left, canvas.height);
			return colours.map((c) => {
				let n = 0;
				for (let i = 0; i < data.length; i += 4)
					if (
						data[i + 3] === 255 &&
						Math.abs(data[i] - c[0]) <= 8 &&
						Math.abs(data[i + 1] - c[1]) <= 8 &&
						Math.abs(data[i + 2] - c[2]) <= 8
					)
						n++;
				return n;
			});
		},
		{ selector, colours: colours.map(rgb) },
	);
}
