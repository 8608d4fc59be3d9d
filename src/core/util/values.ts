// Checks and conversions for values read back from JSON: files on the card and in flash, and
// checkpoints. JSON has null where the running code keeps NaN (typed arrays hold no null).

export function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isFiniteNumber(v: unknown): v is number {
	return typeof v === "number" && Number.isFinite(v);
}

/** True for null or a finite number: a JSON number field that may be unknown. */
export function isNullableNumber(v: unknown): v is number | null {
	return v === null || isFiniteNumber(v);
}

/** A finite number as it is, anything else as null. */
export function finiteOrNull(v: unknown): number | null {
	return isFiniteNumber(v) ? v : null;
}

/** NaN (unknown, in the running code) as JSON's null. */
export function nanToNull(v: number): number | null {
	return v === v ? v : null;
}

/** A number as it is, anything else (null from JSON) as NaN. */
export function numberOrNaN(v: unknown): number {
	return typeof v === "number" ? v : NaN;
}
