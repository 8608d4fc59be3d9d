// An independent little telegram reader for the simulator tests: it shares no code with the
// simulator or the real parser, so a bug on one side cannot hide the same bug on the other.

/** CRC-16/ARC, bit by bit (the reference definition, no table). */
export function crcBitwise(bytes: Uint8Array, start: number, end: number): number {
	let crc = 0;
	for (let i = start; i < end; i++) {
		crc ^= bytes[i];
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
	}
	return crc;
}

export interface Line {
	obis: string;
	groups: string[];
	raw: string;
}

export interface Telegram {
	text: string;
	header: string;
	lines: Line[];
	byObis: Map<string, Line>;
	crcStated: string;
}

export function read(bytes: Uint8Array): Telegram {
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
	const rows = text.split("\r\n");
	const lines: Line[] = [];
	const byObis = new Map<string, Line>();
	let crcStated = "";
	for (let i = 2; i < rows.length; i++) {
		const raw = rows[i];
		if (raw.startsWith("!")) {
			crcStated = raw.slice(1);
			break;
		}
		const open = raw.indexOf("(");
		const obis = raw.slice(0, open);
		const groups = raw.slice(open + 1, raw.length - 1).split(")(");
		const line = { obis, groups, raw };
		lines.push(line);
		byObis.set(obis, line);
	}
	return { text, header: rows[0], lines, byObis, crcStated };
}

/** The number in "000123.456*kWh" scaled by 1000 and rounded (Wh for kWh, W for kW). */
export function milli(group: string): number {
	return Math.round(parseFloat(group.slice(0, group.indexOf("*"))) * 1000);
}

export function value(t: Telegram, obis: string, group = 0): string {
	const line = t.byObis.get(obis);
	if (!line) throw new Error("missing " + obis);
	return line.groups[group];
}

export function num(t: Telegram, obis: string, group = 0): number {
	return milli(value(t, obis, group));
}

/** UTC ms of YYMMDDhhmmssX using only the flag: S = UTC+2, W = UTC+1. NaN for the meter's "no value". */
export function stampUtc(stamp: string): number {
	if (stamp === "632525252525W") return NaN;
	const n = (i: number) => Number(stamp.slice(i, i + 2));
	const offset = stamp[12] === "S" ? 2 : stamp[12] === "W" ? 1 : NaN;
	return Date.UTC(2000 + n(0), n(2) - 1, n(4), n(6), n(8), n(10)) - offset * 3600000;
}

/** EU summer time, computed here from its definition (last Sundays of March and October, 01:00 UTC). */
export function isSummerUtc(utcMs: number): boolean {
	const y = new Date(utcMs).getUTCFullYear();
	const lastSunday = (month: number) => {
		const d = new Date(Date.UTC(y, month + 1, 0, 1));
		d.setUTCDate(d.getUTCDate() - d.getUTCDay());
		return d.getTime();
	};
	return utcMs >= lastSunday(2) && utcMs < lastSunday(9);
}

/** The stamp a correct meter shows for a UTC instant. */
export function expectedStamp(utcMs: number): string {
	const summer = isSummerUtc(utcMs);
	const d = new Date(utcMs + (summer ? 2 : 1) * 3600000);
	const p = (v: number) => String(v).padStart(2, "0");
	return (
		p(d.getUTCFullYear() % 100) +
		p(d.getUTCMonth() + 1) +
		p(d.getUTCDate()) +
		p(d.getUTCHours()) +
		p(d.getUTCMinutes()) +
		p(d.getUTCSeconds()) +
		(summer ? "S" : "W")
	);
}

/** Digits to 9, so "000123.456*kWh" and "004423.770*kWh" have the same shape. */
export function shape(s: string): string {
	return s.replace(/[0-9]/g, "9");
}
