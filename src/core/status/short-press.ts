// What the LED answers to a short press of BOOT, for a user who has no mDNS and must find the
// board's address: the station address's last octet in Morse ("42" for 192.168.1.42; the
// router's client list has the rest). In setup the board has no station address to give, and
// "wifi" says to join its access point (192.168.4.1). With the SD card in trouble, "sos" comes
// first, then the octet when there is one: the card's state is read on the dashboard, which the
// octet lets the user find. No address and no setup (still connecting): no answer.

export interface BoardState {
	/** The access point is up (setup mode). */
	setup: boolean;
	/** The SD card is missing or failing (the LED's "sos" condition). */
	cardTrouble: boolean;
	/** The station's IPv4 address; "", "0.0.0.0" or undefined while it has none. */
	address: string | undefined;
}

/** The text to say in Morse, undefined for none. */
export function shortPressAnswer(state: BoardState): string | undefined {
	if (state.setup) return "wifi";
	const octet = lastOctet(state.address);
	if (state.cardTrouble) return octet === undefined ? "sos" : "sos " + octet;
	return octet;
}

/** "42" of "192.168.1.42"; undefined for no address, 0.0.0.0, or text that is not a dotted IPv4 address. */
export function lastOctet(address: string | undefined): string | undefined {
	if (address === undefined || address === "0.0.0.0") return undefined;
	const parts = address.split(".");
	if (parts.length !== 4) return undefined;
	for (let i = 0; i < 4; i++) {
		const p = parts[i];
		if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
	}
	return parts[3];
}
