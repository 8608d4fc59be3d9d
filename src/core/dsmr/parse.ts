// Telegram bytes -> the typed Reading, once a second on the device. One Reading is refilled in
// place: numbers are read straight from the bytes, and a string is only made when its bytes
// differ from the string already held (the meter's clock is the one that changes every second).

import * as limits from "./limits";
import type { ObisEntry } from "./obis";
import * as obis from "./obis";
import {
	type CrcVerdict,
	FAILURES_SIZE,
	type FailureEntry,
	HISTORY_SIZE,
	MBUS_SIZE,
	type MbusDevice,
	type PeakEntry,
	type Phase,
	type Reading,
} from "./reading";
import type { LineScan } from "./scan";
import * as scanning from "./scan";

// Imports copied into module constants once. Node only: the CommonJS transform of tsx and
// ts-jest turns every use of an import into a getter call, and on this path (a switch over the
// kinds, per line) that cost more than the parsing itself. XS links ES modules directly.
const { rejectImpossible } = limits;
const {
	BASE,
	DECIMAL,
	FAILURES,
	HISTORY,
	INT,
	LIMITER,
	MBUS_ID,
	MBUS_LEGACY,
	MBUS_TYPE,
	MBUS_VALUE,
	MBUS_VALVE,
	MESSAGE,
	OBJECTS,
	PEAK,
	TEXT,
	TIME,
	entryOf,
} = obis;
// A plain copy of the frozen catalog, for V8's sake (see scan.ts, POW10).
const ENTRIES: readonly ObisEntry[] = OBJECTS.slice();
const {
	LINE_END,
	LINE_OBJECT,
	decimalAt,
	intAt,
	latin1,
	lineEnd,
	messageText,
	newLineScan,
	scanGroups,
	scanLine,
	stampAt,
	trimCr,
	unitAt,
} = scanning;

// A meter sends the same objects in the same order every second, so the parser remembers, per
// line number, the bytes of the last telegram's OBIS code up to its '(' (12 at most: three
// words read through a DataView, 4 bytes per read) and which entry it named. A line whose code
// bytes are the same as last time skips reading the code digit by digit and the lookup, which
// were most of a line's cost in XS. Anything else takes the full path, and is remembered.
const CODE_LINES = 64;
/** Mask of the third word by code length (8..11 bytes before the '('; the '(' is compared too). */
const CODE_MASK = /* @__PURE__ */ Int32Array.of(0xff, 0xffff, 0xffffff, -1);
/** A DataView is made only for a byte array long enough to hold a telegram. */
const VIEW_MIN = 256;
// Views are kept per ArrayBuffer, one over the whole buffer read at bytes.byteOffset + i, so
// every Uint8Array cut from a buffer already seen (a host's read buffer wrapped anew, Node's
// pooled Buffers, a file's subarrays) costs no object. Two are kept, the last used first: the
// framer hands over telegrams in its own buffer and, when one lies whole in a chunk, in the
// host's. Only a host that allocates a new ArrayBuffer per read with telegrams handed out in
// place costs a view each (see framer.ts VIEW_MIN for what such a host should do instead).

// Per M-Bus slot: 3 bits.
const M_ID = 1;
const M_UNIT = 2;
const M_TIME = 4;

// Each string of the Reading has a slot in a byte cache holding the bytes it was made from:
// comparing bytes with bytes is cheap, while reading a string's characters costs XS a wrapper
// object per call. Slot sizes: the longest text of that kind on any meter seen; longer texts
// are simply made again each time.
const C_HEADER = 0;
const C_VERSION = 1;
const C_EQUIPMENT = 2;
const C_EAN = 3;
const C_TIME = 4;
const C_PEAK = 5;
const C_MESSAGE = 6;
const C_HISTORY = 7; // 2 per entry: period, time
const C_MBUS = C_HISTORY + 2 * HISTORY_SIZE; // 3 per device: id, unit, time
const C_FAILURES = C_MBUS + 3 * MBUS_SIZE;
const C_SLOTS = C_FAILURES + FAILURES_SIZE;
const TEXT_SLOTS: Readonly<Record<string, number>> = Object.freeze({
	version: C_VERSION,
	equipmentId: C_EQUIPMENT,
	ean: C_EAN,
});
const ID_SIZE = 96;
const STAMP_SIZE = 16;

