// The running quarter's 5 s slots as bars (uPlot): consumption coloured by zone, production below
// zero, with lines at the 2.5 kW floor, the month peak and the target.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { TIME_ZONE } from "./format";
import { html } from "./html";
import { FLOOR_W, PRODUCTION_COLOUR, zoneStops } from "./zones";

export interface Line {
	w: number;
	label: string;
	colour: string;
}

interface Props {
	data: [number[], (number | null)[], (number | null)[]];
	lines: Line[];
	labels: { consumption: string; production: string };
}

export function QuarterChart({ data, lines, labels }: Props) {
	const box = useRef<HTMLDivElement>(null);
	const plot = useRef<uPlot | null>(null);
	const linesRef = useRef(lines);
	linesRef.current = lines;

	useEffect(() => {
		const el = box.current;
		if (el === null) return;
		const u = new uPlot(
			options(el.clientWidth, labels, () => linesRef.current),
			data,
			el,
		);
		plot.current = u;
		const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: height(el.clientWidth) }));
		resize.observe(el);
		return () => {
			resize.disconnect();
			u.destroy();
			plot.current = null;
		};
	}, [labels.consumption, labels.production]);

	useEffect(() => {
		plot.current?.setData(data);
	}, [data, lines]);

	return html`<div class="chart" ref=${box}></div>`;
}

function height(width: number): number {
	return Math.max(180, Math.min(320, Math.round(width * 0.5)));
}

function options(width: number, labels: Props["labels"], lines: () => Line[]): uPlot.Options {
	const bars = uPlot.paths.bars?.({ size: [0.9, 12], align: 1 });
	return {
		width,
		height: height(width),
		tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE),
		legend: { show: false },
		cursor: { show: false },
		scales: {
			y: {
				range: (_u, min, max) => {
					let top = Math.max(max, FLOOR_W);
					for (const line of lines()) top = Math.max(top, line.w);
					return [Math.min(0, min) * 1.1, top * 1.1];
				},
			},
		},
		axes: [
			{ stroke: "currentColor", grid: { stroke: "rgba(128,128,128,0.2)" } },
			{
				stroke: "currentColor",
				grid: { stroke: "rgba(128,128,128,0.2)" },
				values: (_u, ticks) => ticks.map((v) => (v / 1000).toString() + " kW"),
				size: 56,
			},
		],
		series: [
			{},
			// width 0, not just a transparent stroke: bars narrower than twice the stroke (180 slots at
			// phone width) are filled with the stroke's colour by uPlot, and showed nothing at 360 px
			{
				label: labels.consumption,
				paths: bars,
				fill: zoneFill,
				width: 0,
				stroke: "transparent",
				points: { show: false },
			},
			{
				label: labels.production,
				paths: bars,
				fill: PRODUCTION_COLOUR,
				width: 0,
				stroke: "transparent",
				points: { show: false },
			},
		],
		hooks: { draw: [(u) => drawLines(u, lines())] },
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

function drawLines(u: uPlot, lines: Line[]): void {
	const ctx = u.ctx;
	const left = u.bbox.left;
	const right = left + u.bbox.width;
	ctx.save();
	ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
	ctx.lineWidth = 1.5 * devicePixelRatio;
	ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
	ctx.textAlign = "right";
	for (const line of lines) {
		const y = Math.round(u.valToPos(line.w, "y", true));
		ctx.strokeStyle = line.colour;
		ctx.fillStyle = line.colour;
		ctx.beginPath();
		ctx.moveTo(left, y);
		ctx.lineTo(right, y);
		ctx.stroke();
		ctx.fillText(line.label, right - 4 * devicePixelRatio, y - 4 * devicePixelRatio);
	}
	ctx.restore();
}
