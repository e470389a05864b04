// The Kizuki console: one page, routes in the URL's fragment (#/incidents, #/incidents/{id}, #/oncall, #/replays, …)
// so that a route change keeps the tokens held in memory. Reads come from report-service (this origin), commands and
// replays go to incident-service, who is on call and simulations to notify-service; every write carries If-Match.
import { signIn, signOut } from './auth.js';
import { call, connectLive, onIncidentChange, onLiveState } from './api.js';
import { el, clear, time, relative, badge, field, select, notice, problemText, debounce, fact, duration } from './ui.js';
import { incidentPage } from './incident.js';
import { metricsPage } from './metrics.js';
import { replaysPage, replayPage } from './replays.js';
import { simulationsPage } from './simulations.js';

const OPEN = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring'];
const STATUSES = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const CLASSES = ['service-down', 'latency', 'error-rate', 'saturation', 'other'];
const SORTS = [['-openedAt', 'Newest first'], ['openedAt', 'Oldest first'], ['severity', 'Most severe first']];

const context = { settings: null, user: null, responder: false, admin: false };
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
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter incidents' },
    field('Status', select('status', [['open', 'Open'], ['all', 'All'],
      ...STATUSES.map((s) => [s, s[0].toUpperCase() + s.slice(1)])], filters.get('status') || 'open')),
    field('Severity', select('severity', [['', 'Any'], ...SEVERITIES.map((s) => [s, s])], filters.get('severity') || '')),
    field('Class', select('class', [['', 'Any'], ...CLASSES.map((c) => [c, c])], filters.get('class') || '')),
    field('Product', el('input', { name: 'product', type: 'text', value: filters.get('product') || '', autocomplete: 'off' })),
    field('Service', el('input', { name: 'service', type: 'text', value: filters.get('service') || '', autocomplete: 'off' })),
    field('Search', el('input', { name: 'q', type: 'search', value: filters.get('q') || '', placeholder: 'title, id, service…' })),
    field('Order', select('sort', SORTS, filters.get('sort') || '-openedAt')),
    el('button', { type: 'submit' }, 'Apply'));
  const count = el('p', { class: 'count', 'aria-live': 'polite' });
  const list = el('ul', { class: 'incidents', 'aria-labelledby': 'page-title' });
  page('Incidents', form, count, list);

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
    count.textContent = answer.data.length === 0 ? 'No incidents match.'
      : `${answer.data.length}${answer.data.length === 100 ? '+' : ''} incident${answer.data.length === 1 ? '' : 's'}`;
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
      `${incident.service} · ${incident.product} · opened `, relative(incident.openedAt),
      incident.commander ? ` · commander ${incident.commander}` : '',
      ` · ${incident.alertCount} alert${incident.alertCount === 1 ? '' : 's'}`));
}

// ---- On call ------------------------------------------------------------------------------------------------------

async function onCallPage() {
  const now = el('section', { 'aria-labelledby': 'now-title' }, el('h2', { id: 'now-title' }, 'On call now'));
  const mine = el('section', { 'aria-labelledby': 'mine-title' }, el('h2', { id: 'mine-title' }, 'Your next shifts'));
  page('On call', now, mine);
  if (!context.settings.notifyApi) {
    now.append(el('p', {}, 'notify-service\'s address is not set (KIZUKI_CONSOLE_NOTIFY_URL): who is on call cannot be shown.'));
    return () => {};
  }
  const [current, shifts] = await Promise.all([call(`${context.settings.notifyApi}/api/v1/oncall`),
    call(`${context.settings.notifyApi}/api/v1/oncall/me?days=28`)]);
  if (!current.ok) {
    now.append(el('p', {}, problemText(current)));
  } else {
    const table = el('table', { class: 'oncall' },
      el('caption', {}, 'Per schedule, at ', time(current.data.at)),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Schedule'), el('th', { scope: 'col' }, 'On call'),
        el('th', { scope: 'col' }, 'Until'))),
      el('tbody', {}, ...current.data.schedules.map((s) => el('tr', { 'data-schedule': s.schedule },
        el('th', { scope: 'row' }, s.name || s.schedule),
        el('td', {}, s.person ? `${s.personName || s.person}${s.timeZone ? ` (${s.timeZone})` : ''}` : 'Nobody'),
        el('td', {}, s.shiftEnd ? time(s.shiftEnd) : '—')))));
    now.append(table);
  }
  if (!shifts.ok) {
    mine.append(el('p', {}, problemText(shifts)));
  } else if (!shifts.data.person) {
    mine.append(el('p', {}, `You (${context.user}) are not a person in the on-call configuration, so you have no shifts.`));
  } else if (shifts.data.shifts.length === 0) {
    mine.append(el('p', {}, `No shifts for ${shifts.data.personName || shifts.data.person} in the next 28 days.`));
  } else {
    mine.append(el('ul', { class: 'shifts' }, ...shifts.data.shifts.map((s) => el('li', {},
      el('strong', {}, s.name || s.schedule), ': ', time(s.start), ' – ', time(s.end)))));
  }
  return () => {};
}

// ---- Knowledge feed and postmortems -------------------------------------------------------------------------------

