// Just enough typing for the npm parsers the bench compares against (they ship no types for
// the entry points it calls directly, without their serial-port front ends).

declare module "dsmr-parser" {
	const dsmr: { parse(telegram: string): { objects: Record<string, unknown> } };
	export default dsmr;
}

declare module "p1-reader/lib/parsePacket" {
	export default function parsePacket(packet: string): {
		electricity: { received: { tariff1: { reading: number | null } } };
	};
}

declare module "smartmeter-obis/lib/protocols/D0Protocol" {
	type Measurement = { values: { value: unknown }[] };
	export default class D0Protocol {
		constructor(
			options: { debug: number; logger(message: unknown): void },
			store: (error: Error | null, result: Record<string, Measurement> | null) => void,
		);
		initState(): void;
		checkMessage(message: string | Uint8Array): boolean;
		handleMessage(message: string | Uint8Array): Uint8Array | null;
	}
}
