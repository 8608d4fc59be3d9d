// Fetches on mount and every `everyMs` after the previous answer (once when 0), paused while the
// tab is hidden; again from the start when `key` changes (another day, another quarter).

import { useEffect, useState } from "preact/hooks";

export function usePoll<T>(load: () => Promise<T>, everyMs: number, key = ""): T | undefined {
	const [value, setValue] = useState<T | undefined>(undefined);
	useEffect(() => {
		setValue(undefined);
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const tick = async () => {
			timer = undefined;
			if (document.hidden) return; // resumed by visibilitychange
			const next = await load();
			if (stopped) return;
			setValue(next);
			if (everyMs > 0) timer = setTimeout(tick, everyMs);
		};
		const visible = () => {
			if (!document.hidden && timer === undefined) void tick();
		};
		document.addEventListener("visibilitychange", visible);
		void tick();
		return () => {
			stopped = true;
			if (timer !== undefined) clearTimeout(timer);
			document.removeEventListener("visibilitychange", visible);
		};
	}, [key]);
	return value;
}
