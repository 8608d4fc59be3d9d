// The PC host's HomeWizard serial: made once, kept, reused; a damaged file is set aside, not lost.

import { loadSerial, SERIAL_PATH, serialOf } from "../../src/hosts/node/serial-file";
import { MemoryStore } from "../helpers/memory-store";

function quiet(warnings: string[] = []) {
	return { info: () => {}, warn: (m: string) => warnings.push(m) };
}

/** Bytes that count up from `first`, so the serial they make is known by hand. */
function counting(first: number) {
	const asked: number[] = [];
	const random = (n: number) => {
		asked.push(n);
		return Uint8Array.from({ length: n }, (_, i) => first + i);
	};
	return { random, asked };
}

test("the first start makes 12 hex digits from 6 random bytes and stores them; later starts reuse them", () => {
	const state = new MemoryStore();
	const first = counting(0xa0);
	expect(loadSerial(state, first.random, quiet())).toBe("a0a1a2a3a4a5");
	expect(first.asked).toEqual([6]);
	expect(JSON.parse(state.read(SERIAL_PATH)!)).toEqual({ serial: "a0a1a2a3a4a5" });
	const again = counting(0x00);
	expect(loadSerial(state, again.random, quiet())).toBe("a0a1a2a3a4a5");
	expect(again.asked).toEqual([]);
});

test("small bytes keep their leading zero", () => {
	expect(loadSerial(new MemoryStore(), counting(0x01).random, quiet())).toBe("010203040506");
});

test.each([
	["not json", "{torn"],
	["no serial", '{"x":1}'],
	["upper case", '{"serial":"A0A1A2A3A4A5"}'],
	["too short", '{"serial":"a0a1a2a3a4"}'],
	["not a string", '{"serial":123456789012}'],
	["null", "null"],
])("a file with %s is set aside and a new serial made", (_name, text) => {
	const state = new MemoryStore();
	state.write(SERIAL_PATH, text);
	const warnings: string[] = [];
	expect(loadSerial(state, counting(0x10).random, quiet(warnings))).toBe("101112131415");
	expect(state.read("/serial.bad")).toBe(text);
	expect(warnings).toEqual(["serial.json held no serial: kept as serial.bad; a new serial follows"]);
});

test("a complete temporary left by a cut wins; a torn one is dropped", () => {
	const state = new MemoryStore();
	state.write("/serial.tmp", '{"serial":"00112233aabb"}\n');
	expect(loadSerial(state, counting(0).random, quiet())).toBe("00112233aabb");
	expect(state.read("/serial.tmp")).toBeUndefined();

	const torn = new MemoryStore();
	torn.write(SERIAL_PATH, '{"serial":"00112233aabb"}\n');
	torn.write("/serial.tmp", '{"ser');
	const warnings: string[] = [];
	expect(loadSerial(torn, counting(0).random, quiet(warnings))).toBe("00112233aabb");
	expect(warnings).toEqual(["serial.json: dropped a torn write from an interrupted start"]);
});

test("serialOf reads only what a serial is", () => {
	expect(serialOf(undefined)).toBeUndefined();
	expect(serialOf('{"serial":"0123456789ab"}')).toBe("0123456789ab");
	expect(serialOf('["0123456789ab"]')).toBeUndefined();
});
