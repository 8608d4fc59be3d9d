import { handle } from "../../src/core/api/handle";
import { LoginThrottle } from "../../src/core/api/throttle";
import { basic, fakeContext, get, SSID, WIFI_PASSWORD } from "./fake-context";

const GOOD = basic(SSID, WIFI_PASSWORD);
const BAD = basic(SSID, "guess");

function from(remote: string, authorization: string | undefined) {
	const request = get("/current/quarter", authorization);
	request.remote = remote;
	return request;
}

function clock(start = 0) {
	const time = { ms: start };
	return { time, now: () => time.ms };
}

describe("LoginThrottle", () => {
	test("a few free mistakes, then a delay that doubles up to the cap", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now, freeFailures: 3, maxDelayMs: 8000, globalPerMinute: 1000 });
		const waits: number[] = [];
		for (let i = 0; i < 8; i++) {
			expect(throttle.wait("a")).toBe(0); // time is moved past every delay before the next try
			throttle.failed("a");
			const wait = throttle.wait("a");
			waits.push(wait);
			time.ms += wait;
		}
		expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
	});

	test("default options: 5 free mistakes, then 1 s doubling up to 60 s", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now });
		const waits: number[] = [];
		for (let i = 0; i < 13; i++) {
			expect(throttle.wait("192.168.1.66")).toBe(0);
			throttle.failed("192.168.1.66");
			const wait = throttle.wait("192.168.1.66");
			waits.push(wait);
			time.ms += wait;
		}
		expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
	});

	test("a correct login clears the address's count", () => {
		const { now } = clock();
		const throttle = new LoginThrottle({ now, freeFailures: 2, globalPerMinute: 1000 });
		throttle.failed("a");
		throttle.failed("a");
		throttle.succeeded("a");
		throttle.failed("a");
		throttle.failed("a");
		expect(throttle.wait("a")).toBe(0);
		throttle.failed("a");
		expect(throttle.wait("a")).toBeGreaterThan(0);
	});

	test("addresses are counted apart", () => {
		const { now } = clock();
		const throttle = new LoginThrottle({ now, freeFailures: 1, globalPerMinute: 1000 });
		throttle.failed("a");
		throttle.failed("a");
		expect(throttle.wait("a")).toBeGreaterThan(0);
		expect(throttle.wait("b")).toBe(0);
	});

	test("an address quiet for long enough starts afresh", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now, freeFailures: 1, forgetAfterMs: 60000, globalPerMinute: 1000 });
		throttle.failed("a");
		time.ms += 61000;
		throttle.failed("a");
		expect(throttle.wait("a")).toBe(0);
	});

	test("a flood of failures from many addresses never delays an address that has not failed", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now, slots: 4, freeFailures: 5, globalPerMinute: 10 });
		for (let i = 0; i < 200; i++) {
			expect(throttle.wait(`10.0.0.${i}`)).toBe(0);
			throttle.failed(`10.0.0.${i}`);
			time.ms += 10;
		}
		expect(throttle.wait("192.168.1.20")).toBe(0);
	});

	test("under a flood an address gets no free mistakes: its first failure already costs a second", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now, slots: 4, freeFailures: 5, globalPerMinute: 10 });
		for (let i = 0; i < 10; i++) {
			throttle.failed(`10.0.0.${i}`);
			time.ms += 10;
		}
		// 10 failures in 100 ms: the budget of 10 a minute is spent, so the 11th address pays at once.
		throttle.failed("10.0.1.1");
		expect(throttle.wait("10.0.1.1")).toBe(1000);
		// A quiet minute refills the budget; free mistakes are back.
		time.ms += 60000;
		throttle.failed("10.0.1.2");
		expect(throttle.wait("10.0.1.2")).toBe(0);
	});

	test("a full table forgets its oldest attacker, never refuses a newcomer", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now, slots: 3, freeFailures: 0, globalPerMinute: 1e6 });
		for (const remote of ["a", "b", "c"]) {
			throttle.failed(remote);
			time.ms += 1;
		}
		throttle.failed("b"); // b's last failure is now the newest: a is the oldest attacker
		time.ms += 1;
		throttle.failed("d");
		expect(throttle.wait("a")).toBe(0);
		expect(throttle.wait("b")).toBeGreaterThan(0);
		expect(throttle.wait("c")).toBeGreaterThan(0);
		expect(throttle.wait("d")).toBeGreaterThan(0);
	});

	test("memory is fixed: many addresses only replace the least recently seen", () => {
		const { time, now } = clock();
		const throttle = new LoginThrottle({ now, slots: 2, freeFailures: 0, globalPerMinute: 1e6 });
		throttle.failed("a");
		time.ms += 1;
		throttle.failed("b");
		time.ms += 1;
		throttle.failed("c"); // replaces "a", the oldest
		expect(throttle.wait("b")).toBeGreaterThan(0);
		expect(throttle.wait("c")).toBeGreaterThan(0);
		expect(throttle.wait("a")).toBe(0);
		for (let i = 0; i < 10000; i++) throttle.failed(`x${i}`);
		// Private fields are not reachable; what is observable is that no more than `slots` are remembered.
		let remembered = 0;
		for (let i = 0; i < 10000; i++) if (throttle.wait(`x${i}`) > 0) remembered++;
		expect(remembered).toBe(2);
	});

	test("a clock that steps back does not lengthen a delay", () => {
		const { time, now } = clock(1_000_000);
		const throttle = new LoginThrottle({ now, freeFailures: 0, maxDelayMs: 1000, globalPerMinute: 1000 });
		throttle.failed("a");
		time.ms -= 500_000;
		expect(throttle.wait("a")).toBeLessThanOrEqual(1000);
		time.ms = 1_001_000;
		expect(throttle.wait("a")).toBe(0);
	});

	test.each([{ slots: 0 }, { globalPerMinute: 0 }])("bad options %j are refused", (options) => {
		expect(() => new LoginThrottle({ now: () => 0, ...options })).toThrow(RangeError);
	});
});

