// The chart's colour zones, as the original: green below the 2.5 kW floor, then orange, red, purple.
// The floor is the capacity tariff's minimum; 5 and 7.5 kW are our choice (steps of the same size).

export const FLOOR_W = 2500;

export interface Zone {
	/** The zone holds values below this, W (Infinity for the last). */
	readonly below: number;
	readonly colour: string;
}

export const ZONES: readonly Zone[] = Object.freeze([
	Object.freeze({ below: FLOOR_W, colour: "#2e9d4a" }),
	Object.freeze({ below: 5000, colour: "#f08c00" }),
	Object.freeze({ below: 7500, colour: "#d63a2f" }),
	Object.freeze({ below: Infinity, colour: "#8e3fbf" }),
]);

export const PRODUCTION_COLOUR = "#3b82c4";

/** The colour of a power value, W. */
export function zoneColour(w: number): string {
	for (const zone of ZONES) if (w < zone.below) return zone.colour;
	return ZONES[ZONES.length - 1].colour;
}

/**
 * Colour stops for a vertical gradient from 0 W (offset 0) to `maxW` (offset 1): two stops at each
 * boundary inside the range, so the colours change sharply there.
 */
export function zoneStops(maxW: number): { offset: number; colour: string }[] {
	const stops: { offset: number; colour: string }[] = [];
	let from = 0;
	for (const zone of ZONES) {
		stops.push({ offset: from, colour: zone.colour });
		if (zone.below >= maxW) {
			stops.push({ offset: 1, colour: zone.colour });
			break;
		}
		from = zone.below / maxW;
		stops.push({ offset: from, colour: zone.colour });
	}
	return stops;
}

/** The slots padded to a full quarter, production negative, with x in seconds since the epoch. */
export function quarterSeries(
	startIso: string,
	intervalS: number,
	consumed: readonly (number | null)[],
	produced: readonly (number | null)[],
	slots: number,
): [number[], (number | null)[], (number | null)[]] {
	const start = Date.parse(startIso) / 1000;
	const xs: number[] = [];
	const c: (number | null)[] = [];
	const p: (number | null)[] = [];
	for (let i = 0; i < slots; i++) {
		xs.push(start + i * intervalS);
		c.push(i < consumed.length ? consumed[i] : null);
		const out = i < produced.length ? produced[i] : null;
		p.push(out === null || out === 0 ? out : -Math.abs(out));
	}
	return [xs, c, p];
}
