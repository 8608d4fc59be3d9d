// JSON that keeps what plain JSON.stringify would blur: NaN and the infinities would all
// become null, hiding an engine difference between "absent" (NaN by the Reading convention)
// and a real null.

function keepNonFinite(_key: string, value: unknown): unknown {
	return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

export function toJson(value: unknown): string {
	return JSON.stringify(value, keepNonFinite);
}
