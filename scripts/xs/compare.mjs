// Locates the first difference between two UTF-8 outputs and shows it in context, so a
// mismatch between engines can be read without dumping megabytes of JSON.

const decoder = new TextDecoder();

export function firstDifference(a, b) {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
	return a.length === b.length ? -1 : n;
}

function lineAt(bytes, at) {
	let line = 1;
	let start = 0;
	for (let i = 0; i < at && i < bytes.length; i++) {
		if (bytes[i] === 10) {
			line++;
			start = i + 1;
		}
	}
	return { line, column: at - start + 1 };
}

function excerpt(bytes, at, radius) {
	const from = Math.max(0, at - radius);
	const to = Math.min(bytes.length, at + radius);
	const before = decoder.decode(bytes.subarray(from, at));
	const after = decoder.decode(bytes.subarray(at, to));
	return `${from > 0 ? "..." : ""}${JSON.stringify(before).slice(1, -1)} >>> ${JSON.stringify(after).slice(1, -1)}${to < bytes.length ? "..." : ""}`;
}

/** Text lines describing where `xs` first differs from `node`. */
export function describeDifference(node, xs, radius = 80) {
	const at = firstDifference(node, xs);
	if (at < 0) return [];
	const { line, column } = lineAt(node, at);
	return [
		`first difference at byte ${at} (line ${line}, column ${column}); node ${node.length} B, xs ${xs.length} B`,
		`  node: ${excerpt(node, at, radius)}`,
		`  xs:   ${excerpt(xs, at, radius)}`,
	];
}
