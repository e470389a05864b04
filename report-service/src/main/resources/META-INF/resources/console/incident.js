// One incident: its header, actions, timeline, alerts and the changes of its service just before it opened. Reads
// from report-service and reads again whenever the live stream says the incident changed; commands go to
// incident-service with If-Match. A form keeps the sequence the incident was at when the form was opened, so a change
// made by someone else meanwhile is refused (412) instead of overwritten.
import { call, onIncidentChange, onLiveState } from './api.js';
import { el, clear, time, relative, badge, field, select, notice, problemText, debounce, fact, duration } from './ui.js';

const ICONS = {
  opened: '🚨', signal: '📈', status: '🔄', severity: '🌡️', role: '👤', note: '📝', decision: '⚖️', action: '🛠️',
  communication: '📣', page: '📟', escalation: '⏫', notification: '✉️', 'notification-failed': '❌', change: '🚀',
  'action-item': '✅', postmortem: '📄', adoption: '🤝', recurrence: '🔁', warning: '⚠️',
};
const KIND_NAMES = {
  opened: 'Opened', signal: 'Alert', status: 'Status', severity: 'Severity', role: 'Role', note: 'Note',
  decision: 'Decision', action: 'Action', communication: 'Communication', page: 'Page', escalation: 'Escalation',
  notification: 'Notification', 'notification-failed': 'Notification failed', change: 'Change',
  'action-item': 'Action item', postmortem: 'Postmortem', adoption: 'Adoption', recurrence: 'Recurrence',
  warning: 'Warning',
};
const ROLES = ['commander', 'responder', 'sre', 'communications'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const ENTRY_KINDS = ['note', 'decision', 'action', 'communication'];
const ACTIONS = ['scale-up', 'restart', 'rollback', 'workaround', 'config-change'];

function capitalised(text) {
  return text[0].toUpperCase() + text.slice(1).toLowerCase();
}

/** What a refused command means to the person who sent it. */
function refusal(answer) {
  switch (answer.status) {
    case 412:
      return 'Someone else changed this incident first, so your change was not made. The page now shows the '
        + 'incident as it is: check it and try again.';
    case 409:
      return `Not possible any more: ${answer.problem.detail || 'the incident is not in a state for this'}. The page now shows the incident as it is.`;
    case 403:
      return 'You may not act on this incident (not a responder of its product).';
    case 429:
    case 503:
      return `incident-service is busy; try again${answer.retryAfter ? ` in ${answer.retryAfter} s` : ' shortly'}.`;
    default:
      return problemText(answer);
  }
}

export async function incidentPage(id, context, page) {
  const root = page('Incident');
  const title = root.querySelector('h1');
  const header = el('section', { class: 'incident-header', 'aria-label': 'Incident' });
  const actions = el('section', { class: 'actions', 'aria-labelledby': 'actions-title' });
  const timeline = el('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  const alerts = el('ul', { class: 'alerts', 'aria-labelledby': 'alerts-title' });
  const changes = el('ul', { class: 'changes', 'aria-labelledby': 'changes-title' });
  root.append(header, actions,
    el('section', { class: 'panel' }, el('h2', { id: 'timeline-title' }, 'Timeline'), timeline),
    el('section', { class: 'panel' }, el('h2', { id: 'alerts-title' }, 'Alerts'), alerts),
    el('section', { class: 'panel' }, el('h2', { id: 'changes-title' }, 'Changes just before it opened'), changes));

  let current = null;
  const controls = [];

  const render = (incident, entries) => {
    current = incident;
    title.textContent = incident.title || incident.id;
    document.title = `${incident.title || incident.id} · Kizuki`;
    clear(header).append(
      el('p', { class: 'badges' }, badge('severity', incident.severity), ' ',
        el('span', { id: 'incident-status', 'data-status': incident.status }, badge('status', incident.status)),
        incident.warning ? el('span', { class: 'badge warning' }, incident.warning) : ''),
      el('dl', { class: 'facts' },
        ...fact('Service', incident.service), ...fact('Product', incident.product),
        ...fact('Commander', incident.commander || 'nobody yet'),
        ...fact('Roles', Object.keys(incident.roles || {}).length === 0 ? 'none assigned'
          : Object.entries(incident.roles).map(([role, who]) => `${role}: ${who}`).join(', ')),
        ...fact('Opened', el('span', {}, time(incident.openedAt), ' (', relative(incident.openedAt), ')')),
        ...fact('Acknowledged', incident.acknowledgedAt ? el('span', {}, time(incident.acknowledgedAt),
          incident.acknowledgedBy ? ` by ${incident.acknowledgedBy}` : '') : 'not yet'),
        ...fact('Resolved', incident.resolvedAt ? el('span', {}, time(incident.resolvedAt),
          incident.resolvedBy ? ` by ${incident.resolvedBy}` : '') : 'not yet'),
        ...fact('Time to acknowledge', incident.acknowledgedAt
          ? duration((new Date(incident.acknowledgedAt) - new Date(incident.openedAt)) / 1000) : '—'),
        ...fact('Pages sent', String(incident.pages))),
      incident.summary ? el('p', { class: 'prose' }, incident.summary) : '',
      incident.postmortem && incident.postmortem !== 'none'
        ? el('p', {}, el('a', { href: `#/incidents/${encodeURIComponent(incident.id)}/postmortem` }, `Postmortem (${incident.postmortem})`)) : '',
      (incident.links || []).length === 0 ? '' : el('ul', { class: 'links' },
        ...incident.links.filter((link) => /^https?:/i.test(link.href || '')).map((link) => el('li', {},
          el('a', { href: link.href, rel: 'noopener noreferrer' }, `${link.rel || 'link'}: ${link.href}`)))));
    clear(timeline).append(...entries.map((entry) => el('li', { 'data-kind': entry.kind },
      el('span', { class: 'icon', 'aria-hidden': 'true' }, ICONS[entry.kind] || '•'),
      el('div', { class: 'entry' },
        el('p', { class: 'meta' }, el('strong', {}, KIND_NAMES[entry.kind] || entry.kind), ' · ', time(entry.at),
          entry.actor ? ` · ${entry.actor}` : ''),
        el('p', { class: 'summary' }, entry.summary || '')))));
    clear(alerts).append(...((incident.alerts || []).length === 0 ? [el('li', {}, 'No alert (declared by hand).')]
      : incident.alerts.map((alert) => el('li', {}, el('strong', {}, alert.title || alert.fingerprint || alert.signalId),
        ' · ', time(alert.attachedAt)))));
    clear(changes).append(...((incident.changesBefore || []).length === 0 ? [el('li', {}, 'No change recorded for this service in the hours before.')]
      : incident.changesBefore.map((change) => el('li', {}, el('strong', {}, change.service),
        ` ${change.kind || 'change'}${change.version ? ` ${change.version}` : ''}: ${change.summary || change.changeId} · `,
        time(change.occurredAt), change.actor ? ` · ${change.actor}` : ''))));
    const open = !['RESOLVED', 'CLOSED'].includes(incident.status);
    controls.forEach((update) => update(incident, open));
  };

  const load = async () => {
    const [detail, entries] = await Promise.all([call(`/api/v1/incidents/${encodeURIComponent(id)}`),
      call(`/api/v1/incidents/${encodeURIComponent(id)}/timeline`)]);
    if (!detail.ok) {
      title.textContent = detail.status === 404 ? 'No such incident' : 'Incident';
      clear(header).append(el('p', {}, problemText(detail)));
      return;
    }
    render(detail.data, entries.ok ? entries.data : []);
  };

  const send = async (path, body, sequence, done) => {
    const answer = await call(`${context.settings.incidentApi}/api/v1/incidents/${encodeURIComponent(id)}/${path}`,
      { method: 'POST', body, ifMatch: sequence });
    if (answer.ok) {
      notice(answer.status === 202 ? 'Queued: it will be applied shortly.' : done, 'success');
    } else {
      notice(refusal(answer), 'error');
    }
    await load();
    return answer.ok;
  };

  if (context.responder && context.settings.incidentApi) {
    actions.append(el('h2', { id: 'actions-title' }, 'Act'));
    const buttons = el('div', { class: 'buttons' });
    const acknowledge = el('button', { type: 'button', 'data-action': 'acknowledge' }, 'Acknowledge');
    const resolve = el('button', { type: 'button', 'data-action': 'resolve' }, 'Resolve');
    buttons.append(acknowledge, resolve);
    actions.append(buttons);
    const oneClick = (button, path, done) => button.addEventListener('click', async () => {
      button.disabled = true;
      await send(path, undefined, current.sequence, done);
    });
    oneClick(acknowledge, 'acknowledge', 'Acknowledged.');
    oneClick(resolve, 'resolve', 'Resolved.');
    controls.push((incident, open) => {
      acknowledge.disabled = incident.status !== 'TRIGGERED';
      resolve.disabled = !open;
    });

    const form = (summary, name, fields, body, done) => {
      const submit = el('button', { type: 'submit', 'data-action': name }, summary);
      const element = el('form', { 'data-form': name }, ...fields, submit);
      const box = el('details', { class: 'form' }, el('summary', {}, summary), element);
      box.addEventListener('toggle', () => {
        if (box.open) {
          element.dataset.sequence = String(current.sequence);
        }
      });
      element.addEventListener('submit', async (event) => {
        event.preventDefault();
        submit.disabled = true;
        const ok = await send(name === 'timeline' ? 'timeline' : name, body(new FormData(element)),
          Number(element.dataset.sequence || current.sequence), done);
        submit.disabled = false;
        if (ok) {
          element.reset();
          box.open = false;
        }
      });
      controls.push((incident) => { submit.disabled = incident.status === 'CLOSED'; });
      actions.append(box);
      return element;
    };

    const actionChoice = select('action', [['', '—'], ...ACTIONS.map((a) => [a, a])], '');
    const entryForm = form('Add a timeline entry', 'timeline', [
      field('Kind', select('kind', ENTRY_KINDS.map((k) => [k, capitalised(k)]), 'note')),
      field('Action taken (for kind Action)', actionChoice),
      field('Text', el('textarea', { name: 'text', rows: '3', required: true, maxlength: '4000' }))],
    (data) => ({ kind: data.get('kind'), action: data.get('action') || undefined, text: data.get('text') }),
    'Added to the timeline.');
    entryForm.querySelector('[name=kind]').addEventListener('change', (event) => {
      actionChoice.required = event.target.value === 'action';
    });
    form('Assign a role', 'roles', [
      field('Role', select('role', ROLES.map((r) => [r, capitalised(r)]), 'commander')),
      field('Assignee (user name)', el('input', { name: 'assignee', type: 'text', required: true, maxlength: '128', autocomplete: 'off' }))],
    (data) => ({ role: data.get('role'), assignee: data.get('assignee') }), 'Role assigned.');
    form('Change severity', 'severity', [
      field('Severity', select('severity', SEVERITIES.map((s) => [s, s]), 'SEV2')),
      field('Reason', el('input', { name: 'reason', type: 'text', required: true, maxlength: '1000', autocomplete: 'off' }))],
    (data) => ({ severity: data.get('severity'), reason: data.get('reason') }), 'Severity changed.');
  } else if (context.responder) {
    actions.append(el('p', {}, 'incident-service\'s address is not set (KIZUKI_CONSOLE_INCIDENT_URL): actions are unavailable.'));
  }

  const reload = debounce(load, 200);
  const unsubscribe = onIncidentChange((change) => {
    if (change.id === id) {
      reload();
    }
  });
  const reconnected = onLiveState((state) => { if (state === 'live') reload(); });
  await load();
  return () => { unsubscribe(); reconnected(); };
}
