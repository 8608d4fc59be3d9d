// The frame: header with the views and the language, and the view the hash names.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ExportView } from "./export";
import type { Lang } from "./format";
import { html } from "./html";
import { chooseLanguage, LANGS, pageTexts, STORAGE_KEY, TEXT, type Texts } from "./i18n";
import { MeterView } from "./meter";
import { NowView } from "./now";
import { hashOf, parseHash } from "./router";
import { SettingsView } from "./settings";
import { SetupView } from "./setup";
import { UpdateView } from "./update";

interface ViewRow {
	/** The navigation label. */
	title: (t: Texts) => string;
	view: (props: { lang: Lang; args: string[] }) => unknown;
	/** Left out of the navigation (reached from another view, or the device's access point). */
	hidden?: boolean;
}

/** The views by name; day, month, year, meter and settings come here. */
const VIEWS: Readonly<Record<string, ViewRow>> = Object.freeze({
	now: { title: (t: Texts) => t.now, view: NowView },
	meter: { title: (t: Texts) => pageTexts(t).meter, view: MeterView },
	export: { title: (t: Texts) => pageTexts(t).export, view: ExportView },
	settings: { title: (t: Texts) => pageTexts(t).settings, view: SettingsView },
	update: { title: (t: Texts) => pageTexts(t).update, view: UpdateView, hidden: true },
	setup: { title: (t: Texts) => pageTexts(t).setup, view: SetupView, hidden: true },
});

function storedLanguage(): string | null {
	try {
		return localStorage.getItem(STORAGE_KEY);
	} catch {
		return null; // storage blocked (private mode): the browser's language decides each time
	}
}

function App() {
	const [lang, setLang] = useState<Lang>(() => chooseLanguage(storedLanguage(), navigator.languages ?? []));
	const [route, setRoute] = useState(() => parseHash(location.hash));
	useEffect(() => {
		const changed = () => setRoute(parseHash(location.hash));
		addEventListener("hashchange", changed);
		return () => removeEventListener("hashchange", changed);
	}, []);
	useEffect(() => {
		document.documentElement.lang = lang;
		document.title = TEXT[lang].title;
	}, [lang]);
	const choose = (next: Lang) => {
		setLang(next);
		try {
			localStorage.setItem(STORAGE_KEY, next);
		} catch {
			// not remembered; still switched
		}
	};
	const t = TEXT[lang];
	const row = Object.hasOwn(VIEWS, route.view) ? VIEWS[route.view] : undefined;
	return html`
		<header>
			<h1>${t.title}</h1>
			<nav>
				${Object.keys(VIEWS)
					.filter((name) => !VIEWS[name].hidden)
					.map(
						(name) =>
							html`<a href=${hashOf(name)} aria-current=${name === route.view ? "page" : undefined}>${VIEWS[name].title(t)}</a>`,
					)}
			</nav>
			<div class="langs" role="group" aria-label=${t.language}>
				${LANGS.map(
					(l) =>
						html`<button type="button" aria-pressed=${l === lang} onClick=${() => choose(l)}>${l.toUpperCase()}</button>`,
				)}
			</div>
		</header>
		<main>${row === undefined ? html`<p class="state">${t.notFound}</p>` : html`<${row.view} lang=${lang} args=${route.args} />`}</main>
	`;
}

render(html`<${App} />`, document.getElementById("app") as HTMLElement);
