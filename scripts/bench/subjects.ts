// What the bench measures, as the same functions for Node and for XS (scripts/bench/xs-entry.ts
// bundles this module with the peers for xsnap). A subject prepares once for a set of
// telegrams, untimed, and returns a function that parses the next telegram of the set (round
// robin) per call: the timed unit is exactly one telegram.
//
// The peers are called at their parse functions, behind their serial-port front ends, on a
// string made in advance: their real path would also convert the port's Buffer to a string,
// which is left out in their favour. Ours takes the bytes, as the UART gives them.

import dsmrParser from "dsmr-parser";
import parsePacket from "p1-reader/lib/parsePacket";
import D0Protocol from "smartmeter-obis/lib/protocols/D0Protocol";
import { Framer } from "../../src/core/dsmr/framer";
import { newReading, parseTelegram } from "../../src/core/dsmr/parse";

export interface Subject {
	readonly name: string;
	/** What the figure covers, printed under the table. */
	readonly note: string;
	/** Not a parser: a floor to read the others against (no Node ratio, no goal). */
	readonly baseline?: boolean;
	prepare(telegrams: readonly Uint8Array[]): () => unknown;
	/** 1-0:1.8.1 in kWh from one result: shows that the subject really parsed the telegram. */
	importT1kWh?(result: unknown): number;
}

export function latin1(bytes: Uint8Array): string {
	let s = "";
	for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
	return s;
}

function roundRobin<T>(items: readonly T[], parse: (item: T) => unknown): () => unknown {
	let i = 0;
	return () => {
		const item = items[i];
		i = i + 1 === items.length ? 0 : i + 1;
		return parse(item);
	};
}

const ours: Subject = {
	name: "ours",
	note: "ours: Framer.push(telegram bytes) -> onFrame -> parseTelegram into one reused Reading (CRC checked)",
	prepare(telegrams) {
		const reading = newReading();
		const framer = new Framer({
			onFrame: (frame) => parseTelegram(frame.bytes, frame.start, frame.end, frame.crc, reading),
		});
		return roundRobin(telegrams, (bytes) => {
			reading.crc = "none";
			framer.push(bytes);
			return reading;
		});
	},
	importT1kWh: (r) => {
		const reading = r as ReturnType<typeof newReading>;
		return reading.crc === "valid" ? reading.importT1Wh / 1000 : NaN;
	},
};

const dsmrParserSubject: Subject = {
	name: "dsmr-parser 2.1.1",
	note: "dsmr-parser: parse(telegram string) (regular expressions per object, CRC checked)",
	prepare: (telegrams) => roundRobin(telegrams.map(latin1), (text) => dsmrParser.parse(text)),
	importT1kWh: (r) => (r as { objects: Record<string, unknown> }).objects["electricity delivered tariff 1"] as number,
};

const p1Reader: Subject = {
	name: "p1-reader 2.0.6",
	note: "p1-reader: lib/parsePacket(text from '/' up to '!', as its '!' delimiter parser hands it over; no CRC check)",
	prepare(telegrams) {
		const packets = telegrams.map((bytes) => {
			const text = latin1(bytes);
			return text.slice(text.indexOf("/"), text.lastIndexOf("!"));
		});
		return roundRobin(packets, (packet) => parsePacket(packet));
	},
	importT1kWh: (r) => (r as ReturnType<typeof parsePacket>).electricity.received.tariff1.reading ?? NaN,
};

const smartmeterObis: Subject = {
	name: "smartmeter-obis 4.0.0",
	note: "smartmeter-obis: D0Protocol as its SerialResponseTransport drives it in mode D (sign-on, then data; no CRC check)",
	prepare(telegrams) {
		let result: unknown;
		const protocol = new D0Protocol({ debug: 0, logger: () => {} }, (error, data) => {
			result = error ? error : data;
		});
		return roundRobin(telegrams.map(latin1), (text) => {
			result = undefined;
			protocol.initState();
			protocol.checkMessage(text);
			const rest = protocol.handleMessage(text);
			if (rest && protocol.checkMessage(rest)) protocol.handleMessage(rest);
			return result;
		});
	},
	importT1kWh: (r) => {
		const m = (r as Record<string, { values: { value: unknown }[] }> | undefined)?.["1-0:1.8.1"];
		return m ? (m.values[0].value as number) : NaN;
	},
};

// Our framer alone (resync, size cap, CRC as bytes arrive), to split our cost between framing
// and parsing when reading the figures.
const oursFramerOnly: Subject = {
	name: "ours: framer only",
	note: "ours: framer only: Framer.push(telegram bytes) with an onFrame that does nothing (diagnostic)",
	baseline: true,
	prepare(telegrams) {
		let frames = 0;
		const framer = new Framer({ onFrame: () => void frames++ });
		return roundRobin(telegrams, (bytes) => {
			framer.push(bytes);
			return frames;
		});
	},
};

// CRC-16/ARC over the whole telegram with a 256-entry table: the least any parser that checks
// the CRC must do per byte, so the figures of the others read as multiples of it.
const crcBaseline: Subject = {
	name: "crc16 table loop",
	note: "crc16 table loop: CRC-16/ARC over every byte of the telegram, nothing else (baseline)",
	baseline: true,
	prepare(telegrams) {
		const table = new Uint16Array(256);
		for (let i = 0; i < 256; i++) {
			let c = i;
			for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
			table[i] = c;
		}
		return roundRobin(telegrams, (bytes) => {
			let crc = 0;
			for (let i = 0; i < bytes.length; i++) crc = (crc >>> 8) ^ table[(crc ^ bytes[i]) & 0xff];
			return crc;
		});
	},
};

export const subjects: readonly Subject[] = [
	ours,
	dsmrParserSubject,
	p1Reader,
	smartmeterObis,
	oursFramerOnly,
	crcBaseline,
];
