// The dashboard's checks of issue 11 in chromium, against the PC host with the simulated meter at
// high speed over the harness's history (2026-10-24 to the evening of the autumn DST day): every
// view shows its data; previous/next quarter and day, back to now and the month peak land on the
// right quarter, across the repeated hour too; a tap on a Day bar opens its quarter; the login
// prompt without credentials; the update page's error for a bad file; a settings change that
// survives a reload. Expected quarters come from the stored summaries read over HTTP and Brussels
// time as Node's Intl has it, never from the web code. Every wait is for a state of the page.

import type { Browser, Page } from "playwright-core";
import { PRODUCTION_COLOUR, ZONES } from "../../web/zones";
import { basic, get } from "../e2e/host";
import { axisLabelPixels, barsOnceDrawn } from "./canvas";
import {
	answerLoginPrompts,
	type BrowserHost,
	DESKTOP,
	describeBrowser,
	launchBrowser,
	type OpenPage,
	openPage,
	PHONE,
	PHONE_DARK,
	startHost,
	type Viewport,
} from "./harness";
import { VIEWS, waitReady } from "./views";

const BAR_COLOURS = Object.freeze([...ZONES.map((z) => z.colour), PRODUCTION_COLOUR]);
/**
 * Where in its plot (fractions of its width) a view's chart must have bars. The history has
 * 24 and 25 October: the month's 24th of 31 days, the year's 10th month; the others from the left
 * (the lines' labels sit at the right end, in bar colours).
 */
const BARS_AT: Readonly<Record<string, { from: number; fraction: number }>> = Object.freeze({
	month: { from: 23.2 / 31, fraction: 23.8 / 31 },
	year: { from: 9.2 / 12, fraction: 9.8 / 12 },
});
/** Simulated seconds per real second while the tests run. */
const SPEED = 30;

let host: BrowserHost;
let browser: Browser;

function open(viewport: Viewport, options: { login?: boolean } = {}): Promise<OpenPage> {
	return openPage(browser, viewport, host, options);
}

async function api<T>(from: BrowserHost, path: string): Promise<T> {
	const answer = await get(from.base + path, basic(from.user, from.password));
	if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
	return JSON.parse(answer.text) as T;
}

// ---- Brussels quarters, by Node's time zone database ----

const WALL = new Intl.DateTimeFormat("en-GB", {
	timeZone: "Europe/Brussels",
	year: "numeric",
	month: "2-digit",
	day: "2-digit",
	hour: "2-digit",
	minute: "2-digit",
	hourCycle: "h23",
	timeZoneName: "shortOffset",
});

/** A quarter as the page names it: Brussels date, "HH:MM", summer time or not, its address. */
interface Quarter {
	ms: number;
	date: string;
	time: string;
	summer: boolean;
	hash: string;
}

function quarterAt(ms: number): Quarter {
	const part = (type: string) => WALL.formatToParts(new Date(ms)).find((p) => p.type === type)?.value ?? "";
	const date = `${part("year")}-${part("month")}-${part("day")}`;
	const summer = part("timeZoneName") === "GMT+2";
	const hash = `#/quarter/${date}/${part("hour")}${part("minute")}${summer ? "S" : "W"}`;
	return { ms, date, time: `${part("hour")}:${part("minute")}`, summer, hash };
}

/** Every quarter of a Brussels day, found by walking UTC quarters around it: 92, 96 or 100. */
function quartersOf(date: string): Quarter[] {
	const [y, m, d] = date.split("-").map(Number);
	const from = Date.UTC(y, m - 1, d) - 3 * 3600000;
	const found: Quarter[] = [];
	for (let ms = from; ms < from + 30 * 3600000; ms += 900000) {
		const q = quarterAt(ms);
		if (q.date === date) found.push(q);
	}
	return found;
}

function find(date: string, time: string, summer: boolean): Quarter {
	const q = quartersOf(date).find((c) => c.time === time && c.summer === summer);
	if (q === undefined) throw new Error(`no quarter ${date} ${time} ${summer ? "S" : "W"}`);
	return q;
}

