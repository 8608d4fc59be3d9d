// Whatever the config and whatever is asked, no response carries a password: not in the body, not
// in a header, not encoded (JSON-escaped, base64 alone or as a Basic pair).

import fc from "fast-check";
import { handle } from "../../src/core/api/handle";
import type { ApiResponse } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { utf8Length } from "../../src/core/config/utf8";
import { fakeContext, get, saving, text } from "./fake-context";

const secret = fc
	.string({ minLength: 8, maxLength: 40 })
	.filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && utf8Length(s) <= 64);
const name = fc
	.string({ minLength: 1, maxLength: 20 })
	.filter((s) => !/[\u0000-\u001f\u007f:]/.test(s) && utf8Length(s) <= 32);

const config = fc
	.record({
		ssid: name,
		wifiPassword: secret,
		separate: fc.boolean(),
		user: name,
		authPassword: secret,
		mqttPassword: secret,
	})
	// a password that is part of the SSID or the user name shows in any settings read by right, not by a leak
	.filter((c) =>
		[c.wifiPassword, c.authPassword, c.mqttPassword].every((s) => !c.ssid.includes(s) && !c.user.includes(s)),
	)
	.map((c) => ({
		...c,
		config: parseConfig(
			JSON.stringify({
				wifi: { ssid: c.ssid, password: c.wifiPassword },
				auth: c.separate ? { user: c.user, password: c.authPassword } : undefined,
				mqtt: { password: c.mqttPassword },
				homewizard: { enabled: true }, // its API answers without a login: it must leak nothing either
			}),
		).config,
	}));

type Generated = typeof config extends fc.Arbitrary<infer T> ? T : never;

function b64(text: string): string {
	return Buffer.from(text, "utf8").toString("base64");
}

const targets = [
	"/current/quarter",
	"/current/month/peak",
	"/meter/2026/year.json",
	"/meter/2026/03/29/0245S.json",
	"/meter/../config.json",
	"/config.json",
	"/nope",
	"/meter/2026/%2e%2e",
	"/watt",
	"/v1/now",
	"/historic/years",
	"/historic/months?year=2026",
	"/historic/days?year=2026&month=3",
	"/historic/quarters?year=2026&month=3&day=29",
	"/historic/months?year=x",
	"/v1/settings",
	"/update",
	"/v1/capacity",
	"/v1/day?date=2026-03-29",
	"/v1/month?month=2026-03",
	"/v1/year?year=2026",
	"/v1/day?date=2026-03-30",
	"/v1/quarter?id=436411787",
	"/v1/quarter?date=2026-10-25&time=02:00",
	"/v1/quarter?date=2026-03-29&time=01:45&dst=W",
	"/v1/status",
	"/v1/telegram",
	"/v1/export.csv?month=2026-03",
	"/v1/export.csv?date=2026-03-29&sep=comma",
	"/v1/export.csv?from=2026-03-01&to=2026-02-01",
	"/api",
	"/api/v1/data",
	"/api/v1/telegram",
	"/api/v1/identify",
];

function request(c: Generated, kind: number, target: string, method: string) {
	const user = c.separate ? c.user : c.ssid;
	const password = c.separate ? c.authPassword : c.wifiPassword;
	const authorization = [
		undefined,
		"Basic " + b64(`${user}:${password}`), // right
		"Basic " + b64(`${user}:${password}x`), // wrong
		"Basic " + b64(`${c.ssid}:${c.wifiPassword}`), // the WiFi login even when a separate one is set
		`Basic ${password}`, // raw password where base64 belongs
		`Basic ${b64(password)}`,
	][kind];
	const chosen =
		target === "IN_METER"
			? "/meter/" + encodeURIComponent(password)
			: target === "IN_ROOT"
				? "/" + encodeURIComponent(password)
				: target;
	const r = get(chosen, authorization, method, {
		"x-echo": password,
		cookie: `p=${c.wifiPassword}`,
		"content-type": target === "/update" ? "application/octet-stream" : "application/json",
	});
	r.body = new TextEncoder().encode(password);
	return r;
}

