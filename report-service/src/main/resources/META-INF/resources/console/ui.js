// Small DOM helpers: elements are built with text nodes only (no HTML from data), times shown in the user's zone and
// the language shown (i18n.js).
import { locale, t, term } from './i18n.js';

/** An element with attributes and children (strings become text; null, undefined and false are skipped). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, value);
    }
  });
  children.flat().forEach((child) => {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return element;
}

export function clear(element) {
  while (element.firstChild) {
    element.firstChild.remove();
  }
  return element;
}

function format() {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** A <time> showing an instant in the user's zone. */
export function time(instant) {
  if (!instant) {
    return '—';
  }
  const date = new Date(instant);
  return el('time', { datetime: date.toISOString(), title: date.toISOString() }, format().format(date));
}


/** A <time> saying how long ago ("5 minutes ago"), with the instant as its title. */
export function relative(instant) {
  const date = new Date(instant);
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const [value, unit] = Math.abs(seconds) < 60 ? [seconds, 'second'] : Math.abs(seconds) < 3600
    ? [Math.round(seconds / 60), 'minute'] : Math.abs(seconds) < 86400 ? [Math.round(seconds / 3600), 'hour']
      : [Math.round(seconds / 86400), 'day'];
  return el('time', { datetime: date.toISOString(), title: format().format(date) },
    new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' }).format(value, unit));
}

/** A badge whose text says what its colour shows (severity, status). */
export function badge(kind, value) {
  const text = String(value);
  return el('span', { class: `badge ${kind} ${kind}-${text.toLowerCase()}` },
    kind === 'status' || kind === 'postmortem' ? term(kind, text) : text);
}

let fields = 0;

/** A labelled form control. */
export function field(label, control) {
  fields += 1;
  const id = control.id || `field-${fields}`;
  control.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}

export function select(name, options, chosen) {
  return el('select', { name }, ...options.map(([value, text]) => el('option', { value, selected: value === chosen }, text)));
}

/** Shows a message in the page's alert region (read out by screen readers), or hides it with null. */
export function notice(message, kind = 'info') {
  const box = document.getElementById('notice');
  clear(box);
  box.hidden = !message;
  box.dataset.kind = kind;
  if (message) {
    box.append(el('p', {}, message), el('button', { type: 'button', class: 'dismiss', 'aria-label': t('notice.dismiss') }, '×'));
    box.querySelector('.dismiss').addEventListener('click', () => notice(null));
  }
}

/** What an RFC 9457 problem says, with the fields at fault. */
const PROBLEM_TYPE = 'urn:kizuki:problem:';

/**
 * A problem's title in the language shown: its type's name from the catalogue (problem.<type>), or the server's own
 * title for a type the console does not know. The detail and the field errors are the server's, in English.
 */
function problemTitle(problem) {
  const type = String(problem.type || '');
  const slug = type.startsWith(PROBLEM_TYPE) ? type.slice(PROBLEM_TYPE.length) : null;
  const named = slug ? term('problem', slug) : null;
  return named && named !== slug ? named : problem.title;
}

export function problemText(answer) {
  const problem = answer.problem || {};
  const errors = (problem.errors || []).map((e) => `${e.field}: ${e.message || e.detail || ''}`).join('; ');
  return [problemTitle(problem), problem.detail, errors].filter(Boolean).join(': ');
}

export function debounce(action, millis) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(action, millis);
  };
}

/** A term and its value, for a <dl>. */
export function fact(term, value) {
  return [el('dt', {}, term), el('dd', {}, value)];
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? t('duration.minutes', { n: minutes })
    : t('duration.hours', { n: (minutes / 60).toLocaleString(locale(), { maximumFractionDigits: 1 }) });
}
