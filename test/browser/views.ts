// Every view of the dashboard, one row each: the screenshot test (screenshots.test.ts) opens each
// at phone and desktop size and waits until `ready` holds before it takes the picture. A new view
// is one more row: its address and a selector that appears only once the view shows its data.
// Tests of what a view does follow now.test.ts: startHost (a simulated history, DEFAULT_FILL),
// launchBrowser, openPage per viewport, waits for states of the page, never for a time.

import type { Page } from "playwright-core";

export interface ViewRow {
	/** File name of its screenshots: build/screenshots/<name>-<phone|desktop>.png */
	readonly name: string;
	/** The address after the host, e.g. "/#/day/2026-10-25". */
	readonly path: string;
	/** A CSS selector that matches only once the view shows data (not its loading or problem state), or a wait of its own. */
	readonly ready: string | ((page: Page) => Promise<void>);
}

/** A chart that has painted (web/chart.ts sets data-plot as it paints, once its data is there). */
const CHART = ".chart canvas[data-plot]";

/** The dates are those of the harness's DEFAULT_FILL: the autumn DST day 2026-10-25 and the day before. */
export const VIEWS: readonly ViewRow[] = Object.freeze([
	{ name: "now", path: "/#/now", ready: CHART },
	// the first quarter of the repeated hour: winter time
	{ name: "quarter", path: "/#/quarter/2026-10-25/0200W", ready: CHART },
	{ name: "day", path: "/#/day/2026-10-25", ready: CHART },
	{ name: "month", path: "/#/month/2026-10", ready: CHART },
	{ name: "year", path: "/#/year/2026", ready: CHART },
	// the decoded telegram's sections come with /v1/telegram's answer
	{ name: "meter", path: "/#/meter", ready: "details summary" },
	{ name: "settings", path: "/#/settings", ready: "form.settings [type=submit]" },
	{ name: "update", path: "/#/update", ready: "input[type=file]" },
	{ name: "export", path: "/#/export", ready: "a.button[download]" },
	// the form, and the networks' answer (the PC host has none: a 404, then the name is typed)
	{
		name: "setup",
		path: "/#/setup",
		ready: async (page) => {
			await page.locator("form.settings [type=submit]").waitFor();
			await page.locator("form.settings h3 + p", { hasNotText: "…" }).waitFor();
		},
	},
]);

/** Waits until `row` shows its data. */
export async function waitReady(page: Page, row: ViewRow): Promise<void> {
	if (typeof row.ready === "string") await page.locator(row.ready).first().waitFor({ state: "visible" });
	else await row.ready(page);
}
