import fc from "fast-check";
import { checkLogin, expectedLogin, Login, sameBytes } from "../../src/core/api/auth";
import { decodeBase64 } from "../../src/core/api/base64";
import { handle } from "../../src/core/api/handle";
import { parseConfig } from "../../src/core/config/parse";
import { defaultConfig } from "../../src/core/config/schema";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD, wifiConfig } from "./fake-context";

const TARGETS = [
	"/current/quarter",
	"/current/month/peak",
	"/meter/2026/03/29/0245S.json",
	"/meter/2026/year.json",
	"/nope",
	"/v1/capacity",
	"/v1/day?date=2026-03-29",
	"/v1/month?month=2026-03",
	"/v1/year?year=2026",
	"/v1/quarter?date=2026-03-29&time=01:45",
	"/v1/status",
	"/v1/telegram",
	"/v1/export.csv?month=2026-03",
];

function b64(text: string, encoding: BufferEncoding = "utf8"): string {
	return Buffer.from(text, encoding).toString("base64");
}

describe("every route needs the login", () => {
	const refused: [string, string | undefined][] = [
		["missing header", undefined],
		["wrong user", basic("Buren-WiFi", WIFI_PASSWORD)],
		["wrong password", basic(SSID, "correct horse battery!")],
		["password as prefix", basic(SSID, "correct horse")],
		["empty password", basic(SSID, "")],
		["user and password swapped", basic(WIFI_PASSWORD, SSID)],
		["no colon", "Basic " + b64(SSID + WIFI_PASSWORD)],
		["malformed base64", "Basic " + b64(`${SSID}:${WIFI_PASSWORD}`).slice(1)],
		["base64 with junk", "Basic " + b64(`${SSID}:${WIFI_PASSWORD}`) + "!"],
		["base64url alphabet", "Basic " + b64(`${SSID}:${WIFI_PASSWORD}?>`).replace(/\+/g, "-").replace(/\//g, "_")],
		["Basic without credentials", "Basic"],
		["Basic and spaces", "Basic    "],
		["other scheme", "Bearer " + b64(`${SSID}:${WIFI_PASSWORD}`)],
		["scheme glued to credentials", "Basic" + b64(`${SSID}:${WIFI_PASSWORD}`)],
		["credentials in the Authorization of a proxy only", undefined],
		["overlong credentials", basic(SSID, WIFI_PASSWORD + "x".repeat(400))],
		["two logins in one header", `${basic(SSID, WIFI_PASSWORD)}, ${basic(SSID, WIFI_PASSWORD)}`],
	];

	test.each(refused)("%s: 401 with the challenge, and nothing read", (_name, authorization) => {
		for (const target of TARGETS) {
			const context = fakeContext(undefined, { freeFailures: 1000, globalPerMinute: 1000 });
			const request = get(target, authorization);
			if (_name.startsWith("credentials in the Authorization of a proxy"))
				request.headers["proxy-authorization"] = basic(SSID, WIFI_PASSWORD);
			const response = handle(request, context);
			expect(response.status).toBe(401);
			expect(response.headers["www-authenticate"]).toBe('Basic realm="digimon"');
			expect(JSON.parse(text(response.body))).toEqual({ error: "login required" });
			expect(context.reads).toEqual([]);
		}
	});

	test.each(TARGETS)("%s with the WiFi login is not refused", (target) => {
		const response = handle(get(target, basic(SSID, WIFI_PASSWORD)), fakeContext());
		expect([200, 404]).toContain(response.status);
		expect(response.headers["www-authenticate"]).toBeUndefined();
	});

	test.each([
		["scheme in lower case", "basic " + b64(`${SSID}:${WIFI_PASSWORD}`)],
		["scheme in capitals, extra spaces", "  BASIC   " + b64(`${SSID}:${WIFI_PASSWORD}`) + "  "],
	])("%s is accepted", (_name, authorization) => {
		expect(handle(get("/current/quarter", authorization), fakeContext()).status).toBe(200);
	});

	test("an SSID with a colon and non-ASCII characters works, in UTF-8 and in ISO-8859-1", () => {
		const config = wifiConfig("Café:Thuis", "wachtwoord-é");
		const utf8 = "Basic " + b64("Café:Thuis:wachtwoord-é", "utf8");
		const latin1 = "Basic " + b64("Café:Thuis:wachtwoord-é", "latin1");
		expect(handle(get("/current/quarter", utf8), fakeContext(config)).status).toBe(200);
		expect(handle(get("/current/quarter", latin1), fakeContext(config)).status).toBe(200);
	});

	test("a character outside ISO-8859-1 cannot be matched by some byte in its place", () => {
		const config = wifiConfig("Thuis", "euro€euro");
		const context = fakeContext(config, { freeFailures: 1000, globalPerMinute: 1000 });
		expect(handle(get("/current/quarter", "Basic " + b64("Thuis:euro€euro")), context).status).toBe(200);
		for (let byte = 0; byte < 256; byte++) {
			const bytes = Buffer.concat([
				Buffer.from("Thuis:euro", "latin1"),
				Buffer.from([byte]),
				Buffer.from("euro", "latin1"),
			]);
			expect(handle(get("/current/quarter", "Basic " + bytes.toString("base64")), context).status).toBe(401);
		}
	});
});

describe("the separate login", () => {
	const config = parseConfig(
		JSON.stringify({
			wifi: { ssid: SSID, password: WIFI_PASSWORD },
			auth: { user: "jan", password: "apart-wachtwoord" },
		}),
	).config;

	test("opens the API", () => {
		expect(handle(get("/current/quarter", basic("jan", "apart-wachtwoord")), fakeContext(config)).status).toBe(200);
	});

	test("replaces the WiFi login, which no longer opens it", () => {
		expect(handle(get("/current/quarter", basic(SSID, WIFI_PASSWORD)), fakeContext(config)).status).toBe(401);
	});

	test.each([
		["jan", "apart-wachtwoord2"],
		["Jan", "apart-wachtwoord"],
		["jan", ""],
		["", "apart-wachtwoord"],
	])("%j / %j is refused", (user, password) => {
		expect(handle(get("/current/quarter", basic(user, password)), fakeContext(config)).status).toBe(401);
	});

	test("half a separate login accepts nobody, not even the WiFi login (fails closed)", () => {
		for (const auth of [
			{ user: "jan", password: "" },
			{ user: "", password: "apart" },
		]) {
			const half = parseConfig(JSON.stringify({ wifi: { ssid: SSID, password: WIFI_PASSWORD }, auth })).config;
			expect(expectedLogin(half)).toBeUndefined();
			for (const authorization of [basic(SSID, WIFI_PASSWORD), basic(auth.user, auth.password), basic("jan", "")])
				expect(handle(get("/current/quarter", authorization), fakeContext(half)).status).toBe(401);
		}
	});
});

describe("a device without a usable login accepts nobody", () => {
	test.each([
		["fresh device", defaultConfig()],
		["open WiFi network", wifiConfig(SSID, "")],
		["no SSID", wifiConfig("", "something")],
	])("%s", (_name, config) => {
		for (const authorization of [basic("", ""), basic(SSID, ""), basic("", "something"), "Basic ", "Basic Og=="])
			expect(handle(get("/current/quarter", authorization), fakeContext(config)).status).toBe(401);
	});
});

describe("checkLogin", () => {
	const config = wifiConfig();
	test("verdicts: missing is not counted as a failure, malformed is", () => {
		expect(checkLogin(undefined, config)).toBe(Login.Missing);
		expect(checkLogin("Digest username=x", config)).toBe(Login.Missing);
		expect(checkLogin("Basic", config)).toBe(Login.Wrong);
		expect(checkLogin("Basic %%%", config)).toBe(Login.Wrong);
		expect(checkLogin(basic(SSID, "nope"), config)).toBe(Login.Wrong);
		expect(checkLogin(basic(SSID, WIFI_PASSWORD), config)).toBe(Login.Valid);
	});

	test("property: only the exact pair is valid", () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (user, password) => {
				const verdict = checkLogin(basic(user, password), config);
				expect(verdict === Login.Valid).toBe(`${user}:${password}` === `${SSID}:${WIFI_PASSWORD}`);
			}),
		);
	});
});