function slotSize(slot: number): number {
	if (slot === C_MESSAGE) return 512;
	if (slot <= C_EAN) return ID_SIZE;
	if (slot >= C_MBUS && slot < C_FAILURES && (slot - C_MBUS) % 3 === 0) return ID_SIZE;
	return STAMP_SIZE;
}

// Tables read per telegram are typed arrays, not frozen ones (see scan.ts, POW10).
const SLOT_AT = /* @__PURE__ */ (() => {
	const at = new Int32Array(C_SLOTS + 1);
	let offset = 0;
	for (let i = 0; i <= C_SLOTS; i++) {
		at[i] = offset;
		offset += i < C_SLOTS ? slotSize(i) : 0;
	}
	return at;
})();

/** Parser state that rides on the Reading (under a symbol), so the per-second path allocates nothing. */
interface Scratch {
	line: LineScan;
	cache: Uint8Array;
	/** Bytes held per slot; -1: not cached (text too long), never equal. */
	lengths: Int16Array;
	cacheView: DataView;
	/** The buffers last read through a view (the framer's, a host's) and their views, the last used first. */
	buffer0: ArrayBufferLike | undefined;
	view0: DataView | undefined;
	buffer1: ArrayBufferLike | undefined;
	view1: DataView | undefined;
	/** The view of the telegram being parsed (over its whole buffer), undefined when there is none, and the telegram's byteOffset in it. */
	current: DataView | undefined;
	base: number;
	/** Last position a line's 12 code bytes can be read from (bytes.length - 12). */
	lastWord: number;
	/** Per line number: code length before its '(' (0: nothing remembered), its three words, entry id * 16 + B (-1: no entry). */
	codeLength: Uint8Array;
	codeWords: Uint32Array;
	codeEntry: Int16Array;
	/** This telegram: C_* bits of the strings sent, M_* bits per M-Bus slot; the last one's table counts. */
	seen: number;
	mbusSeen: number;
	oldHistory: number;
	oldFailures: number;
	oldMbus: number;
}

const SCRATCH = Symbol("scratch");
type Parsed = Reading & { [SCRATCH]?: Scratch };

function newScratch(): Scratch {
	const cache = new Uint8Array(SLOT_AT[C_SLOTS]);
	return {
		line: newLineScan(),
		cache,
		lengths: new Int16Array(C_SLOTS),
		cacheView: new DataView(cache.buffer),
		buffer0: undefined,
		view0: undefined,
		buffer1: undefined,
		view1: undefined,
		current: undefined,
		base: 0,
		lastWord: 0,
		codeLength: new Uint8Array(CODE_LINES),
		codeWords: new Uint32Array(3 * CODE_LINES),
		codeEntry: new Int16Array(CODE_LINES),
		seen: 0,
		mbusSeen: 0,
		oldHistory: 0,
		oldFailures: 0,
		oldMbus: 0,
	};
}

/** A DataView over bytes.buffer, made once per buffer; undefined for a short array in a buffer without one. */
function viewOf(scratch: Scratch, bytes: Uint8Array): DataView | undefined {
	const buffer = bytes.buffer;
	if (buffer === scratch.buffer0) return scratch.view0;
	let view: DataView | undefined;
	if (buffer === scratch.buffer1) view = scratch.view1;
	else if (bytes.length < VIEW_MIN) return undefined;
	else view = new DataView(buffer);
	scratch.buffer1 = scratch.buffer0;
	scratch.view1 = scratch.view0;
	scratch.buffer0 = buffer;
	scratch.view0 = view;
	return view;
}

