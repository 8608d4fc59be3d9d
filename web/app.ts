// The frame: header with the views and the language, and the view the hash names.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DayView } from "./day";
import { ExportView } from "./export";
import type { Lang } from "./format";
import { html } from "./html";
import { chooseLanguage, LANGS, pageTexts, STORAGE_KEY, TEXT, type Texts } from "./i18n";
import { MeterView } from "./meter";
import { NowView } from "./now";
import { MonthView, YearView } from "./period";
import { QuarterView } from "./quarter";
import { hashOf, parseHash } from "./router";
import { SettingsView } from "./settings";
import { SetupView } from "./setup";
import { UpdateView } from "./update";

interface ViewRow {
	/** The navigation label; absent: reached by links only (a quarter). */
	title?: (t: Texts) => string;
	view: (props: { lang: Lang; args: string[] }) => unknown;
}

/** The views by name, in the order of the navigation: one row per view. */
const VIEWS: Readonly<Record<string, ViewRow>> = Object.freeze({
	now: { title: (t: Texts) => t.now, view: NowView },
	day: { title: (t: Texts) => t.day, view: DayView },
	month: { title: (t: Texts) => t.month, view: MonthView },
	year: { title: (t: Texts) => t.year, view: YearView },
	quarter: { view: QuarterView },
	meter: { title: (t: Texts) => pageTexts(t).meter, view: MeterView },
	export: { title: (t: Texts) => pageTexts(t).export, view: ExportView },
	settings: { title: (t: Texts) => pageTexts(t).settings, view: SettingsView },
	update: { view: UpdateView },
	setup: { view: SetupView },
});

const THEME_KEY = "digimon.theme";

function stored(key: string): string | null {
	try {
		return localStorage.getItem(key);
	} catch {
		return null; // storage blocked (private mode): the browser decides each time
	}
}

function store(key: string, value: string): void {
	try {
		localStorage.setItem(key, value);
	} catch {
		// not remembered; still switched
	}
}

/** The theme the page shows: a stored choice, else the system's. */
function currentDark(): boolean {
	const theme = document.documentElement.dataset.theme;
	return theme === undefined ? matchMedia("(prefers-color-scheme: dark)").matches : theme === "dark";
}

function applyTheme(theme: string | null): void {
	if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
}

applyTheme(stored(THEME_KEY));

function App() {
	const [lang, setLang] = useState<Lang>(() => chooseLanguage(stored(STORAGE_KEY), navigator.languages ?? []));
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
		store(STORAGE_KEY, next);
	};
	const toggleTheme = () => {
		const theme = currentDark() ? "light" : "dark";
		applyTheme(theme);
		store(THEME_KEY, theme);
	};
	const t = TEXT[lang];
	const row = Object.hasOwn(VIEWS, route.view) ? VIEWS[route.view] : undefined;
	return html`
		<header>
			<h1>${t.title}</h1>
			<nav>
				${Object.keys(VIEWS).map((name) => {
					const title = VIEWS[name].title;
					return title === undefined
						? null
						: html`<a href=${hashOf(name)} aria-current=${name === route.view ? "page" : undefined}>${title(t)}</a>`;
				})}
			</nav>
			<div class="langs" role="group" aria-label=${t.language}>
				${LANGS.map(
					(l) =>
						html`<button type="button" aria-pressed=${l === lang} onClick=${() => choose(l)}>${l.toUpperCase()}</button>`,
				)}
				<button type="button" title=${t.theme} aria-label=${t.theme} onClick=${toggleTheme}>◐</button>
			</div>
		</header>
		<main>${row === undefined ? html`<p class="state">${t.notFound}</p>` : html`<${row.view} lang=${lang} args=${route.args} />`}</main>
	`;
}

render(html`<${App} />`, document.getElementById("app") as HTMLElement);
