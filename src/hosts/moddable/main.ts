// The monitor on the Moddable runtime: the same core as the PC host, on the platform's stores, its
// P1 input and the SDK's HTTP server. What differs between the simulator and the device (where the
// bytes come from, where files live) is behind "host/platform", chosen per platform by the manifest.
//
// Start order as on the PC: the files and config.json, recovery, then the HTTP server, and the meter
// last, so the first telegram finds the monitor ready.

import { expectedLogin } from "core/api/auth";
import { loadConfig, saveConfig } from "core/config/file";
import type { Config } from "core/config/schema";
import type { LogRing } from "core/log-ring";
import { Monitor } from "core/monitor";
import type { Clock, Log } from "core/ports";
import { serveHttp } from "host/http-server";
import { startLog, traceLog } from "host/log";
import { NetIntegrations } from "host/net/integrations";
import { openPlatform } from "host/open-platform";
import { webAsset } from "host/web-assets";
import config from "mc/config";
import Time from "time";

/** What must stay reachable while the app runs (the SDK closes what the garbage collector takes). */
const running: { monitor?: Monitor; server?: unknown; net?: NetIntegrations } = {};

async function start(log: Log, ring: LogRing, wall: { clock?: Clock }): Promise<void> {
	const platform = await openPlatform(log);
	wall.clock = platform.clock;
	const settings = platform.settings;
	const { config: loaded, created } = loadConfig(settings, platform.randomBytes, log, platform.newConfig);
	let current: Config = loaded;
	const version = typeof config.version === "string" ? config.version : "";
	const net = new NetIntegrations({
		config: () => current,
		log,
		version,
		model: "P1 monitor on the Moddable runtime",
		dashboardUrl: `http://${loaded.network.device_name}.local${platform.port === 80 ? "" : `:${platform.port}`}/`,
	});
	platform.begin?.(() => current);
	const monitor = new Monitor({
		...platform.monitor,
		sd: platform.sd,
		state: platform.state,
		log,
		config: () => current,
		saveConfig: (next) => {
			saveConfig(settings, next);
			current = next;
			log.info("config.json: settings changed through the API");
			platform.settingsSaved?.(next);
		},
		asset: webAsset,
		now: () => Time.ticks,
		memory: platform.memory,
		version,
		clock: platform.clock,
		onQuarter: () => net.quarterClosed(),
		// the platform's own (the LED on the device) and the network's, both
		onWarning: (active) => {
			platform.monitor?.onWarning?.(active);
			net.warning(active);
		},
		integrations: () => net.report(),
		onTelegram: (frame) => {
			platform.monitor?.onTelegram?.(frame);
			net.telegram(frame);
		},
		logRing: ring,
	});
	running.monitor = monitor;
	running.net = net;
	monitor.start();
	platform.whenCardMounted?.(() => monitor.cardMounted()); // boot's recovery ran against no card
	running.server = serveHttp({
		port: platform.port,
		handle: (request) => platform.intercept?.(request) ?? monitor.handle(request),
		firmware: platform.monitor?.firmware,
		onError: (e) => log.warn(`http: ${(e as Error).message}`),
	});
	log.info(`Digitale Meter Monitor on http://localhost:${platform.port}/`);
	const login = expectedLogin(loaded);
	// to trace() only: the ring is read over HTTP, where a password would outlive its change. A saved
	// password is not repeated: on the device it is the WiFi password, and a serial log is kept.
	if (login)
		traceLog.info(
			created
				? `login: user "${login.user}", password "${login.password}" (new: written to config.json)`
				: `login: user "${login.user}" (password from config.json)`,
		);
	else
		log.warn(
			"config.json has no usable login: only first setup is served (set a WiFi network, or auth.user and auth.password)",
		);
	net.start(monitor);
	try {
		platform.source.start((chunk) => monitor.push(chunk));
	} catch (e) {
		log.warn(`meter input: ${(e as Error).message}`); // the API keeps serving what is stored
	}
	platform.started?.();
}

export default function main(): void {
	const wall: { clock?: Clock } = {};
	const { ring, log } = startLog(() => wall.clock);
	start(log, ring, wall).catch((e: unknown) =>
		log.warn(`cannot start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
	);
}
