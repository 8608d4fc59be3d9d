// The three descriptions of each native call agree: the manifest's FFI binding (what mcconfig's
// glue converts and declares), the TypeScript interface the adapters call (device/native.ts), and,
// for our own C, the definition in src/hosts/moddable/native/*.c. npm run check:native compiles the
// C against the IDF's headers; this runs everywhere, without ESP-IDF.

import fs from "node:fs";
import path from "node:path";
import { ffiSignatures, renderPrototype, tsType } from "../../scripts/native/ffi";

const ROOT = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "manifests/esp32.json"), "utf8"));
const signatures = ffiSignatures(manifest);

/** name -> [parameter types..., return type] from `interface NativeCalls` in device/native.ts. */
function tsMethods(): Map<string, string[]> {
	const text = fs.readFileSync(path.join(ROOT, "src/hosts/moddable/device/native.ts"), "utf8");
	const body = /export interface NativeCalls \{([^}]*)\}/.exec(text)?.[1] ?? "";
	const methods = new Map<string, string[]>();
	for (const m of body.matchAll(/^\s*(\w+)\(([^)]*)\): (\w+);/gm)) {
		const params = m[2] === "" ? [] : m[2].split(",").map((p) => p.split(":")[1].trim());
		methods.set(m[1], [...params, m[3]]);
	}
	return methods;
}

/** name -> [parameter types..., return type] of the functions our C defines (one line heads). */
function cDefinitions(): Map<string, string[]> {
	const defs = new Map<string, string[]>();
	for (const source of manifest.ffi.sources as string[]) {
		const text = fs.readFileSync(path.resolve(ROOT, "manifests", source), "utf8");
		for (const m of text.matchAll(/^(\w+) (\w+)\(([^)]*)\)$/gm)) {
			// "uint8_t *buffer" -> "uint8_t*": the type without the parameter's name
			const params = m[3] === "void" ? [] : m[3].split(",").map((p) => p.replace(/\w+\s*$/, "").replace(/\s+/g, ""));
			defs.set(m[2], [...params, m[1]]);
		}
	}
	return defs;
}

test("mcconfig's type mapping, as its tools/ffi.js has it", () => {
	expect(tsType("int32_t")).toBe("number");
	expect(tsType("uint8_t")).toBe("number");
	expect(tsType("double")).toBe("number");
	expect(tsType("int64_t")).toBe("bigint");
	expect(tsType("uint8_t*")).toBe("ArrayBuffer");
	expect(tsType("uint8_t *")).toBe("ArrayBuffer");
	expect(tsType("uint32_t[4]")).toBe("ArrayBuffer");
	expect(tsType("char*")).toBe("string");
	expect(tsType("void")).toBe("void");
	expect(() => tsType("int")).toThrow("not supported");
	expect(() => tsType("size_t")).toThrow("not supported");
});

test("the glue's C declaration, with (void) for no arguments", () => {
	expect(renderPrototype({ name: "f", arguments: ["uint8_t *", "int32_t"], returns: "int32_t" })).toBe(
		"extern int32_t f(uint8_t* arg0, int32_t arg1);",
	);
	expect(renderPrototype({ name: "g", arguments: [], returns: "void" })).toBe("extern void g(void);");
	expect(renderPrototype({ name: "h", arguments: ["uint8_t[6]"], returns: "void" })).toBe(
		"extern void h(uint8_t* arg0);",
	);
});

test("device/native.ts declares exactly the manifest's functions, with mcconfig's types", () => {
	const methods = tsMethods();
	expect([...methods.keys()].sort()).toEqual(signatures.map((s) => s.name).sort());
	for (const s of signatures) {
		expect({ name: s.name, types: methods.get(s.name) }).toEqual({
			name: s.name,
			types: [...s.arguments.map(tsType), tsType(s.returns)],
		});
	}
});

test("our C defines each of its FFI functions with the manifest's types", () => {
	const defs = cDefinitions();
	const ours = signatures.filter((s) => defs.has(s.name));
	// the rest are the IDF's own, bound directly (check:native compiles calls to them)
	expect(signatures.filter((s) => !defs.has(s.name)).every((s) => s.name.startsWith("esp_"))).toBe(true);
	expect(ours.map((s) => s.name).sort()).toEqual(
		[
			"ota_pending_verify",
			"p1_uart_close",
			"p1_uart_lost",
			"p1_uart_open",
			"p1_uart_read",
			"sd_free_kib",
			"sd_mount",
			"sd_unmount",
			"sta_address",
		].sort(),
	);
	for (const s of ours) {
		expect({ name: s.name, types: defs.get(s.name) }).toEqual({ name: s.name, types: [...s.arguments, s.returns] });
	}
});