async function knowledgePage() {
  const list = el('ul', { class: 'feed' });
  page('Knowledge', el('p', { class: 'lead' }, 'Published postmortems of every product: what each incident taught.'), list);
  const answer = await call('/api/v1/knowledge/feed.json', { accept: 'application/feed+json' });
  if (!answer.ok) {
    list.append(el('li', {}, problemText(answer)));
    return () => {};
  }
  const items = answer.data.items || [];
  if (items.length === 0) {
    list.append(el('li', {}, 'No postmortem is published yet.'));
  }
  items.forEach((item) => {
    const about = item._kizuki || {};
    list.append(el('li', { class: 'card' },
      el('h2', {}, el('a', { href: `#/incidents/${encodeURIComponent(about.incidentId)}/postmortem` }, item.title)),
      el('p', { class: 'meta' }, `${about.product || ''} · ${about.service || ''} · `, about.severity ? badge('severity', about.severity) : '',
        ' · published ', time(item.date_published)),
      el('p', {}, item.summary || ''),
      el('p', { class: 'tags' }, ...(item.tags || []).map((tag) => el('span', { class: 'tag' }, tag)))));
  });
  return () => {};
}

const SECTIONS = [['summary', 'Summary'], ['wentWell', 'What went well'], ['wentBadly', 'What went badly'],
  ['lucky', 'Where we were lucky'], ['lessons', 'Lessons']];

async function postmortemPage(id) {
  const root = page('Postmortem');
  const answer = await call(`/api/v1/incidents/${encodeURIComponent(id)}/postmortem`);
  if (!answer.ok) {
    root.append(el('p', {}, problemText(answer)));
    return () => {};
  }
  const pm = answer.data;
  root.querySelector('h1').textContent = `Postmortem: ${pm.title}`;
  root.append(
    el('p', { class: 'meta' }, badge('severity', pm.severity), ' ', badge('postmortem', pm.status), ` ${pm.service} · ${pm.product} · `,
      el('a', { href: `#/incidents/${encodeURIComponent(id)}` }, 'the incident')),
    el('h2', {}, 'Impact'),
    el('dl', { class: 'facts' },
      ...fact('Opened', time(pm.impact.openedAt)), ...fact('Resolved', pm.impact.resolvedAt ? time(pm.impact.resolvedAt) : 'not yet'),
      ...fact('Time to acknowledge', duration(pm.impact.timeToAcknowledgeSeconds)),
      ...fact('Time to resolve', duration(pm.impact.timeToResolveSeconds)),
      ...fact('Alerts', String(pm.impact.alerts)), ...fact('Pages', String(pm.impact.pages))),
    el('h2', {}, 'Contributing factors'),
    (pm.contributingFactors || []).length === 0 ? el('p', {}, 'None recorded.')
      : el('ul', {}, ...pm.contributingFactors.map((f) => el('li', {}, `${f.category}: ${f.text || ''}`))),
    ...SECTIONS.flatMap(([key, title]) => [el('h2', {}, title), el('p', { class: 'prose' }, pm[key] || '—')]),
    el('h2', {}, 'Action items'),
    (pm.actionItems || []).length === 0 ? el('p', {}, 'None.')
      : el('ul', {}, ...pm.actionItems.map((a) => el('li', {}, `${a.done ? '✔ ' : ''}${a.title}`,
        a.owner ? ` (${a.owner}${a.dueDate ? `, due ${a.dueDate}` : ''})` : ''))));
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
    view = postmortemPage(parts[1]);
  } else if (parts[0] === 'incidents' && parts.length === 2) {
    view = incidentPage(parts[1], context, page);
  } else if (parts[0] === 'oncall') {
    view = onCallPage();
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
  page('Open the console at its address',
    el('p', {}, `This console is registered with Keycloak at ${registered.join(', ')}, not at ${location.origin}: `
      + 'signing in from here would end on Keycloak\'s "Invalid parameter: redirect_uri" page.'),
    el('ul', { class: 'origins' }, ...registered.map((origin) => el('li', {},
      el('a', { href: `${origin}/${location.hash}` }, `${origin}/`)))),
    el('p', {}, 'To use this address as well, an operator registers it twice: as a CORS origin of the services and in '
      + 'the kizuki-console client\'s redirect URIs and web origins in Keycloak (deploy/production.md).'));
  return true;
}

async function start() {
  const settings = await fetch('/console/config.json').then((r) => r.json());
  context.settings = settings;
  if (elsewhere(settings)) {
    return;
  }
  let token;
  try {
    token = await signIn(settings);
  } catch (e) {
    page('Cannot sign in', el('p', {}, e.message), el('p', {}, el('a', { href: '/' }, 'Try again')));
    return;
  }
  const roles = (token.realm_access && token.realm_access.roles) || [];
  context.user = token.preferred_username;
  context.responder = roles.includes('responder') || roles.includes('admin');
  context.admin = roles.includes('admin');
  document.querySelectorAll('nav [data-admin]').forEach((item) => { item.hidden = !context.admin; });
  document.getElementById('user').textContent = `${token.name || token.preferred_username} · ${context.admin ? 'admin' : context.responder ? 'responder' : 'viewer'}`;
  const signout = document.getElementById('signout');
  signout.hidden = false;
  signout.addEventListener('click', signOut);
  const live = document.getElementById('live');
  onLiveState((state) => {
    live.textContent = state === 'live' ? 'Live' : 'Reconnecting…';
    live.dataset.state = state;
  });
  connectLive();
  window.addEventListener('hashchange', route);
  route();
}

start();
