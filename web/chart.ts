// Bars (uPlot) for every view: a quarter's 5 s slots, a day's quarters, a month's days, a year's
// months. Consumption coloured by zone, production below zero, dashed lines (the 2.5 kW floor,
// the month peak, the target), a marked bar (the peak), and a tap on a bar opens it.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { axisTimes, type Lang, TIME_ZONE } from "./format";
import { html } from "./html";
import { nearestIndex } from "./nav";
import { FLOOR_W, PRODUCTION_COLOUR, zoneStops } from "./zones";

export interface Line {
	w: number;
	label: string;
	colour: string;
}

export type Series = [number[], (number | null)[], (number | null)[]];

interface Props {
	/** x, consumption, production (negative). x in unix seconds when `labels` is absent (time axis). */
	data: Series;
	lines: Line[];
	names: { consumption: string; production: string };
	lang: Lang;
	/** Labels of a category axis (day or month numbers); absent: a 24-hour Brussels time axis. */
	labels?: (v: number) => string;
	/** Index of the bar marked with a triangle (the peak). */
	mark?: number;
	/** Called with the index of the bar tapped. */
	onPick?: (i: number) => void;
}

export function BarChart(props: Props) {
	const box = useRef<HTMLDivElement>(null);
	const plot = useRef<uPlot | null>(null);
	const current = useRef(props);
	current.current = props;

	useEffect(() => {
		const el = box.current;
		if (el === null) return;
		const u = new uPlot(
			options(el.clientWidth, () => current.current),
			props.data,
			el,
		);
		plot.current = u;
		u.over.addEventListener("click", (e) => {
			const pick = current.current.onPick;
			const i = nearestIndex(u.data[0] as number[], u.posToVal(e.offsetX, "x") - shift(current.current));
			if (pick !== undefined && i >= 0) pick(i);
		});
		const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: height(el.clientWidth) }));
		resize.observe(el);
		return () => {
			resize.disconnect();
			u.destroy();
			plot.current = null;
		};
	}, [props.names.consumption, props.lang, props.labels === undefined]);

	useEffect(() => {
		plot.current?.setData(props.data);
	}, [props.data, props.lines, props.mark]);

	return html`<div class=${props.onPick ? "chart pick" : "chart"} ref=${box}></div>`;
}

/** Distance from a bar's x to its middle: time bars start at their x, category bars are centred on it. */
function shift(p: Props): number {
	return p.labels === undefined ? step(p.data[0]) / 2 : 0;
}

function step(xs: readonly number[]): number {
	return xs.length > 1 ? xs[1] - xs[0] : 1;
}

function height(width: number): number {
	return Math.max(180, Math.min(320, Math.round(width * 0.5)));
}

function options(width: number, props: () => Props): uPlot.Options {
	const p = props();
	const time = p.labels === undefined;
	const bars = uPlot.paths.bars?.({ size: [0.9, 40], align: time ? 1 : 0 });
	const grid = { stroke: "rgba(128,128,128,0.2)" };
	// width 0: uPlot drops the stroke of bars narrower than twice its width and then fills them
	// with the stroke colour, so a phone's narrow bars were filled "transparent" and vanished.
	const series = (label: string, fill: uPlot.Series["fill"]): uPlot.Series => ({
		label,
		paths: bars,
		fill,
		width: 0,
		points: { show: false },
	});
	return {
		width,
		height: height(width),
		tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE),
		legend: { show: false },
		cursor: { show: false },
		scales: {
			x: {
				time,
				range: (u) => {
					const xs = u.data[0] as number[];
					const d = step(xs);
					return time ? [xs[0], xs[xs.length - 1] + d] : [xs[0] - d / 2, xs[xs.length - 1] + d / 2];
				},
			},
			y: {
				range: (_u, min, max) => {
					let top = Math.max(max, FLOOR_W);
					for (const line of props().lines) top = Math.max(top, line.w);
					return [Math.min(0, min) * 1.1, top * 1.1];
				},
			},
		},
		axes: [
			{
				stroke: "currentColor",
				grid,
				values: (_u, ticks) => {
					const labels = props().labels;
					return labels === undefined ? axisTimes(ticks, props().lang) : ticks.map(labels);
				},
				...(time ? {} : { incrs: [1, 2, 3, 5, 10] }),
			},
			{
				stroke: "currentColor",
				grid,
				values: (_u, ticks) => ticks.map((v) => (v / 1000).toString() + " kW"),
				size: 56,
			},
		],
		series: [{}, series(p.names.consumption, zoneFill), series(p.names.production, PRODUCTION_COLOUR)],
		hooks: { draw: [(u) => draw(u, props())] },
	};
}

/** A vertical gradient with hard stops at the zone boundaries, from 0 W up to the top of the scale. */
function zoneFill(u: uPlot): CanvasGradient | string {
	const max = u.scales.y.max ?? FLOOR_W;
	const y0 = u.valToPos(0, "y", true);
	const y1 = u.valToPos(max, "y", true);
	if (!Number.isFinite(y0) || !Number.isFinite(y1) || y0 === y1) return zoneStops(1)[0].colour;
	const gradient = u.ctx.createLinearGradient(0, y0, 0, y1);
	for (const stop of zoneStops(max)) gradient.addColorStop(Math.min(1, Math.max(0, stop.offset)), stop.colour);
	return gradient;
}

function draw(u: uPlot, p: Props): void {
	const ctx = u.ctx;
	const r = devicePixelRatio;
	const left = u.bbox.left;
	const right = left + u.bbox.width;
	ctx.save();
	ctx.setLineDash([6 * r, 4 * r]);
	ctx.lineWidth = 1.5 * r;
	ctx.font = `${11 * r}px system-ui, sans-serif`;
	ctx.textAlign = "right";
	for (const line of p.lines) {
		const y = Math.round(u.valToPos(line.w, "y", true));
		ctx.strokeStyle = line.colour;
		ctx.fillStyle = line.colour;
		ctx.beginPath();
		ctx.moveTo(left, y);
		ctx.lineTo(right, y);
		ctx.stroke();
		ctx.fillText(line.label, right - 4 * r, y - 4 * r);
	}
	const w = p.mark === undefined ? null : p.data[1][p.mark];
	if (p.mark !== undefined && w !== null && w !== undefined) {
		// a triangle pointing down at the marked bar
		const x = u.valToPos(p.data[0][p.mark] + shift(p), "x", true);
		const y = u.valToPos(w, "y", true) - 3 * r;
		ctx.fillStyle = getComputedStyle(u.root).color;
		ctx.beginPath();
		ctx.moveTo(x, y);
		ctx.lineTo(x - 6 * r, y - 9 * r);
		ctx.lineTo(x + 6 * r, y - 9 * r);
		ctx.fill();
	}
	ctx.restore();
}
