import { backoffMs } from "../../src/core/device/backoff";
import { cardCondition, mountErrorText, SD_RETRY, SD_WRITE_FAILURES, SdPolicy } from "../../src/core/device/sd-policy";
import { guardedStore, NOT_MOUNTED } from "../../src/core/device/sd-store";
import type { FileStore } from "../../src/core/ports";

test("backoff doubles from the first wait up to the cap", () => {
	const b = { firstMs: 5000, maxMs: 300000 };
	expect([0, 1, 2, 3, 4, 5, 6, 7, 100, 5000].map((n) => backoffMs(n, b))).toEqual([
		0, 5000, 10000, 20000, 40000, 80000, 160000, 300000, 300000, 300000,
	]);
});

describe("SdPolicy", () => {
	test("mounts at once, and a working card is no sos", () => {
		const p = new SdPolicy();
		expect(p.sos).toBe(true);
		expect(p.tick(0)).toBe("mount");
		p.mountResult("", 0);
		expect(p.sos).toBe(false);
		expect(p.tick(1e9)).toBe("none");
		expect(p.status()).toEqual({ state: "mounted", failures: 0, error: "", nextTryMs: Number.NaN });
	});

	test("a missing card: sos, retried 5 s, 10 s, 20 s ... 5 min apart, never more", () => {
		const p = new SdPolicy();
		let t = 0;
		const waits: number[] = [];
		for (let i = 0; i < 9; i++) {
			expect(p.tick(t)).toBe("mount");
			p.mountResult("no card (0x107)", t);
			const next = p.status().nextTryMs;
			expect(p.tick(next - 1)).toBe("none");
			waits.push(next - t);
			t = next;
		}
		expect(waits).toEqual([5000, 10000, 20000, 40000, 80000, 160000, 300000, 300000, 300000]);
		expect(p.sos).toBe(true);
		expect(p.status()).toMatchObject({ state: "failed", failures: 9, error: "no card (0x107)" });
		p.mountResult("", t);
		expect(p.status()).toMatchObject({ state: "mounted", failures: 0, error: "" });
	});

	test("writes failing in a row on a mounted card: unmount, then retry after the first wait", () => {
		const p = new SdPolicy();
		p.mountResult("", 0);
		for (let i = 1; i < SD_WRITE_FAILURES; i++) p.writeFailed("io error");
		p.wrote(); // a success in between starts the count again
		for (let i = 1; i < SD_WRITE_FAILURES; i++) p.writeFailed("io error");
		expect(p.tick(10)).toBe("none");
		p.writeFailed("io error");
		expect(p.tick(10)).toBe("unmount");
		p.unmounted(10);
		expect(p.sos).toBe(true);
		expect(p.tick(10 + SD_RETRY.firstMs - 1)).toBe("none");
		expect(p.tick(10 + SD_RETRY.firstMs)).toBe("mount");
	});

	test("write failures while not mounted change nothing", () => {
		const p = new SdPolicy();
		p.writeFailed("x");
		expect(p.status().error).toBe("");
	});
});

describe("guardedStore", () => {
	function memoryStore(fail: { write: boolean }): FileStore {
		const files = new Map<string, string>();
		return {
			read: (p) => files.get(p),
			write(p, t) {
				if (fail.write) throw new Error("io error");
				files.set(p, t);
			},
			rename(a, b) {
				const t = files.get(a);
				if (t !== undefined) files.set(b, t);
				files.delete(a);
			},
			remove: (p) => void files.delete(p),
			list: () => [...files.keys()],
			free: () => 1234,
		};
	}

	test("not mounted: every call fails with a clear error, free is unknown", () => {
		const s = guardedStore(memoryStore({ write: false }), new SdPolicy());
		expect(() => s.read("/a")).toThrow(NOT_MOUNTED);
		expect(() => s.write("/a", "x")).toThrow(NOT_MOUNTED);
		expect(() => s.list("/")).toThrow(NOT_MOUNTED);
		expect(s.free?.()).toBeNaN();
	});

	test("mounted: passes through; failing writes reach the policy, which unmounts after three", () => {
		const fail = { write: false };
		const policy = new SdPolicy();
		policy.mountResult("", 0);
		const s = guardedStore(memoryStore(fail), policy);
		s.write("/a", "x");
		expect(s.read("/a")).toBe("x");
		expect(s.free?.()).toBe(1234);
		fail.write = true;
		for (let i = 0; i < SD_WRITE_FAILURES; i++) expect(() => s.write("/b", "y")).toThrow("io error");
		expect(policy.status().error).toBe("io error");
		expect(policy.tick(0)).toBe("unmount");
	});
});

test("mount errors read as what they mean, with the code", () => {
	expect(mountErrorText(0)).toBe("");
	expect(mountErrorText(0x107)).toBe("no card (timeout) (0x107)");
	expect(mountErrorText(-1)).toBe("no fat file system on the card (it is never formatted here) (0xffffffff)");
	expect(mountErrorText(0x4242)).toBe("mount failed (0x4242)");
});

test("the card's condition for the status: mounted, missing from the slot, or there but failing", () => {
	const p = new SdPolicy();
	expect(cardCondition(p.status())).toBe("missing"); // not tried yet
	p.mountResult(mountErrorText(0x107), 0); // no answer on the bus: an empty slot
	expect(cardCondition(p.status())).toBe("missing");
	p.mountResult(mountErrorText(0x105), 10000);
	expect(cardCondition(p.status())).toBe("missing");
	p.mountResult(mountErrorText(-1), 20000); // a card without FAT
	expect(cardCondition(p.status())).toBe("failing");
	p.mountResult(mountErrorText(0x109), 30000);
	expect(cardCondition(p.status())).toBe("failing");
	p.mountResult("", 40000);
	expect(cardCondition(p.status())).toBe("mounted");
	for (let i = 0; i < SD_WRITE_FAILURES; i++) p.writeFailed("write failed");
	expect(cardCondition(p.status())).toBe("mounted"); // until the adapter unmounts it
	p.unmounted(50000);
	expect(cardCondition(p.status())).toBe("failing");
});
