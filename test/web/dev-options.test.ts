// The command line of npm run dev:web: the login from the device's URL or the options, the URL
// reduced to its origin, loopback by default, and a one-line refusal for what cannot work.

import { parseDevArgs } from "../../scripts/dev-web/options";

const WEB = "/src/web";

test("the login comes from the URL, which is kept without it; loopback and port 8000 by default", () => {
	expect(parseDevArgs(["--device", "http://digimon:se%3Acret@digimon.local"], WEB)).toEqual({
		device: "http://digimon.local",
		user: "digimon",
		password: "se:cret",
		port: 8000,
		host: "127.0.0.1",
		webDir: WEB,
		help: false,
	});
});

test("--user and --password win over the URL's; a bare name or IP and port is taken as http", () => {
	const o = parseDevArgs(["--device=a:b@192.168.1.20:8080", "--user", "me", "--password=pw", "--port", "0"], WEB);
	expect([o.device, o.user, o.password, o.port]).toEqual(["http://192.168.1.20:8080", "me", "pw", 0]);
	const bare = parseDevArgs(["--device", "digimon.local"], WEB);
	expect([bare.device, bare.user, bare.password]).toEqual(["http://digimon.local", undefined, undefined]);
});

test.each([
	[[], "--device is required, e.g. --device http://digimon.local"],
	[["--device", "https://digimon.local"], "--device must be an http:// URL (the monitor serves no https)"],
	[
		["--device", "http://digimon.local/v1/"],
		"--device must name the monitor only, without a path: http://digimon.local",
	],
	[["--device", "http://"], '--device must be a URL such as http://digimon.local, not "http://"'],
	[["--device", "digimon.local", "--port", "70000"], "--port must be a whole number from 0 to 65535"],
	[["--device", "digimon.local", "--port", "1.5"], "--port must be a whole number from 0 to 65535"],
	[["--device"], "--device needs a value"],
	[["--device", "digimon.local", "--verbose"], "unknown option --verbose (see --help)"],
])("%j is refused: %s", (argv, message) => {
	expect(() => parseDevArgs(argv, WEB)).toThrow(new Error(message));
});

test("--help needs nothing else", () => {
	expect(parseDevArgs(["--help"], WEB).help).toBe(true);
});
