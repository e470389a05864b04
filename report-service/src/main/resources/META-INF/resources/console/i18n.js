// The console's languages: English and Japanese. Every text the console shows comes from a catalogue
// (messages/<language>.json, the same keys in each: a unit test holds them equal); the language is the browser's
// first one the console has, unless the person chose another with the switch (kept in this browser). Dates, times and
// numbers are formatted for the language chosen, in the viewer's time zone.
export const LANGUAGES = [['en', 'English'], ['ja', '日本語']];
const STORED = 'kizuki.language';

let shown = 'en';
let messages = {};

function wanted() {
  const stored = localStorage.getItem(STORED);
  const offered = LANGUAGES.map(([code]) => code);
  if (offered.includes(stored)) {
    return stored;
  }
  const browser = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language])
    .map((tag) => String(tag || '').toLowerCase().split('-')[0]);
  return browser.find((code) => offered.includes(code)) || 'en';
}

/** Loads the catalogue of the language to show, and translates the page's fixed texts (data-i18n). */
export async function loadLanguage() {
  shown = wanted();
  messages = await fetch(`/console/messages/${shown}.json`).then((answer) => answer.json());
  document.documentElement.lang = shown;
  document.querySelectorAll('[data-i18n]').forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
  document.querySelectorAll('[data-i18n-label]').forEach((element) => {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  });
}

/** The language shown: {@code en} or {@code ja}. */
export function language() {
  return shown;
}

/** The locale dates and numbers are written in: the browser's own when it is of the language shown. */
export function locale() {
  const browser = navigator.language || shown;
  return browser.toLowerCase().startsWith(shown) ? browser : shown;
}

/** Shows the console in another language (reloads the page, which keeps the route). */
export function chooseLanguage(code) {
  localStorage.setItem(STORED, code);
  location.reload();
}

/** The text of a key, its {name} placeholders filled from values. */
export function t(key, values = {}) {
  const text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (values[name] === undefined ? whole : String(values[name])));
}

/** The name of a value the API gives (a status, a kind, a role): {prefix}.{value} translated, or the value as it is. */
export function term(prefix, value) {
  const key = `${prefix}.${String(value).toLowerCase()}`;
  return Object.prototype.hasOwnProperty.call(messages, key) ? t(key) : String(value);
}

/** The text of a key for a count: {key}.one or {key}.other, as the language's plural rules say; {n} is the count. */
export function plural(key, n, values = {}) {
  const form = new Intl.PluralRules(locale()).select(n) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { n, ...values });
}
