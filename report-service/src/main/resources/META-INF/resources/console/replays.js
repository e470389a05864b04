// Replays for admins: recorded signals run through draft detection rules by incident-service (POST /api/v1/replays),
// their progress while they run and, once done, what the draft would have changed beside what happened.
import { call } from './api.js';
import { el, clear, time, field, fact, notice, problemText } from './ui.js';
import { t, term } from './i18n.js';

const POLL_MILLIS = 1000;
const FATES = ['kept', 'merged', 'split', 'suppressed', 'new'];
const EXAMPLE = JSON.stringify({ grouping: { by: ['alertname', 'service'] }, classification: { latency: 'latenc|slow|p99' } }, null, 2);

function api(context) {
  return `${context.settings.incidentApi}/api/v1/replays`;
}

function rows(headings, data) {
  return el('table', { class: 'figures' },
    el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', { scope: 'col' }, heading)))),
    el('tbody', {}, ...data.map((row) => el('tr', {}, ...row.map((cell, i) => (i === 0
      ? el('th', { scope: 'row' }, cell) : el('td', {}, cell === null || cell === undefined ? '—' : String(cell))))))));
}

function products(replay) {
  return replay.products.includes('*') ? t('replay.everyProduct') : replay.products.join(', ');
}

/** The list of replays and the form that starts one. */
export async function replaysPage(context, page) {
  const form = el('form', { class: 'panel', 'data-form': 'replay', 'aria-labelledby': 'run-title' },
    el('h2', { id: 'run-title' }, t('replay.run')),
    el('p', {}, t('replay.explain')),
    field(t('replay.product'), el('input', { name: 'product', type: 'text', autocomplete: 'off' })),
    field(t('replay.days'), el('input', { name: 'days', type: 'number', min: '1', max: '92', value: '30', required: true })),
    field(t('replay.rules'),
      el('textarea', { name: 'rules', rows: '8', spellcheck: 'false' }, EXAMPLE)),
    el('button', { type: 'submit', 'data-action': 'replay' }, t('replay.runButton')));
  const list = el('section', { 'aria-labelledby': 'list-title' }, el('h2', { id: 'list-title' }, t('nav.replays')));
  if (!context.admin) {
    page(t('nav.replays'), el('p', {}, t('replay.adminsOnly')));
    return () => {};
  }
  page(t('nav.replays'), form, list);
  if (!context.settings.incidentApi) {
    list.append(el('p', {}, t('replay.noIncidentUrl')));
    return () => {};
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    notice(null);
    const values = new FormData(form);
    let rules;
    try {
      rules = JSON.parse(values.get('rules') || '{}');
    } catch (e) {
      notice(t('replay.notJson', { error: e.message }), 'error');
      return;
    }
    const days = Number(values.get('days'));
    const body = { from: new Date(Date.now() - days * 86400000).toISOString(), rules };
    if (values.get('product')) {
      body.product = values.get('product').trim();
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const answer = await call(api(context), { method: 'POST', body });
    button.disabled = false;
    if (!answer.ok) {
      notice(answer.status === 503 && answer.retryAfter
        ? t('replay.retryIn', { problem: problemText(answer), seconds: answer.retryAfter }) : problemText(answer), 'error');
      return;
    }
    location.hash = `#/replays/${encodeURIComponent(answer.data.replayId)}`;
  });
  const answer = await call(api(context));
  if (!answer.ok) {
    list.append(el('p', {}, problemText(answer)));
  } else if (answer.data.length === 0) {
    list.append(el('p', {}, t('replay.none')));
  } else {
    list.append(el('ul', { class: 'replays' }, ...answer.data.map((replay) => el('li', { 'data-replay-id': replay.replayId },
      el('a', { href: `#/replays/${encodeURIComponent(replay.replayId)}` }, `${products(replay)}: `, time(replay.from), ' – ', time(replay.until)),
      ` · ${term('replay.status', replay.status)} · ${t('replay.askedByName', { name: replay.requestedBy })} `, time(replay.requestedAt)))));
  }
  return () => {};
}

