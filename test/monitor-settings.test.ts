// The Monitor's side of POST /v1/settings: the host's store is called with the checked config,
// and grid area, price and target count at once, without a restart.

import type { ApiRequest } from "../src/core/api/types";
import type { Config } from "../src/core/config/schema";
import { defaultConfig } from "../src/core/config/schema";
import { Monitor } from "../src/core/monitor";
import { SimMeter } from "../src/sim/meter";
import { text } from "./api/fake-context";
import { MemoryStore } from "./helpers/memory-store";

const LOGIN = "Basic " + Buffer.from("jan:wachtwoord-1").toString("base64");

function setup(fail = false) {
	let config = defaultConfig();
	config.auth.user = "jan";
	config.auth.password = "wachtwoord-1";
	const stored: Config[] = [];
	const monitor = new Monitor({
		sd: new MemoryStore(),
		state: new MemoryStore(),
		log: { info() {}, warn() {} },
		config: () => config,
		now: () => 0,
		saveConfig(next) {
			if (fail) throw new Error("flash full");
			stored.push(next);
			config = next;
		},
		hostNames: () => ["my-pc"],
	});
	return { monitor, stored };
}

function post(body: string, host = "digimon.local"): ApiRequest {
	return {
		method: "POST",
		target: "/v1/settings",
		headers: { host, authorization: LOGIN, "content-type": "application/json" },
		body: new TextEncoder().encode(body),
	};
}

test("a new target, area and price change the engine's figures at once", () => {
	const { monitor, stored } = setup();
	expect(monitor.status().target_w).toBeNull();
	const response = monitor.handle(post('{"tariff":{"target_w":3300,"grid_area":"limburg","price_eur_kw_year":60}}'));
	expect(response.status).toBe(200);
	expect(stored).toHaveLength(1);
	const status = monitor.status();
	expect(status.target_w).toBe(3300);
	expect(status.threshold_w).toBe(3300);
	expect(status.capacity.eur_per_kw_year).toBe(60);
	expect(status.capacity.area).toBe("custom");
	monitor.handle(post('{"tariff":{"target_w":null,"price_eur_kw_year":null}}'));
	expect(monitor.status().target_w).toBeNull();
	expect(monitor.status().capacity.area).toBe("limburg");
	expect(monitor.status().capacity.eur_per_kw_year).toBe(51.99); // the newest figure for the area: no date yet
});

test("a store that fails leaves the engine as it was", () => {
	const { monitor } = setup(true);
	expect(monitor.handle(post('{"tariff":{"target_w":3300}}')).status).toBe(500);
	expect(monitor.status().target_w).toBeNull();
});

test("the host's own names are accepted as Host, others refused", () => {
	const { monitor } = setup();
	expect(monitor.handle(post("{}", "my-pc:8080")).status).toBe(200);
	expect(monitor.handle(post("{}", "other-pc:8080")).status).toBe(421);
});

test("a new device name saved: the name the device runs under still answers until the restart", () => {
	const { monitor } = setup();
	expect(monitor.handle(post('{"network":{"device_name":"meter"}}')).status).toBe(200);
	expect(monitor.handle(post("{}", "digimon.local")).status).toBe(200);
	expect(monitor.handle(post("{}", "meter.local")).status).toBe(200);
	expect(monitor.handle(post("{}", "other.local")).status).toBe(421);
});

test("/v1/now answers a new target at once, though no telegram came since its last answer", () => {
	const { monitor } = setup();
	monitor.start();
	const meter = new SimMeter({ start: Date.UTC(2026, 0, 14, 17, 0), seed: 3 });
	for (let i = 0; i < 120; i++) monitor.push(meter.next());
	const get: ApiRequest = {
		method: "GET",
		target: "/v1/now",
		headers: { host: "digimon.local", authorization: LOGIN },
	};
	const before = JSON.parse(text(monitor.handle(get).body));
	expect(before.elapsed_s).toBeGreaterThan(0);
	expect(before.target_w).toBeNull();
	expect(monitor.handle(post('{"tariff":{"target_w":3300}}')).status).toBe(200);
	const after = JSON.parse(text(monitor.handle(get).body));
	expect(after.target_w).toBe(3300);
	expect(after.limit_w).toBe(3300);
	expect(after.elapsed_s).toBe(before.elapsed_s);
	monitor.push(meter.next());
	expect(JSON.parse(text(monitor.handle(get).body)).elapsed_s).toBe(before.elapsed_s + 1);
});
