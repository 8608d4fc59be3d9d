// The frame: header with the views and the language, and the view the hash names.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Lang } from "./format";
import { html } from "./html";
import { chooseLanguage, LANGS, STORAGE_KEY, TEXT, type Texts } from "./i18n";
import { NowView } from "./now";
import { hashOf, parseHash } from "./router";

interface ViewRow {
	/** The navigation label. */
	title: (t: Texts) => string;
	view: (props: { lang: Lang; args: string[] }) => unknown;
}

/** The views by name; day, month, year, meter and settings come here. */
const VIEWS: Readonly<Record<string, ViewRow>> = Object.freeze({
	now: { title: (t: Texts) => t.now, view: NowView },
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
				${Object.keys(VIEWS).map(
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
