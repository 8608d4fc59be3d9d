// Bundled by xs-api.mjs. In Node (before lockdown) it makes the telegrams that follow the stored
// day; in XS it rebuilds the monitor the device would have after that day (a Monitor over
// in-memory stores holding the PC host's files, recovered by start(), fed a few minutes of
// live telegrams, with the serial the PC host keeps for /api) and answers API requests through
// Monitor.handle, exactly the device's path from a parsed request to a response, login check
// included. Streamed bodies are pulled to the end through one reused buffer, as a host adapter would.

import { isChunkSource } from "../../src/core/api/chunks";
import type { ApiRequest, ApiResponse } from "../../src/core/api/types";
import { parseConfig } from "../../src/core/config/parse";
import { parseJson } from "../../src/core/history/state-files";
import { Monitor } from "../../src/core/monitor";
import { SimMeter } from "../../src/sim/meter";
import { MemoryStore } from "../../test/helpers/memory-store";

export interface ApiInput {
	config: string;
	/** path -> text of the SD card's store (/meter/...) and of the flash state store. */
	sd: Record<string, string>;
	state: Record<string, string>;
	/** Telegrams after the stored day, as text (DSMR is ASCII). */
	live: string[];
	/** The Authorization header of the configured login. */
	auth: string;
}

/** `count` telegrams of the simulated meter (seed, epoch) from the first second after `resume`. */
export function liveTelegrams(seed: number, epoch: number, resume: number, count: number): string[] {
	const meter = new SimMeter({ seed, start: epoch });
	while (meter.time + 1000 < resume) meter.skip();
	const decoder = new TextDecoder();
	const out: string[] = [];
	for (let i = 0; i < count; i++) out.push(decoder.decode(meter.next()));
	return out;
}

function storeOf(files: Record<string, string>): MemoryStore {
	const store = new MemoryStore();
	for (const path of Object.keys(files)) store.files.set(path, files[path]);
	return store;
}

const quiet = { info() {}, warn() {} };

export class ApiBench {
	#monitor: Monitor;
	#request: ApiRequest;
	/** The host adapter's send buffer, made once. */
	#chunk = new Uint8Array(1024);
	status = 0;
	bytes = 0;

	constructor(json: string) {
		const input = JSON.parse(json) as ApiInput;
		const { config } = parseConfig(input.config);
		this.#monitor = new Monitor({
			sd: storeOf(input.sd),
			state: storeOf(input.state),
			log: quiet,
			config: () => config,
			now: () => 0,
			serial: (parseJson(input.state["/serial.json"]) as { serial: string }).serial,
		});
		this.#monitor.start();
		const encoder = new TextEncoder();
		for (const telegram of input.live) this.#monitor.push(encoder.encode(telegram));
		this.#request = { method: "GET", target: "/", headers: { authorization: input.auth, host: "127.0.0.1" } };
	}

	/** Selects the request the next run() sends; answers it once and returns its status. */
	select(target: string): number {
		this.#request.target = target;
		this.run(1);
		return this.status;
	}

	/** n requests of the selected target, each answered and its body consumed. */
	run(n: number): void {
		for (let i = 0; i < n; i++) this.#consume(this.#monitor.handle(this.#request));
	}

	#consume(response: ApiResponse): void {
		this.status = response.status;
		const body = response.body;
		if (isChunkSource(body)) {
			let total = 0;
			for (let k = body.next(this.#chunk); k > 0; k = body.next(this.#chunk)) total += k;
			body.close();
			this.bytes = total;
		} else this.bytes = body.length;
	}
}