/** True when slot holds exactly bytes[s, e); otherwise records them (when they fit) and returns false. */
function unchanged(scratch: Scratch, slot: number, bytes: Uint8Array, s: number, e: number): boolean {
	const n = e - s;
	const lengths = scratch.lengths;
	const cache = scratch.cache;
	const at = SLOT_AT[slot];
	if (lengths[slot] === n) {
		let i = 0;
		const view = scratch.current;
		if (view !== undefined) {
			const cacheView = scratch.cacheView;
			const vs = scratch.base + s;
			for (const last = n - 4; i <= last && view.getUint32(vs + i, true) === cacheView.getUint32(at + i, true); )
				i += 4;
		}
		while (i < n && cache[at + i] === bytes[s + i]) i++;
		if (i === n) return true;
	}
	if (n > SLOT_AT[slot + 1] - at) {
		lengths[slot] = -1;
		return false;
	}
	for (let i = 0; i < n; i++) cache[at + i] = bytes[s + i];
	lengths[slot] = n;
	return false;
}

function newPhase(): Phase {
	return { importW: NaN, exportW: NaN, voltageV: NaN, currentA: NaN, sags: NaN, swells: NaN };
}

function newPeak(): PeakEntry {
	return { period: NaN, periodRaw: "", time: NaN, timeRaw: "", w: NaN };
}

function newDevice(): MbusDevice {
	return { channel: 0, type: NaN, id: "", value: NaN, unit: "", time: NaN, timeRaw: "", valve: NaN };
}

function newFailure(): FailureEntry {
	return { time: NaN, timeRaw: "", durationS: NaN };
}

export function newReading(): Reading {
	const reading: Parsed = {
		header: "",
		crc: "none",
		version: "",
		equipmentId: "",
		ean: "",
		time: NaN,
		timeRaw: "",
		importT1Wh: NaN,
		importT2Wh: NaN,
		exportT1Wh: NaN,
		exportT2Wh: NaN,
		tariff: NaN,
		importW: NaN,
		exportW: NaN,
		phases: [newPhase(), newPhase(), newPhase()],
		demandW: NaN,
		monthPeakW: NaN,
		monthPeakTime: NaN,
		monthPeakTimeRaw: "",
		history: [],
		historyCount: 0,
		breaker: NaN,
		limiterW: NaN,
		limiterA: NaN,
		fuseA: NaN,
		message: "",
		powerFailures: NaN,
		longPowerFailures: NaN,
		failures: [],
		failureCount: 0,
		mbus: [],
		mbusCount: 0,
		rejected: 0,
	};
	for (let i = 0; i < HISTORY_SIZE; i++) reading.history.push(newPeak());
	for (let i = 0; i < MBUS_SIZE; i++) reading.mbus.push(newDevice());
	for (let i = 0; i < FAILURES_SIZE; i++) reading.failures.push(newFailure());
	reading[SCRATCH] = newScratch();
	return reading;
}

/** The M-Bus device of that type (3 gas, 4 heat, 7 water), whatever channel it is on. */
export function findMbus(reading: Reading, type: number): MbusDevice | undefined {
	for (let i = 0; i < reading.mbusCount; i++) if (reading.mbus[i].type === type) return reading.mbus[i];
	return undefined;
}

type Numbers = Record<string, number>;

/** nextObject(): the line is not an object we read / there are no more lines. */
const NONE = -1;
const END = -2;

/**
 * Fills `into` from the telegram in bytes[start, end) ('/' .. '!', or an unterminated tail) and
 * returns it. Every field is rewritten, so nothing of the previous telegram stays. Never throws
 * on malformed input: what cannot be read stays NaN / "", and so does a value no household
 * connection can produce (limits.ts; `rejected` counts them).
 */
export function parseTelegram(bytes: Uint8Array, start: number, end: number, crc: CrcVerdict, into: Reading): Reading {
	const scratch = begin(bytes, start, end, crc, into as Parsed);
	const line = scratch.line;
	let pos = readHeader(bytes, start, end, into, scratch);
	const g = line.groups;
	for (let index = 0; ; index++) {
		const id = nextObject(bytes, pos, end, index, scratch);
		if (id === END) break;
		pos = line.next;
		if (id === NONE) continue;
		const entry = ENTRIES[id >> 4];
		const kind = entry.kind;
		if (kind === BASE || kind === DECIMAL || kind === INT) {
			// a number, most lines: stored here, without a call per line (XS charges for every call)
			const v = kind === INT ? intAt(bytes, g[0], g[1]) : decimalAt(bytes, g[0], g[1], kind === BASE ? -1 : 0);
			(entry.phase < 0 ? (into as unknown as Numbers) : (into.phases[entry.phase] as unknown as Numbers))[entry.field] =
				v;
		} else readObject(bytes, entry, id & 15, into, scratch);
	}
	finish(into, scratch);
	into.rejected = rejectImpossible(into);
	return into;
}

