// Command line of `npm run dev:web`. The device's login may come in its URL
// (http://user:pass@digimon.local) or as --user/--password (which win); the URL kept is the bare
// origin. Every refusal is one line naming the option.

export interface DevOptions {
	/** The device's origin, "http://digimon.local" (no credentials, no path). */
	device: string;
	user?: string;
	password?: string;
	port: number;
	/** Address to listen on: loopback unless asked, since whoever reaches this server has the device's login. */
	host: string;
	webDir: string;
	help: boolean;
}

const VALUED: Readonly<Record<string, keyof DevOptions>> = Object.freeze({
	"--device": "device",
	"--user": "user",
	"--password": "password",
	"--port": "port",
	"--host": "host",
	"--web-dir": "webDir",
});

export const DEV_USAGE = [
	"usage: npm run dev:web -- --device http://digimon.local [options]",
	"",
	"  --device URL       the monitor to forward API calls to: the board or the PC host (http://user:pass@... carries the login)",
	"  --user NAME        the login's user (default: from the URL, else the browser asks)",
	"  --password TEXT    the login's password (default: from the URL)",
	"  --port N           port to serve on (default 8000; 0 picks a free one)",
	"  --host ADDRESS     address to listen on (default 127.0.0.1: anyone who reaches it uses the login)",
	"  --web-dir DIR      the dashboard's source (default web/)",
	"  -h, --help         show this help",
].join("\n");

export function parseDevArgs(argv: readonly string[], defaultWebDir: string): DevOptions {
	const found: Record<string, string> = {};
	let help = false;
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2);
		if (name === "--help" || name === "-h") {
			help = true;
			continue;
		}
		if (!Object.hasOwn(VALUED, name)) throw new Error(`unknown option ${name} (see --help)`);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`${name} needs a value`);
		found[VALUED[name]] = value;
	}
	if (help) return { device: "", port: 0, host: "", webDir: defaultWebDir, help };
	if (found.device === undefined) throw new Error("--device is required, e.g. --device http://digimon.local");
	const device = deviceUrl(found.device);
	const port = found.port === undefined ? 8000 : Number(found.port);
	if (!/^\d+$/.test(found.port ?? "0") || port > 65535)
		throw new Error("--port must be a whole number from 0 to 65535");
	return {
		device: device.origin,
		user: found.user ?? device.user,
		password: found.password ?? device.password,
		port,
		host: found.host ?? "127.0.0.1",
		webDir: found.webDir ?? defaultWebDir,
		help,
	};
}

function deviceUrl(text: string): { origin: string; user?: string; password?: string } {
	let url: URL;
	try {
		url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : "http://" + text);
	} catch {
		throw new Error(`--device must be a URL such as http://digimon.local, not ${JSON.stringify(text)}`);
	}
	if (url.protocol !== "http:") throw new Error("--device must be an http:// URL (the monitor serves no https)");
	if (url.pathname !== "/" || url.search !== "" || url.hash !== "")
		throw new Error("--device must name the monitor only, without a path: http://digimon.local");
	return {
		origin: url.origin,
		user: url.username === "" ? undefined : decodeURIComponent(url.username),
		password: url.password === "" ? undefined : decodeURIComponent(url.password),
	};
}
