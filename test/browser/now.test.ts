// The Now view in a real browser against the PC host: the "not logged in" state without the
// login, live figures and a chart with bars at phone and desktop size with it, English chosen
// and remembered, and "unreachable" once the host is gone. Every wait is for a state of the page.

import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { PRODUCTION_COLOUR, ZONES } from "../../web/zones";
import { basic, get } from "../e2e/host";
import { barsOnceDrawn } from "./canvas";
import {
	answerLoginPrompts,
	type BrowserHost,
	DESKTOP,
	describeBrowser,
	launchBrowser,
	type OpenPage,
	openPage,
	PHONE,
	SCREENSHOT_DIR,
	startHost,
	VIEWPORTS,
	type Viewport,
} from "./harness";

// The host's history ends at 2026-10-25T19:05+01:00 (after the DST change: UTC+1), so the open
// quarter runs 19:00-19:15 Brussels time, 18:00-18:15 UTC; served at real-time speed it stays
// open for the 10 minutes this file needs. The browser runs in UTC: Brussels times must come
// from the app, not from the browser's zone.
const FILL = Object.freeze({ start: "2026-10-24T00:00:00+02:00", until: "2026-10-25T19:05:00+01:00" });
const QUARTER_NL = "Kwartier 19:00–19:15";
const POWER = /^\d{1,3}(\.\d{3})*(,\d{2})?\u00a0k?W$/; // "850 W", "2,35 kW" (nl-BE)
const POWER_EN = /^\d{1,3}(,\d{3})*(\.\d{2})?\u00a0k?W$/;
const BAR_COLOURS = Object.freeze([...ZONES.map((z) => z.colour), PRODUCTION_COLOUR]);

let host: BrowserHost;
let browser: Browser;

/** A page of a fresh context, in UTC; every uncaught error of the page is collected in `errors`. */
function open(viewport: Viewport, options: { login?: boolean; lang?: string } = {}): Promise<OpenPage> {
	return openPage(browser, viewport, host, { ...options, timezoneId: "UTC" });
}

/** The figure whose label is `label` ("Gemiddelde tot nu" → its value). */
function figure(page: Page, label: string) {
	return page.locator(".figures div", { has: page.locator("dt", { hasText: label }) }).locator("dd");
}

