// The SD card's FileStore (src/hosts/moddable/esp32/fat-store.ts) against a fake of the SDK's
// legacy `file` module that behaves as it does on the ESP32's FAT: `new File(path, true)` opens
// an existing file without truncating it, rename onto an existing name fails, a directory does
// not open as a file, the Iterator wants a directory.

import { FatStore, type FileModule, MAX_PATH } from "../../src/hosts/moddable/esp32/fat-store";

class FakeFat {
	files = new Map<string, string>();
	dirs = new Set<string>(["/sd"]);
	renames: [string, string][] = [];

	module(): FileModule {
		const fat = this;
		class File {
			#path: string;
			#write: boolean;
			constructor(path: string, write = false) {
				if (fat.dirs.has(path) || !fat.dirs.has(parent(path))) throw new Error("file not found");
				if (!fat.files.has(path)) {
					if (!write) throw new Error("file not found");
					fat.files.set(path, "");
				}
				this.#path = path;
				this.#write = write;
			}
			get length() {
				return (fat.files.get(this.#path) ?? "").length;
			}
			read(): string {
				return fat.files.get(this.#path) ?? "";
			}
			write(value: ArrayBuffer | string): void {
				if (!this.#write) throw new Error("read only");
				const old = fat.files.get(this.#path) ?? "";
				const text = String(value);
				fat.files.set(this.#path, text + old.slice(text.length)); // rb+: overwrites from the start, no truncation
			}
			close(): void {}
			static exists(path: string): boolean {
				return fat.files.has(path) || fat.dirs.has(path);
			}
			static delete(path: string): boolean {
				return fat.files.delete(path);
			}
			static rename(from: string, to: string): boolean {
				fat.renames.push([from, to]);
				if (!fat.files.has(from) || fat.files.has(to) || !fat.dirs.has(parent(to))) return false;
				fat.files.set(to, fat.files.get(from) as string);
				fat.files.delete(from);
				return true;
			}
		}
		class Iterator {
			#names: { name: string; length: number | undefined }[];
			constructor(path: string) {
				const dir = path.endsWith("/") ? path.slice(0, -1) : path;
				if (!fat.dirs.has(dir)) throw new Error("failed to open directory");
				this.#names = [
					...[...fat.dirs]
						.filter((d) => parent(d) === dir && d !== dir)
						.map((d) => ({ name: base(d), length: undefined })),
					...[...fat.files].filter(([f]) => parent(f) === dir).map(([f, t]) => ({ name: base(f), length: t.length })),
				];
			}
			next() {
				return this.#names.shift();
			}
		}
		const Directory = {
			create(path: string) {
				if (!fat.dirs.has(parent(path))) throw new Error("failed");
				fat.dirs.add(path);
			},
		};
		return { File, Iterator, Directory } as unknown as FileModule;
	}
}

function parent(path: string): string {
	return path.slice(0, path.lastIndexOf("/"));
}
function base(path: string): string {
	return path.slice(path.lastIndexOf("/") + 1);
}

function store() {
	const fat = new FakeFat();
	return { fat, store: new FatStore(fat.module(), "/sd") };
}

test("write creates the parent directories under the mount and read gives the text back", () => {
	const { fat, store: s } = store();
	s.write("/meter/2026/03/29/0245S.json", '{"a":1}');
	expect(fat.files.get("/sd/meter/2026/03/29/0245S.json")).toBe('{"a":1}');
	expect([...fat.dirs].sort()).toEqual([
		"/sd",
		"/sd/meter",
		"/sd/meter/2026",
		"/sd/meter/2026/03",
		"/sd/meter/2026/03/29",
	]);
	expect(s.read("/meter/2026/03/29/0245S.json")).toBe('{"a":1}');
	expect(s.read("/meter/2026/03/29/0300S.json")).toBeUndefined();
});

test("a shorter text replaces a longer one whole (the module does not truncate)", () => {
	const { store: s } = store();
	s.write("/meter/x.tmp", "0123456789");
	s.write("/meter/x.tmp", "abc");
	expect(s.read("/meter/x.tmp")).toBe("abc");
	s.write("/meter/x.tmp", "");
	expect(s.read("/meter/x.tmp")).toBe("");
});

test("rename replaces an existing target (FAT refuses; the store removes it first)", () => {
	const { fat, store: s } = store();
	s.write("/meter/day.json", "old");
	s.write("/meter/day.tmp", "new");
	s.rename("/meter/day.tmp", "/meter/day.json");
	expect(s.read("/meter/day.json")).toBe("new");
	expect(fat.files.has("/sd/meter/day.tmp")).toBe(false);
	expect(fat.renames).toEqual([
		["/sd/meter/day.tmp", "/sd/meter/day.json"],
		["/sd/meter/day.tmp", "/sd/meter/day.json"],
	]);
});

test("rename of a missing file throws and leaves the target", () => {
	const { store: s } = store();
	s.write("/meter/day.json", "old");
	expect(() => s.rename("/meter/day.tmp", "/meter/day.json")).toThrow("rename: no such file");
	expect(s.read("/meter/day.json")).toBe("old");
});

test("list names files and directories (with /); [] for a missing directory or a file", () => {
	const { store: s } = store();
	s.write("/meter/2026/year.json", "{}");
	s.write("/meter/2026/03/month.json", "{}");
	expect(s.list("/meter/2026/").sort()).toEqual(["03/", "year.json"]);
	expect(s.list("/meter/2026").sort()).toEqual(["03/", "year.json"]);
	expect(s.list("/")).toEqual(["meter/"]);
	expect(s.list("/meter/2027/")).toEqual([]);
	expect(s.list("/meter/2026/year.json")).toEqual([]);
	expect(s.read("/meter/2026")).toBeUndefined(); // a directory does not read as a file
});

test("remove: gone, and no error when absent", () => {
	const { store: s } = store();
	s.write("/meter/a.tmp", "x");
	s.remove("/meter/a.tmp");
	expect(s.read("/meter/a.tmp")).toBeUndefined();
	expect(() => s.remove("/meter/a.tmp")).not.toThrow();
});

test.each(["meter/x.json", "/", "/meter/../config.json", "/meter/./x", "/meter//x", "/a\\b"])(
	"refuses the path %j",
	(path) => {
		const { fat, store: s } = store();
		expect(() => s.write(path, "x")).toThrow("bad path");
		expect(fat.files.size).toBe(0);
	},
);

test("a path over the module's 31 characters (with /sd) is refused before any file call; 31 is taken", () => {
	const { fat, store: s } = store();
	// "/sd" + 28 characters = 31
	const longest = "/meter/2026/03/29/0245S.json";
	expect(("/sd" + longest).length).toBe(31);
	expect(MAX_PATH).toBe(31);
	s.write(longest, "x");
	expect(s.read(longest)).toBe("x");
	expect(() => s.write("/meter/2026/03/29/0245Sx.json", "x")).toThrow("path too long");
	expect(() => s.rename(longest, "/meter/2026/03/29/0245S.json.bak")).toThrow("path too long");
	expect(fat.renames).toEqual([]);
});