describe("sameBytes", () => {
	test("property: equal exactly when the arrays are equal", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), (a, b) => {
				expect(sameBytes(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
				expect(sameBytes(a, Uint8Array.from(a))).toBe(true);
			}),
		);
		expect(sameBytes(new Uint8Array([1, 0]), new Uint8Array([1]))).toBe(false);
		expect(sameBytes(new Uint8Array([]), new Uint8Array([0]))).toBe(false);
	});
});

describe("decodeBase64", () => {
	test("property: decodes what Node encodes", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
				const decoded = decodeBase64(Buffer.from(bytes).toString("base64"));
				expect(decoded && Buffer.from(decoded)).toEqual(Buffer.from(bytes));
			}),
		);
	});

	test("property: whatever it accepts is canonical base64 of what it returns", () => {
		const alphabet = fc.constantFrom(
			..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .".split(""),
		);
		fc.assert(
			fc.property(
				fc.array(alphabet, { maxLength: 16 }).map((a) => a.join("")),
				(text) => {
					const decoded = decodeBase64(text);
					if (decoded !== undefined) expect(Buffer.from(decoded).toString("base64")).toBe(text);
				},
			),
			{ numRuns: 5000 },
		);
	});

	test.each(["Q", "QQ", "QQ=", "Q===", "====", "QR==", "QUJ=", "QQ==QQ==", "QQ =", "QQ\n==", "=QQQ"])(
		"%j is refused",
		(text) => {
			expect(decodeBase64(text)).toBeUndefined();
		},
	);

	test("the empty string is no bytes", () => {
		expect(decodeBase64("")).toEqual(new Uint8Array(0));
	});
});
