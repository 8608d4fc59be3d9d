// config.json on the PC host: created atomically with a new login the first time; a cut at any
// moment of that first write, or a torn file found later, never locks the user out.

import { expectedLogin } from "../../src/core/api/auth";
import { loadConfig } from "../../src/core/config/file";
import { MemoryStore } from "../helpers/memory-store";

const quiet = { info: () => {}, warn: () => {} };

function counter(): (n: number) => Uint8Array {
	let k = 0;
	return (n) => Uint8Array.from({ length: n }, () => k++);
}

/** A store whose write (or rename) of one path fails once, after keeping `keep` characters: a cut mid-write. */
class CutStore extends MemoryStore {
	constructor(readonly cut: { path: string; keep?: number; op: "write" | "rename" }) {
		super();
	}

	override write(path: string, text: string): void {
		if (this.cut.op === "write" && path === this.cut.path) {
			this.cut.path = "";
			super.write(path, text.slice(0, this.cut.keep));
			throw new Error("power cut");
		}
		super.write(path, text);
	}

	override rename(from: string, to: string): void {
		if (this.cut.op === "rename" && from === this.cut.path) {
			this.cut.path = "";
			throw new Error("power cut");
		}
		super.rename(from, to);
	}
}

test("the first start writes config.json and its login", () => {
	const store = new MemoryStore();
	const first = loadConfig(store, counter(), quiet);
	expect(first.created).toBe(true);
	const login = expectedLogin(first.config)!;
	expect(login.user).toBe("digimon");
	expect(JSON.parse(store.read("/config.json")!).auth.password).toBe(login.password);
	const again = loadConfig(store, counter(), quiet);
	expect(again.created).toBe(false);
	expect(expectedLogin(again.config)).toEqual(login);
});

test.each([0, 1, 40, 200])(
	"a cut after %i characters of the first write: the next start makes a new login that works",
	(keep) => {
		const store = new CutStore({ op: "write", path: "/config.tmp", keep });
		expect(() => loadConfig(store, counter(), quiet)).toThrow("power cut");
		const next = loadConfig(store, counter(), quiet);
		expect(next.created).toBe(true);
		expect(expectedLogin(next.config)?.password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
		expect(store.read("/config.tmp")).toBeUndefined();
		expect(expectedLogin(loadConfig(store, counter(), quiet).config)).toEqual(expectedLogin(next.config));
	},
);

test("a cut between the write and the rename: the next start finishes it (the login was never printed, so either is fine) and keeps it", () => {
	const store = new CutStore({ op: "rename", path: "/config.tmp" });
	expect(() => loadConfig(store, counter(), quiet)).toThrow("power cut");
	const written = JSON.parse(store.read("/config.tmp")!).auth.password;
	const next = loadConfig(store, counter(), quiet);
	expect(next.created).toBe(false);
	expect(expectedLogin(next.config)?.password).toBe(written);
	expect(store.read("/config.tmp")).toBeUndefined();
});

test.each([
	["empty", ""],
	["torn", '{\n\t"wifi": {\n\t\t"ssid": "Thu'],
	["not an object", "[1,2]"],
])("a config.json that is %s is set aside as config.bad and replaced with a new login", (_, text) => {
	const store = new MemoryStore();
	store.write("/config.json", text);
	const warnings: string[] = [];
	const next = loadConfig(store, counter(), { info: () => {}, warn: (m) => warnings.push(m) });
	expect(next.created).toBe(true);
	expect(store.read("/config.bad")).toBe(text);
	expect(expectedLogin(next.config)).toBeDefined();
	expect(warnings.join("\n")).toContain("config.bad");
});

test("a readable config.json with a bad field is kept: its login still works", () => {
	const store = new MemoryStore();
	store.write(
		"/config.json",
		JSON.stringify({ auth: { user: "jan", password: "geheim-wachtwoord" }, http: { port: 99999 } }),
	);
	const warnings: string[] = [];
	const next = loadConfig(store, counter(), { info: () => {}, warn: (m) => warnings.push(m) });
	expect(next.created).toBe(false);
	expect(expectedLogin(next.config)).toEqual({ user: "jan", password: "geheim-wachtwoord" });
	expect(warnings).toEqual([expect.stringContaining("http.port")]);
	expect(store.read("/config.bad")).toBeUndefined();
});
