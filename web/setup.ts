// The Setup view: what the device shows in its own access point, on the phone that just joined
// it. The WiFi networks it sees come from GET /v1/wifi/networks,
// `{"networks":[{"ssid":"...","rssi":-61,"secure":true}]}`; a host without WiFi (the PC) answers
// 404, and then the network's name is typed. The rest is the settings form, limited to WiFi and
// address; a stored password is never shown.

import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api";
import type { Lang } from "./format";
import { html } from "./html";
import { PAGE_TEXT } from "./i18n";
import { SettingsForm } from "./settings";

interface Network {
	ssid: string;
	rssi: number;
	secure: boolean;
}

const FIELDS: readonly string[] = Object.freeze([
	"wifi.ssid",
	"wifi.password",
	"network.device_name",
	"network.dhcp",
	"network.ip",
	"network.subnet",
	"network.gateway",
	"network.dns",
]);

export function SetupView({ lang }: { lang: Lang }) {
	const t = PAGE_TEXT[lang];
	/** undefined while searching, null when the host lists none. */
	const [networks, setNetworks] = useState<Network[] | null | undefined>(undefined);
	const scan = async () => {
		setNetworks(undefined);
		const r = await getJson<{ networks?: Network[] }>("/v1/wifi/networks");
		const list = r.ok && Array.isArray(r.data.networks) ? r.data.networks : null;
		setNetworks(list && [...list].sort((a, b) => b.rssi - a.rssi));
	};
	useEffect(() => void scan(), []);
	const top = (set: (id: string, value: string) => void) => html`<h3>${t.networks}</h3>
		${
			networks === undefined
				? html`<p>…</p>`
				: networks === null || networks.length === 0
					? html`<p>${t.typeNetwork}</p>`
					: html`<ul class="nets">${networks.map(
							(n) =>
								html`<li><button type="button" onClick=${() => set("wifi.ssid", n.ssid)}>${n.ssid}${n.secure ? " 🔒" : ""} <small>${n.rssi} dBm</small></button></li>`,
						)}</ul>`
		}
		${networks === null ? null : html`<button type="button" onClick=${scan}>${t.scanAgain}</button>`}`;
	return html`<h2>${t.setup}</h2>
		<p>${t.setupIntro}</p>
		<${SettingsForm} lang=${lang} only=${FIELDS} top=${top} />`;
}
