// Where a POST goes, from a URL as the settings hold it (warning.url): the host, port and path a
// plain HTTP client needs. The device has no TLS for it, so an https URL is refused with a clear
// reason rather than sent in the clear.

export interface HttpTarget {
	host: string;
	port: number;
	/** Path and query, "/" when the URL has none. */
	path: string;
}

const URL_SHAPE =
	/^([a-z][a-z0-9+.-]*):\/\/(?:[^/?#@]*@)?([^/?#:@]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?([/?][^#]*)?(?:#.*)?$/i;

/** The target of an http:// URL, or why it cannot be posted to. */
export function httpTarget(url: string): HttpTarget | string {
	const m = URL_SHAPE.exec(url);
	if (m === null) return "not a url";
	const scheme = m[1].toLowerCase();
	if (scheme === "https") return "https needs tls, which the device lacks: use an http url";
	if (scheme !== "http") return "not an http url";
	const port = m[3] === undefined ? 80 : Number(m[3]);
	if (port < 1 || port > 65535) return "bad port";
	const path = m[4] === undefined ? "/" : m[4][0] === "?" ? "/" + m[4] : m[4];
	return { host: m[2], port, path };
}