/** Sets the scratch up for one telegram and clears the numbers and counts of the last one. */
function begin(bytes: Uint8Array, start: number, end: number, crc: CrcVerdict, into: Parsed): Scratch {
	let scratch = into[SCRATCH];
	if (scratch === undefined) scratch = into[SCRATCH] = newScratch();
	// the view is also what unchanged() compares with: set before the first string
	const view = start >= 0 && end <= bytes.length ? viewOf(scratch, bytes) : undefined;
	scratch.current = view;
	scratch.base = view !== undefined ? bytes.byteOffset : 0;
	scratch.lastWord = bytes.length - 12;
	scratch.seen = 0;
	scratch.mbusSeen = 0;
	scratch.oldHistory = into.historyCount;
	scratch.oldFailures = into.failureCount;
	scratch.oldMbus = into.mbusCount;
	resetNumbers(into);
	into.crc = crc;
	into.historyCount = 0;
	into.failureCount = 0;
	into.mbusCount = 0;
	return scratch;
}

/** The identification line, without '/'; returns where the next line starts. */
function readHeader(bytes: Uint8Array, start: number, end: number, into: Reading, scratch: Scratch): number {
	const lf = lineEnd(bytes, start, end);
	const headerEnd = trimCr(bytes, start, lf);
	if (!unchanged(scratch, C_HEADER, bytes, start + 1, headerEnd)) into.header = latin1(bytes, start + 1, headerEnd);
	return lf < end ? lf + 1 : end;
}

/**
 * Scans line number `index`, at `pos`, into scratch.line. Returns entry id * 16 + B for an object
 * of the catalog, NONE for any other line, END after the last. A line whose code bytes are the
 * ones remembered for this line number skips reading the code and the lookup.
 */
function nextObject(bytes: Uint8Array, pos: number, end: number, index: number, scratch: Scratch): number {
	const line = scratch.line;
	const view = scratch.current;
	const base = scratch.base;
	const known = index < CODE_LINES ? scratch.codeLength[index] : 0;
	if (known !== 0 && view !== undefined && pos <= scratch.lastWord && pos + known < end) {
		// the code bytes and the '(' after them, against those remembered (inline: once per line)
		const at = base + pos;
		const w = 3 * index;
		const words = scratch.codeWords;
		if (
			view.getUint32(at, true) === words[w] &&
			view.getUint32(at + 4, true) === words[w + 1] &&
			(view.getUint32(at + 8, true) & CODE_MASK[known - 8]) === words[w + 2]
		) {
			return scanGroups(bytes, pos, pos + known, end, line, false, view, base) === LINE_OBJECT
				? scratch.codeEntry[index]
				: NONE;
		}
	}
	const kind = scanLine(bytes, pos, end, line, false, view, base);
	if (kind === LINE_END) return END;
	let id = NONE;
	if (kind === LINE_OBJECT) {
		const entry = entryOf(line.a, line.b, line.c, line.d, line.e);
		if (entry !== undefined) id = entry.id * 16 + line.b;
	}
	if (index < CODE_LINES) remember(pos, index, kind === LINE_OBJECT ? line.groups[0] - 1 - pos : 0, id, scratch);
	return id;
}

/** Remembers the code bytes (`length` before the '(', 0: none to remember) of line `index` and its entry id. */
function remember(pos: number, index: number, length: number, id: number, scratch: Scratch): void {
	const view = scratch.current;
	if (view === undefined || length < 8 || length > 11 || pos > scratch.lastWord) {
		scratch.codeLength[index] = 0;
		return;
	}
	const at = scratch.base + pos;
	const w = 3 * index;
	const codeWords = scratch.codeWords;
	scratch.codeLength[index] = length;
	codeWords[w] = view.getUint32(at, true);
	codeWords[w + 1] = view.getUint32(at + 4, true);
	codeWords[w + 2] = view.getUint32(at + 8, true) & CODE_MASK[length - 8];
	scratch.codeEntry[index] = id;
}

