// The Kizuki console: one page, routes in the URL's fragment (#/incidents, #/incidents/{id}, #/oncall, #/replays, …)
// so that a route change keeps the tokens held in memory. Reads come from report-service (this origin), commands and
// replays go to incident-service, who is on call and simulations to notify-service; every write carries If-Match.
import { signIn, signOut } from './auth.js';
import { call, connectLive, onIncidentChange, onLiveState } from './api.js';
import { el, clear, time, relative, badge, field, select, notice, problemText, debounce } from './ui.js';
import { LANGUAGES, chooseLanguage, language, loadLanguage, plural, t, term } from './i18n.js';
import { incidentPage } from './incident.js';
import { postmortemPage } from './postmortem.js';
import { metricsPage } from './metrics.js';
import { replaysPage, replayPage } from './replays.js';
import { onCallPage } from './oncall.js';
import { adoptionBoard } from './adoption.js';
import { silencesPage } from './silences.js';
import { simulationsPage } from './simulations.js';

const OPEN = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring'];
const STATUSES = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const CLASSES = ['service-down', 'latency', 'error-rate', 'saturation', 'other'];
const DECLARED_WAIT_MILLIS = 10000;
const SORTS = [['-openedAt', 'sort.newest'], ['openedAt', 'sort.oldest'], ['severity', 'sort.severity']];

const context = { settings: null, user: null, responder: false, admin: false, products: [] };
let leave = () => {};

function main() {
  return document.getElementById('main');
}

function page(title, ...children) {
  const root = main();
  clear(root);
  document.title = `${title} · Kizuki`;
  root.append(el('h1', { id: 'page-title' }, title), ...children);
  return root;
}

// ---- Incidents: the live list -------------------------------------------------------------------------------------

function listQuery(filters) {
  const query = new URLSearchParams();
  const status = filters.get('status') || 'open';
  if (status === 'open') {
    query.set('status', OPEN.join(','));
  } else if (status !== 'all') {
    query.set('status', status);
  }
  ['severity', 'product', 'service', 'class', 'q', 'sort'].forEach((name) => {
    if (filters.get(name)) {
      query.set(name, filters.get(name));
    }
  });
  query.set('limit', '100');
  return query;
}

function incidentsPage(filters) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': t('incidents.filter') },
    field(t('incidents.status'), select('status', [['open', t('incidents.open')], ['all', t('incidents.all')],
      ...STATUSES.map((s) => [s, term('status', s)])], filters.get('status') || 'open')),
    field(t('incidents.severity'), select('severity', [['', t('incidents.any')], ...SEVERITIES.map((s) => [s, s])], filters.get('severity') || '')),
    field(t('incidents.class'), select('class', [['', t('incidents.any')], ...CLASSES.map((c) => [c, term('class', c)])], filters.get('class') || '')),
    field(t('incidents.product'), el('input', { name: 'product', type: 'text', value: filters.get('product') || '', autocomplete: 'off' })),
    field(t('incidents.service'), el('input', { name: 'service', type: 'text', value: filters.get('service') || '', autocomplete: 'off' })),
    field(t('incidents.search'), el('input', { name: 'q', type: 'search', value: filters.get('q') || '', placeholder: t('incidents.searchHint') })),
    field(t('incidents.order'), select('sort', SORTS.map(([value, key]) => [value, t(key)]), filters.get('sort') || '-openedAt')),
    el('button', { type: 'submit' }, t('incidents.apply')));
  const count = el('p', { class: 'count', 'aria-live': 'polite' });
  const list = el('ul', { class: 'incidents', 'aria-labelledby': 'page-title' });
  page(t('nav.incidents'), form, count, list);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    new FormData(form).forEach((value, name) => {
      if (value && !(name === 'status' && value === 'open') && !(name === 'sort' && value === '-openedAt')) {
        chosen.set(name, value);
      }
    });
    location.hash = `#/incidents${chosen.toString() ? `?${chosen}` : ''}`;
  });
  form.querySelectorAll('select').forEach((input) => input.addEventListener('change', () => form.requestSubmit()));

  const load = async () => {
    const answer = await call(`/api/v1/incidents?${listQuery(filters)}`);
    if (!answer.ok) {
      notice(problemText(answer), 'error');
      return;
    }
    clear(list);
    answer.data.forEach((incident) => list.append(incidentRow(incident)));
    count.textContent = answer.data.length === 0 ? t('incidents.none')
      : plural(answer.data.length === 100 ? 'incidents.countMore' : 'incidents.count', answer.data.length);
  };
  const reload = debounce(load, 250);
  const unsubscribe = onIncidentChange(reload);
  const reconnected = onLiveState((state) => { if (state === 'live') reload(); });
  load();
  return () => { unsubscribe(); reconnected(); };
}

