// Every view of views.ts at phone (360x740, light and dark) and desktop (1280x800) size, logged in, against the
// PC host with a simulated history: each must reach its "has data" state without an error on the
// page, and its full-page screenshot goes to build/screenshots/<view>-<phone|desktop>.png (a CI
// artifact: the pictures are for people; the assertions are the states). The phone is also shot
// dark (<view>-phone-dark.png).

import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import {
	type BrowserHost,
	describeBrowser,
	launchBrowser,
	openPage,
	PHONE_DARK,
	SCREENSHOT_DIR,
	startHost,
	VIEWPORTS,
} from "./harness";
import { VIEWS, waitReady } from "./views";

let host: BrowserHost;
let browser: Browser;

const CASES = VIEWS.flatMap((view) =>
	[...VIEWPORTS, PHONE_DARK].map((viewport) => [view.name, viewport.name, view, viewport] as const),
);

describeBrowser("every view, screenshot at phone and desktop size", () => {
	beforeAll(async () => {
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		[host, browser] = await Promise.all([startHost(), launchBrowser()]);
	}, 120000);
	afterAll(async () => {
		await browser?.close();
		await host?.dispose();
	});

	test.each(CASES)("%s on a %s shows its data", async (_view, _viewport, view, viewport) => {
		const { context, page, errors } = await openPage(browser, viewport, host);
		try {
			await page.goto(host.base + view.path);
			await waitReady(page, view);
			const file = path.join(SCREENSHOT_DIR, `${view.name}-${viewport.name}.png`);
			fs.rmSync(file, { force: true });
			await page.screenshot({ path: file, fullPage: true });
			// a PNG exactly as wide as the viewport: nothing sticks out sideways (a full-page shot takes the page's width)
			const png = fs.readFileSync(file);
			expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
			const scale = viewport.options.deviceScaleFactor ?? 1;
			expect(png.readUInt32BE(16)).toBe((viewport.options.viewport?.width ?? 0) * scale);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
