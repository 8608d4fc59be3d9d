// What every browser test needs: Debian's chromium driven by playwright-core, and the PC host
// (bundled, test/e2e/host.ts) serving the freshly built dashboard over a simulated history.
// Without /usr/bin/chromium the tests are skipped, each saying why; CI installs it (.ci/run).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { buildWeb } from "../../scripts/web-build";
import { bundleHost, type HostRun, runHost } from "../e2e/host";

export const CHROMIUM = "/usr/bin/chromium";
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const SKIPPED = `skipped: ${CHROMIUM} is absent (apt-get install chromium; .ci/run does)`;

/** Flags for a container without a GPU, a sandbox or a network that the browser should use itself. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]);

/** `describe` when chromium is there; otherwise one skipped test whose name says why, and a warning. */
export function describeBrowser(name: string, body: () => void): void {
	if (HAVE_CHROMIUM) describe(name, body);
	else {
		console.warn(`${name}: ${SKIPPED}`);
		describe(name, () => test.skip(SKIPPED, () => {}));
	}
}

/** Headless, with a profile of its own (playwright gives each launch a fresh --user-data-dir). */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

export interface Viewport {
	name: string;
	options: BrowserContextOptions;
}

export const PHONE: Viewport = Object.freeze({
	name: "phone",
	options: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
});
export const DESKTOP: Viewport = Object.freeze({
	name: "desktop",
	options: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
});
export const VIEWPORTS: readonly Viewport[] = Object.freeze([PHONE, DESKTOP]);
/** The phone with the system set to dark: the screenshots show the dark theme too. */
export const PHONE_DARK: Viewport = Object.freeze({
	name: "phone-dark",
	options: { ...PHONE.options, colorScheme: "dark" as const },
});

/** Where screenshots go (build/ is git-ignored); CI keeps the folder as an artifact. */
export const SCREENSHOT_DIR = path.resolve(__dirname, "../../build/screenshots");

/**
 * The history the host is filled with before it serves: up to the evening of the autumn DST day
 * (25 hours), so the running quarter is 10 minutes along and drawing power (19:00 local), and the
 * day, month and year views have something to show. About 2 simulated days: seconds at full speed.
 */
export const DEFAULT_FILL = Object.freeze({ start: "2026-10-24T00:00:00+02:00", until: "2026-10-25T19:10:00+01:00" });

export interface HostOptions {
	/** Simulated history written at full speed first; null: none (the host starts a new meter). */
	fill?: { start: string; until: string } | null;
	/** Simulated seconds per real second while serving (default 1: the live view as a household sees it). */
	speed?: number;
	seed?: number;
}

export interface BrowserHost {
	/** "http://127.0.0.1:port" */
	base: string;
	user: string;
	password: string;
	dataDir: string;
	run: HostRun;
	/** Stops the host (SIGTERM) and waits for it; removes nothing. */
	stop(): Promise<void>;
	/** Stops it if running, removes its data and bundle. */
	dispose(): Promise<void>;
}

/**
 * Builds the dashboard into build/web (what a bundled host serves), bundles the host, fills a
 * data directory and serves it on a free loopback port.
 */
export async function startHost(options: HostOptions = {}): Promise<BrowserHost> {
	await buildWeb();
	const bundle = bundleHost();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dmm-browser-"));
	const seed = String(options.seed ?? 1);
	const cleanup = () => {
		fs.rmSync(dataDir, { recursive: true, force: true });
		fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
	};
	try {
		const fill = options.fill === undefined ? DEFAULT_FILL : options.fill;
		if (fill !== null) {
			const filling = runHost(bundle, [
				...common(dataDir),
				"--speed",
				"max",
				"--seed",
				seed,
				"--start",
				fill.start,
				"--until",
				fill.until,
			]);
			const { code, signal } = await filling.exited;
			if (code !== 0) throw new Error(`host filling the history exited with ${code ?? signal}:\n${filling.output()}`);
		}
		const serving = [...common(dataDir), "--speed", String(options.speed ?? 1)];
		if (fill === null) serving.push("--seed", seed);
		const run = runHost(bundle, serving);
		let stopped: Promise<unknown> | undefined;
		const stop = () => {
			if (stopped === undefined) {
				run.child.kill("SIGTERM");
				stopped = run.exited;
			}
			return stopped.then(() => undefined);
		};
		try {
			const [, base] = await run.waitFor(/on (http:\/\/127\.0\.0\.1:\d+)\//);
			const [, user, password] = await run.waitFor(/login: user "([^"]+)", password "([^"]+)"/);
			await run.waitFor(/simulated meter .* speed/);
			return { base, user, password, dataDir, run, stop, dispose: () => stop().then(cleanup) };
		} catch (e) {
			run.child.kill("SIGKILL");
			throw e;
		}
	} catch (e) {
		cleanup();
		throw e;
	}
}

function common(dataDir: string): string[] {
	return ["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"];
}

/** A browser context at `viewport`, logged in to `host` unless `login` is false, with `lang` as the browser's language. */
export interface ContextOptions {
	login?: boolean;
	lang?: string;
	timezoneId?: string;
}

export function newContext(
	browser: Browser,
	viewport: Viewport,
	host: BrowserHost,
	{ login = true, lang = "nl", timezoneId = "Europe/Brussels" }: ContextOptions = {},
): Promise<BrowserContext> {
	return browser.newContext({
		...viewport.options,
		locale: lang,
		timezoneId,
		...(login ? { httpCredentials: { username: host.user, password: host.password } } : {}),
	});
}

export interface OpenPage {
	context: BrowserContext;
	page: Page;
	/** Every uncaught error of the page so far: a test ends with expect(errors).toEqual([]). */
	errors: string[];
}

/** A page in a fresh context (newContext); close it with `context.close()`. */
export async function openPage(
	browser: Browser,
	viewport: Viewport,
	host: BrowserHost,
	options: ContextOptions = {},
): Promise<OpenPage> {
	const context = await newContext(browser, viewport, host, options);
	const page = await context.newPage();
	const errors: string[] = [];
	page.on("pageerror", (e) => errors.push(e.message));
	return { context, page, errors };
}

export interface Challenge {
	source: string;
	origin: string;
	scheme: string;
	realm: string;
}

/**
 * Takes over the browser's login prompt for `page` (CDP Fetch.authRequired, which is what a
 * headed browser turns into its dialog) and answers every prompt as a user would: cancel it, or
 * type the host's login. Returns the prompts seen, filled in as they come.
 */
export async function answerLoginPrompts(
	context: BrowserContext,
	page: Page,
	host: BrowserHost,
	answer: "cancel" | "login",
): Promise<Challenge[]> {
	const cdp = await context.newCDPSession(page);
	const challenges: Challenge[] = [];
	cdp.on(
		"Fetch.requestPaused",
		(e) => void cdp.send("Fetch.continueRequest", { requestId: e.requestId }).catch(() => {}),
	);
	cdp.on("Fetch.authRequired", (e) => {
		challenges.push(e.authChallenge as Challenge);
		const authChallengeResponse =
			answer === "cancel"
				? { response: "CancelAuth" as const }
				: { response: "ProvideCredentials" as const, username: host.user, password: host.password };
		void cdp.send("Fetch.continueWithAuth", { requestId: e.requestId, authChallengeResponse }).catch(() => {});
	});
	await cdp.send("Fetch.enable", { handleAuthRequests: true });
	return challenges;
}