function incidentRow(incident) {
  return el('li', { class: `incident state-${incident.status.toLowerCase()}`, 'data-incident-id': incident.id },
    el('div', { class: 'badges' }, badge('severity', incident.severity), badge('status', incident.status)),
    el('a', { class: 'title', href: `#/incidents/${encodeURIComponent(incident.id)}` }, incident.title || incident.id),
    el('p', { class: 'meta' },
      `${incident.service} · ${incident.product} · ${t('incidents.opened')} `, relative(incident.openedAt),
      incident.commander ? ` · ${t('incidents.commander', { name: incident.commander })}` : '',
      ` · ${plural('incidents.alerts', incident.alertCount)}`));
}

// ---- Knowledge feed and postmortems -------------------------------------------------------------------------------

async function knowledgePage() {
  const list = el('ul', { class: 'feed' });
  const board = adoptionBoard(context);
  page(t('nav.knowledge'), el('p', { class: 'lead' }, t('knowledge.lead')), list, board.section);
  const [answer] = await Promise.all([call('/api/v1/knowledge/feed.json', { accept: 'application/feed+json' }), board.load()]);
  if (!answer.ok) {
    list.append(el('li', {}, problemText(answer)));
    return () => {};
  }
  const items = answer.data.items || [];
  if (items.length === 0) {
    list.append(el('li', {}, t('knowledge.none')));
  }
  items.forEach((item) => {
    const about = item._kizuki || {};
    list.append(el('li', { class: 'card' },
      el('h2', {}, el('a', { href: `#/incidents/${encodeURIComponent(about.incidentId)}/postmortem` }, item.title)),
      el('p', { class: 'meta' }, `${about.product || ''} · ${about.service || ''} · `, about.severity ? badge('severity', about.severity) : '',
        ` · ${t('knowledge.published')} `, time(item.date_published)),
      el('p', {}, item.summary || ''),
      el('p', { class: 'tags' }, ...(item.tags || []).map((tag) => el('span', { class: 'tag' }, tag)))));
  });
  return () => {};
}

// ---- Declaring an incident by hand -------------------------------------------------------------------------------

function declarePage() {
  if (!context.responder || !context.settings.incidentApi) {
    page(t('declare.title'), el('p', {}, context.responder ? t('incident.noIncidentUrl') : t('declare.respondersOnly')));
    return () => {};
  }
  const form = el('form', { class: 'panel', 'data-form': 'declare' },
    el('p', {}, t('declare.lead')),
    field(t('form.title'), el('input', { name: 'title', type: 'text', required: true, maxlength: '300', autocomplete: 'off' })),
    field(t('incidents.severity'), select('severity', SEVERITIES.map((s) => [s, s]), 'SEV2')),
    field(t('incidents.product'), el('input', { name: 'product', type: 'text', required: true, maxlength: '64', autocomplete: 'off',
      value: context.products.length === 1 ? context.products[0] : '' })),
    field(t('incidents.service'), el('input', { name: 'service', type: 'text', required: true, maxlength: '128', autocomplete: 'off' })),
    field(t('declare.summary'), el('textarea', { name: 'summary', rows: '3', maxlength: '4000' })),
    field(t('declare.commander'), el('input', { name: 'commander', type: 'text', maxlength: '128', autocomplete: 'off',
      value: context.user || '' })),
    el('button', { type: 'submit', 'data-action': 'declare' }, t('declare.submit')));
  page(t('declare.title'), form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const body = {};
    ['title', 'severity', 'product', 'service', 'summary', 'commander'].forEach((name) => {
      const value = String(values.get(name) || '').trim();
      if (value) {
        body[name] = value;
      }
    });
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const answer = await call(`${context.settings.incidentApi}/api/v1/incidents`, { method: 'POST', body });
    button.disabled = false;
    if (!answer.ok) {
      notice(problemText(answer), 'error');
      return;
    }
    notice(t('declare.done'), 'success');
    // to its page once the read models have it (the live stream names it), or after a while if the stream is away
    const id = answer.data.incidentId;
    await new Promise((resolve) => {
      const timer = setTimeout(() => { stop(); resolve(); }, DECLARED_WAIT_MILLIS);
      const stop = onIncidentChange((change) => {
        if (change.id === id) {
          clearTimeout(timer);
          stop();
          resolve();
        }
      });
    });
    location.hash = `#/incidents/${encodeURIComponent(id)}`;
  });
  return () => {};
}