function leaks(response: ApiResponse, secrets: string[]): string | undefined {
	const body = text(response.body);
	const out =
		body +
		"\n" +
		Object.entries(response.headers)
			.map(([k, v]) => `${k}: ${v}`)
			.join("\n");
	for (const s of secrets) {
		for (const form of [s, JSON.stringify(s).slice(1, -1), b64(s), encodeURIComponent(s)])
			if (out.includes(form)) return form;
	}
	return undefined;
}

test("property: no response body or header contains a password, in any encoding", () => {
	fc.assert(
		fc.property(
			config,
			fc.integer({ min: 0, max: 5 }),
			fc.constantFrom(...targets, "IN_METER", "IN_ROOT"),
			fc.constantFrom("GET", "HEAD", "POST", "PUT", "OPTIONS"),
			fc.integer({ min: 1, max: 40 }),
			(c, kind, target, method, repeat) => {
				const context = fakeContext(c.config, { freeFailures: 2 });
				const secrets = [c.wifiPassword, c.authPassword];
				const pairs = [`${c.ssid}:${c.wifiPassword}`, `${c.user}:${c.authPassword}`].map(b64);
				// Repeating walks the throttle through its 401 and 429 answers too.
				for (let i = 0; i < (repeat % 8) + 1; i++) {
					const response = handle(request(c, kind, target, method), context);
					expect(leaks(response, secrets)).toBeUndefined();
					for (const pair of pairs) expect(leaks(response, [pair])).toBeUndefined();
				}
			},
		),
		{ numRuns: 2000 },
	);
});

/** Settings changes, each with whether its value is a password (then no answer may carry it, valid or not). */
const change = fc.constantFrom(
	[(p: string) => ({ auth: { user: "jan", password: p } }), true] as const,
	[(p: string) => ({ auth: { password: p } }), true] as const,
	[(p: string) => ({ wifi: { password: p } }), true] as const,
	[(p: string) => ({ mqtt: { password: p, enabled: true } }), true] as const,
	[(p: string) => ({ mqtt: { enabled: true, host: "broker", password: p } }), true] as const,
	[(p: string) => ({ wifi: { ssid: p } }), false] as const,
	[(p: string) => ({ network: { device_name: p } }), false] as const,
	[(p: string) => ({ tariff: { grid_area: p } }), false] as const,
	[(p: string) => ({ [p]: { x: 1 } }), false] as const,
);

test("property: settings answers, to a change or to a read after it, never carry an old or new password", () => {
	fc.assert(
		fc.property(config, change, secret, (c, [make, isPassword], value) => {
			const context = saving(fakeContext(c.config, { freeFailures: 100 }));
			const user = c.separate ? c.user : c.ssid;
			const password = c.separate ? c.authPassword : c.wifiPassword;
			const login = "Basic " + b64(`${user}:${password}`);
			const secrets = [c.wifiPassword, c.authPassword, c.mqttPassword];
			// coincidences the answer cannot tell from a leak: a new password that is part of a name
			// shown by right, a new name that contains a password
			if (isPassword) fc.pre(!c.ssid.includes(value) && !c.user.includes(value));
			else fc.pre(secrets.every((s) => !value.includes(s)));
			const post = get("/v1/settings", login, "POST", { "content-type": "application/json" });
			post.body = new TextEncoder().encode(JSON.stringify(make(value)));
			const answer = handle(post, context);
			expect(leaks(answer, isPassword ? [...secrets, value] : secrets)).toBeUndefined();
			// a refused change stores nothing: its value is no password of the device, and may equal a
			// plain setting (an SSID sent as the password of a login that lacks its user)
			if (isPassword && answer.status === 200) secrets.push(value);
			const after = context.config();
			const next = after.auth.user !== "" ? after.auth : { user: after.wifi.ssid, password: after.wifi.password };
			const read = handle(
				get("/v1/settings", "Basic " + b64(`${next.user}:${next.password}`), "GET", { host: "192.168.1.20" }),
				context,
			);
			expect(read.status).toBe(200);
			expect(leaks(read, secrets)).toBeUndefined();
		}),
		{ numRuns: 1000 },
	);
});
