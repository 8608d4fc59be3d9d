import { PROBES, portalRedirect } from "../../src/core/device/captive";
import { ringHoldsMs, UartPump } from "../../src/core/device/uart-pump";

const OWN = ["192.168.4.1", "digimon.local", "digimon"];
const PORTAL = "http://192.168.4.1/";

describe("portalRedirect", () => {
	test.each(PROBES.map((p) => [p[0], p[1]]))("the probe %s%s gets a 302 to the portal", (host, path) => {
		const r = portalRedirect(host, path, OWN, PORTAL);
		expect(r?.status).toBe(302);
		expect(r?.headers.location).toBe(PORTAL);
		expect(r?.headers["cache-control"]).toBe("no-store");
		expect(Number(r?.headers["content-length"])).toBe(String(r?.body).length);
	});

	test("any other foreign name is redirected too, the device's own names are not", () => {
		expect(portalRedirect("example.org", "/", OWN, PORTAL)?.status).toBe(302);
		expect(portalRedirect("192.168.4.1", "/", OWN, PORTAL)).toBeUndefined();
		expect(portalRedirect("192.168.4.1:80", "/v1/settings", OWN, PORTAL)).toBeUndefined();
		expect(portalRedirect("DigiMon.local", "/", OWN, PORTAL)).toBeUndefined();
	});

	test("without a Host header only the probe paths are redirected", () => {
		expect(portalRedirect(undefined, "/generate_204", OWN, PORTAL)?.status).toBe(302);
		expect(portalRedirect(undefined, "/ncsi.txt?x=1", OWN, PORTAL)?.status).toBe(302);
		expect(portalRedirect(undefined, "/v1/now", OWN, PORTAL)).toBeUndefined();
	});
});

/** A UART ring buffer as the IDF driver keeps it: bytes beyond its capacity are dropped and counted. */
class FakeRing {
	bytes: number[] = [];
	dropped = 0;
	constructor(readonly capacity: number) {}
	receive(data: Uint8Array): void {
		for (const b of data) {
			if (this.bytes.length < this.capacity) this.bytes.push(b);
			else this.dropped++;
		}
	}
	read = (into: Uint8Array): number => {
		const n = Math.min(into.length, this.bytes.length);
		for (let i = 0; i < n; i++) into[i] = this.bytes[i];
		this.bytes.splice(0, n);
		return n;
	};
}

function telegram(seq: number, size: number): Uint8Array {
	return new Uint8Array(size).map((_, i) => (seq * 7 + i) & 0xff);
}

describe("UartPump", () => {
	/** Telegrams s = 0..19 arrive one a second; the thread polls before each one unless busy(s). */
	function run(busy: (s: number) => boolean) {
		const ring = new FakeRing(4096);
		const sent: number[] = [];
		const got: number[] = [];
		const pump = new UartPump(ring.read);
		const take = (c: Uint8Array) => got.push(...c);
		for (let s = 0; s < 20; s++) {
			if (!busy(s)) while (pump.poll(take) > 0);
			const t = telegram(s, 900);
			sent.push(...t);
			ring.receive(t);
		}
		while (pump.poll(take) > 0);
		return { ring, sent, got, pump };
	}

	test("a 4 KB ring bridges 4 s of a busy thread at one 900-byte telegram a second", () => {
		expect(ringHoldsMs(4096, 900, 1000)).toBe(4000);
		const { ring, sent, got, pump } = run((s) => s >= 6 && s <= 8); // no poll from 5 s to 9 s
		expect(ring.dropped).toBe(0);
		expect(got).toEqual(sent);
		expect(pump.total).toBe(sent.length);
	});

	test("busy 5 s overflows it: the fifth telegram loses what does not fit", () => {
		const { ring, got, sent } = run((s) => s >= 6 && s <= 9);
		expect(ring.dropped).toBe(5 * 900 - 4096);
		expect(got.length).toBe(sent.length - ring.dropped);
	});

	test("a poll moves at most its limit; the rest waits for the next", () => {
		const ring = new FakeRing(8192);
		ring.receive(new Uint8Array(5000).fill(1));
		const pump = new UartPump(ring.read, 64, 2048);
		let n = 0;
		expect(pump.poll((c) => (n += c.length))).toBe(2048);
		expect(pump.poll((c) => (n += c.length))).toBe(2048);
		expect(pump.poll((c) => (n += c.length))).toBe(904);
		expect(pump.poll(() => {})).toBe(0);
		expect(n).toBe(5000);
	});

	test("chunks reuse one buffer: the same object for the same length", () => {
		const ring = new FakeRing(1000);
		const pump = new UartPump(ring.read, 64);
		const seen: Uint8Array[] = [];
		ring.receive(new Uint8Array(10));
		pump.poll((c) => seen.push(c));
		ring.receive(new Uint8Array(10));
		pump.poll((c) => seen.push(c));
		ring.receive(new Uint8Array(64));
		ring.receive(new Uint8Array(64));
		pump.poll((c) => seen.push(c));
		expect(seen[0]).toBe(seen[1]);
		expect(seen[2]).toBe(seen[3]);
		expect(seen[2].buffer).toBe(seen[0].buffer);
	});

	test("a reader reporting more than the buffer holds is an error, not silent corruption", () => {
		const pump = new UartPump(() => 65, 64);
		expect(() => pump.poll(() => {})).toThrow("uart read overran its buffer");
	});
});
