// The adoption board (横展開), on the knowledge page: each prevention action a product shared with its published
// postmortem, what every other product answered (adopted, planned, not applicable), and how much of what the others
// shared each product has covered (report-service's /api/v1/knowledge/adoption). A responder records the answers of
// their own products (incident-service's adoptions; not-applicable needs a note, which the decider checks), and the
// board is read again until it shows the answer.
import { call } from './api.js';
import { el, clear, time, notice, problemText } from './ui.js';
import { t, term } from './i18n.js';

const BOARD = '/api/v1/knowledge/adoption';
const WAIT_MILLIS = 500;
const WAITS = 20;

function percent(value) {
  return Math.round(value * 100);
}

export function adoptionBoard(context) {
  const section = el('section', { 'aria-labelledby': 'adoption-title' }, el('h2', { id: 'adoption-title' }, t('adoption.title')));
  const statuses = context.settings.vocabulary.adoptionStatuses;
  const own = (product) => context.products.includes('*') || context.products.includes(product);

  const answerItem = (action, product, load) => {
    const current = action.answers[product];
    const item = el('li', { 'data-product': product, 'data-answer': current || 'unanswered' },
      el('strong', {}, product), ': ', current ? term('adoption.status', current) : t('adoption.unanswered'));
    if (!context.responder || !own(product)) {
      return item;
    }
    const form = el('form', { 'data-form': 'adoption', class: 'adopt' },
      el('select', { name: 'status', 'aria-label': t('adoption.statusFor', { product }) },
        ...statuses.map((status) => el('option', { value: status, selected: status === (current || 'planned') }, term('adoption.status', status)))),
      el('input', { name: 'note', type: 'text', maxlength: '2000', autocomplete: 'off', 'aria-label': t('adoption.noteFor', { product }) }),
      el('button', { type: 'submit', 'data-action': 'record-adoption' }, t('adoption.record')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = new FormData(form);
      const status = String(values.get('status'));
      const body = { status };
      const note = String(values.get('note') || '').trim();
      if (note) {
        body.note = note;
      }
      const button = form.querySelector('button');
      button.disabled = true;
      const path = [action.incidentId, 'action-items', action.actionItemId, 'adoptions', product].map(encodeURIComponent).join('/');
      const recorded = await call(`${context.settings.incidentApi}/api/v1/incidents/${path}`, { method: 'PUT', body });
      if (!recorded.ok) {
        button.disabled = false;
        notice(problemText(recorded), 'error');
        return;
      }
      notice(t('adoption.recorded', { product }), 'success');
      // the board is a read model: read it again until it has the answer (or a while has passed)
      for (let i = 0; i < WAITS; i += 1) {
        const board = await call(BOARD);
        const shown = board.ok && board.data.actions.find((a) => a.actionItemId === action.actionItemId && a.incidentId === action.incidentId);
        if (shown && shown.answers[product] === status) {
          break;
        }
        await new Promise((resolve) => { setTimeout(resolve, WAIT_MILLIS); });
      }
      await load();
    });
    item.append(form);
    return item;
  };

  const load = async () => {
    const answer = await call(BOARD);
    clear(section).append(el('h2', { id: 'adoption-title' }, t('adoption.title')), el('p', { class: 'lead' }, t('adoption.lead')));
    if (!answer.ok) {
      section.append(el('p', {}, problemText(answer)));
      section.dataset.loaded = 'true';
      return;
    }
    const board = answer.data;
    // the products on the board, and the caller's own even before they have incidents
    const products = [...new Set([...board.products, ...context.products.filter((p) => p !== '*')])].sort();
    if (board.actions.length === 0) {
      section.append(el('p', {}, t('adoption.none')));
    } else {
      section.append(el('ul', { class: 'adoption' }, ...board.actions.map((action) => el('li', {
        class: 'card', 'data-action-item': action.actionItemId, 'data-incident-id': action.incidentId,
      },
      el('h3', {}, el('a', { href: `#/incidents/${encodeURIComponent(action.incidentId)}/postmortem` }, action.title)),
      el('p', { class: 'meta' }, t('adoption.sharedBy', { product: action.sharedBy }), ' · ', time(action.publishedAt), ' · ',
        t('adoption.coverage', { percent: percent(action.coverage) }), action.preventionHeld ? '' : ` · ${t('adoption.recurred')}`),
      el('ul', { class: 'answers' }, ...products.filter((p) => p !== action.sharedBy).map((p) => answerItem(action, p, load)))))));
      section.append(el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('adoption.byProduct') }, el('table', { class: 'coverage' },
        el('caption', {}, t('adoption.byProduct')),
        el('thead', {}, el('tr', {}, ...['product', 'shared', 'adopted', 'planned', 'notApplicable', 'unanswered', 'coverage']
          .map((column) => el('th', { scope: 'col' }, t(`adoption.column.${column}`))))),
        el('tbody', {}, ...board.byProduct.map((row) => el('tr', { 'data-product': row.product },
          el('th', { scope: 'row' }, row.product),
          ...[row.shared, row.adopted, row.planned, row.notApplicable, row.unanswered].map((n) => el('td', {}, String(n))),
          el('td', {}, `${percent(row.coverage)}%`)))))));
    }
    section.dataset.loaded = 'true';
  };

  return { section, load };
}
