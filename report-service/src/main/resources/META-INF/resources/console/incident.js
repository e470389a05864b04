// One incident: its header, actions, timeline, alerts and the changes of its service just before it opened. Reads
// from report-service and reads again whenever the live stream says the incident changed; commands go to
// incident-service with If-Match. A form keeps the sequence the incident was at when the form was opened, so a change
// made by someone else meanwhile is refused (412) instead of overwritten.
import { call, onIncidentChange, onLiveState } from './api.js';
import { el, clear, time, relative, badge, field, select, notice, problemText, debounce, fact, duration } from './ui.js';
import { t, term } from './i18n.js';

const ICONS = {
  opened: '🚨', signal: '📈', status: '🔄', severity: '🌡️', role: '👤', note: '📝', decision: '⚖️', action: '🛠️',
  communication: '📣', page: '📟', escalation: '⏫', notification: '✉️', 'notification-failed': '❌', change: '🚀',
  'action-item': '✅', postmortem: '📄', adoption: '🤝', recurrence: '🔁', warning: '⚠️',
};
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const WORKING = ['investigating', 'identified', 'monitoring'];

/** What a refused command means to the person who sent it. */
function refusal(answer) {
  switch (answer.status) {
    case 412:
      return t('refusal.changed');
    case 409:
      return t('refusal.conflict', { detail: answer.problem.detail || t('refusal.conflictState') });
    case 403:
      return t('refusal.forbidden');
    case 429:
    case 503:
      return answer.retryAfter ? t('refusal.busyFor', { seconds: answer.retryAfter }) : t('refusal.busy');
    default:
      return problemText(answer);
  }
}