/** The value(s) of the object in scratch.line, of catalog entry `entry` (not a plain number: parseTelegram stores those), on M-Bus channel `b`. */
function readObject(bytes: Uint8Array, entry: ObisEntry, b: number, into: Reading, scratch: Scratch): void {
	const g = scratch.line.groups;
	const s0 = g[0];
	const e0 = g[1];
	switch (entry.kind) {
		case TIME:
			scratch.seen |= 1 << C_TIME;
			if (!unchanged(scratch, C_TIME, bytes, s0, e0)) {
				into.timeRaw = latin1(bytes, s0, e0);
				into.time = stampAt(bytes, s0, e0);
			}
			break;
		case TEXT: {
			const slot = TEXT_SLOTS[entry.field];
			scratch.seen |= 1 << slot;
			if (!unchanged(scratch, slot, bytes, s0, e0))
				(into as unknown as Record<string, string>)[entry.field] = latin1(bytes, s0, e0);
			break;
		}
		case MESSAGE:
			scratch.seen |= 1 << C_MESSAGE;
			if (!unchanged(scratch, C_MESSAGE, bytes, s0, e0)) into.message = messageText(bytes, s0, e0);
			break;
		case LIMITER:
			readLimiter(bytes, s0, e0, into);
			break;
		case PEAK:
			readPeak(bytes, scratch.line, into, scratch);
			break;
		case HISTORY:
			readHistory(bytes, scratch.line, into, scratch);
			break;
		case FAILURES:
			readFailures(bytes, scratch.line, into, scratch);
			break;
		default:
			readDevice(bytes, entry.kind, b, into, scratch);
	}
}

/** 0-0:17.0.0: kW or W into limiterW, A (DSMR 4) into limiterA. */
function readLimiter(bytes: Uint8Array, s: number, e: number, into: Reading): void {
	const u = unitAt(bytes, s, e);
	if (u < 0) return;
	const u0 = bytes[u];
	if (u0 === 0x41)
		into.limiterA = decimalAt(bytes, s, e, 0); // A
	else if (u0 === 0x57 && u + 1 === e)
		into.limiterW = decimalAt(bytes, s, e, 0); // W
	else if (u0 === 0x6b && bytes[u + 1] === 0x57 && u + 2 === e) into.limiterW = decimalAt(bytes, s, e, 3); // kW
}

/** 1-0:1.6.0(when)(kW): this month's peak. */
function readPeak(bytes: Uint8Array, line: LineScan, into: Reading, scratch: Scratch): void {
	if (line.count < 2) return;
	const g = line.groups;
	scratch.seen |= 1 << C_PEAK;
	if (!unchanged(scratch, C_PEAK, bytes, g[0], g[1])) {
		into.monthPeakTimeRaw = latin1(bytes, g[0], g[1]);
		into.monthPeakTime = stampAt(bytes, g[0], g[1]);
	}
	into.monthPeakW = decimalAt(bytes, g[2], g[3], -1);
}

/** An M-Bus object of the device on channel `channel`. */
function readDevice(bytes: Uint8Array, kind: number, channel: number, into: Reading, scratch: Scratch): void {
	const slot = claimDevice(into, channel);
	if (slot < 0) return;
	const dev = into.mbus[slot];
	const line = scratch.line;
	const g = line.groups;
	const s0 = g[0];
	const e0 = g[1];
	const shift = slot * 3;
	const cached = C_MBUS + shift;
	switch (kind) {
		case MBUS_TYPE:
			dev.type = intAt(bytes, s0, e0);
			break;
		case MBUS_VALVE:
			dev.valve = intAt(bytes, s0, e0);
			break;
		case MBUS_ID:
			scratch.mbusSeen |= M_ID << shift;
			if (!unchanged(scratch, cached, bytes, s0, e0)) dev.id = latin1(bytes, s0, e0);
			break;
		case MBUS_VALUE: {
			// (value*unit), or (when)(value*unit)
			let vs = s0;
			let ve = e0;
			if (line.count >= 2) {
				scratch.mbusSeen |= M_TIME << shift;
				readDeviceTime(bytes, s0, e0, dev, cached, scratch);
				vs = g[2];
				ve = g[3];
			} else dev.time = NaN;
			dev.value = decimalAt(bytes, vs, ve, 0);
			const u = unitAt(bytes, vs, ve);
			if (u >= 0) {
				scratch.mbusSeen |= M_UNIT << shift;
				if (!unchanged(scratch, cached + 1, bytes, u, ve)) dev.unit = latin1(bytes, u, ve);
			}
			break;
		}
		case MBUS_LEGACY:
			// (when)(status)(period)(count)(code)(unit) and (value) on the next line
			if (line.count < 7) break;
			scratch.mbusSeen |= (M_TIME | M_UNIT) << shift;
			readDeviceTime(bytes, s0, e0, dev, cached, scratch);
			if (!unchanged(scratch, cached + 1, bytes, g[10], g[11])) dev.unit = latin1(bytes, g[10], g[11]);
			dev.value = decimalAt(bytes, g[12], g[13], 0);
			break;
	}
}