describeBrowser("the Now view in chromium", () => {
	beforeAll(async () => {
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		[host, browser] = await Promise.all([startHost({ fill: FILL }), launchBrowser()]);
	}, 120000);
	afterAll(async () => {
		await browser?.close();
		await host?.dispose();
	});

	// Without a login the browser holds the API request and asks its user (the prompt); the
	// DevTools protocol hands that question to the test, which answers as the user would.
	test.each([
		["cancels the prompt: the view says 'not logged in'", "cancel"],
		["logs in at the prompt: the live power shows", "login"],
	] as const)("without a login the page loads and the browser prompts for it; the user %s", async (_title, answer) => {
		const { context, page, errors } = await open(PHONE, { login: false });
		try {
			const challenges = await answerLoginPrompts(context, page, host, answer);
			const index = await page.goto(host.base + "/");
			expect(index?.status()).toBe(200); // the page itself needs no login
			if (answer === "cancel") {
				const state = page.locator(".state.login");
				await state.waitFor();
				expect(await state.textContent()).toBe("Niet aangemeld: herlaad de pagina en meld je aan.");
				expect(await page.locator(".big").count()).toBe(0);
				await page.screenshot({ path: path.join(SCREENSHOT_DIR, "now-not-logged-in-phone.png"), fullPage: true });
			} else {
				const live = page.locator(".big.import .value");
				await live.waitFor();
				expect(await live.textContent()).toMatch(POWER);
			}
			// the API brought the prompt up, for this host, as Basic; how often depends on timing: a
			// login given at the first prompt is remembered for the realm, and a request the page
			// sends after it goes with it (seen: 1 or 2 prompts for /v1/now and /current/quarter)
			expect(challenges.length).toBeGreaterThanOrEqual(1);
			for (const c of challenges)
				expect(c).toEqual({ source: "Server", origin: host.base, scheme: "basic", realm: expect.any(String) });
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test.each(VIEWPORTS.map((v) => [v.name, v] as const))(
		"on a %s the live power, the quarter's figures, the allowance and a chart with bars show",
		async (_name, viewport) => {
			const { context, page, errors } = await open(viewport);
			try {
				await page.goto(host.base + "/");
				const live = page.locator(".big.import .value");
				await live.waitFor();
				expect(await live.textContent()).toMatch(POWER);
				expect(await page.locator(".big.export .value").textContent()).toMatch(POWER);
				expect(await page.locator("h2").textContent()).toBe(QUARTER_NL);
				for (const label of ["Gemiddelde tot nu", "Verwacht kwartiergemiddelde", "Maandpiek"])
					expect(await figure(page, label).textContent()).toMatch(POWER);
				expect(await figure(page, "Verbruik dit kwartier").textContent()).toMatch(/^\d+,\d{3}\u00a0kWh$/);
				expect(await figure(page, "Nog in dit kwartier").textContent()).toMatch(/^\d{1,2}:\d{2}$/);
				expect(await page.locator(".allowance").textContent()).toMatch(
					/^(Je kan nog (meer dan )?\S+\u00a0k?W bijschakelen tot 19:15\.|Schakel niets meer bij tot 19:15: .*)$/,
				);

				// the quarter so far, as the API has it: 5 s slots from 19:00 on, drawing power in the evening
				const quarter = JSON.parse(
					(await get(host.base + "/current/quarter", basic(host.user, host.password))).text,
				) as {
					consumed_power_interval_avgs: number[];
				};
				const drawing = quarter.consumed_power_interval_avgs.filter((w) => w > 0).length;
				expect(drawing).toBeGreaterThanOrEqual(60); // 5 minutes of slots: the precondition of what follows
				await page.locator(".chart canvas").waitFor();
				// 60 slots of 180 span a third of the plot, at least a device pixel each
				const scan = await barsOnceDrawn(page, ".chart", BAR_COLOURS, 40);
				expect(scan.columns).toBeGreaterThanOrEqual(40);
				await page.screenshot({ path: path.join(SCREENSHOT_DIR, `now-live-${viewport.name}.png`), fullPage: true });
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		},
	);

	test("English is chosen with its button and remembered on the next visit", async () => {
		const { context, page, errors } = await open(DESKTOP, { lang: "nl-BE" });
		try {
			await page.goto(host.base + "/");
			await page.locator(".big.import .value").waitFor();
			await page.getByRole("button", { name: "EN" }).click();
			await page.locator("h2", { hasText: "Quarter 19:00–19:15" }).waitFor();
			expect(await page.locator(".big.import .label").textContent()).toBe("Drawing");
			expect(await page.locator(".big.import .value").textContent()).toMatch(POWER_EN);
			await page.reload();
			await page.locator(".big.import .value").waitFor();
			expect(await page.locator("h2").textContent()).toBe("Quarter 19:00–19:15");
			expect(await page.locator("html").getAttribute("lang")).toBe("en");
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	// last: it stops the host
	test("once the host is gone, the open page says the monitor cannot be reached", async () => {
		const { context, page } = await open(PHONE);
		try {
			await page.goto(host.base + "/");
			await page.locator(".big.import .value").waitFor();
			await host.stop();
			const state = page.locator(".state.unreachable");
			await state.waitFor({ timeout: 30000 }); // the next refresh, 5 s on
			expect(await state.textContent()).toBe("De monitor is niet bereikbaar. Staat hij aan en is je wifi verbonden?");
			await page.screenshot({ path: path.join(SCREENSHOT_DIR, "now-unreachable-phone.png"), fullPage: true });
		} finally {
			await context.close();
		}
	});
});