// ---- Routing and start --------------------------------------------------------------------------------------------

async function route() {
  leave();
  leave = () => {};
  notice(null);
  const [path, query] = (location.hash.replace(/^#/, '') || '/incidents').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('nav a[data-section]').forEach((link) => {
    if (link.dataset.section === parts[0]) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  let view;
  if (parts[0] === 'incidents' && parts.length === 3 && parts[2] === 'postmortem') {
    view = postmortemPage(parts[1], context, page);
  } else if (parts[0] === 'incidents' && parts.length === 2) {
    view = incidentPage(parts[1], context, page);
  } else if (parts[0] === 'declare') {
    view = declarePage();
  } else if (parts[0] === 'silences') {
    view = silencesPage(context, page);
  } else if (parts[0] === 'oncall') {
    view = onCallPage(context, page, new URLSearchParams(query || ''));
  } else if (parts[0] === 'knowledge') {
    view = knowledgePage();
  } else if (parts[0] === 'metrics') {
    view = metricsPage(page);
  } else if (parts[0] === 'replays' && parts.length === 2) {
    view = replayPage(context, page, parts[1]);
  } else if (parts[0] === 'replays') {
    view = replaysPage(context, page);
  } else if (parts[0] === 'simulations') {
    view = simulationsPage(context, page);
  } else {
    view = incidentsPage(new URLSearchParams(query || ''));
  }
  leave = await view;
  main().focus({ preventScroll: true });
}

/** Opened at an address Keycloak does not know for the console: where to open it, instead of Keycloak's error. */
function elsewhere(settings) {
  const registered = settings.origins || [];
  if (registered.length === 0 || registered.includes('*') || registered.includes(location.origin)) {
    return false;
  }
  document.getElementById('live').hidden = true;
  page(t('elsewhere.title'),
    el('p', {}, t('elsewhere.registered', { origins: registered.join(', '), here: location.origin })),
    el('ul', { class: 'origins' }, ...registered.map((origin) => el('li', {},
      el('a', { href: `${origin}/${location.hash}` }, `${origin}/`)))),
    el('p', {}, t('elsewhere.register')));
  return true;
}

/** The language switch in the header: the languages the console has, each named in itself. */
function languageSwitch() {
  const choice = document.getElementById('language');
  LANGUAGES.forEach(([code, name]) => choice.append(el('option', { value: code, selected: code === language(), lang: code }, name)));
  choice.addEventListener('change', () => chooseLanguage(choice.value));
}

async function start() {
  await loadLanguage();
  languageSwitch();
  const settings = await fetch('/console/config.json').then((r) => r.json());
  context.settings = settings;
  if (elsewhere(settings)) {
    return;
  }
  let token;
  try {
    token = await signIn(settings);
  } catch (e) {
    page(t('session.cannotSignIn'), el('p', {}, e.message), el('p', {}, el('a', { href: '/' }, t('session.tryAgain'))));
    return;
  }
  const roles = (token.realm_access && token.realm_access.roles) || [];
  context.user = token.preferred_username;
  context.responder = roles.includes('responder') || roles.includes('admin');
  context.admin = roles.includes('admin');
  context.products = token.products || [];
  document.querySelectorAll('nav [data-admin]').forEach((item) => { item.hidden = !context.admin; });
  document.querySelectorAll('nav [data-responder]').forEach((item) => { item.hidden = !context.responder; });
  document.getElementById('user').textContent = `${token.name || token.preferred_username} · ${t(`session.role.${context.admin ? 'admin' : context.responder ? 'responder' : 'viewer'}`)}`;
  const signout = document.getElementById('signout');
  signout.hidden = false;
  signout.addEventListener('click', signOut);
  const live = document.getElementById('live');
  onLiveState((state) => {
    live.textContent = state === 'live' ? t('live.live') : t('live.reconnecting');
    live.dataset.state = state;
  });
  connectLive();
  window.addEventListener('hashchange', route);
  route();
}

start();
