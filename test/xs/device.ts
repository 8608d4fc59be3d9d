// XS conformance for the device's pure logic: the streaming firmware image check and its SHA-256
// (fed in odd chunk sizes, damaged in several ways), the retry policies and the flash wear
// figures. test/device/*.test.ts says what they must be (against node:crypto and by hand).

import { defaultConfig } from "../../src/core/config/schema";
import { CHIP_ID, EspImageCheck } from "../../src/core/device/esp-image";
import { firmwareHealthy } from "../../src/core/device/firmware-health";
import { DEVICE_CHECKPOINT_SECONDS, flashWear, STATE_FLASH } from "../../src/core/device/flash-wear";
import { cardCondition, mountErrorText, SdPolicy } from "../../src/core/device/sd-policy";
import { macSerial } from "../../src/core/device/serial";
import { Sha256 } from "../../src/core/device/sha256";
import { UartPump } from "../../src/core/device/uart-pump";
import { linkSettingsKey, rejoinAfterSave, WifiPolicy } from "../../src/core/device/wifi-policy";
import { buildImage } from "../device/image-builder";
import type { XsCase } from "./support/case";

const sha = new Sha256();
function digest(bytes: Uint8Array): Uint8Array {
	sha.update(bytes, 0, bytes.length);
	return sha.digest().slice();
}

function hex(b: Uint8Array): string {
	let s = "";
	for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
	return s;
}

function hashes(): string {
	const lines: string[] = [];
	for (const n of [0, 3, 55, 56, 64, 1000]) {
		const bytes = new Uint8Array(n);
		for (let i = 0; i < n; i++) bytes[i] = (i * 31 + 7) & 0xff;
		lines.push(JSON.stringify({ n, sha256: hex(digest(bytes)) }));
	}
	return lines.join("\n");
}

function images(): string {
	const good = buildImage({ segments: [256, 400, 1028] }, digest);
	const variants: [string, Uint8Array, number][] = [["good", good, CHIP_ID.esp32c3]];
	const flip = (at: number) => {
		const c = good.slice();
		c[at] ^= 0x21;
		return c;
	};
	variants.push(["data flipped", flip(500), CHIP_ID.esp32c3]);
	const twice = flip(400);
	twice[600] ^= 0x21;
	variants.push(["two flips", twice, CHIP_ID.esp32c3]);
	variants.push(["digest flipped", flip(good.length - 1), CHIP_ID.esp32c3]);
	variants.push(["on an s2", good, CHIP_ID.esp32s2]);
	variants.push(["cut", good.subarray(0, good.length - 5), CHIP_ID.esp32c3]);
	const lines: string[] = [];
	for (const [name, image, chipId] of variants) {
		for (const size of [1, 13, 64, 4096]) {
			const c = new EspImageCheck({ chipId, maxBytes: 0x1c0000 });
			for (let i = 0; i < image.length && c.error === ""; i += size) c.push(image.subarray(i, i + size));
			lines.push(JSON.stringify({ name, size, error: c.finish(), version: c.version, project: c.project }));
		}
	}
	return lines.join("\n");
}

function policies(): string {
	const lines: string[] = [];
	const sd = new SdPolicy();
	for (let t = 0, i = 0; i < 10; i++) {
		if (sd.tick(t) === "mount") sd.mountResult(i < 7 ? "no card" : "", t);
		lines.push(JSON.stringify(sd.status()));
		t = sd.mounted ? t + 1000 : sd.status().nextTryMs;
	}
	const w = new WifiPolicy();
	w.start(true, 0);
	for (let t = 0; t < 1200000; t += 1000) {
		if (w.tick(t) === "connect" && t > 900000) w.connected(t + 500);
		else if (w.mode === "connecting" && t % 7000 === 0) w.disconnected(t);
		if (t % 60000 === 0) lines.push(JSON.stringify({ t, ...w.status() }));
	}
	return lines.join("\n");
}

function wear(): string {
	return [60, 120, DEVICE_CHECKPOINT_SECONDS]
		.map((intervalS) => JSON.stringify({ intervalS, ...flashWear({ ...STATE_FLASH, fileBytes: 1900, intervalS }) }))
		.join("\n");
}

function pump(): string {
	const ring: number[] = [];
	for (let i = 0; i < 1000; i++) ring.push((i * 13) & 0xff);
	const p = new UartPump((into) => {
		const n = Math.min(into.length, ring.length);
		for (let i = 0; i < n; i++) into[i] = ring[i];
		ring.splice(0, n);
		return n;
	});
	const sizes: number[] = [];
	let sum = 0;
	while (
		p.poll((c) => {
			sizes.push(c.length);
			for (let i = 0; i < c.length; i++) sum = (sum * 31 + c[i]) >>> 0;
		}) > 0
	);
	return JSON.stringify({ sizes, sum, total: p.total });
}

function serials(): string {
	const macs = [
		"A4:D1:8C:DB:C0:20",
		"a4-d1-8c-db-c0-20",
		"A4D18CDBC020",
		"A4:D1:8C:DB:C0",
		"00:00:00:00:00:00",
		"g4:d1:8c:db:c0:20",
		"",
	];
	return macs.map((m) => `${m} ${macSerial(m) ?? "-"}`).join("\n");
}

/** The small decisions of the device's status, settings saves and OTA confirm. */
function decisions(): string {
	const lines: string[] = [];
	const p = new SdPolicy();
	lines.push(cardCondition(p.status()));
	for (const code of [0x107, 0x105, -1, 0x109, 0]) {
		p.mountResult(mountErrorText(code), 1000);
		lines.push(cardCondition(p.status()));
	}
	const before = defaultConfig();
	const key = linkSettingsKey(before);
	const tariff = defaultConfig();
	tariff.tariff.target_w = 4000;
	const ssid = defaultConfig();
	ssid.wifi.ssid = "Thuis";
	for (const [config, mode] of [
		[tariff, "online"],
		[ssid, "online"],
		[tariff, "waiting"],
	] as const)
		lines.push(String(rejoinAfterSave(key, config, mode)));
	// a copy made with the SDK's JSON: the same key
	lines.push(String(linkSettingsKey(JSON.parse(JSON.stringify(before))) === key));
	for (const [up, telegrams, requests] of [
		[59999, 5, 5],
		[60000, 0, 0],
		[60000, 1, 0],
		[60000, 0, 1],
	])
		lines.push(String(firmwareHealthy(up, { telegrams, requests })));
	const other = buildImage({ project: "arduino-lib-builder" }, digest);
	const c = new EspImageCheck({ chipId: CHIP_ID.esp32c3, maxBytes: 0x1c0000, project: "xs_esp32" });
	c.push(other);
	lines.push(c.finish());
	return lines.join("\n");
}

export const cases: XsCase[] = [
	{ name: "device: sha-256", run: hashes },
	{ name: "device: firmware image check in chunks", run: images },
	{ name: "device: sd and wifi retry timelines", run: policies },
	{ name: "device: flash wear figures", run: wear },
	{ name: "device: uart pump chunks", run: pump },
	{ name: "device: the MAC as the HomeWizard serial", run: serials },
	{ name: "device: card condition, rejoin after a save, firmware health, project check", run: decisions },
];
