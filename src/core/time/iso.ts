// "2020-05-12T11:54:09Z" from UTC ms by arithmetic: Date's string methods differ between engines
// (and XS has no locale data), while the decoder's output and the records must be byte-identical
// on XS and Node. Whole seconds: neither the meter nor a quarter has more.

import type { CivilDate } from "./brussels";
import { civilFromDays } from "./brussels";
import { pad2, pad4 } from "./keys";

const DAY = 86400000;

// reused: the API formats a time per row of a view, and each fresh object is XS heap garbage
const scratch: CivilDate = { year: 0, month: 0, day: 0 };

/** ISO 8601 UTC text of an instant; RangeError for NaN or an infinite value, as Date's own. */
export function isoUtc(ms: number): string {
	if (!Number.isFinite(ms)) throw new RangeError("invalid time");
	const days = Math.floor(ms / DAY);
	const date = civilFromDays(days, scratch);
	let secs = Math.floor((ms - days * DAY) / 1000);
	const hour = Math.floor(secs / 3600);
	secs -= hour * 3600;
	const minute = Math.floor(secs / 60);
	return `${pad4(date.year)}-${pad2(date.month)}-${pad2(date.day)}T${pad2(hour)}:${pad2(minute)}:${pad2(secs - minute * 60)}Z`;
}
