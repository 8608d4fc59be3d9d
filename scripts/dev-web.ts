// npm run dev:web -- --device http://digimon.local: the dashboard from web/ with every API call
// forwarded to a running monitor with its login (scripts/dev-web/). Ctrl-C stops it.

import path from "node:path";
import { DEV_USAGE, parseDevArgs } from "./dev-web/options";
import { startDevServer } from "./dev-web/server";

async function main(): Promise<void> {
	let options: ReturnType<typeof parseDevArgs>;
	try {
		options = parseDevArgs(process.argv.slice(2), path.resolve(__dirname, "..", "web"));
	} catch (e) {
		console.error(`dev:web: ${(e as Error).message}`);
		process.exitCode = 2;
		return;
	}
	if (options.help) {
		console.log(DEV_USAGE);
		return;
	}
	const server = await startDevServer(options, (line) => console.error(line));
	const login = options.user === undefined ? "the browser asks for the login" : `login of user "${options.user}" added`;
	console.log(`dev:web on ${server.url}/  (web/ from ${options.webDir}; API calls to ${options.device}, ${login})`);
	const stop = () => void server.close().then(() => process.exit(0));
	process.once("SIGINT", stop);
	process.once("SIGTERM", stop);
}

main().catch((e: NodeJS.ErrnoException) => {
	console.error(
		e.code === "EADDRINUSE"
			? "dev:web: that port is in use: pick another with --port N (0 = any free one)"
			: `dev:web: ${e.message}`,
	);
	process.exitCode = 1;
});