describe("the throttle in front of the routes", () => {
	test("after the free mistakes even the right password gets 429 with Retry-After, until the delay passes", () => {
		const context = fakeContext(undefined, { freeFailures: 3 });
		for (let i = 0; i < 4; i++) expect(handle(from("192.168.1.66", BAD), context).status).toBe(401);
		const refused = handle(from("192.168.1.66", GOOD), context);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
		expect(refused.headers["www-authenticate"]).toBeUndefined();
		context.clock.ms += Number(refused.headers["retry-after"]) * 1000;
		expect(handle(from("192.168.1.66", GOOD), context).status).toBe(200);
	});

	test("another address is not delayed by one guesser", () => {
		const context = fakeContext(undefined, { freeFailures: 2 });
		for (let i = 0; i < 5; i++) handle(from("192.168.1.66", BAD), context);
		expect(handle(from("192.168.1.66", GOOD), context).status).toBe(429);
		expect(handle(from("192.168.1.20", GOOD), context).status).toBe(200);
	});

	test("requests without credentials (a browser's first try) are not counted", () => {
		const context = fakeContext(undefined, { freeFailures: 1, globalPerMinute: 2 });
		for (let i = 0; i < 50; i++) expect(handle(from("192.168.1.20", undefined), context).status).toBe(401);
		expect(handle(from("192.168.1.20", GOOD), context).status).toBe(200);
	});

	test("malformed credentials count as failures", () => {
		const context = fakeContext(undefined, { freeFailures: 2 });
		for (let i = 0; i < 3; i++) expect(handle(from("192.168.1.66", "Basic !!!!"), context).status).toBe(401);
		expect(handle(from("192.168.1.66", GOOD), context).status).toBe(429);
	});

	test("while throttled the credentials are not even checked: a 429 says nothing about them", () => {
		const context = fakeContext(undefined, { freeFailures: 0 });
		handle(from("192.168.1.66", BAD), context);
		const right = handle(from("192.168.1.66", GOOD), context);
		const wrong = handle(from("192.168.1.66", BAD), context);
		expect(right).toEqual(wrong);
	});

	test("1000 guessing addresses never lock out the right user at their own address", () => {
		const context = fakeContext();
		let attackers = 0;
		for (let i = 0; i < 1000; i++) {
			const response = handle(from(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, BAD), context);
			expect([401, 429]).toContain(response.status);
			if (response.status === 401) attackers++;
			context.clock.ms += 50;
			if (i % 10 === 9) {
				expect(handle(from("192.168.1.20", GOOD), context).status).toBe(200);
				context.clock.ms += 50;
			}
		}
		expect(attackers).toBe(1000); // each address tries once: nothing to hold against it yet
	});

	test("a persistent guesser hidden in a flood of addresses still gets at most about one guess a second", () => {
		const context = fakeContext();
		let checked = 0;
		for (let i = 0; i < 600; i++) {
			// one minute, a request each 50 ms from each of the two
			handle(from(`10.1.${i >> 8}.${i & 255}`, BAD), context);
			context.clock.ms += 50;
			if (handle(from("192.168.1.66", BAD), context).status === 401) checked++;
			context.clock.ms += 50;
		}
		// Its table entry may be pushed out by the flood, but a flood leaves no free mistakes: at
		// most the 5 of the first seconds, then each checked guess costs at least 1 s.
		expect(checked).toBeGreaterThan(0);
		expect(checked).toBeLessThanOrEqual(5 + 60);
	});
});