function readDeviceTime(
	bytes: Uint8Array,
	s: number,
	e: number,
	dev: MbusDevice,
	cached: number,
	scratch: Scratch,
): void {
	if (unchanged(scratch, cached + 2, bytes, s, e)) return;
	dev.timeRaw = latin1(bytes, s, e);
	dev.time = stampAt(bytes, s, e);
}

/** Clears what the telegram did not send: strings, the unused tails of the tables. */
function finish(into: Reading, scratch: Scratch): void {
	const seen = scratch.seen;
	const lengths = scratch.lengths;
	if (!(seen & (1 << C_VERSION))) into.version = "";
	if (!(seen & (1 << C_EQUIPMENT))) into.equipmentId = "";
	if (!(seen & (1 << C_EAN))) into.ean = "";
	if (!(seen & (1 << C_MESSAGE))) into.message = "";
	if (!(seen & (1 << C_TIME))) {
		into.time = NaN;
		into.timeRaw = "";
	}
	if (!(seen & (1 << C_PEAK))) {
		into.monthPeakTime = NaN;
		into.monthPeakTimeRaw = "";
	}
	// a string set to "" must be made again when its bytes come back
	for (let slot = C_VERSION; slot <= C_MESSAGE; slot++) if (!(seen & (1 << slot))) lengths[slot] = 0;
	for (let i = into.historyCount; i < scratch.oldHistory; i++) {
		clearPeak(into.history[i]);
		lengths[C_HISTORY + 2 * i] = 0;
		lengths[C_HISTORY + 2 * i + 1] = 0;
	}
	for (let i = into.failureCount; i < scratch.oldFailures; i++) {
		clearFailure(into.failures[i]);
		lengths[C_FAILURES + i] = 0;
	}
	finishDevices(into, scratch.oldMbus, scratch.mbusSeen, lengths);
}

function resetNumbers(into: Reading): void {
	// NaN is a global: XS looks it up by name on every use, a local costs nothing
	const nan = NaN;
	into.importT1Wh = nan;
	into.importT2Wh = nan;
	into.exportT1Wh = nan;
	into.exportT2Wh = nan;
	into.tariff = nan;
	into.importW = nan;
	into.exportW = nan;
	into.demandW = nan;
	into.monthPeakW = nan;
	into.breaker = nan;
	into.limiterW = nan;
	into.limiterA = nan;
	into.fuseA = nan;
	into.powerFailures = nan;
	into.longPowerFailures = nan;
	const phases = into.phases;
	for (let i = 0; i < 3; i++) {
		const phase = phases[i];
		phase.importW = nan;
		phase.exportW = nan;
		phase.voltageV = nan;
		phase.currentA = nan;
		phase.sags = nan;
		phase.swells = nan;
	}
}

function clearPeak(peak: PeakEntry): void {
	peak.period = NaN;
	peak.periodRaw = "";
	peak.time = NaN;
	peak.timeRaw = "";
	peak.w = NaN;
}

function clearFailure(failure: FailureEntry): void {
	failure.time = NaN;
	failure.timeRaw = "";
	failure.durationS = NaN;
}

