// The "you are about to set a new peak" warning of the running quarter, with hysteresis so it
// does not flicker while the projection hovers around the target: it starts when the projection
// passes the target by more than `startW`, ends only when it falls more than `endW` below it, and
// starts at most once per quarter (a household that reacted once is not nagged again by the
// projection swinging back while a kettle boils).

export interface WarningMargins {
	/** The projection must exceed the target by more than this to start the warning, W. */
	readonly startW: number;
	/** The warning ends when the projection falls below the target minus this, W. */
	readonly endW: number;
}

export const DEFAULT_MARGINS: WarningMargins = Object.freeze({ startW: 100, endW: 200 });

/** The warning's memory between two steps; one per monitor. */
export interface PeakWarning {
	/** Quarter the state belongs to (NaN before the first step). */
	quarterId: number;
	active: boolean;
	/** The warning has started in this quarter (it does not start again until the next). */
	started: boolean;
}

export function newPeakWarning(): PeakWarning {
	return { quarterId: NaN, active: false, started: false };
}

/**
 * Takes the running quarter's projection in and returns whether the warning is on. A new quarter
 * starts with no warning; an unknown projection or quarter (NaN) ends it.
 */
export function stepPeakWarning(
	state: PeakWarning,
	quarterId: number,
	projectionW: number,
	targetW: number,
	margins: WarningMargins = DEFAULT_MARGINS,
): boolean {
	if (quarterId !== state.quarterId) {
		state.quarterId = quarterId;
		state.active = false;
		state.started = false;
	}
	if (quarterId !== quarterId || projectionW !== projectionW || targetW !== targetW) state.active = false;
	else if (state.active) {
		if (projectionW < targetW - margins.endW) state.active = false;
	} else if (!state.started && projectionW > targetW + margins.startW) state.active = state.started = true;
	return state.active;
}
