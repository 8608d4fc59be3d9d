// The SD card adapter (src/hosts/moddable/device/sd-card.ts) against fakes of the native mount,
// `time` and `timer`: a card that mounts after boot is announced to whoever runs the history's
// recovery (the boot's recovery ran against no card); the boot's own mount is not.

const mockSd = { results: [] as number[], ticks: 0, timers: [] as (() => void)[] };

jest.mock(
	"device/native",
	() => ({
		ffi: () => ({
			sd_mount: () => mockSd.results.shift() ?? 0x107,
			sd_unmount: () => 0,
			sd_free_kib: () => 1024,
		}),
	}),
	{ virtual: true },
);
jest.mock("time", () => require("./sdk-fakes").fakeTime(() => mockSd.ticks), { virtual: true });
jest.mock("timer", () => require("./sdk-fakes").collectingTimer((cb: () => void) => mockSd.timers.push(cb)), {
	virtual: true,
});

const ADAPTER = "../../src/hosts/moddable/device/sd-card"; // computed: only the Moddable type check has the SDK typings
const { SdCard } = require(ADAPTER) as {
	SdCard: new (o: {
		sck: number;
		miso: number;
		mosi: number;
		cs: number;
	}) => { start(): void; whenMounted(l: () => void): void; readonly mounted: boolean };
};

const ESP_ERR_TIMEOUT = 0x107; // sd_mount without a card

function run(ms: number): void {
	for (let end = mockSd.ticks + ms; mockSd.ticks < end; ) {
		mockSd.ticks += 1000;
		for (const t of mockSd.timers) t();
	}
}

function card(results: number[]) {
	Object.assign(mockSd, { results, ticks: 0, timers: [] });
	const sd = new SdCard({ sck: 1, miso: 2, mosi: 3, cs: 4 });
	sd.start(); // the boot's mount, before the monitor
	let calls = 0;
	sd.whenMounted(() => calls++);
	return { sd, calls: () => calls };
}

test("a card inserted after boot is announced once, when it mounts", () => {
	const { sd, calls } = card([ESP_ERR_TIMEOUT, ESP_ERR_TIMEOUT, 0]);
	expect(sd.mounted).toBe(false);
	run(120000); // the policy retries with a growing wait: the third try mounts
	expect(sd.mounted).toBe(true);
	expect(calls()).toBe(1);
	run(600000);
	expect(calls()).toBe(1);
});

test("a card mounted at boot is not announced: the boot's recovery had it", () => {
	const { sd, calls } = card([0]);
	expect(sd.mounted).toBe(true);
	run(60000);
	expect(calls()).toBe(0);
});
