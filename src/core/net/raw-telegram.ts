// Raw telegrams over TCP, as network P1 readers serve them (Home Assistant's DSMR integration in
// "network" mode, DSMR-reader, evcc read such a port): every telegram the monitor takes with a
// valid CRC (or none, on a DSMR 2.2/3 meter), as the meter sent it, to every connected client.
// These are the rules a host's transport follows, the same on a PC and on the device: how many
// clients, how far one may fall behind before it is dropped, and the bytes of one telegram.

import type { Frame } from "../dsmr/framer";

/** Clients served at once; one more is closed as soon as it connects. */
export const RAW_CLIENTS_MAX = 4;

/**
 * Bytes a client may have waiting to be sent (beyond what its socket took) before it is dropped:
 * 11 to 15 telegrams of a three-phase Fluvius meter (1.1 to 1.5 KB each). A reader that keeps up
 * never has more than one waiting; one that stalls would otherwise hold memory that grows every
 * second, and the monitor never waits for it.
 */
export const RAW_BACKLOG_BYTES = 16384;

const CR = 0x0d;
const LF = 0x0a;

/** A client that connects while `connected` are served is taken (true) or closed (false). */
export function admitClient(connected: number): boolean {
	return connected < RAW_CLIENTS_MAX;
}

/** A client with `queued` bytes still waiting keeps its place for `next` more (true) or is dropped (false). */
export function keepClient(queued: number, next: number): boolean {
	return queued + next <= RAW_BACKLOG_BYTES;
}

/** Bytes of the telegram as the meter sent it: '/' through '!', its CRC digits and the line end. */
export function telegramLength(frame: Frame): number {
	return frame.end - frame.start + (frame.crc === "valid" ? frame.crcStated.length : 0) + lineEndLength(frame);
}

/** The line end the meter uses, read off the line before '!': CR LF as DSMR writes it, LF from a meter (or capture) that drops the CR. */
function lineEndLength(frame: Frame): number {
	const at = frame.end - 3;
	return at >= frame.start && frame.bytes[at] !== CR ? 1 : 2;
}

/** The line end the telegram's own lines have: what follows its CRC digits when it is given out again. */
export function lineEnd(frame: Frame): string {
	return lineEndLength(frame) === 2 ? "\r\n" : "\n";
}

/**
 * Writes the telegram into `into` from index 0 (telegramLength(frame) bytes, which must fit) and
 * returns its length. The framer keeps '/'..'!' as received; after it come the CRC digits, which
 * the framer read as a number and gives back in upper case as DSMR writes them (as many as were sent),
 * and the line end the telegram's other lines have. A telegram without CRC digits (DSMR 2.2/3) ends "!\r\n".
 */
export function copyTelegram(frame: Frame, into: Uint8Array): number {
	const from = frame.bytes;
	const start = frame.start;
	const body = frame.end - start;
	let n = 0;
	for (; n < body; n++) into[n] = from[start + n];
	if (frame.crc === "valid") {
		const digits = frame.crcStated;
		for (let i = 0; i < digits.length; i++) into[n++] = digits.charCodeAt(i);
	}
	if (lineEndLength(frame) === 2) into[n++] = CR;
	into[n++] = LF;
	return n;
}
