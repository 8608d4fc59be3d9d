// The SD card's FileStore as the core sees it, whatever the card does: while it is not mounted
// every call fails at once with a clear error (history reports a store failure, the monitor
// goes on reading and serving live data), and every write's outcome is told to the SdPolicy,
// which unmounts a card whose writes keep failing.

import type { FileStore } from "../ports";
import type { SdPolicy } from "./sd-policy";

export const NOT_MOUNTED = "sd card not mounted";

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

export function guardedStore(store: FileStore, policy: SdPolicy): FileStore {
	const ready = (): void => {
		if (!policy.mounted) throw new Error(NOT_MOUNTED);
	};
	const writing = <T>(run: () => T): T => {
		ready();
		try {
			const result = run();
			policy.wrote();
			return result;
		} catch (e) {
			policy.writeFailed(message(e));
			throw e;
		}
	};
	const guarded: FileStore = {
		read(path) {
			ready();
			return store.read(path);
		},
		write: (path, text) => writing(() => store.write(path, text)),
		rename: (from, to) => writing(() => store.rename(from, to)),
		remove: (path) => writing(() => store.remove(path)),
		list(dir) {
			ready();
			return store.list(dir);
		},
	};
	const free = store.free;
	if (free) guarded.free = () => (policy.mounted ? free.call(store) : Number.NaN);
	return guarded;
}
