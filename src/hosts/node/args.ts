// Command line of `npm start`. A table of options rather than a chain of ifs, so --help and the
// parser cannot drift apart.

export interface HostArgs {
	dataDir: string;
	port: number;
	host: string;
	serial?: string;
	replay?: string;
	speed: number;
	start?: number;
	until?: number;
	seed: number;
	help: boolean;
}

type Kind = "string" | "number" | "speed" | "time" | "flag";

const OPTIONS: readonly { name: string; key: keyof HostArgs; kind: Kind; help: string }[] = Object.freeze([
	{ name: "--data-dir", key: "dataDir", kind: "string", help: "where history, state and config.json live (default ./data)" },
	{ name: "--port", key: "port", kind: "number", help: "HTTP port (default 8080; 0 picks a free one)" },
	{ name: "--host", key: "host", kind: "string", help: "address to listen on (default 0.0.0.0)" },
	{ name: "--serial", key: "serial", kind: "string", help: "read a P1 cable, e.g. /dev/ttyUSB0 (115200 8N1)" },
	{ name: "--replay", key: "replay", kind: "string", help: "play back a recorded P1 stream" },
	{ name: "--speed", key: "speed", kind: "speed", help: "simulated/replayed seconds per real second, or max (default 1)" },
	{ name: "--start", key: "start", kind: "time", help: "start a new simulated meter at an ISO time, e.g. 2026-10-25T00:30:00+02:00" },
	{ name: "--until", key: "until", kind: "time", help: "stop when the simulated meter reaches this ISO time" },
	{ name: "--seed", key: "seed", kind: "number", help: "seed of the simulated household (default 1)" },
	{ name: "--help", key: "help", kind: "flag", help: "show this help" },
]);

export function usage(): string {
	const lines = ["usage: npm start -- [options]   (the simulated meter runs unless --serial or --replay is given)", ""];
	for (const o of OPTIONS) lines.push(`  ${o.name.padEnd(12)} ${o.help}`);
	return lines.join("\n");
}

export function parseArgs(argv: readonly string[]): HostArgs {
	const args: HostArgs = { dataDir: "./data", port: 8080, host: "0.0.0.0", speed: 1, seed: 1, help: false };
	const record = args as unknown as Record<string, unknown>;
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2);
		const option = OPTIONS.find((o) => o.name === name);
		if (!option) throw new Error(`unknown option ${name} (see --help)`);
		if (option.kind === "flag") {
			record[option.key] = true;
			continue;
		}
		const text = inline ?? argv[++i];
		if (text === undefined || text === "") throw new Error(`${name} needs a value`);
		if (option.kind === "speed" && text === "max") record[option.key] = Infinity;
		else if (option.kind === "number" || option.kind === "speed") {
			const n = Number(text);
			if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: not a number: ${text}`);
			record[option.key] = n;
		}
		else if (option.kind === "time") {
			const t = Date.parse(text);
			if (Number.isNaN(t)) throw new Error(`${name}: not an ISO time: ${text}`);
			record[option.key] = t;
		}
		else record[option.key] = text;
	}
	if (args.serial && args.replay) throw new Error("--serial and --replay exclude each other");
	if (args.speed <= 0) throw new Error("--speed must be above 0");
	return args;
}
