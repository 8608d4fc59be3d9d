// Bars on a canvas for every view: a quarter's 5 s slots, a day's quarters, a month's days, a
// year's months. Consumption coloured by zone, production below zero, dashed lines (the 2.5 kW
// floor, the month peak, the target), a marked bar (the peak); a tap on a bar opens it.
// Our own drawing instead of uPlot (23 KB gzipped of the 40 KB budget): bars, two axes and a
// few lines are all the views need.

import { useEffect, useRef } from "preact/hooks";
import { axisTimes, type Lang } from "./format";
import { html } from "./html";
import { nearestIndex } from "./nav";
import { categoryEvery, powerTicks, timeTicks } from "./ticks";
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

/** Room for the power labels on the left and the time labels below, and margins, CSS px. */
const LEFT = 52;
const BOTTOM = 22;
const TOP = 8;
const RIGHT = 8;

export function BarChart(props: Props) {
	const box = useRef<HTMLDivElement>(null);
	const canvas = useRef<HTMLCanvasElement>(null);
	const current = useRef(props);
	current.current = props;

	useEffect(() => {
		const el = box.current;
		if (el === null) return;
		const repaint = () => paint(el, canvas.current, current.current);
		const resize = new ResizeObserver(repaint);
		resize.observe(el);
		// the text colour is the theme's, read as it paints: the theme button or the system changing it repaints
		const theme = new MutationObserver(repaint);
		theme.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
		const scheme = matchMedia("(prefers-color-scheme: dark)");
		scheme.addEventListener("change", repaint);
		return () => {
			resize.disconnect();
			theme.disconnect();
			scheme.removeEventListener("change", repaint);
		};
	}, []);
	useEffect(() => paint(box.current, canvas.current, props));

	const pick = (e: MouseEvent) => {
		const p = current.current;
		const el = box.current;
		if (p.onPick === undefined || el === null) return;
		const g = geometry(el.clientWidth, p);
		const i = nearestIndex(p.data[0], g.value(e.offsetX) - g.centre);
		if (i >= 0) p.onPick(i);
	};
	const title = props.names.consumption + (props.data[2].some((v) => v) ? " / " + props.names.production : "");
	return html`<div class=${props.onPick ? "chart pick" : "chart"} ref=${box}>
		<canvas ref=${canvas} role="img" aria-label=${title} onClick=${pick}></canvas>
	</div>`;
}

function height(width: number): number {
	return Math.max(180, Math.min(320, Math.round(width * 0.5)));
}

/** Where things go: x scale in CSS px, the bars' width, the offset from an x to its bar's middle. */
function geometry(width: number, p: Props) {
	const xs = p.data[0];
	const time = p.labels === undefined;
	const step = xs.length > 1 ? xs[1] - xs[0] : time ? 5 : 1;
	// time bars start at their x (a slot's start); category bars are centred on it
	const from = (xs[0] ?? 0) - (time ? 0 : step / 2);
	const to = (xs[xs.length - 1] ?? 0) + (time ? step : step / 2);
	const plot = width - LEFT - RIGHT;
	const px = (v: number) => LEFT + ((v - from) / (to - from || 1)) * plot;
	return {
		from,
		to,
		px,
		value: (x: number) => from + ((x - LEFT) / plot) * (to - from),
		centre: time ? step / 2 : 0,
		bar: Math.max(1, (plot / ((to - from) / step)) * 0.86),
	};
}

