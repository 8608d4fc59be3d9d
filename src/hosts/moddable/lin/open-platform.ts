// The simulator's machine (mcconfig -p lin): the P1 meter on a serial device path (a USB P1 cable,
// or a pseudo-terminal fed by the simulated meter), everything stored in one directory laid out
// as the PC host's data directory (config.json, meter/, state/), the PC's clock.
//
// mc/config (manifest "config", or `mcconfig ... key=value`): `files` the data directory (read by
// the SDK's embedded:storage/files itself), `serial` the P1 device path, `port` the HTTP port,
// `memoryProbe` (ms, for npm run memory:lin) how often to print the live heap after a collection.

import type { Directory } from "embedded:storage/files";
import type { Log } from "core/ports";
import { DirStore } from "host/dir-store";
import { startMemoryProbe } from "host/memory-probe";
import type { Platform } from "host/platform";
import { SerialSource } from "host/serial-source";
import config from "mc/config";

const STATE_DIR = "state";

/**
 * Bytes for a new login. XS's Math.random is the C library's rand(), which the simulator never
 * seeds: every first start would make the same password. So it is mixed with the clock (xorshift32
 * from the time in ms). Good enough for a simulator; the device draws on its hardware RNG.
 */
function randomBytes(n: number): Uint8Array {
	const bytes = new Uint8Array(n);
	let x = (Date.now() % 0x7fffffff) ^ 0x2545f491 || 1;
	for (let i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		bytes[i] = (x ^ Math.floor(Math.random() * 256)) & 255;
	}
	return bytes;
}

function portOf(value: unknown): number {
	const port = Number(value ?? 80);
	if (!(port > 0 && port < 65536 && Math.floor(port) === port)) throw new RangeError(`bad port ${String(value)}`);
	return port;
}

export async function openPlatform(log: Log): Promise<Platform> {
	// at run time: the module opens its root directory when first imported, which a preload cannot do
	const files = (await import("embedded:storage/files")) as unknown as { default: Directory };
	const root = files.default;
	root.createDirectory(STATE_DIR);
	const store = new DirStore(root);
	const Serial = (await import("embedded:io/serial")).default;
	const device = typeof config.serial === "string" ? config.serial : "/dev/ttyUSB0";
	const probeMs = Number(config.memoryProbe ?? 0);
	if (probeMs > 0) startMemoryProbe(probeMs);
	return {
		sd: store,
		state: new DirStore(root.openDirectory({ path: STATE_DIR })),
		settings: store,
		source: new SerialSource(Serial, device, log),
		port: portOf(config.port),
		clock: { now: () => Date.now() },
		randomBytes,
	};
}
