// Where the warning POST goes (core/net/http-url) and what the log may show of the URL
// (core/integrations/post-queue's origin): expectations written out by hand.

import { origin } from "../../src/core/integrations/post-queue";
import { httpTarget } from "../../src/core/net/http-url";

test.each([
	["http://ntfy.local/piek", { host: "ntfy.local", port: 80, path: "/piek" }],
	["http://192.168.1.20:8123/api/webhook/abc-123", { host: "192.168.1.20", port: 8123, path: "/api/webhook/abc-123" }],
	["HTTP://Hass.Local:8123", { host: "Hass.Local", port: 8123, path: "/" }],
	["http://hass?x=1", { host: "hass", port: 80, path: "/?x=1" }],
	["http://user:pw@hass/hook#frag", { host: "hass", port: 80, path: "/hook" }],
])("%s goes to %o", (url, target) => {
	expect(httpTarget(url)).toEqual(target);
});

test.each([
	["https://ntfy.sh/topic", "https needs tls, which the device lacks: use an http url"],
	["ftp://host/x", "not an http url"],
	["http://host:0/", "bad port"],
	["http://host:70000/", "bad port"],
	["ntfy.sh/topic", "not a url"],
	["http:///path", "not a url"],
	["", "not a url"],
])("%s is refused: %s", (url, why) => {
	expect(httpTarget(url)).toBe(why);
});

test("the log shows scheme and host only: never the secret path, nor a login in the URL", () => {
	expect(origin("http://hass.local:8123/api/webhook/geheim")).toBe("http://hass.local:8123");
	expect(origin("https://jan:wachtwoord@ntfy.sh/geheim-topic")).toBe("https://ntfy.sh");
	expect(origin("HTTP://Hass?token=x")).toBe("http://Hass");
	expect(origin("geen url")).toBe("(bad url)");
});
