// "2020-05-12T11:54:09Z" from UTC ms by arithmetic: Date's string methods differ between engines
// (and XS has no locale data), while the decoder's output and the records must be byte-identical
// on XS and Node. Whole seconds: neither the meter nor a quarter has more.

import { civilFromDays } from "./brussels";

const DAY = 86400000;

function pad(value: number, width: number): string {
	let text = "" + value;
	while (text.length < width) text = "0" + text;
	return text;
}

/** ISO 8601 UTC text of an instant; RangeError for NaN or an infinite value, as Date's own. */
export function isoUtc(ms: number): string {
	if (!Number.isFinite(ms)) throw new RangeError("invalid time");
	const days = Math.floor(ms / DAY);
	const date = civilFromDays(days, { year: 0, month: 0, day: 0 });
	let secs = Math.floor((ms - days * DAY) / 1000);
	const hour = Math.floor(secs / 3600);
	secs -= hour * 3600;
	const minute = Math.floor(secs / 60);
	return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(secs - minute * 60, 2)}Z`;
}
