// The dashboard rows of `npm run bench` (issue 11):
// - the whole app gzipped (HTML, JS with Preact and the chart, CSS, manifest, icon), against 40 KB;
// - the API answers the views read, from a simulated October 2026 (the autumn DST day, a full
//   month, the running quarter nearly full), each against 8 KB;
// - in Debian's chromium throttled as Lighthouse's phone preset (1.6 Mbit/s down, 750 kbit/s up,
//   150 ms per request, CPU 4x slower), the time from navigation until the Now view shows the
//   live power: a first visit (empty cache) and a return visit, against 1.5 s.
// Figures and goals side by side; nothing fails the run.

import type { Browser } from "playwright-core";
import { PREFIX } from "../../src/core/api/live";
import { type BrowserHost, HAVE_CHROMIUM, launchBrowser, PHONE, startHost } from "../../test/browser/harness";
import { basic, get } from "../../test/e2e/host";
import { BUDGET_BYTES, buildWeb } from "../web-build";
import type { PipelineSection } from "./pipeline";
import { group, renderTable } from "./table";

const GOALS = Object.freeze({ answerBytes: 8 * 1024, shownMs: 1500 });
/** October 2026 at full speed, up to 30 s before the last quarter ends: every view's largest answer. */
const FILL = Object.freeze({ start: "2026-10-01T00:00:00+02:00", until: "2026-10-31T23:59:30+01:00" });
const SLOTS = 180;
/** Lighthouse's mobile throttling (DevTools adds the latency to each request, not to each round trip). */
const THROTTLE = Object.freeze({ downKbit: 1600, upKbit: 750, latencyMs: 150, cpu: 4 });
const RUNS = 3;

/** The API answers the views read, one row each: a view's new route is one more row. */
const ANSWERS: readonly { view: string; target: string }[] = Object.freeze([
	{ view: "now", target: `${PREFIX}now` },
	{ view: "now (chart)", target: "/current/quarter" },
	{ view: "quarter (the repeated hour)", target: `${PREFIX}quarter?date=2026-10-25&time=02:15&dst=W` },
	{ view: "day (DST day, 100 quarters)", target: "/meter/2026/10/25/day.json" },
	{ view: "month (31 days)", target: "/meter/2026/10/month.json" },
	{ view: "month, year", target: `${PREFIX}capacity` },
	{ view: "year", target: "/meter/2026/year.json" },
	{ view: "meter", target: `${PREFIX}telegram` },
	{ view: "meter", target: `${PREFIX}status` },
	{ view: "settings", target: `${PREFIX}settings` },
]);

const met = (ok: boolean) => (ok ? "met" : "NOT met");
const kib = (bytes: number) => `${group(bytes / 1024, 1)} KiB`;

async function sizeRows(): Promise<string[]> {
	const built = await buildWeb();
	const rows = built.files.map((f) => [f.name, group(f.bytes), group(f.gzipBytes)]);
	rows.push(["the whole app", group(built.files.reduce((n, f) => n + f.bytes, 0)), group(built.gzipTotal)]);
	return [
		renderTable(["dashboard file (npm run build:web)", "bytes", "gzipped"], rows, 1),
		`goal: the whole app <= ${kib(BUDGET_BYTES)} gzipped: ${kib(built.gzipTotal)} (${met(built.gzipTotal <= BUDGET_BYTES)})`,
	];
}

async function answerRows(host: BrowserHost): Promise<string[]> {
	const auth = basic(host.user, host.password);
	const rows: string[][] = [];
	let largest = { bytes: 0, target: "" };
	for (const { view, target } of ANSWERS) {
		const got = await get(host.base + target, auth);
		const bytes = Buffer.byteLength(got.text, "utf8");
		let note = "";
		if (target === "/current/quarter") {
			const slots = (JSON.parse(got.text) as { consumed_power_interval_avgs?: unknown[] }).consumed_power_interval_avgs;
			note = `${slots?.length ?? 0} of ${SLOTS} slots`;
		}
		if (got.status === 200 && bytes > largest.bytes) largest = { bytes, target };
		rows.push([
			target,
			view,
			String(got.status),
			got.status === 200 ? group(bytes) : "-",
			got.status === 200 ? met(bytes <= GOALS.answerBytes) : "",
			note,
		]);
	}
	return [
		renderTable(["API answer", "view", "status", "bytes", `<= ${group(GOALS.answerBytes)}`, ""], rows, 2),
		`goal: the largest answer a view needs <= ${kib(GOALS.answerBytes)}: ${kib(largest.bytes)}, ${largest.target} (${met(largest.bytes <= GOALS.answerBytes)})`,
		`  from the PC host after a simulated ${FILL.start} to ${FILL.until} (seed 1); bodies as sent, before any gzip (the API sends none)`,
	];
}

