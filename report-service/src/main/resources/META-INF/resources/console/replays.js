// Replays for admins: recorded signals run through draft detection rules by incident-service (POST /api/v1/replays),
// their progress while they run and, once done, what the draft would have changed beside what happened.
import { call } from './api.js';
import { el, clear, time, field, fact, notice, problemText } from './ui.js';

const POLL_MILLIS = 1000;
const FATES = [['kept', 'Kept (its own incident still)'], ['merged', 'Merged into another incident'],
  ['split', 'Split into several'], ['suppressed', 'Suppressed by a draft silence'], ['new', 'New under the draft']];
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
  return replay.products.includes('*') ? 'every product' : replay.products.join(', ');
}

/** The list of replays and the form that starts one. */
export async function replaysPage(context, page) {
  const form = el('form', { class: 'panel', 'data-form': 'replay', 'aria-labelledby': 'run-title' },
    el('h2', { id: 'run-title' }, 'Run a replay'),
    el('p', {}, 'The signals recorded in the window go through today\'s rules and through the draft below, in a sandbox: '
      + 'nothing is written to the ledger and nobody is paged.'),
    field('Product (empty: all of yours)', el('input', { name: 'product', type: 'text', autocomplete: 'off' })),
    field('Days back', el('input', { name: 'days', type: 'number', min: '1', max: '92', value: '30', required: true })),
    field('Draft rules (JSON: grouping, classification, severity, silences)',
      el('textarea', { name: 'rules', rows: '8', spellcheck: 'false' }, EXAMPLE)),
    el('button', { type: 'submit', 'data-action': 'replay' }, 'Run'));
  const list = el('section', { 'aria-labelledby': 'list-title' }, el('h2', { id: 'list-title' }, 'Replays'));
  if (!context.admin) {
    page('Replays', el('p', {}, 'Replays are run by admins of a product.'));
    return () => {};
  }
  page('Replays', form, list);
  if (!context.settings.incidentApi) {
    list.append(el('p', {}, 'incident-service\'s address is not set (KIZUKI_CONSOLE_INCIDENT_URL): replays cannot be run.'));
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
      notice(`Draft rules: not JSON (${e.message})`, 'error');
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
        ? `${problemText(answer)} (try again in ${answer.retryAfter} s)` : problemText(answer), 'error');
      return;
    }
    location.hash = `#/replays/${encodeURIComponent(answer.data.replayId)}`;
  });
  const answer = await call(api(context));
  if (!answer.ok) {
    list.append(el('p', {}, problemText(answer)));
  } else if (answer.data.length === 0) {
    list.append(el('p', {}, 'No replay has been run yet.'));
  } else {
    list.append(el('ul', { class: 'replays' }, ...answer.data.map((replay) => el('li', { 'data-replay-id': replay.replayId },
      el('a', { href: `#/replays/${encodeURIComponent(replay.replayId)}` }, `${products(replay)}: `, time(replay.from), ' – ', time(replay.until)),
      ` · ${replay.status} · asked by ${replay.requestedBy} `, time(replay.requestedAt)))));
  }
  return () => {};
}

/** One replay: a progress bar while it runs, then its comparison. */
export async function replayPage(context, page, id) {
  const root = page('Replay');
  const body = el('div', { 'aria-live': 'polite' });
  root.append(el('p', {}, el('a', { href: '#/replays' }, 'All replays')), body);
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
      ...fact('Products', products(replay)),
      ...fact('Window', [time(replay.from), ' – ', time(replay.until)]),
      ...fact('Asked by', replay.requestedBy), ...fact('Status', replay.status)));
    if (replay.status === 'running') {
      const total = Math.max(replay.total, 1);
      body.append(el('label', { for: 'replay-progress' }, `Signals read: ${replay.read} of ${replay.total || '…'}`),
        el('progress', { id: 'replay-progress', max: String(total), value: String(Math.min(replay.read, total)) }));
      timer = setTimeout(load, POLL_MILLIS);
    } else if (replay.status === 'failed') {
      body.append(el('p', { class: 'error' }, `It failed: ${replay.error}`));
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
    el('h2', {}, 'What would have changed'),
    el('dl', { class: 'facts' },
      ...fact('Signals replayed', String(r.signals)),
      ...fact('Incidents opened', `${r.actual.incidents} then, ${r.draft.incidents} under the draft`),
      ...fact('Signals silenced', `${r.actual.silenced} then, ${r.draft.silenced} under the draft`),
      ...fact('Pages not sent', String(r.pagesNotSent)), ...fact('Pages added', String(r.pagesAdded))),
    el('h3', {}, 'Each real incident under the draft'),
    el('table', { class: 'figures fates' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Fate'), el('th', { scope: 'col' }, 'Incidents'))),
      el('tbody', {}, ...FATES.map(([key, text]) => el('tr', { 'data-fate': key },
        el('th', { scope: 'row' }, text), el('td', {}, String(r.incidents[key] || 0)))))),
    el('h3', {}, 'By severity'),
    rows(['Severity', 'Then', 'Draft'], severities.map((s) => [s, r.actual.severities[s] || 0, r.draft.severities[s] || 0])),
    el('h3', {}, 'By service and class'),
    rows(['Service · class', 'Then', 'Draft'], r.rows.map((row) => [`${row.service} · ${row.signalClass}`, row.actual, row.draft])),
    r.rowsLeftOut > 0 ? el('p', {}, `${r.rowsLeftOut} more service and class rows left out.`) : null,
    el('h3', {}, 'Examples'),
    r.examples.length === 0 ? el('p', {}, 'None: every real incident is kept.')
      : el('ul', { class: 'examples' }, ...r.examples.map((e) => el('li', { 'data-outcome': e.outcome },
        `${e.outcome}: `, e.incidentId ? el('a', { href: `#/incidents/${encodeURIComponent(e.incidentId)}` }, e.title || e.incidentId) : (e.title || ''),
        ` (${e.service})`, e.draftIncidentId ? ` → draft incident ${e.draftIncidentId}` : ''))));
}