/** The same wall-clock quarter `n` days on: the same summer/winter flag when that day has it, else the one there is. */
function dayLater(q: Quarter, n: number): Quarter {
	const [y, m, d] = q.date.split("-").map(Number);
	const date = new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
	const same = quartersOf(date).filter((c) => c.time === q.time);
	return same.find((c) => c.summer === q.summer) ?? same[0];
}

// ---- the page ----

/** /meter/YYYY/MM/DD/day.json, the columns used here. */
interface Day {
	quarter_id: number[];
	start_s: number[];
	energy_avg_w: (number | null)[];
}

function dayPath(date: string): string {
	return "/meter/" + date.replace(/-/g, "/") + "/day.json";
}

/** "2,35 kW" or "850 W" (nl-BE) → W, and how far the shown figure may be from the exact one. */
function shownWatts(text: string): { w: number; within: number } {
	const m = /^(-?[\d.]+(?:,\d+)?)\u00a0(k?)W$/.exec(text);
	if (m === null) throw new Error(`not a power: ${JSON.stringify(text)}`);
	const n = Number(m[1].replace(/\./g, "").replace(",", "."));
	return m[2] === "k" ? { w: n * 1000, within: 5 } : { w: n, within: 0.5 };
}

function figure(page: Page, label: string) {
	return page.locator(".figures div", { has: page.locator("dt", { hasText: label }) }).locator("dd");
}

/**
 * Waits until the page's address is `q`'s and the Quarter view shows it: its Brussels start, summer
 * or winter time, and the billed average that the day's summary stored for it.
 */
async function showsQuarter(page: Page, q: Quarter, from: BrowserHost = host): Promise<void> {
	await page.waitForFunction(
		(hash) => (globalThis as unknown as { location: { hash: string } }).location.hash === hash,
		q.hash,
	);
	const heading = page.locator("h2", { hasText: `Kwartier ${q.time}–` });
	await heading.waitFor();
	expect(await heading.textContent()).toContain(q.summer ? "· zomeruur" : "· winteruur");
	const day = await api<Day>(from, dayPath(q.date));
	const i = day.start_s.indexOf(q.ms / 1000);
	expect(i).toBeGreaterThanOrEqual(0);
	const stored = day.energy_avg_w[i] as number;
	const shown = shownWatts((await figure(page, "Kwartiergemiddelde (aangerekend)").textContent()) ?? "");
	expect(Math.abs(shown.w - stored)).toBeLessThanOrEqual(shown.within);
}

/** A link of the view's own navigation (the header has "Nu", "Dag", ... too). */
function click(page: Page, name: string) {
	return page.locator("main").getByRole("link", { name, exact: true }).click();
}

/** The month's peak quarter, recomputed from its days' quarter averages (the first highest). */
async function monthPeak(from: BrowserHost, month: string): Promise<Quarter> {
	const summary = await api<{ day: number[]; peak_quarter_id: number | null }>(
		from,
		"/meter/" + month.replace("-", "/") + "/month.json",
	);
	let best: { w: number; start: number; id: number } | undefined;
	for (const d of summary.day) {
		const day = await api<Day>(from, dayPath(`${month}-${String(d).padStart(2, "0")}`));
		day.energy_avg_w.forEach((w, i) => {
			if (w !== null && (best === undefined || w > best.w)) best = { w, start: day.start_s[i], id: day.quarter_id[i] };
		});
	}
	if (best === undefined) throw new Error(`no quarters in ${month}`);
	expect(summary.peak_quarter_id).toBe(best.id); // the stored month agrees with its days
	return quarterAt(best.start * 1000);
}

