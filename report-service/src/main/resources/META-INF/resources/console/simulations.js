// On-call simulations for admins: a draft on-call configuration (or the one in force) tried on the real incidents of a
// period by notify-service (POST /api/v1/admin/oncall-config/simulations), beside the pages that were sent.
import { call } from './api.js';
import { el, clear, time, field, notice, problemText } from './ui.js';
import { plural, t } from './i18n.js';

const TOTALS = ['pages', 'nightPages', 'weekendPages', 'peoplePaged', 'escalations'];

function pages(list) {
  return list.length === 0 ? t('simulation.nobody')
    : list.map((p) => t('simulation.paged', { person: p.person, level: p.level, channel: p.channel })).join(', ');
}

function result(r) {
  return el('div', { class: 'simulation-result', 'data-incidents': String(r.incidents) },
    el('h2', {}, plural('simulation.pagedAgain', r.incidents)),
    el('table', { class: 'figures totals' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), el('th', { scope: 'col' }, t('compare.then')),
        el('th', { scope: 'col' }, t('compare.draft')))),
      el('tbody', {}, ...TOTALS.map((key) => el('tr', { 'data-total': key }, el('th', { scope: 'row' }, t(`simulation.total.${key}`)),
        el('td', {}, String(r.real[key])), el('td', {}, String(r.draft[key])))))),
    el('h3', {}, t('simulation.burden')),
    r.burden.length === 0 ? el('p', {}, t('simulation.noBurden'))
      : el('table', { class: 'figures burden' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('metrics.person')), el('th', { scope: 'col' }, t('simulation.pagesThen')),
          el('th', { scope: 'col' }, t('compare.draft')), el('th', { scope: 'col' }, t('simulation.nightThen')), el('th', { scope: 'col' }, t('compare.draft')))),
        el('tbody', {}, ...r.burden.map((row) => el('tr', { 'data-person': row.person }, el('th', { scope: 'row' }, row.person),
          el('td', {}, String(row.real.pages)), el('td', {}, String(row.draft.pages)),
          el('td', {}, String(row.real.nightPages)), el('td', {}, String(row.draft.nightPages)))))),
    el('h3', {}, t('simulation.changed')),
    r.changed.length === 0 ? el('p', {}, t('simulation.noChange'))
      : el('ul', { class: 'changed' }, ...r.changed.map((row) => el('li', { 'data-incident-id': row.incidentId },
        el('a', { href: `#/incidents/${encodeURIComponent(row.incidentId)}` }, row.title || row.incidentId), ` · ${t('incidents.opened')} `,
        time(row.openedAt), el('br'), t('simulation.then', { pages: pages(row.real) }), el('br'), t('simulation.draft', { pages: pages(row.draft) })))),
    r.changedLeftOut > 0 ? el('p', {}, t('simulation.changedLeftOut', { n: r.changedLeftOut })) : null);
}

/** The form and, once run, the comparison. */
export async function simulationsPage(context, page) {
  if (!context.admin) {
    page(t('nav.simulations'), el('p', {}, t('simulation.adminsOnly')));
    return () => {};
  }
  const form = el('form', { class: 'panel', 'data-form': 'simulation', 'aria-labelledby': 'simulate-title' },
    el('h2', { id: 'simulate-title' }, t('simulation.title')),
    el('p', {}, t('simulation.explain')),
    field(t('simulation.product'), el('input', { name: 'product', type: 'text', autocomplete: 'off' })),
    field(t('replay.days'), el('input', { name: 'days', type: 'number', min: '1', max: '92', value: '30', required: true })),
    field(t('simulation.yaml'), el('textarea', { name: 'yaml', rows: '10', spellcheck: 'false' })),
    el('button', { type: 'submit', 'data-action': 'simulate' }, t('simulation.run')));
  const answer = el('section', { 'aria-live': 'polite', 'aria-label': t('simulation.comparison') });
  page(t('nav.simulations'), form, answer);
  if (!context.settings.notifyApi) {
    answer.append(el('p', {}, t('simulation.noNotifyUrl')));
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
    answer.append(el('p', { class: 'loading' }, t('simulation.running')));
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
