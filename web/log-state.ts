// The lines the dashboard's log section shows, kept apart from the view so it is tested without a browser.

/** Lines the page keeps: more than the device's ring holds, and bounded for a page left open for days. */
export const MAX_LINES = 400;

export interface LogState {
	/** The number of the last line taken: the next call asks for the lines after it. */
	last: number;
	lines: string[];
}

/**
 * The state after an answer: its lines appended (the oldest dropped beyond MAX_LINES), and its
 * x-log-last as the new `last`. A last below ours means the monitor restarted and numbers from 1
 * again: the next call starts from 0, and what we have stays above it.
 */
export function nextLog(state: LogState, body: string, last: number): LogState {
	if (!(last >= 0)) return state;
	if (last < state.last) return { last: 0, lines: state.lines };
	const lines = body === "" ? state.lines : state.lines.concat(body.replace(/\n$/, "").split("\n"));
	return { last, lines: lines.length > MAX_LINES ? lines.slice(lines.length - MAX_LINES) : lines };
}