describeBrowser("navigating the dashboard in chromium", () => {
	beforeAll(async () => {
		[host, browser] = await Promise.all([startHost({ speed: SPEED }), launchBrowser()]);
	}, 120000);
	afterAll(async () => {
		await browser?.close();
		await host?.dispose();
	});

	test.each(VIEWS.map((v) => [v.name, v] as const))("the %s view shows its data", async (_name, view) => {
		const { context, page, errors } = await open(PHONE);
		try {
			await page.goto(host.base + view.path);
			await waitReady(page, view);
			expect(await page.locator(".state").count()).toBe(0); // no loading, missing or problem state
			if (typeof view.ready === "string" && view.ready.startsWith(".chart")) {
				const scan = await barsOnceDrawn(page, ".chart", BAR_COLOURS, 1, BARS_AT[view.name]);
				expect(scan.columns).toBeGreaterThan(0);
			}
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("the Meter view's Log opens to the monitor's lines from /v1/log, without the login line", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			await page.goto(host.base + "/#/meter");
			await page.locator("summary", { hasText: "Logboek" }).click();
			const log = page.locator("pre.log", { hasText: /^1 \d+\.\d{3} \S+ info / });
			await log.waitFor();
			const text = (await log.textContent()) ?? "";
			expect(text).toMatch(/^\d+ [\d.]+ \d{4}-\d\d-\d\dT[\d:]+Z info Digitale Meter Monitor on http:/m);
			expect(text).not.toMatch(/login: user|password/);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("previous and next quarter cross the repeated autumn hour: 02:45 summer time, then 02:00 winter time", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			let q = find("2026-10-25", "02:30", true);
			await page.goto(host.base + "/" + q.hash);
			await showsQuarter(page, q);
			for (const [link, step] of [
				["Kwartier ›", 1],
				["Kwartier ›", 1], // 02:45 S → 02:00 W
				["Kwartier ›", 1],
				["‹ Kwartier", -1],
				["‹ Kwartier", -1], // 02:00 W → 02:45 S
			] as const) {
				q = quarterAt(q.ms + step * 900000);
				await click(page, link);
				await showsQuarter(page, q);
			}
			expect(q.time + (q.summer ? "S" : "W")).toBe("02:45S"); // the walk went where the comments say
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("previous and next day keep the wall-clock quarter, and its summer or winter time where the day has both", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			let q = find("2026-10-25", "02:15", false);
			await page.goto(host.base + "/" + q.hash);
			await showsQuarter(page, q);
			for (const [link, n] of [
				["« Dag", -1], // 24 October has 02:15 once, in summer time
				["Dag »", 1], // the 25th has both: summer time, as the 24th
				["‹ Kwartier", 0],
				["« Dag", -1],
			] as const) {
				q = n === 0 ? quarterAt(q.ms - 900000) : dayLater(q, n);
				await click(page, link);
				await showsQuarter(page, q);
			}
			expect(q.hash).toBe("#/quarter/2026-10-24/0200S");
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("'Nu' goes back from a past quarter to the running one", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			await page.goto(host.base + "/" + find("2026-10-24", "12:00", true).hash);
			await page.locator("h2", { hasText: "Kwartier 12:00–" }).waitFor();
			const before = await api<{ start: string }>(host, "/v1/now");
			await click(page, "Nu");
			const live = page.locator(".big.import .value");
			await live.waitFor();
			const after = await api<{ start: string }>(host, "/v1/now");
			// at high speed the running quarter may have moved on between the two reads
			const heading = await page.locator("h2").textContent();
			const running = [before, after].map((n) => `Kwartier ${quarterAt(Date.parse(n.start)).time}–`);
			expect(running.some((r) => heading?.startsWith(r))).toBe(true);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("the month peak button opens the month's peak quarter, from the Day and the Month view", async () => {
		const { context, page, errors } = await open(DESKTOP);
		try {
			for (const from of ["/#/day/2026-10-25", "/#/month/2026-10"]) {
				await page.goto(host.base + from);
				await page.locator(".chart canvas[data-plot]").waitFor();
				const peak = await monthPeak(host, "2026-10");
				await page.getByRole("button", { name: "Maandpiek" }).click();
				await showsQuarter(page, peak);
			}
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("a tap on a bar of the Day view opens that quarter: the first 02:00 of winter time on the DST day", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			await page.goto(host.base + "/#/day/2026-10-25");
			const canvas = page.locator(".chart canvas[data-plot]");
			await canvas.waitFor();
			const day = await api<Day>(host, dayPath("2026-10-25"));
			const target = find("2026-10-25", "02:00", false);
			const i = day.start_s.indexOf(target.ms / 1000);
			expect(i).toBe(12); // 00:00 to 01:45, then 02:00 to 02:45 summer time: 12 quarters before it
			// the bars share the plot box evenly, one quarter each, in time order
			const [left, top, width, height] = ((await canvas.getAttribute("data-plot")) ?? "").split(" ").map(Number);
			await canvas.click({ position: { x: left + ((i + 0.5) / day.start_s.length) * width, y: top + height / 2 } });
			await showsQuarter(page, target);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test("a tap on the 24th in the Month view opens that day: the month's 31 days share the axis", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			await page.goto(host.base + "/#/month/2026-10");
			const canvas = page.locator(".chart canvas[data-plot]");
			await canvas.waitFor();
			const [left, top, width, height] = ((await canvas.getAttribute("data-plot")) ?? "").split(" ").map(Number);
			await canvas.click({ position: { x: left + ((24 - 0.5) / 31) * width, y: top + height - 2 } });
			await page.waitForFunction(
				() => (globalThis as unknown as { location: { hash: string } }).location.hash === "#/day/2026-10-24",
			);
			await page.locator("h2", { hasText: "za 24 okt 2026" }).waitFor();
			await page.locator(".chart canvas[data-plot]").waitFor();
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	// The chart's labels take the page's text colour (app.css --muted) as it paints: the theme
	// button must repaint it, or the labels stay dark on the dark background.
	test.each([
		["light", PHONE, "#9aa0a6", "#5f6368"],
		["dark", PHONE_DARK, "#5f6368", "#9aa0a6"],
	] as const)(
		"the chart's axis labels follow the theme button, from a %s system",
		async (_system, viewport, after, before) => {
			const { context, page, errors } = await open(viewport);
			try {
				await page.goto(host.base + "/#/day/2026-10-25");
				await page.locator(".chart canvas[data-plot]").waitFor();
				const [was] = await axisLabelPixels(page, ".chart", [before]);
				expect(was).toBeGreaterThan(0); // the precondition: labels in the system theme's colour
				await page.getByRole("button", { name: "Licht of donker" }).click();
				await page.waitForFunction(
					() =>
						(globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document
							.documentElement.dataset.theme !== undefined,
				);
				const [now, old] = await axisLabelPixels(page, ".chart", [after, before]);
				expect(now).toBeGreaterThan(0);
				expect(old).toBe(0);
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		},
	);

	// Without the login the browser is asked for it (CDP's Fetch.authRequired is the headed
	// browser's dialog); cancelled, each view says so instead of showing data.
	test.each(["/#/day/2026-10-25", "/#/month/2026-10", "/#/meter", "/#/settings"])(
		"%s without a login: the browser prompts, and cancelled, the view says 'not logged in'",
		async (path) => {
			const { context, page, errors } = await open(PHONE, { login: false });
			try {
				const challenges = await answerLoginPrompts(context, page, host, "cancel");
				await page.goto(host.base + path);
				const state = page.locator(".state.login");
				await state.waitFor();
				expect(await state.textContent()).toBe("Niet aangemeld: herlaad de pagina en meld je aan.");
				expect(challenges.length).toBeGreaterThanOrEqual(1);
				for (const c of challenges) expect(c).toMatchObject({ origin: host.base, scheme: "basic" });
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		},
	);

	test("the update page refuses a file that is no firmware, and shows the host's answer to an upload", async () => {
		const { context, page, errors } = await open(PHONE);
		try {
			await page.goto(host.base + "/#/update");
			const input = page.locator("input[type=file]");
			const upload = page.getByRole("button", { name: "Laden" });
			await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("boodschappen\n") });
			const result = page.locator("p.warning[role=status]");
			await result.waitFor();
			expect(await result.textContent()).toBe("Dit is geen firmware voor de monitor (een .bin-bestand voor de ESP32).");
			expect(await upload.isDisabled()).toBe(true);

			// the first byte of an ESP32 image: the page sends it; the PC host takes no firmware (501) and the page says so
			const damaged = Buffer.alloc(4096, 0x5a);
			damaged[0] = 0xe9;
			await input.setInputFiles({ name: "firmware.bin", mimeType: "application/octet-stream", buffer: damaged });
			await page.waitForFunction(() => {
				const doc = (globalThis as unknown as { document: { querySelector(s: string): { disabled: boolean } | null } })
					.document;
				return doc.querySelector("form.settings button")?.disabled === false;
			});
			await upload.click();
			await result.waitFor();
			expect(await result.textContent()).toBe(
				"Firmware bijwerken kan alleen op de monitor zelf, niet op deze pc-versie.",
			);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test.each(["nl", "en"])(
		"every setting the host has is named in the Settings view (%s), none by its API id",
		async (lang) => {
			const { context, page, errors } = await open(DESKTOP);
			try {
				await page.goto(host.base + "/#/settings");
				await page.locator("form.settings [type=submit]").waitFor();
				if (lang === "en") await page.getByRole("button", { name: "EN" }).click();
				await page.locator("form.settings [type=submit]", { hasText: lang === "en" ? "Save" : "Opslaan" }).waitFor();
				const settings = await api<Record<string, Record<string, unknown>>>(host, "/v1/settings");
				// switched on, so that every field shows
				for (const section of Object.keys(settings))
					if (settings[section].enabled === false) await page.locator(`[id="f-${section}.enabled"]`).check();
				await page.locator('[id="f-network.dhcp"]').uncheck();
				const ids = Object.keys(settings).flatMap((s) => Object.keys(settings[s]).map((k) => `${s}.${k}`));
				const labels = await page.locator("form.settings label").allTextContents();
				const heads = await page.locator("form.settings h3").allTextContents();
				expect(labels.filter((l) => ids.some((id) => l.includes(id)))).toEqual([]);
				expect(heads.filter((h) => Object.hasOwn(settings, h))).toEqual([]);
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		},
	);

	test("a changed target is saved, shows again after a reload, and GET /v1/settings has it", async () => {
		const { context, page, errors } = await open(DESKTOP);
		try {
			await page.goto(host.base + "/#/settings");
			const target = page.locator('[id="f-tariff.target_w"]');
			await target.waitFor();
			const before = await api<{ tariff: { target_w: number | null } }>(host, "/v1/settings");
			expect(before.tariff.target_w).not.toBe(3250);
			await target.fill("3.250"); // Dutch: a dot groups thousands
			await page.getByRole("button", { name: "Opslaan" }).click();
			await page.locator("form.settings p.note", { hasText: "Opgeslagen." }).waitFor();
			await page.reload();
			await target.waitFor();
			expect(await target.inputValue()).toBe("3250");
			const after = await api<{ tariff: { target_w: number | null } }>(host, "/v1/settings");
			expect(after.tariff.target_w).toBe(3250);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});
});

// A history of the repeated hour alone: the month's peak is one of its ten quarters, five of them
// in summer time and five in winter time, at the same wall-clock times.
describeBrowser("the month peak in the repeated autumn hour", () => {
	let night: BrowserHost;
	beforeAll(async () => {
		[night, browser] = await Promise.all([
			startHost({ fill: { start: "2026-10-25T02:00:00+02:00", until: "2026-10-25T02:40:00+01:00" } }),
			launchBrowser(),
		]);
	}, 120000);
	afterAll(async () => {
		await browser?.close();
		await night?.dispose();
	});

	test("the month peak button opens it, with its summer or winter time", async () => {
		const { context, page, errors } = await openPage(browser, PHONE, night);
		try {
			await page.goto(night.base + "/#/month/2026-10");
			await page.locator(".chart canvas[data-plot]").waitFor();
			const peak = await monthPeak(night, "2026-10");
			expect(["02:00", "02:15", "02:30", "02:45"]).toContain(peak.time);
			await page.getByRole("button", { name: "Maandpiek" }).click();
			await showsQuarter(page, peak, night);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