/** Records, in the page, when the Now view's live power first holds a number (the frame after it is set). */
const SHOWN_PROBE = `new MutationObserver((_, observer) => {
	const value = document.querySelector(".big.import .value");
	if (value === null || !/\\d/.test(value.textContent)) return;
	observer.disconnect();
	requestAnimationFrame(() => { window.__shownAt = performance.now(); });
}).observe(document, { childList: true, subtree: true, characterData: true });`;

/** Milliseconds from navigation start until the live power shows: the first visit, then a return one. */
async function loadOnce(browser: Browser, host: BrowserHost): Promise<[number, number]> {
	const context = await browser.newContext({
		...PHONE.options,
		// a browser that has the login already (a return visitor's cached one) sends it with each request
		httpCredentials: { username: host.user, password: host.password, send: "always" },
	});
	try {
		const page = await context.newPage();
		await page.addInitScript(SHOWN_PROBE);
		const cdp = await context.newCDPSession(page);
		await cdp.send("Network.enable");
		await cdp.send("Network.emulateNetworkConditions", {
			offline: false,
			latency: THROTTLE.latencyMs,
			downloadThroughput: (THROTTLE.downKbit * 1000) / 8,
			uploadThroughput: (THROTTLE.upKbit * 1000) / 8,
		});
		await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE.cpu });
		const visit = async () => {
			await page.goto(host.base + "/");
			await page.waitForFunction("window.__shownAt !== undefined", undefined, { timeout: 60000 });
			return (await page.evaluate("window.__shownAt")) as number;
		};
		return [await visit(), await visit()];
	} finally {
		await context.close();
	}
}

async function loadRows(host: BrowserHost): Promise<string[]> {
	if (!HAVE_CHROMIUM)
		return ["Now view load time: not measured, /usr/bin/chromium is absent (apt-get install chromium)"];
	const browser = await launchBrowser();
	try {
		const runs: [number, number][] = [];
		for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(browser, host));
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		const first = median(runs.map((r) => r[0]));
		const again = median(runs.map((r) => r[1]));
		const all = (k: 0 | 1) => runs.map((r) => group(r[k])).join(", ");
		return [
			renderTable(
				["Now view, 360x740 phone, throttled", "median ms", "runs ms", `<= ${group(GOALS.shownMs)} ms`],
				[
					["first visit (empty cache)", group(first), all(0), met(first <= GOALS.shownMs)],
					["return visit (cached app)", group(again), all(1), met(again <= GOALS.shownMs)],
				],
				1,
			),
			`  chromium ${browser.version()} headless; ${THROTTLE.downKbit / 1000} Mbit/s down, ${THROTTLE.upKbit} kbit/s up, ${THROTTLE.latencyMs} ms per request, CPU ${THROTTLE.cpu}x slower (CDP); from navigation start to the frame after the live power holds a number`,
		];
	} finally {
		await browser.close();
	}
}

/** Waits until /v1/now has a live power, so the load time does not include the meter's first telegram. */
async function live(host: BrowserHost): Promise<void> {
	const auth = basic(host.user, host.password);
	for (let i = 0; i < 100; i++) {
		const now = await get(host.base + `${PREFIX}now`, auth);
		if (now.status === 200 && (JSON.parse(now.text) as { import_w: number | null }).import_w !== null) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error("no live power from the host");
}

async function run(): Promise<string[]> {
	const out = await sizeRows();
	const host = await startHost({ fill: FILL });
	try {
		await live(host);
		out.push("", ...(await answerRows(host)), "", ...(await loadRows(host)));
	} finally {
		await host.dispose();
	}
	return out;
}

export const webSection: PipelineSection = {
	title: "Dashboard bench (issue 11): size, API answers, load time in chromium",
	run,
};
