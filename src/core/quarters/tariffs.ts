// Capacity-tariff prices (capaciteitstarief) of the Fluvius grid areas for households with a
// digital meter, EUR per kW per year, INCLUDING 6 % VAT (what a household pays).
//
// Sources (supplier tariff cards, which print the regulated Fluvius network tariffs per area):
// - 2025: Eneco Belgium, "Eneco Zon & Wind Flex", tariefkaart december 2025, table
//   "Nettarieven elektriciteit - digitale meter", column "Capaciteitstarief (EUR/kW/jaar)".
// - 2026: Eneco Belgium, "Eneco Zon & Wind Vast", tariefkaart april 2026, same table.
//   Cross-check: Ecopower's april 2026 card prints the same figures without VAT
//   (Antwerpen 49.40, Imewo 54.20; x 1.06 = 52.37 and 57.45).
// Both cards were read from copies kept in github.com/renaudallard/homeassistant_be_electricity_prices
// (tests/fixtures/eneco_flex_dec25.pdf and eneco_fix.pdf, commit 5d7c28fc). Figures change every
// 1 January (VREG approval): add a row per area and year.

export interface CapacityTariff {
	/** Short key used in config.json. */
	area: string;
	/** Name of the grid area as Fluvius prints it. */
	name: string;
	year: number;
	/** EUR per kW of average monthly peak per year, VAT included. */
	eurPerKwYear: number;
}

function row(area: string, name: string, year: number, eurPerKwYear: number): CapacityTariff {
	return Object.freeze({ area, name, year, eurPerKwYear });
}

export const CAPACITY_TARIFFS: readonly CapacityTariff[] = Object.freeze([
	row("antwerpen", "Fluvius Antwerpen", 2025, 53.26),
	row("halle-vilvoorde", "Fluvius Halle-Vilvoorde", 2025, 59.56),
	row("imewo", "Fluvius Imewo", 2025, 56.44),
	row("kempen", "Fluvius Kempen (Iveka)", 2025, 56.3),
	row("limburg", "Fluvius Limburg", 2025, 51.81),
	row("midden-vlaanderen", "Fluvius Midden-Vlaanderen (Intergem)", 2025, 51.99),
	row("west", "Fluvius West", 2025, 60.35),
	row("zenne-dijle", "Fluvius Zenne-Dijle", 2025, 59.15),
	row("antwerpen", "Fluvius Antwerpen", 2026, 52.37),
	row("halle-vilvoorde", "Fluvius Halle-Vilvoorde", 2026, 59.41),
	row("imewo", "Fluvius Imewo", 2026, 57.45),
	row("kempen", "Fluvius Kempen (Iveka)", 2026, 59.58),
	row("limburg", "Fluvius Limburg", 2026, 51.99),
	row("midden-vlaanderen", "Fluvius Midden-Vlaanderen (Intergem)", 2026, 53.13),
	row("west", "Fluvius West", 2026, 60.53),
	row("zenne-dijle", "Fluvius Zenne-Dijle", 2026, 59.49),
]);

/** Used when config.json names no area: one documented Fluvius figure rather than a made-up average. */
export const DEFAULT_AREA = "antwerpen";

/** Below this average monthly peak nothing more is billed: every month counts for at least 2.5 kW. */
export const MINIMUM_PEAK_W = 2500;

/**
 * The area's tariff for `year`, or for the nearest year the table has (the latest earlier year,
 * else the earliest); undefined for an unknown area.
 */
export function capacityTariff(area: string, year: number): CapacityTariff | undefined {
	let best: CapacityTariff | undefined;
	for (const t of CAPACITY_TARIFFS) {
		if (t.area !== area) continue;
		if (!best) best = t;
		else if (t.year <= year ? best.year > year || t.year > best.year : best.year > year && t.year < best.year) best = t;
	}
	return best;
}