/** One replay: a progress bar while it runs, then its comparison. */
export async function replayPage(context, page, id) {
  const root = page(t('replay.title'));
  const body = el('div', { 'aria-live': 'polite' });
  root.append(el('p', {}, el('a', { href: '#/replays' }, t('replay.all'))), body);
  let timer = null;
  let left = false;
  const load = async () => {
    const answer = await call(`${api(context)}/${encodeURIComponent(id)}`);
    if (left) {
      return;
    }
    clear(body);
    if (!answer.ok) {
      body.append(el('p', {}, problemText(answer)));
      return;
    }
    const replay = answer.data;
    body.dataset.status = replay.status;
    body.append(el('dl', { class: 'facts' },
      ...fact(t('replay.products'), products(replay)),
      ...fact(t('replay.window'), [time(replay.from), ' – ', time(replay.until)]),
      ...fact(t('replay.askedBy'), replay.requestedBy), ...fact(t('incidents.status'), term('replay.status', replay.status))));
    if (replay.status === 'running') {
      const total = Math.max(replay.total, 1);
      body.append(el('label', { for: 'replay-progress' }, t('replay.progress', { read: replay.read, total: replay.total || '…' })),
        el('progress', { id: 'replay-progress', max: String(total), value: String(Math.min(replay.read, total)) }));
      timer = setTimeout(load, POLL_MILLIS);
    } else if (replay.status === 'failed') {
      body.append(el('p', { class: 'error' }, t('replay.failed', { error: replay.error })));
    } else {
      body.append(result(replay.result));
    }
  };
  await load();
  return () => {
    left = true;
    clearTimeout(timer);
  };
}

function result(r) {
  const severities = [...new Set([...Object.keys(r.actual.severities), ...Object.keys(r.draft.severities)])].sort();
  return el('div', { class: 'replay-result' },
    el('h2', {}, t('replay.changed')),
    el('dl', { class: 'facts' },
      ...fact(t('replay.signals'), String(r.signals)),
      ...fact(t('replay.incidentsOpened'), t('replay.thenDraft', { then: r.actual.incidents, draft: r.draft.incidents })),
      ...fact(t('replay.signalsSilenced'), t('replay.thenDraft', { then: r.actual.silenced, draft: r.draft.silenced })),
      ...fact(t('replay.pagesNotSent'), String(r.pagesNotSent)), ...fact(t('replay.pagesAdded'), String(r.pagesAdded))),
    el('h3', {}, t('replay.fates')),
    el('table', { class: 'figures fates' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('replay.fate')), el('th', { scope: 'col' }, t('nav.incidents')))),
      el('tbody', {}, ...FATES.map((key) => el('tr', { 'data-fate': key },
        el('th', { scope: 'row' }, term('replay.fate', key)), el('td', {}, String(r.incidents[key] || 0)))))),
    el('h3', {}, t('replay.bySeverity')),
    rows([t('incidents.severity'), t('compare.then'), t('compare.draft')], severities.map((s) => [s, r.actual.severities[s] || 0, r.draft.severities[s] || 0])),
    el('h3', {}, t('replay.byServiceClass')),
    rows([t('replay.serviceClass'), t('compare.then'), t('compare.draft')], r.rows.map((row) => [`${row.service} · ${row.signalClass}`, row.actual, row.draft])),
    r.rowsLeftOut > 0 ? el('p', {}, t('replay.rowsLeftOut', { n: r.rowsLeftOut })) : null,
    el('h3', {}, t('replay.examples')),
    r.examples.length === 0 ? el('p', {}, t('replay.noExamples'))
      : el('ul', { class: 'examples' }, ...r.examples.map((e) => el('li', { 'data-outcome': e.outcome },
        `${term('replay.fate', e.outcome)}: `, e.incidentId ? el('a', { href: `#/incidents/${encodeURIComponent(e.incidentId)}` }, e.title || e.incidentId) : (e.title || ''),
        ` (${e.service})`, e.draftIncidentId ? ` → ${t('replay.draftIncident', { id: e.draftIncidentId })}` : ''))));
}