/** 0-0:98.1.0(count)(1-0:1.6.0)(1-0:1.6.0)((period)(when)(kW))* ; other layouts (Hungary) give no entries. */
function readHistory(bytes: Uint8Array, line: LineScan, into: Reading, scratch: Scratch): void {
	const g = line.groups;
	const count = intAt(bytes, g[0], g[1]);
	if (!(count > 0) || line.count < 6) return;
	let entries = Math.floor((line.count - 3) / 3);
	if (count < entries) entries = count;
	if (entries > HISTORY_SIZE) entries = HISTORY_SIZE;
	for (let i = 0; i < entries; i++) {
		const peak = into.history[i];
		const k = (3 + 3 * i) * 2;
		const ps = g[k];
		const pe = g[k + 1];
		if (!unchanged(scratch, C_HISTORY + 2 * i, bytes, ps, pe)) {
			peak.periodRaw = latin1(bytes, ps, pe);
			peak.period = stampAt(bytes, ps, pe);
		}
		const ts = g[k + 2];
		const te = g[k + 3];
		if (!unchanged(scratch, C_HISTORY + 2 * i + 1, bytes, ts, te)) {
			peak.timeRaw = latin1(bytes, ts, te);
			peak.time = stampAt(bytes, ts, te);
		}
		peak.w = decimalAt(bytes, g[k + 4], g[k + 5], -1);
	}
	into.historyCount = entries;
}

/** 1-0:99.97.0(count)(0-0:96.7.19)((end)(seconds*s))* */
function readFailures(bytes: Uint8Array, line: LineScan, into: Reading, scratch: Scratch): void {
	const g = line.groups;
	const count = intAt(bytes, g[0], g[1]);
	if (!(count > 0) || line.count < 4) return;
	let entries = Math.floor((line.count - 2) / 2);
	if (count < entries) entries = count;
	if (entries > FAILURES_SIZE) entries = FAILURES_SIZE;
	for (let i = 0; i < entries; i++) {
		const failure = into.failures[i];
		const k = (2 + 2 * i) * 2;
		const ts = g[k];
		const te = g[k + 1];
		if (!unchanged(scratch, C_FAILURES + i, bytes, ts, te)) {
			failure.timeRaw = latin1(bytes, ts, te);
			failure.time = stampAt(bytes, ts, te);
		}
		failure.durationS = decimalAt(bytes, g[k + 2], g[k + 3], 0);
	}
	into.failureCount = entries;
}

/** Slot of the device on `channel` in this telegram, the next free one for a new channel; -1 when full. Devices keep the order the meter sends them in (channel order on every meter seen). */
function claimDevice(into: Reading, channel: number): number {
	const list = into.mbus;
	const count = into.mbusCount;
	for (let i = 0; i < count; i++) if (list[i].channel === channel) return i;
	if (count === MBUS_SIZE) return -1;
	const dev = list[count];
	dev.channel = channel;
	dev.type = NaN;
	dev.value = NaN;
	dev.valve = NaN; // time stays: it is cached with its raw stamp, and finishDevices clears both when no stamp came
	into.mbusCount = count + 1;
	return count;
}

function finishDevices(into: Reading, oldCount: number, seen: number, lengths: Int16Array): void {
	const list = into.mbus;
	const count = into.mbusCount;
	for (let i = 0; i < count; i++) {
		const dev = list[i];
		const bits = seen >> (i * 3);
		const cached = C_MBUS + i * 3;
		if (!(bits & M_ID)) {
			dev.id = "";
			lengths[cached] = 0;
		}
		if (!(bits & M_UNIT)) {
			dev.unit = "";
			lengths[cached + 1] = 0;
		}
		if (!(bits & M_TIME)) {
			dev.time = NaN;
			dev.timeRaw = "";
			lengths[cached + 2] = 0;
		}
	}
	for (let i = count; i < oldCount; i++) {
		const dev = list[i];
		dev.channel = 0;
		dev.type = NaN;
		dev.id = "";
		dev.value = NaN;
		dev.unit = "";
		dev.time = NaN;
		dev.timeRaw = "";
		dev.valve = NaN;
		lengths[C_MBUS + i * 3] = 0;
		lengths[C_MBUS + i * 3 + 1] = 0;
		lengths[C_MBUS + i * 3 + 2] = 0;
	}
}
