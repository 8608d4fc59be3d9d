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

export const VIEWS: readonly ViewRow[] = Object.freeze([{ name: "now", path: "/#/now", ready: ".chart canvas" }]);

/** Waits until `row` shows its data. */
export async function waitReady(page: Page, row: ViewRow): Promise<void> {
	if (typeof row.ready === "string") await page.locator(row.ready).first().waitFor({ state: "visible" });
	else await row.ready(page);
}
