// The station's addressing from config.json's `network`: DHCP, or the static address, mask,
// gateway and DNS server (the original firmware ignored a static address; we must not). The
// words are in lwIP's network byte order, as the native helper (native/netif.c) takes them:
// "192.168.1.5" -> 192 | 168 << 8 | 1 << 16 | 5 << 24.

import type { NetworkConfig } from "../config/schema";

export interface StaticAddress {
	address: number;
	mask: number;
	gateway: number;
	/** 0: use the gateway. */
	dns: number;
}

/** The word of a dotted IPv4 address; NaN when `text` is not one. */
export function ip4Word(text: string): number {
	const parts = text.split(".");
	if (parts.length !== 4) return Number.NaN;
	let word = 0;
	for (let i = 0; i < 4; i++) {
		const p = parts[i];
		if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return Number.NaN;
		word |= Number(p) << (8 * i);
	}
	return word >>> 0;
}

/** The host-order value of a word (for mask and subnet arithmetic). */
function hostOrder(word: number): number {
	return (((word & 0xff) << 24) | (((word >>> 8) & 0xff) << 16) | (((word >>> 16) & 0xff) << 8) | (word >>> 24)) >>> 0;
}

/** undefined for DHCP, the static addressing, or an error message for a setting that cannot work. */
export function stationAddress(network: NetworkConfig): StaticAddress | string | undefined {
	if (network.dhcp) return undefined;
	const address = ip4Word(network.ip);
	const mask = ip4Word(network.subnet);
	const gateway = ip4Word(network.gateway);
	const dns = network.dns === "" ? 0 : ip4Word(network.dns);
	if (address !== address) return "network.ip is not an IPv4 address";
	if (mask !== mask) return "network.subnet is not an IPv4 mask";
	if (gateway !== gateway) return "network.gateway is not an IPv4 address";
	if (dns !== dns) return "network.dns is not an IPv4 address";
	const m = hostOrder(mask);
	if (m === 0 || ((~m >>> 0) & ((~m >>> 0) + 1)) !== 0) return "network.subnet is not a contiguous mask";
	const a = hostOrder(address);
	if ((a & ~m) >>> 0 === 0 || (a | m) >>> 0 === 0xffffffff)
		return "network.ip is the subnet's network or broadcast address";
	if (((a ^ hostOrder(gateway)) & m) >>> 0 !== 0) return "network.gateway is outside the subnet";
	return { address, mask, gateway, dns };
}
