// Command line of `npm start`. A table of options rather than a chain of ifs, so --help and the
// parser cannot drift apart. Every refusal is one line naming the option: a value that is only
// nearly right (--port 1.5) is refused rather than rounded into something the user did not ask.

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
	exitAfterReplay: boolean;
	help: boolean;
	/** Announce the monitor over mDNS (core/net/mdns.ts); off unless asked, as every integration. */
	mdns: boolean;
}

type Kind = "string" | "port" | "integer" | "speed" | "time" | "flag";

interface Option {
	name: string;
	alias?: string;
	key: keyof HostArgs;
	kind: Kind;
	help: string;
}

const OPTIONS: readonly Option[] = Object.freeze([
	{
		name: "--data-dir",
		key: "dataDir",
		kind: "string",
		help: "where history, state and config.json live (default ./data)",
	},
	{ name: "--port", key: "port", kind: "port", help: "HTTP port (default 8080; 0 picks a free one)" },
	{ name: "--host", key: "host", kind: "string", help: "address to listen on (default 0.0.0.0)" },
	{ name: "--serial", key: "serial", kind: "string", help: "read a P1 cable, e.g. /dev/ttyUSB0 (115200 8N1)" },
	{
		name: "--replay",
		key: "replay",
		kind: "string",
		help: "play back a recorded P1 stream, then keep serving what it read",
	},
	{
		name: "--exit-after-replay",
		key: "exitAfterReplay",
		kind: "flag",
		help: "with --replay: stop when the recording ends (for scripts)",
	},
	{
		name: "--speed",
		key: "speed",
		kind: "speed",
		help: "simulated/replayed seconds per real second, or max (default 1)",
	},
	{
		name: "--start",
		key: "start",
		kind: "time",
		help: "start a new simulated meter at an ISO time, e.g. 2026-10-25T00:30:00+02:00",
	},
	{ name: "--until", key: "until", kind: "time", help: "stop when the simulated meter reaches this ISO time" },
	{ name: "--seed", key: "seed", kind: "integer", help: "seed of the simulated household (default 1)" },
	{ name: "--help", alias: "-h", key: "help", kind: "flag", help: "show this help" },
	{
		name: "--mdns",
		key: "mdns",
		kind: "flag",
		help: "announce the monitor over mDNS: <device name>.local, and p1meter-<serial> while the HomeWizard API is on",
	},
]);

const SIM_ONLY = Object.freeze(["--start", "--until", "--seed"]);

// A date, a time and an explicit offset: without one, Date.parse would read the PC's own zone.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The value of one option, or a message saying what it must be. */
const PARSERS: Readonly<Record<Exclude<Kind, "flag">, (text: string) => unknown>> = Object.freeze({
	string: (text: string) => text,
	port: (text: string) => {
		const n = Number(text);
		return /^\d+$/.test(text) && n <= 65535 ? n : new Error("must be a whole number from 0 to 65535");
	},
	integer: (text: string) => (/^-?\d{1,15}$/.test(text) ? Number(text) : new Error("must be a whole number")),
	speed: (text: string) => {
		if (text === "max") return Infinity;
		const n = Number(text);
		return /^\d*\.?\d+(e\d+)?$/.test(text) && n > 0 && Number.isFinite(n)
			? n
			: new Error("must be a number above 0, or max");
	},
	time: (text: string) => {
		const t = ISO_TIME.test(text) ? Date.parse(text) : NaN;
		return t === t ? t : new Error("must be an ISO time with its offset, e.g. 2026-10-25T00:30:00+02:00");
	},
});

export function usage(): string {
	const lines = ["usage: npm start -- [options]   (the simulated meter runs unless --serial or --replay is given)", ""];
	for (const o of OPTIONS) lines.push(`  ${(o.alias ? `${o.alias}, ${o.name}` : o.name).padEnd(20)} ${o.help}`);
	return lines.join("\n");
}

export function parseArgs(argv: readonly string[]): HostArgs {
	const args: HostArgs = {
		dataDir: "./data",
		port: 8080,
		host: "0.0.0.0",
		speed: 1,
		seed: 1,
		exitAfterReplay: false,
		help: false,
		mdns: false,
	};
	const record = args as unknown as Record<string, unknown>;
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split(/=(.*)/s, 2);
		const option = OPTIONS.find((o) => o.name === name || o.alias === name);
		if (!option) throw new Error(`unknown option ${name} (see --help)`);
		if (option.kind === "flag") {
			if (inline !== undefined) throw new Error(`${name} takes no value`);
			record[option.key] = true;
			continue;
		}
		const text = inline ?? argv[++i];
		if (text === undefined || text === "") throw new Error(`${name} needs a value`);
		const value = PARSERS[option.kind](text);
		if (value instanceof Error) throw new Error(`${name} ${text}: ${value.message}`);
		record[option.key] = value;
	}
	if (args.serial && args.replay) throw new Error("--serial and --replay exclude each other");
	if (args.exitAfterReplay && !args.replay) throw new Error("--exit-after-replay needs --replay");
	const given = (name: string) => argv.some((a) => a === name || a.startsWith(name + "="));
	if (args.serial || args.replay) {
		for (const name of SIM_ONLY)
			if (given(name)) throw new Error(`${name} is for the simulated meter, not for --serial or --replay`);
	}
	return args;
}
