// Fakes of the SDK modules the firmware adapters import, built inside the tests' jest.mock
// factories (`jest.mock("time", () => require("./sdk-fakes").fakeTime(...))`). A factory may only
// reach its file's `mock`-prefixed names, so a fake's state comes in as an argument.

/** The SDK's `time`: `Time.ticks` read from `ticks()`. */
export function fakeTime(ticks: () => number) {
	return {
		__esModule: true,
		default: {
			get ticks() {
				return ticks();
			},
		},
	};
}

/** The SDK's `timer`, whose repeat() only hands each callback to `collect`: the test calls them as time passes. */
export function collectingTimer(collect: (callback: () => void) => void) {
	return {
		__esModule: true,
		default: {
			repeat(callback: () => void) {
				collect(callback);
				return callback;
			},
			clear() {},
		},
	};
}

type ServerCallback = (this: object, message: number, a?: unknown, b?: unknown) => unknown;

/**
 * The SDK's legacy `http` module: a Server with the SDK's message numbers that keeps its options,
 * the adapter's callback and a connection list, the last one made as `Server.last`. Also installs
 * XS's `ArrayBuffer.fromString`, which the adapter writes text bodies with.
 */
export function fakeHttp() {
	(ArrayBuffer as unknown as { fromString(s: string): ArrayBuffer }).fromString = (s: string) =>
		new Uint8Array(Buffer.from(s, "utf8")).buffer;
	class Server {
		static connection = 1;
		static status = 2;
		static header = 3;
		static headersComplete = 4;
		static requestFragment = 5;
		static requestComplete = 6;
		static prepareResponse = 8;
		static responseFragment = 9;
		static responseComplete = 10;
		static error = -1;
		static last: Server | undefined;
		callback: ServerCallback | undefined;
		connections: unknown[] = [];
		options: unknown;
		constructor(options: unknown) {
			this.options = options;
			Server.last = this;
		}
	}
	return { Server };
}
