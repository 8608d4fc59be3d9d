// GET /v1/log: the host's log ring as text behind the login, only the lines after ?after=N,
// x-log-last for the next call; 404 where the host keeps no ring, 400 for a bad query.

import { handle } from "../../src/core/api/handle";
import { LogRing } from "../../src/core/log-ring";
import { basic, fakeContext, get, SSID, text, WIFI_PASSWORD } from "./fake-context";

const LOGIN = basic(SSID, WIFI_PASSWORD);

function withRing() {
	const t = { ms: 0, wall: NaN };
	const ring = new LogRing({ capacity: 512, now: () => t.ms, wall: () => t.wall });
	const context = fakeContext();
	context.logRing = ring;
	return { t, ring, context };
}

test("the lines as text, newest last, with the last line's number in x-log-last", () => {
	const { t, ring, context } = withRing();
	t.ms = 2500;
	ring.write("info", "wifi: connected");
	t.ms = 903_001;
	t.wall = Date.UTC(2026, 10, 29, 16, 10, 11, 500);
	ring.write("warn", "sd card: not mounted");
	const r = handle(get("/v1/log", LOGIN), context);
	expect(r.status).toBe(200);
	expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
	expect(r.headers["cache-control"]).toBe("no-store");
	expect(r.headers["x-log-last"]).toBe("2");
	expect(text(r.body)).toBe(
		"1 2.500 - info wifi: connected\n2 903.001 2026-11-29T16:10:11Z warn sd card: not mounted\n",
	);
});

test("?after=N gives only the newer lines; none newer is an empty answer naming the last", () => {
	const { ring, context } = withRing();
	for (let i = 1; i <= 5; i++) ring.write("info", `line ${i}`);
	const r = handle(get("/v1/log?after=3", LOGIN), context);
	expect(text(r.body)).toBe("4 0.000 - info line 4\n5 0.000 - info line 5\n");
	expect(r.headers["x-log-last"]).toBe("5");
	const none = handle(get("/v1/log?after=5", LOGIN), context);
	expect([none.status, text(none.body), none.headers["x-log-last"]]).toEqual([200, "", "5"]);
	const empty = withRing();
	const first = handle(get("/v1/log", LOGIN), empty.context);
	expect([first.status, text(first.body), first.headers["x-log-last"]]).toEqual([200, "", "0"]);
});

test("a login is required", () => {
	const { ring, context } = withRing();
	ring.write("warn", "secret-ish");
	const r = handle(get("/v1/log"), context);
	expect(r.status).toBe(401);
	expect(text(r.body)).not.toContain("secret-ish");
});

test.each([
	["/v1/log?after=", 400],
	["/v1/log?after=-1", 400],
	["/v1/log?after=1.5", 400],
	["/v1/log?after=x", 400],
	["/v1/log?after=1&after=2", 400],
	["/v1/log?before=1", 400],
	["/v1/log?after=1234567890123", 400], // more digits than a query value may have
	["/v1/log?after=123456789012", 200],
])("%s answers %i", (target, expected) => {
	const { ring, context } = withRing();
	ring.write("info", "x");
	expect(handle(get(target, LOGIN), context).status).toBe(expected);
});

test("a host without a ring answers 404", () => {
	expect(handle(get("/v1/log", LOGIN), fakeContext()).status).toBe(404);
});
