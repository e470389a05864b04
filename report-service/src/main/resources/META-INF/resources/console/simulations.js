// On-call simulations for admins: a draft on-call configuration (or the one in force) tried on the real incidents of a
// period by notify-service (POST /api/v1/admin/oncall-config/simulations), beside the pages that were sent.
import { call } from './api.js';
import { el, clear, time, field, fact, notice, problemText } from './ui.js';

const TOTALS = [['pages', 'Pages'], ['nightPages', 'At night'], ['weekendPages', 'At weekends'],
  ['peoplePaged', 'People paged'], ['escalations', 'Escalations on a timer']];

function pages(list) {
  return list.length === 0 ? 'nobody' : list.map((p) => `${p.person} (level ${p.level}, ${p.channel})`).join(', ');
}

function result(r) {
  return el('div', { class: 'simulation-result', 'data-incidents': String(r.incidents) },
    el('h2', {}, `${r.incidents} incident${r.incidents === 1 ? '' : 's'} paged again`),
    el('table', { class: 'figures totals' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, 'Then'),
        el('th', { scope: 'col' }, 'Draft'))),
      el('tbody', {}, ...TOTALS.map(([key, text]) => el('tr', { 'data-total': key }, el('th', { scope: 'row' }, text),
        el('td', {}, String(r.real[key])), el('td', {}, String(r.draft[key])))))),
    el('h3', {}, 'Burden per person'),
    r.burden.length === 0 ? el('p', {}, 'Nobody was or would have been paged.')
      : el('table', { class: 'figures burden' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Person'), el('th', { scope: 'col' }, 'Pages then'),
          el('th', { scope: 'col' }, 'Draft'), el('th', { scope: 'col' }, 'At night then'), el('th', { scope: 'col' }, 'Draft'))),
        el('tbody', {}, ...r.burden.map((row) => el('tr', { 'data-person': row.person }, el('th', { scope: 'row' }, row.person),
          el('td', {}, String(row.real.pages)), el('td', {}, String(row.draft.pages)),
          el('td', {}, String(row.real.nightPages)), el('td', {}, String(row.draft.nightPages)))))),
    el('h3', {}, 'Incidents paged otherwise'),
    r.changed.length === 0 ? el('p', {}, 'None: the draft pages every incident as it was paged.')
      : el('ul', { class: 'changed' }, ...r.changed.map((row) => el('li', { 'data-incident-id': row.incidentId },
        el('a', { href: `#/incidents/${encodeURIComponent(row.incidentId)}` }, row.title || row.incidentId), ' · opened ',
        time(row.openedAt), el('br'), `then: ${pages(row.real)}`, el('br'), `draft: ${pages(row.draft)}`))),
    r.changedLeftOut > 0 ? el('p', {}, `${r.changedLeftOut} more incidents paged otherwise, left out.`) : null);
}

/** The form and, once run, the comparison. */
export async function simulationsPage(context, page) {
  if (!context.admin) {
    page('Simulations', el('p', {}, 'Simulations are run by admins of every product.'));
    return () => {};
  }
  const form = el('form', { class: 'panel', 'data-form': 'simulation', 'aria-labelledby': 'simulate-title' },
    el('h2', { id: 'simulate-title' }, 'Simulate an on-call change'),
    el('p', {}, 'The incidents opened in the period are paged again, as notify-service pages, by the draft below (empty: '
      + 'the configuration in force), and compared with the pages that were sent. Nobody is paged.'),
    field('Product (empty: every product)', el('input', { name: 'product', type: 'text', autocomplete: 'off' })),
    field('Days back', el('input', { name: 'days', type: 'number', min: '1', max: '92', value: '30', required: true })),
    field('Draft on-call configuration (YAML, as docs/oncall.md)', el('textarea', { name: 'yaml', rows: '10', spellcheck: 'false' })),
    el('button', { type: 'submit', 'data-action': 'simulate' }, 'Simulate'));
  const answer = el('section', { 'aria-live': 'polite', 'aria-label': 'Comparison' });
  page('Simulations', form, answer);
  if (!context.settings.notifyApi) {
    answer.append(el('p', {}, 'notify-service\'s address is not set (KIZUKI_CONSOLE_NOTIFY_URL): simulations cannot be run.'));
    return () => {};
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    notice(null);
    const values = new FormData(form);
    const query = new URLSearchParams({ from: new Date(Date.now() - Number(values.get('days')) * 86400000).toISOString() });
    if (values.get('product')) {
      query.set('product', values.get('product').trim());
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    clear(answer);
    answer.append(el('p', { class: 'loading' }, 'Simulating…'));
    const simulated = await call(`${context.settings.notifyApi}/api/v1/admin/oncall-config/simulations?${query}`,
      { method: 'POST', body: values.get('yaml') || '', contentType: 'text/plain' });
    button.disabled = false;
    clear(answer);
    if (!simulated.ok) {
      notice(problemText(simulated), 'error');
      return;
    }
    answer.append(result(simulated.data));
  });
  return () => {};
}
