import { defaultConfig } from "../../src/core/config/schema";
import { ip4Word, stationAddress } from "../../src/core/device/station-address";

function network(ip: string, subnet: string, gateway: string, dns = "") {
	return { ...defaultConfig().network, dhcp: false, ip, subnet, gateway, dns };
}

test("dotted quads in network byte order (first octet in the low byte)", () => {
	expect(ip4Word("192.168.1.5")).toBe(192 + 168 * 256 + 1 * 65536 + 5 * 16777216);
	expect(ip4Word("255.255.255.0")).toBe(0x00ffffff);
	expect(ip4Word("0.0.0.0")).toBe(0);
	for (const bad of ["1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "a.b.c.d", "", "1..2.3", " 1.2.3.4"])
		expect(ip4Word(bad)).toBeNaN();
});

test("DHCP needs nothing", () => {
	expect(stationAddress(defaultConfig().network)).toBeUndefined();
});

test("a static address with its DNS, or the gateway's (0)", () => {
	expect(stationAddress(network("192.168.1.50", "255.255.255.0", "192.168.1.1", "9.9.9.9"))).toEqual({
		address: ip4Word("192.168.1.50"),
		mask: ip4Word("255.255.255.0"),
		gateway: ip4Word("192.168.1.1"),
		dns: ip4Word("9.9.9.9"),
	});
	expect(stationAddress(network("10.0.0.7", "255.0.0.0", "10.255.0.1"))).toMatchObject({ dns: 0 });
});

test("settings that cannot work are named", () => {
	expect(stationAddress(network("", "255.255.255.0", "192.168.1.1"))).toBe("network.ip is not an IPv4 address");
	expect(stationAddress(network("192.168.1.5", "255.0.255.0", "192.168.1.1"))).toBe(
		"network.subnet is not a contiguous mask",
	);
	expect(stationAddress(network("192.168.1.5", "0.0.0.0", "192.168.1.1"))).toBe(
		"network.subnet is not a contiguous mask",
	);
	expect(stationAddress(network("192.168.1.0", "255.255.255.0", "192.168.1.1"))).toBe(
		"network.ip is the subnet's network or broadcast address",
	);
	expect(stationAddress(network("192.168.1.255", "255.255.255.0", "192.168.1.1"))).toBe(
		"network.ip is the subnet's network or broadcast address",
	);
	expect(stationAddress(network("192.168.1.5", "255.255.255.0", "192.168.2.1"))).toBe(
		"network.gateway is outside the subnet",
	);
	expect(stationAddress(network("192.168.1.5", "255.255.255.0", "192.168.1.1", "dns.google"))).toBe(
		"network.dns is not an IPv4 address",
	);
});
