import fc from "fast-check";
import { handle } from "../../src/core/api/handle";
import { checkHeaders, parseTarget } from "../../src/core/api/target";
import { parseMeterPath } from "../../src/core/history/paths";
import { basic, FILES, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

describe("hostile targets", () => {
	test.each([
		["/meter/../config.json", 400],
		["/meter/2026/../../config.json", 400],
		["/meter/./2026/year.json", 400],
		["/meter/2026/..", 400],
		["/meter/%2e%2e/config.json", 400],
		["/meter/%2E%2E/config.json", 400],
		["/meter/.%2e/config.json", 400],
		["/meter/%2e/2026/year.json", 400],
		["/meter%2f..%2fconfig.json", 400],
		["/meter/2026%2fyear.json", 400],
		["/meter/2026%2Fyear.json", 400],
		["/meter/2026%5cyear.json", 400],
		["/meter\\..\\config.json", 400],
		["/meter/2026/year.json%00", 400],
		["/meter/2026/year.json%00.png", 400],
		["/meter/2026/year.json\u0000", 400],
		["/meter/2026/year.json%0a", 400],
		["/meter/2026/year.json%7f", 400],
		["/meter/2026/year.json\r\nX-Injected: 1", 400],
		["/meter/2026/year .json", 400],
		["/meter/2026/year.json#frag", 400],
		["/meter/2026/yéar.json", 400],
		["/meter/%zz/year.json", 400],
		["/meter/%2/year.json", 400],
		["/meter/2026/year.json%", 400],
		["meter/2026/year.json", 400],
		["http://evil.example/meter/2026/year.json", 400],
		["*", 400],
		["", 400],
		["/meter/%252e%252e/config.json", 404], // decoded once: "%2e%2e" is a name, not a dot segment
		["/meter/%252f/config.json", 404],
		["/meter/2026/%79ear.json", 200], // an ordinary character may be escaped
		["/" + "a".repeat(511), 404],
		["/" + "a".repeat(512), 414],
		["/meter/2026/year.json?" + "q".repeat(600), 414],
	])("%j -> %i, and no file outside the grammar is read", (target, status) => {
		for (const authorization of [LOGIN, undefined]) {
			const context = fakeContext();
			const response = handle(get(target, authorization), context);
			const expected = authorization === undefined && (status === 200 || status === 404) ? 401 : status; // malformed is refused before the login
			expect(response.status).toBe(expected);
			for (const path of context.reads) expect(parseMeterPath(path)).toBeDefined();
			expect(text(response.body)).not.toContain("secret-on-card");
		}
	});

	test("malformed targets are refused before the login is asked (nothing about the device is revealed)", () => {
		const response = handle(get("/meter/../config.json"), fakeContext());
		expect(response.status).toBe(400);
		expect(response.headers["www-authenticate"]).toBeUndefined();
	});

	test("property: whatever the target, only paths of the grammar reach the file store, never config.json", () => {
		const pieces = fc.constantFrom(
			"/",
			"meter",
			"..",
			".",
			"%2e",
			"%2E",
			"%2f",
			"%5c",
			"%00",
			"%25",
			"%",
			"\\",
			"2026",
			"03",
			"29",
			"0245S.json",
			"year.json",
			"config.json",
			"?",
			"#",
			"%252e",
			"a",
			";",
			"//",
			"%c0%ae",
			"\u0000",
			"é",
		);
		fc.assert(
			fc.property(
				fc.array(pieces, { maxLength: 12 }).map((a) => a.join("")),
				(target) => {
					const context = fakeContext();
					const response = handle(get(target, LOGIN), context);
					for (const path of context.reads) expect(parseMeterPath(path)).toBeDefined();
					expect(text(response.body)).not.toContain("secret-on-card");
					expect([200, 400, 404, 414]).toContain(response.status);
				},
			),
			{ numRuns: 3000 },
		);
	});

	test("property: parseTarget never returns a path with a dot segment, a backslash, NUL or a control character", () => {
		fc.assert(
			fc.property(fc.string({ unit: "binary-ascii", maxLength: 60 }), (tail) => {
				const path = parseTarget("/" + tail);
				if (typeof path === "string") {
					expect(path.split("/")).not.toContain("..");
					expect(path.split("/")).not.toContain(".");
					expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
				} else expect([400, 414]).toContain(path);
			}),
			{ numRuns: 5000 },
		);
	});
});

describe("parseTarget", () => {
	test("decodes exactly once and drops the query", () => {
		expect(parseTarget("/meter/2026/%79ear.json?a=%2e%2e")).toBe("/meter/2026/year.json");
		expect(parseTarget("/a%2541")).toBe("/a%41");
		expect(parseTarget("/current/quarter")).toBe("/current/quarter");
		expect(parseTarget("/")).toBe("/");
	});

	test("dots inside names are fine", () => {
		expect(parseTarget("/a..b/.c/d.")).toBe("/a..b/.c/d.");
	});
});

describe("header limits", () => {
	test("too many or too large headers are refused with 431 before anything else", () => {
		const many: Record<string, string> = {};
		for (let i = 0; i < 65; i++) many[`x-h${i}`] = "1";
		expect(checkHeaders(many)).toBe(431);
		expect(checkHeaders({ cookie: "c".repeat(9000) })).toBe(431);
		expect(checkHeaders({ host: "digimon.local", authorization: LOGIN })).toBe(0);
		const response = handle(get("/current/quarter", LOGIN, "GET", { cookie: "c".repeat(9000) }), fakeContext());
		expect(response.status).toBe(431);
	});
});

describe("the /meter gate the API relies on (src/core/history/paths.ts)", () => {
	test.each([
		["/meter/2026/03/29/0245S.json", "quarter"],
		["/meter/2026/10/25/0200W.json", "quarter"],
		["/meter/2026/03/29/day.json", "day"],
		["/meter/2026/03/month.json", "month"],
		["/meter/2026/year.json", "year"],
		["/meter/2026/03/29/0245s.json", undefined],
		["/meter/2026/03/29/245S.json", undefined],
		["/meter/2026/03/29/0245S.json.tmp", undefined],
		["/meter/2026/03/29/0275S.json", undefined],
		["/meter/2026/03/29/0290S.json", undefined],
		["/meter/2026/00/month.json", undefined],
		["/meter/2026/02/30/day.json", undefined],
		["/meter/2026/3/month.json", undefined],
		["/meter/1999/year.json", undefined],
		["/meter/20a6/year.json", undefined],
		["/meter/2026/year.jso", undefined],
		["/meter/2026/03/29/day.json/x", undefined],
		["/meter/2026", undefined],
		["/other/2026/year.json", undefined],
		["/config.json", undefined],
	])("%s", (path, kind) => {
		expect(parseMeterPath(path)?.kind).toBe(kind);
	});

	test("of the fixture files exactly the four history files pass", () => {
		const passing = Object.keys(FILES).filter((path) => parseMeterPath(path) !== undefined);
		expect(passing.sort()).toEqual([
			"/meter/2026/03/29/0245S.json",
			"/meter/2026/03/29/day.json",
			"/meter/2026/03/month.json",
			"/meter/2026/year.json",
		]);
	});
});
