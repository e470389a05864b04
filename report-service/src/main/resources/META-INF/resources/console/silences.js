// Silences (maintenance windows): the silences of the caller's products from incident-service, active and upcoming
// first; for a responder, a form that makes one (a product, optionally a service and labels to match, how long, why)
// and a button that ends one early. A silenced alert is still recorded (marked with the silence) but opens no incident
// and pages nobody; under each silence, the alerts it suppresses now (for one that ended: those still firing when it
// ended and not received since, which open incidents when sent again), as they are when the page is shown.
import { call } from './api.js';
import { el, clear, time, field, notice, problemText } from './ui.js';
import { plural, t } from './i18n.js';

const HOURS = [1, 2, 4, 8, 24, 72];

function api(context) {
  return `${context.settings.incidentApi}/api/v1/silences`;
}

/** "key=value" lines (or comma-separated) as a map; null when a line is not of that shape. */
function labels(text) {
  const map = {};
  const entries = text.split(/[\n,]/).map((line) => line.trim()).filter(Boolean);
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0) {
      return null;
    }
    map[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return map;
}

/** Adds to a silence's item the alerts it suppresses (none can be suppressed by an upcoming one). */
async function suppressed(context, silence, current, item) {
  if (current === 'upcoming') {
    return;
  }
  const answer = await call(`${api(context)}/${encodeURIComponent(silence.silenceId)}/alerts`);
  if (!answer.ok) {
    item.append(el('p', {}, problemText(answer)));
    return;
  }
  const alerts = answer.data;
  if (alerts.length === 0) {
    if (current === 'active') {
      item.append(el('p', { 'data-suppressed': '0' }, t('silences.suppressingNone')));
    }
    return;
  }
  item.append(el('details', { class: 'suppressed', 'data-suppressed': String(alerts.length), open: current === 'active' },
    el('summary', {}, plural(current === 'active' ? 'silences.suppressing' : 'silences.stillFiring', alerts.length)),
    el('ul', {}, ...alerts.map((alert) => el('li', { 'data-dedup-key': alert.dedupKey },
      el('strong', {}, alert.title || alert.fingerprint), ` · ${alert.service || '—'} · `,
      t('silences.since'), ' ', time(alert.since))))));
}

function state(silence, now) {
  const until = silence.endedAt && silence.endedAt < silence.endsAt ? silence.endedAt : silence.endsAt;
  if (new Date(until) <= now) {
    return 'ended';
  }
  return new Date(silence.startsAt) > now ? 'upcoming' : 'active';
}

export async function silencesPage(context, page) {
  const list = el('section', { 'aria-labelledby': 'silences-title' }, el('h2', { id: 'silences-title' }, t('silences.list')));
  if (!context.settings.incidentApi) {
    page(t('nav.silences'), el('p', {}, t('silences.noIncidentUrl')));
    return () => {};
  }
  const form = el('form', { class: 'panel', 'data-form': 'silence', 'aria-labelledby': 'silence-title' },
    el('h2', { id: 'silence-title' }, t('silences.make')),
    el('p', {}, t('silences.explain')),
    field(t('incidents.product'), el('input', { name: 'product', type: 'text', required: true, maxlength: '64', autocomplete: 'off',
      value: context.products.length === 1 ? context.products[0] : '' })),
    field(t('silences.service'), el('input', { name: 'service', type: 'text', maxlength: '128', autocomplete: 'off' })),
    field(t('silences.labels'), el('textarea', { name: 'labels', rows: '2', spellcheck: 'false' })),
    field(t('silences.for'), el('select', { name: 'hours' }, ...HOURS.map((h) => el('option', { value: String(h), selected: h === 2 },
      plural('silences.hours', h))))),
    field(t('form.reason'), el('input', { name: 'reason', type: 'text', required: true, maxlength: '1000', autocomplete: 'off' })),
    el('button', { type: 'submit', 'data-action': 'silence' }, t('silences.submit')));
  page(t('nav.silences'), ...(context.responder ? [form] : []), list);

  const load = async () => {
    list.setAttribute('aria-busy', 'true');
    await show();
    list.setAttribute('aria-busy', 'false');
  };

  const show = async () => {
    const answer = await call(api(context));
    clear(list).append(el('h2', { id: 'silences-title' }, t('silences.list')));
    if (!answer.ok) {
      list.append(el('p', {}, problemText(answer)));
      return;
    }
    const now = new Date();
    const order = { active: 0, upcoming: 1, ended: 2 };
    const silences = answer.data.slice().sort((a, b) => order[state(a, now)] - order[state(b, now)]);
    if (silences.length === 0) {
      list.append(el('p', {}, t('silences.none')));
      return;
    }
    const items = [];
    list.append(el('ul', { class: 'silences' }, ...silences.map((silence) => {
      const current = state(silence, now);
      const matched = [silence.service ? t('silences.serviceIs', { service: silence.service }) : t('silences.anyService'),
        ...Object.entries(silence.labels || {}).map(([key, value]) => `${key}=${value}`)].join(', ');
      const item = el('li', { 'data-silence-id': silence.silenceId, 'data-state': current },
        el('strong', {}, `${silence.product}: ${matched}`), ` · ${t(`silences.state.${current}`)} · `,
        time(silence.startsAt), ' – ', time(silence.endedAt && silence.endedAt < silence.endsAt ? silence.endedAt : silence.endsAt),
        el('br'), t('silences.why', { reason: silence.reason, by: silence.createdBy }));
      if (context.responder && current !== 'ended') {
        const end = el('button', { type: 'button', 'data-action': 'end-silence' }, t('silences.end'));
        end.addEventListener('click', async () => {
          end.disabled = true;
          const ended = await call(`${api(context)}/${encodeURIComponent(silence.silenceId)}/end`, { method: 'POST' });
          notice(ended.ok ? t('silences.ended') : problemText(ended), ended.ok ? 'success' : 'error');
          await load();
        });
        item.append(' ', end);
      }
      items.push(suppressed(context, silence, current, item));
      return item;
    })));
    await Promise.all(items);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const matched = labels(String(values.get('labels') || ''));
    if (matched === null) {
      notice(t('silences.badLabels'), 'error');
      return;
    }
    const body = {
      product: String(values.get('product')).trim(),
      labels: matched,
      endsAt: new Date(Date.now() + Number(values.get('hours')) * 3600000).toISOString(),
      reason: String(values.get('reason')).trim(),
    };
    const service = String(values.get('service') || '').trim();
    if (service) {
      body.service = service;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const made = await call(api(context), { method: 'POST', body });
    button.disabled = false;
    if (!made.ok) {
      notice(problemText(made), 'error');
      return;
    }
    notice(t('silences.made'), 'success');
    form.reset();
    await load();
  });
  await load();
  return () => {};
}