function paint(el: HTMLDivElement | null, canvas: HTMLCanvasElement | null, p: Props): void {
	if (el === null || canvas === null) return;
	const width = el.clientWidth;
	const h = height(width);
	const r = devicePixelRatio || 1;
	canvas.width = Math.round(width * r);
	canvas.height = Math.round(h * r);
	canvas.style.width = width + "px";
	canvas.style.height = h + "px";
	const ctx = canvas.getContext("2d");
	if (ctx === null || width <= LEFT) return;
	ctx.scale(r, r);
	const colour = getComputedStyle(el).color;
	const [xs, used, made] = p.data;
	const g = geometry(width, p);

	// power scale: 0 always, the floor and every line in view, 10 % headroom
	let top = FLOOR_W;
	let bottom = 0;
	for (const v of used) if (v !== null && v > top) top = v;
	for (const v of made) if (v !== null && v < bottom) bottom = v;
	for (const line of p.lines) top = Math.max(top, line.w);
	top *= 1.1;
	bottom *= 1.1;
	const plotBottom = h - BOTTOM;
	// the plot box in CSS px, "left top width height": where the browser tests look for bars
	canvas.dataset.plot = [LEFT, TOP, width - LEFT - RIGHT, plotBottom - TOP].join(" ");
	const py = (w: number) => TOP + ((top - w) / (top - bottom)) * (plotBottom - TOP);

	ctx.font = "11px system-ui, sans-serif";
	ctx.fillStyle = colour;
	ctx.strokeStyle = "rgba(128,128,128,0.25)";
	ctx.lineWidth = 1;
	ctx.textAlign = "right";
	ctx.textBaseline = "middle";
	for (const w of powerTicks(bottom, top, Math.max(2, (plotBottom - TOP) / 40))) {
		const y = Math.round(py(w)) + 0.5;
		ctx.fillText(w / 1000 + " kW", LEFT - 6, y);
		ctx.beginPath();
		ctx.moveTo(LEFT, y);
		ctx.lineTo(width - RIGHT, y);
		ctx.stroke();
	}
	ctx.textAlign = "center";
	ctx.textBaseline = "top";
	const room = (width - LEFT) / 56;
	if (p.labels === undefined) {
		const ticks = timeTicks(g.from, g.to, room);
		const names = axisTimes(ticks, p.lang);
		let last = -Infinity;
		ticks.forEach((t, i) => {
			const x = g.px(t);
			if (x - last < 40 || x > width - 16) return; // squeezed (an autumn day's two 02:00s), or cut off
			last = x;
			ctx.fillText(names[i], x, plotBottom + 5);
		});
	} else {
		const every = categoryEvery(xs.length, room * 1.6);
		xs.forEach((v, i) => {
			if (i % every === 0) ctx.fillText(p.labels?.(v) ?? "", g.px(v), plotBottom + 5);
		});
	}

	// bars: consumption through a gradient with hard stops at the zone boundaries; production plain
	const zero = py(0);
	const fill = ctx.createLinearGradient(0, zero, 0, py(top));
	for (const s of zoneStops(top)) fill.addColorStop(Math.min(1, Math.max(0, s.offset)), s.colour);
	const bars = (values: (number | null)[], style: CanvasGradient | string) => {
		ctx.fillStyle = style;
		values.forEach((v, i) => {
			if (v === null || v === 0) return;
			const x = g.px(xs[i] + g.centre) - g.bar / 2;
			ctx.fillRect(x, Math.min(zero, py(v)), g.bar, Math.abs(py(v) - zero));
		});
	};
	bars(used, fill);
	bars(made, PRODUCTION_COLOUR);

	ctx.setLineDash([6, 4]);
	ctx.lineWidth = 1.5;
	ctx.textAlign = "right";
	ctx.textBaseline = "bottom";
	for (const line of p.lines) {
		const y = Math.round(py(line.w));
		ctx.strokeStyle = line.colour;
		ctx.fillStyle = line.colour;
		ctx.beginPath();
		ctx.moveTo(LEFT, y);
		ctx.lineTo(width - RIGHT, y);
		ctx.stroke();
		ctx.fillText(line.label, width - 10, y - 3);
	}
	const w = p.mark === undefined ? null : used[p.mark];
	if (p.mark !== undefined && w !== null && w !== undefined) {
		const x = g.px(xs[p.mark] + g.centre);
		const y = py(w) - 3;
		ctx.fillStyle = colour;
		ctx.beginPath();
		ctx.moveTo(x, y);
		ctx.lineTo(x - 6, y - 9);
		ctx.lineTo(x + 6, y - 9);
		ctx.fill();
	}
}
