// The FFI bindings of manifests/esp32.json as data: what mcconfig's FFI glue (the SDK's
// tools/ffi.js) declares in C for each function, and the TypeScript type it gives each C type.
// Used by scripts/check-native.ts (C side) and test/layout/native-ffi.test.ts (TypeScript side).

export interface FfiSignature {
	name: string;
	/** C type names as the manifest spells them ("int32_t", "uint8_t*", "uint8_t[4]"). */
	arguments: string[];
	returns: string;
}

interface ManifestFunction {
	arguments?: string[];
	returns?: string;
}

/** The signatures in a manifest's `ffi.functions`, in the manifest's order. */
export function ffiSignatures(manifest: { ffi?: { functions?: Record<string, ManifestFunction> } }): FfiSignature[] {
	const functions = manifest.ffi?.functions ?? {};
	return Object.entries(functions).map(([name, f]) => ({
		name,
		arguments: f.arguments ?? [],
		returns: f.returns ?? "void",
	}));
}

/** "uint8_t *" -> "uint8_t*", "uint8_t[4]" -> "uint8_t*": the C type the glue passes. */
export function glueType(type: string): string {
	return type.replace(/\s*\*$/, "*").replace(/\[\d+\]$/, "*");
}

/** The C declaration the glue makes, with (void) for no arguments so that C checks the count. */
export function renderPrototype(s: FfiSignature): string {
	const params = s.arguments.map((a, i) => `${glueType(a)} arg${i}`).join(", ") || "void";
	return `extern ${glueType(s.returns)} ${s.name}(${params});`;
}

// The SDK's ffi.js: 64-bit integers are bigints, pointers and arrays ArrayBuffers, char* strings.
const TS_BY_C = Object.freeze({
	integer: "number",
	bigint: "bigint",
	pointer: "ArrayBuffer",
	string: "string",
	void: "void",
});

/** The TypeScript type mcconfig's generated typing gives a manifest C type. */
export function tsType(type: string): string {
	const t = type.trim();
	if (t === "void") return TS_BY_C.void;
	if (t === "char*" || t === "const char*" || t === "char *") return TS_BY_C.string;
	if (/\*$|\[\d+\]$/.test(t)) return TS_BY_C.pointer;
	if (/^u?int64_t$/.test(t)) return TS_BY_C.bigint;
	if (/^(u?int(8|16|32)_t|float|double)$/.test(t)) return TS_BY_C.integer;
	throw new Error(`ffi type not supported by mcconfig: ${type}`);
}
