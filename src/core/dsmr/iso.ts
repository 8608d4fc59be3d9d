// "2020-05-12T11:54:09Z" from UTC ms by arithmetic: Date's string methods differ between engines
// and XS has no locale data, and the decoder's output must be byte-identical on both.

const DAY = 86400000;

function pad(value: number, width: number): string {
	let text = "" + value;
	while (text.length < width) text = "0" + text;
	return text;
}

/** ISO 8601 UTC text of an instant, null for NaN. */
export function isoUtc(ms: number): string | null {
	if (!(ms === ms) || !isFinite(ms)) return null;
	const days = Math.floor(ms / DAY);
	let secs = Math.floor((ms - days * DAY) / 1000);
	// civil date from a day count (proleptic Gregorian)
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	const hour = Math.floor(secs / 3600);
	secs -= hour * 3600;
	const minute = Math.floor(secs / 60);
	return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(secs - minute * 60, 2)}Z`;
}
