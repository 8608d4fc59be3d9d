// Plain-text table: right-aligned numbers, left-aligned text, one header row.

export function group(n: number, decimals = 0): string {
	if (!Number.isFinite(n)) return "-";
	const [int, frac] = n.toFixed(decimals).split(".");
	const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
	return frac ? `${grouped}.${frac}` : grouped;
}

export function renderTable(header: string[], rows: string[][], leftColumns = 1): string {
	const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
			.join("  ")
			.trimEnd();
	return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