export async function incidentPage(id, context, page) {
  const root = page(t('incident.title'));
  const title = root.querySelector('h1');
  const header = el('section', { class: 'incident-header', 'aria-label': t('incident.title') });
  const actions = el('section', { class: 'actions', 'aria-labelledby': 'actions-title' });
  const timeline = el('ol', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  const alerts = el('ul', { class: 'alerts', 'aria-labelledby': 'alerts-title' });
  const changes = el('ul', { class: 'changes', 'aria-labelledby': 'changes-title' });
  const items = el('ul', { class: 'action-items', 'aria-labelledby': 'items-title' });
  const canAct = context.responder && Boolean(context.settings.incidentApi);
  const vocabulary = context.settings.vocabulary;
  root.append(header, actions,
    el('section', { class: 'panel' }, el('h2', { id: 'items-title' }, t('postmortem.actionItems')), items),
    el('section', { class: 'panel' }, el('h2', { id: 'timeline-title' }, t('incident.timeline')), timeline),
    el('section', { class: 'panel' }, el('h2', { id: 'alerts-title' }, t('fact.alerts')), alerts),
    el('section', { class: 'panel' }, el('h2', { id: 'changes-title' }, t('incident.changesBefore')), changes));

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
        ...fact(t('incidents.service'), incident.service), ...fact(t('incidents.product'), incident.product),
        ...fact(t('incident.commander'), incident.commander || t('incident.nobodyYet')),
        ...fact(t('incident.roles'), Object.keys(incident.roles || {}).length === 0 ? t('incident.noRoles')
          : Object.entries(incident.roles).map(([role, who]) => `${term('role', role)}: ${who}`).join(', ')),
        ...fact(t('fact.opened'), el('span', {}, time(incident.openedAt), ' (', relative(incident.openedAt), ')')),
        ...fact(t('status.acknowledged'), incident.acknowledgedAt ? el('span', {}, time(incident.acknowledgedAt),
          incident.acknowledgedBy ? ` ${t('incident.by', { name: incident.acknowledgedBy })}` : '') : t('fact.notYet')),
        ...fact(t('fact.resolved'), incident.resolvedAt ? el('span', {}, time(incident.resolvedAt),
          incident.resolvedBy ? ` ${t('incident.by', { name: incident.resolvedBy })}` : '') : t('fact.notYet')),
        ...fact(t('fact.timeToAcknowledge'), incident.acknowledgedAt
          ? duration((new Date(incident.acknowledgedAt) - new Date(incident.openedAt)) / 1000) : '—'),
        ...fact(t('incident.pagesSent'), String(incident.pages))),
      incident.summary ? el('p', { class: 'prose' }, incident.summary) : '',
      incident.postmortem && incident.postmortem !== 'none'
        ? el('p', {}, el('a', { href: `#/incidents/${encodeURIComponent(incident.id)}/postmortem` }, `${t('postmortem.title')} (${term('postmortem', incident.postmortem)})`)) : '',
      (incident.links || []).length === 0 ? '' : el('ul', { class: 'links' },
        ...incident.links.filter((link) => /^https?:/i.test(link.href || '')).map((link) => el('li', {},
          el('a', { href: link.href, rel: 'noopener noreferrer' }, `${link.rel || t('incident.link')}: ${link.href}`)))));
    clear(timeline).append(...entries.map((entry) => el('li', { 'data-kind': entry.kind },
      el('span', { class: 'icon', 'aria-hidden': 'true' }, ICONS[entry.kind] || '•'),
      el('div', { class: 'entry' },
        el('p', { class: 'meta' }, el('strong', {}, term('kind', entry.kind)), ' · ', time(entry.occurredAt || entry.at),
          entry.occurredAt ? ` · ${t('incident.recordedAt')} ` : '', entry.occurredAt ? time(entry.at) : '',
          entry.actor ? ` · ${entry.actor}` : ''),
        el('p', { class: 'summary' }, entry.summary || '')))));
    clear(alerts).append(...((incident.alerts || []).length === 0 ? [el('li', {}, t('incident.noAlert'))]
      : incident.alerts.map((alert) => el('li', {}, el('strong', {}, alert.title || alert.fingerprint || alert.signalId),
        ' · ', time(alert.attachedAt)))));
    const linked = new Set((incident.linkedChanges || []).map((change) => change.changeId));
    clear(changes).append(...((incident.changesBefore || []).length === 0 ? [el('li', {}, t('incident.noChange'))]
      : incident.changesBefore.map((change) => el('li', { 'data-change-id': change.changeId }, el('strong', {}, change.service),
        ` ${change.kind ? term('change', change.kind) : t('kind.change')}${change.version ? ` ${change.version}` : ''}: ${change.summary || change.changeId} · `,
        time(change.occurredAt), change.actor ? ` · ${change.actor}` : '',
        linked.has(change.changeId) ? ` · ${t('incident.linked')}` : canAct && incident.status !== 'CLOSED'
          ? [' ', button(t('action.linkChange'), 'link-change', () => send('changes',
            { changeId: change.changeId, service: change.service, summary: change.summary || undefined },
            incident.sequence, t('done.changeLinked')))] : ''))));
    clear(items).append(...((incident.actionItems || []).length === 0 ? [el('li', {}, t('incident.noActionItems'))]
      : incident.actionItems.map((item) => el('li', { 'data-action-item-id': item.id, 'data-done': String(item.done) },
        el('strong', {}, `${item.done ? '✔ ' : ''}${item.title}`),
        ` · ${term('actionItemKind', item.kind)} · ${t('incident.ownerDue', { owner: item.owner, due: item.dueDate })}`,
        !item.done && canAct && incident.status !== 'CLOSED'
          ? [' ', button(t('action.complete'), 'complete-action-item', () => send(
            `action-items/${encodeURIComponent(item.id)}/complete`, undefined, incident.sequence,
            t('done.actionItemCompleted'))), changeItem(item, incident.sequence)] : ''))));
    const open = !['RESOLVED', 'CLOSED'].includes(incident.status);
    controls.forEach((update) => update(incident, open));
  };

  const load = async () => {
    const [detail, entries] = await Promise.all([call(`/api/v1/incidents/${encodeURIComponent(id)}`),
      call(`/api/v1/incidents/${encodeURIComponent(id)}/timeline`)]);
    if (!detail.ok) {
      title.textContent = detail.status === 404 ? t('incident.missing') : t('incident.title');
      clear(header).append(el('p', {}, problemText(detail)));
      return;
    }
    render(detail.data, entries.ok ? entries.data : []);
  };

  /** A form that gives an action item another owner or due date (only what changed is sent). */
  function changeItem(item, sequence) {
    const owner = el('input', { name: 'owner', type: 'text', required: true, maxlength: '128', autocomplete: 'off', value: item.owner || '' });
    const due = el('input', { name: 'dueDate', type: 'date', required: true, value: item.dueDate || '' });
    const save = el('button', { type: 'submit', 'data-action': 'update-action-item' }, t('action.save'));
    const form = el('form', { 'data-form': 'action-item-change' }, field(t('form.owner'), owner), field(t('form.due'), due), save);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = {};
      if (owner.value.trim() !== (item.owner || '')) {
        body.owner = owner.value.trim();
      }
      if (due.value !== (item.dueDate || '')) {
        body.dueDate = due.value;
      }
      if (Object.keys(body).length === 0) {
        notice(t('incident.nothingChanged'), 'info');
        return;
      }
      save.disabled = true;
      await send(`action-items/${encodeURIComponent(item.id)}`, body, sequence, t('done.actionItemUpdated'), 'PATCH');
    });
    return el('details', { class: 'form change' }, el('summary', {}, t('incident.changeActionItem')), form);
  }

  /** A button that runs an action once per click, disabled while it runs. */
  function button(text, action, run) {
    const element = el('button', { type: 'button', 'data-action': action }, text);
    element.addEventListener('click', async () => {
      element.disabled = true;
      await run();
    });
    return element;
  }

  const send = async (path, body, sequence, done, method = 'POST') => {
    const answer = await call(`${context.settings.incidentApi}/api/v1/incidents/${encodeURIComponent(id)}/${path}`,
      { method, body, ifMatch: sequence });
    if (answer.ok) {
      notice(answer.status === 202 ? t('incident.queued') : done, 'success');
    } else {
      notice(refusal(answer), 'error');
    }
    await load();
    return answer.ok;
  };

  if (context.responder && context.settings.incidentApi) {
    actions.append(el('h2', { id: 'actions-title' }, t('incident.act')));
    const buttons = el('div', { class: 'buttons' });
    const acknowledge = el('button', { type: 'button', 'data-action': 'acknowledge' }, t('action.acknowledge'));
    const resolve = el('button', { type: 'button', 'data-action': 'resolve' }, t('action.resolve'));
    const close = el('button', { type: 'button', 'data-action': 'close' }, t('action.close'));
    const blockers = el('p', { id: 'close-blockers', class: 'blockers', 'aria-live': 'polite' });
    buttons.append(acknowledge, resolve, close);
    actions.append(buttons, blockers);
    const oneClick = (button, path, done) => button.addEventListener('click', async () => {
      button.disabled = true;
      await send(path, undefined, current.sequence, done);
    });
    oneClick(acknowledge, 'acknowledge', t('done.acknowledged'));
    oneClick(resolve, 'resolve', t('done.resolved'));
    oneClick(close, 'close', t('done.closed'));
    controls.push((incident, open) => {
      acknowledge.disabled = incident.status !== 'TRIGGERED';
      resolve.disabled = !open;
      const blocking = (incident.closeBlockers || []).filter((code) => code !== 'already-closed');
      close.disabled = (incident.closeBlockers || []).length > 0;
      close.hidden = incident.status === 'CLOSED';
      blockers.textContent = blocking.length === 0 || open ? ''
        : t('incident.closeBlocked', { reasons: blocking.map((code) => t(`blocker.${code}`)).join(t('list.separator')) });
    });

    const form = (summary, name, fields, body, done, shown = null) => {
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
      controls.push((incident) => {
        submit.disabled = incident.status === 'CLOSED';
        box.hidden = shown !== null && !shown(incident);
      });
      actions.append(box);
      return element;
    };

    form(t('form.status'), 'status', [
      field(t('incidents.status'), select('status', WORKING.map((s) => [s, term('status', s)]), 'investigating')),
      field(t('form.note'), el('input', { name: 'note', type: 'text', maxlength: '4000', autocomplete: 'off' }))],
    (data) => ({ status: data.get('status'), note: data.get('note') || undefined }), t('done.status'),
    (incident) => !['RESOLVED', 'CLOSED'].includes(incident.status));
    const actionChoice = select('action', [['', '—'], ...vocabulary.actions.map((a) => [a, term('actionTaken', a)])], '');
    const entryForm = form(t('form.entry'), 'timeline', [
      field(t('form.kind'), select('kind', vocabulary.entryKinds.map((k) => [k, term('kind', k)]), 'note')),
      field(t('form.actionTaken'), actionChoice),
      field(t('form.text'), el('textarea', { name: 'text', rows: '3', required: true, maxlength: '4000' })),
      field(t('form.occurredAt'), el('input', { name: 'occurredAt', type: 'datetime-local' }))],
    (data) => ({
      kind: data.get('kind'),
      action: data.get('action') || undefined,
      text: data.get('text'),
      // when it happened, in the viewer's time zone; now when left empty
      occurredAt: data.get('occurredAt') ? new Date(String(data.get('occurredAt'))).toISOString() : undefined,
    }),
    t('done.entry'));
    entryForm.querySelector('[name=kind]').addEventListener('change', (event) => {
      actionChoice.required = event.target.value === 'action';
    });
    form(t('form.role'), 'roles', [
      field(t('form.roleName'), select('role', vocabulary.roles.map((r) => [r, term('role', r)]), 'commander')),
      field(t('form.assignee'), el('input', { name: 'assignee', type: 'text', required: true, maxlength: '128', autocomplete: 'off' }))],
    (data) => ({ role: data.get('role'), assignee: data.get('assignee') }), t('done.role'));
    form(t('form.severity'), 'severity', [
      field(t('incidents.severity'), select('severity', SEVERITIES.map((s) => [s, s]), 'SEV2')),
      field(t('form.reason'), el('input', { name: 'reason', type: 'text', required: true, maxlength: '1000', autocomplete: 'off' }))],
    (data) => ({ severity: data.get('severity'), reason: data.get('reason') }), t('done.severity'));
    form(t('form.actionItem'), 'action-items', [
      field(t('form.title'), el('input', { name: 'title', type: 'text', required: true, maxlength: '300', autocomplete: 'off' })),
      field(t('form.kind'), select('kind', vocabulary.actionItemKinds.map((k) => [k, term('actionItemKind', k)]), 'prevention')),
      field(t('form.owner'), el('input', { name: 'owner', type: 'text', required: true, maxlength: '128', autocomplete: 'off' })),
      field(t('form.due'), el('input', { name: 'dueDate', type: 'date', required: true }))],
    (data) => ({ title: data.get('title'), kind: data.get('kind'), owner: data.get('owner'), dueDate: data.get('dueDate') }),
    t('done.actionItem'));
    form(t('form.reopen'), 'reopen', [
      field(t('form.reason'), el('input', { name: 'reason', type: 'text', maxlength: '1000', autocomplete: 'off' }))],
    (data) => ({ reason: data.get('reason') || undefined }), t('done.reopened'),
    (incident) => incident.status === 'RESOLVED');
  } else if (context.responder) {
    actions.append(el('p', {}, t('incident.noIncidentUrl')));
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
