// A tiny hash router: "#/now" and, later, "#/day/2026-03-29", "#/month/2026-03", "#/settings".
// A view is a row of VIEWS; the part after its name is handed to it as `args`.

export interface RouteMatch {
	view: string;
	args: string[];
}

export const DEFAULT_VIEW = "now";

/** "#/day/2026-03-29" → { view: "day", args: ["2026-03-29"] }; "" and "#/" → the default view. */
export function parseHash(hash: string): RouteMatch {
	const parts = hash
		.replace(/^#\/?/, "")
		.split("/")
		.filter((p) => p !== "");
	if (parts.length === 0) return { view: DEFAULT_VIEW, args: [] };
	return { view: decodeURIComponent(parts[0]), args: parts.slice(1).map(decodeURIComponent) };
}

export function hashOf(view: string, ...args: string[]): string {
	return "#/" + [view, ...args].map(encodeURIComponent).join("/");
}
