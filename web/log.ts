// The Meter view's "Log": the monitor's last log lines (GET /v1/log, src/core/api/log.ts), read
// when the section is opened, then only the newer ones (?after=N) every 10 s while it is open.

import { useEffect, useState } from "preact/hooks";
import { html } from "./html";
import { type LogState, nextLog } from "./log-state";

const REFRESH_MS = 10000;
async function fetchLog(state: LogState): Promise<LogState> {
	try {
		const r = await fetch(`${location.origin}/v1/log?after=${state.last}`, {
			credentials: "same-origin",
			cache: "no-store",
		});
		if (!r.ok) return state;
		return nextLog(state, await r.text(), Number(r.headers.get("x-log-last") ?? NaN));
	} catch {
		return state; // unreachable for now: the next tick tries again
	}
}

export function LogSection({ title, empty }: { title: string; empty: string }) {
	const [open, setOpen] = useState(false);
	const [log, setLog] = useState<LogState>({ last: 0, lines: [] });
	useEffect(() => {
		if (!open) return;
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		let state = log;
		const tick = async () => {
			state = await fetchLog(state);
			if (stopped) return;
			setLog(state);
			timer = setTimeout(tick, REFRESH_MS);
		};
		void tick();
		return () => {
			stopped = true;
			clearTimeout(timer);
		};
	}, [open]);
	return html`<details onToggle=${(e: Event) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
		<summary>${title}</summary>
		<pre class="log">${log.lines.length === 0 ? empty : log.lines.join("\n")}</pre>
	</details>`;
}
