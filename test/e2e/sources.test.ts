// The PC host's byte sources other than the simulated meter: a P1 cable (serialport, here its
// mock binding) and a recorded capture played back.

import type { SerialPort } from "serialport";
import { SerialPortMock } from "serialport";
import { Framer } from "../../src/core/dsmr/framer";
import { ReplaySource, telegramStarts } from "../../src/hosts/node/replay-source";
import { SerialSource } from "../../src/hosts/node/serial-source";
import type { ExpectedStream } from "../helpers/corpus";
import { CORPUS_DIR, corpusBytes, corpusJson } from "../helpers/corpus";

const quiet = { info: () => {}, warn: () => {} };
const MockBinding = SerialPortMock.binding;

test("a serial port's bytes reach the framer, whatever the chunking", async () => {
	MockBinding.createPort("/dev/ttyP1", { echo: false, record: false });
	const frames: string[] = [];
	const framer = new Framer({ onFrame: (f) => frames.push(f.crc) });
	const source = new SerialSource({
		path: "/dev/ttyP1",
		log: quiet,
		retryMs: 10,
		Port: SerialPortMock as unknown as typeof SerialPort,
	});
	const opened = () => new Promise((r) => setTimeout(r, 30));
	source.start((chunk) => framer.push(chunk));
	await opened();
	const stream = corpusBytes("dsmrhub/example-stream.txt");
	expect(openBindings).toHaveLength(1);
	const emit = async (bytes: Uint8Array) => {
		const open = openBindings.at(-1)!;
		open.emitData(Buffer.from(bytes));
		await new Promise((r) => setTimeout(r, 20));
	};
	await emit(stream.subarray(0, 5000));
	await emit(stream.subarray(5000));
	const expected = corpusJson<ExpectedStream>("dsmrhub/example-stream.expected.json");
	expect(frames).toEqual(expected.telegrams.map((t) => (t.crcValid ? "valid" : "invalid")));
	source.close();
	source.close();
});

const openBindings: { emitData(data: Buffer): void }[] = [];
const originalOpen = MockBinding.open.bind(MockBinding);
MockBinding.open = async (options: Parameters<typeof MockBinding.open>[0]) => {
	const binding = await originalOpen(options);
	openBindings.push(binding as unknown as { emitData(data: Buffer): void });
	return binding;
};

test("a replayed capture delivers every byte, paced by telegram, then ends", async () => {
	const file = `${CORPUS_DIR}/arduino-dsmr-fluvius/voorbeelden-stream.txt`;
	const bytes = corpusBytes("arduino-dsmr-fluvius/voorbeelden-stream.txt");
	const chunks: Uint8Array[] = [];
	await new Promise<void>((done) => {
		const source = new ReplaySource({ file, speed: 50, onEnd: done });
		source.start((chunk) => chunks.push(Uint8Array.from(chunk)));
	});
	expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
	expect(chunks.length).toBe(telegramStarts(bytes).length - 1);
});
