// Who is on call (notify-service): now in every schedule; the caller's next shifts, each with a request that someone
// take it (or part of it); the ways Kizuki reaches the caller, with a test of each and when each last worked; a schedule as a calendar, a week or a month in the viewer's time zone (who is paged, each
// layer on its own, the overrides); and the schedule's shift swaps, which the one asked (anyone, for an open request)
// accepts or declines and the one who asked or took it cancels; and the escalation policies that page for the
// caller's products, read-only. The schedule, the view and the day shown are in the
// route (#/oncall?schedule=…&view=week|month&at=…), so a swap links to its week.
import { call } from './api.js';
import { el, clear, time, field, select, notice, problemText } from './ui.js';
import { locale, t, term } from './i18n.js';

const VIEWS = ['week', 'month'];

function startOfDay(date) {
  const day = new Date(date);
  day.setHours(0, 0, 0, 0);
  return day;
}

function addDays(date, days) {
  const moved = new Date(date);
  moved.setDate(moved.getDate() + days);
  return moved;
}

/** The Monday of the week a date is in, at midnight. */
function startOfWeek(date) {
  const day = startOfDay(date);
  return addDays(day, -((day.getDay() + 6) % 7));
}

/** The days a view shows around a date: its week, or the weeks of its month (Monday first). */
function days(view, at) {
  let first;
  let count;
  if (view === 'month') {
    const month = new Date(at.getFullYear(), at.getMonth(), 1);
    first = startOfWeek(month);
    const last = addDays(new Date(at.getFullYear(), at.getMonth() + 1, 1), -1);
    count = Math.round((addDays(startOfWeek(last), 7) - first) / 86400000);
  } else {
    first = startOfWeek(at);
    count = 7;
  }
  return Array.from({ length: count }, (unused, i) => addDays(first, i));
}

/** A local date and time as a datetime-local input writes it. */
function localInput(instant) {
  const date = new Date(instant);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function clock(date, dayEnd) {
  if (date.getTime() === dayEnd.getTime()) {
    return '24:00';
  }
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/** The parts of stretches (start, end) within a day, each with its times on that day. */
function within(stretches, day) {
  const end = addDays(day, 1);
  return stretches
    .filter((stretch) => new Date(stretch.start) < end && new Date(stretch.end) > day)
    .map((stretch) => {
      const from = new Date(Math.max(new Date(stretch.start), day));
      const until = new Date(Math.min(new Date(stretch.end), end));
      return { ...stretch, times: `${clock(from, end)}–${clock(until, end)}` };
    });
}

function who(stretch) {
  return stretch.personName || stretch.person;
}

function stretchList(stretches, day, overrides) {
  const parts = within(stretches, day);
  if (parts.length === 0) {
    return '—';
  }
  return el('ul', { class: 'stretches' }, ...parts.map((part) => {
    const overridden = overrides && overrides.some((o) => o.person === part.person
      && new Date(o.start) <= new Date(part.start) && new Date(o.end) >= new Date(part.end));
    return el('li', { 'data-person': part.person, class: overridden ? 'override' : null },
      `${part.times} ${who(part)}`, overridden ? ` (${t('calendar.override')})` : '');
  }));
}

function dayName(day, style) {
  return new Intl.DateTimeFormat(locale(), style).format(day);
}

function weekTable(calendar, shown) {
  const rows = [['paged', t('calendar.paged'), calendar.shifts, calendar.overrides],
    ...calendar.layers.map((layer) => ['layer', t('calendar.layer', { name: layer.name }), layer.shifts, null]),
    ['overrides', t('calendar.overrides'), calendar.overrides, null]];
  return el('table', { class: 'calendar week', 'data-schedule': calendar.schedule },
    el('caption', {}, t('calendar.caption', { name: calendar.name || calendar.schedule, zone: Intl.DateTimeFormat().resolvedOptions().timeZone })),
    el('thead', {}, el('tr', {}, el('td', {}), ...shown.map((day) => el('th', { scope: 'col', 'data-day': localInput(day).slice(0, 10) },
      dayName(day, { weekday: 'short', month: 'numeric', day: 'numeric' }))))),
    el('tbody', {}, ...rows.map(([kind, label, stretches, overrides]) => el('tr', { 'data-row': kind },
      el('th', { scope: 'row' }, label),
      ...shown.map((day) => el('td', { 'data-day': localInput(day).slice(0, 10) }, stretchList(stretches, day, overrides)))))));
}

function monthTable(calendar, shown, at) {
  const weeks = [];
  for (let i = 0; i < shown.length; i += 7) {
    weeks.push(shown.slice(i, i + 7));
  }
  return el('table', { class: 'calendar month', 'data-schedule': calendar.schedule },
    el('caption', {}, t('calendar.caption', { name: calendar.name || calendar.schedule, zone: Intl.DateTimeFormat().resolvedOptions().timeZone })),
    el('thead', {}, el('tr', {}, ...shown.slice(0, 7).map((day) => el('th', { scope: 'col' }, dayName(day, { weekday: 'short' }))))),
    el('tbody', {}, ...weeks.map((week) => el('tr', {}, ...week.map((day) => el('td', {
      'data-day': localInput(day).slice(0, 10), class: day.getMonth() === at.getMonth() ? null : 'other-month',
    }, el('span', { class: 'date' }, dayName(day, { day: 'numeric' })), stretchList(calendar.shifts, day, calendar.overrides)))))));
}

/** A duration the API gives (ISO-8601, PT5M) in minutes, or null. */
function minutes(duration) {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration || '');
  return match ? Number(match[1] || 0) * 60 + Number(match[2] || 0) + Math.round(Number(match[3] || 0) / 60) : null;
}

function target(item) {
  const name = item.name || item.id;
  if (item.kind === 'schedule') {
    return t(`policies.schedule.${item.who}`, { name });
  }
  return t(`policies.${item.kind}`, { name });
}

function route(item) {
  if (item.isDefault) {
    return t('policies.default');
  }
  const parts = [...(item.products || []), ...(item.services || []), ...(item.severities || []),
    ...(item.classes || []).map((c) => term('class', c))];
  return parts.length ? parts.join(', ') : t('policies.everything');
}

async function drawPolicies(api, section) {
  const answer = await call(`${api}/escalation-policies`);
  if (!answer.ok) {
    section.append(el('p', {}, problemText(answer)));
  } else if (answer.data.length === 0) {
    section.append(el('p', {}, t('policies.none')));
  } else {
    section.append(el('ul', { class: 'policies' }, ...answer.data.map((policy) => el('li', { class: 'card', 'data-policy': policy.id },
      el('h3', {}, policy.name || policy.id),
      el('p', { class: 'meta' }, t('policies.routes', { routes: policy.routes.map(route).join('; ') || '—' })),
      el('ol', { class: 'levels' }, ...policy.levels.map((level, i) => el('li', { 'data-level': String(i + 1) },
        policy.levels.length > 1 && i < policy.levels.length - 1 && minutes(level.timeout) !== null
          ? t('policies.level', { targets: level.targets.map(target).join(', '), minutes: minutes(level.timeout) })
          : level.targets.map(target).join(', ')))),
      policy.repeat > 0 ? el('p', {}, t('policies.repeat', { n: policy.repeat })) : ''))));
  }
  section.dataset.loaded = 'true';
}

export async function onCallPage(context, page, query) {
  const now = el('section', { 'aria-labelledby': 'now-title' }, el('h2', { id: 'now-title' }, t('oncall.now')));
  const mine = el('section', { 'aria-labelledby': 'mine-title' }, el('h2', { id: 'mine-title' }, t('oncall.mine')));
  const contact = el('section', { 'aria-labelledby': 'contact-title' }, el('h2', { id: 'contact-title' }, t('contact.title')));
  const schedule = el('section', { 'aria-labelledby': 'calendar-title' }, el('h2', { id: 'calendar-title' }, t('calendar.title')));
  const swaps = el('section', { 'aria-labelledby': 'swaps-title' }, el('h2', { id: 'swaps-title' }, t('swaps.title')));
  const policies = el('section', { 'aria-labelledby': 'policies-title' }, el('h2', { id: 'policies-title' }, t('policies.title')));
  page(t('nav.oncall'), now, mine, contact, schedule, swaps, policies);
  if (!context.settings.notifyApi) {
    now.append(el('p', {}, t('oncall.noNotifyUrl')));
    return () => {};
  }
  const api = `${context.settings.notifyApi}/api/v1`;
  const [current, shifts] = await Promise.all([call(`${api}/oncall`), call(`${api}/oncall/me?days=28`)]);
  const me = shifts.ok ? shifts.data.person : null;
  const schedules = current.ok ? current.data.schedules : [];
  const state = {
    schedule: query.get('schedule') || (schedules[0] && schedules[0].schedule) || '',
    view: VIEWS.includes(query.get('view')) ? query.get('view') : 'week',
    at: query.get('at') && !Number.isNaN(Date.parse(query.get('at'))) ? new Date(query.get('at')) : new Date(),
  };
  let members = [];

  if (!current.ok) {
    now.append(el('p', {}, problemText(current)));
  } else {
    now.append(el('table', { class: 'oncall' },
      el('caption', {}, t('oncall.caption'), ' ', time(current.data.at)),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('oncall.schedule')), el('th', { scope: 'col' }, t('oncall.person')),
        el('th', { scope: 'col' }, t('oncall.until')))),
      el('tbody', {}, ...schedules.map((s) => el('tr', { 'data-schedule': s.schedule },
        el('th', { scope: 'row' }, s.name || s.schedule),
        el('td', {}, s.person ? `${s.personName || s.person}${s.timeZone ? ` (${s.timeZone})` : ''}` : t('oncall.nobody')),
        el('td', {}, s.shiftEnd ? time(s.shiftEnd) : '—'))))));
  }

  const controls = el('form', { class: 'calendar-controls', 'data-form': 'calendar', 'aria-label': t('calendar.controls') },
    field(t('oncall.schedule'), select('schedule', schedules.map((s) => [s.schedule, s.name || s.schedule]), state.schedule)),
    field(t('calendar.view'), select('view', VIEWS.map((v) => [v, t(`calendar.${v}`)]), state.view)),
    el('div', { class: 'buttons' },
      el('button', { type: 'button', 'data-action': 'previous' }, t('calendar.previous')),
      el('button', { type: 'button', 'data-action': 'today' }, t('calendar.today')),
      el('button', { type: 'button', 'data-action': 'next' }, t('calendar.next'))));
  const drawn = el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('calendar.title') });
  schedule.append(controls, drawn);

  const drawCalendar = async () => {
    history.replaceState(null, '', `#/oncall?${new URLSearchParams({ schedule: state.schedule, view: state.view, at: state.at.toISOString() })}`);
    clear(drawn);
    if (!state.schedule) {
      drawn.append(el('p', {}, t('calendar.none')));
      return;
    }
    const shown = days(state.view, state.at);
    const range = new URLSearchParams({ from: shown[0].toISOString(), until: addDays(shown[shown.length - 1], 1).toISOString() });
    const answer = await call(`${api}/schedules/${encodeURIComponent(state.schedule)}/shifts?${range}`);
    if (!answer.ok) {
      drawn.append(el('p', {}, problemText(answer)));
      return;
    }
    members = answer.data.members;
    drawn.append(state.view === 'month' ? monthTable(answer.data, shown, state.at) : weekTable(answer.data, shown));
  };

  const name = (person) => {
    const member = members.find((m) => m.person === person);
    return (member && member.personName) || person;
  };

  const drawSwaps = async () => {
    await listSwaps();
    swaps.dataset.loaded = 'true';
  };

  const listSwaps = async () => {
    clear(swaps).append(el('h2', { id: 'swaps-title' }, t('swaps.title')));
    if (!state.schedule) {
      return;
    }
    const answer = await call(`${api}/schedules/${encodeURIComponent(state.schedule)}/swaps`);
    if (!answer.ok) {
      swaps.append(el('p', {}, problemText(answer)));
      return;
    }
    if (answer.data.length === 0) {
      swaps.append(el('p', {}, t('swaps.none')));
      return;
    }
    const at = new Date();
    swaps.append(el('ul', { class: 'swaps' }, ...answer.data.map((swap) => {
      const item = el('li', { 'data-swap-id': swap.id, 'data-state': swap.state, 'data-from': swap.from },
        el('strong', {}, t(swap.to ? 'swaps.asked' : 'swaps.askedAnyone', { requester: name(swap.requester), to: name(swap.to) })),
        ' ', time(swap.from), ' – ', time(swap.until), ` · ${term('swaps.state', swap.state)}`,
        swap.acceptedBy ? ` · ${t('swaps.takenBy', { person: name(swap.acceptedBy) })}` : '',
        swap.reason ? el('br') : '', swap.reason ? t('swaps.reason', { reason: swap.reason }) : '', el('br'),
        el('a', { href: `#/oncall?${new URLSearchParams({ schedule: swap.schedule, view: 'week', at: swap.from })}`, 'data-action': 'show-swap' },
          t('swaps.show')));
      const buttons = [];
      const open = swap.state === 'requested';
      const ongoing = (open || swap.state === 'accepted') && new Date(swap.until) > at;
      if (context.responder && me && open && me !== swap.requester && (!swap.to || swap.to === me)) {
        buttons.push(['accept', t('swaps.accept')]);
        if (swap.to === me) {
          buttons.push(['decline', t('swaps.decline')]);
        }
      }
      if (context.responder && me && ongoing && (me === swap.requester || me === swap.acceptedBy)) {
        buttons.push(['cancel', t('swaps.cancel')]);
      }
      if (buttons.length) {
        item.append(el('div', { class: 'buttons' }, ...buttons.map(([step, label]) => {
          const button = el('button', { type: 'button', 'data-action': `${step}-swap` }, label);
          button.addEventListener('click', async () => {
            button.disabled = true;
            const done = await call(`${api}/swaps/${encodeURIComponent(swap.id)}/${step}`, { method: 'POST' });
            notice(done.ok ? t(`swaps.done.${step}`) : problemText(done), done.ok ? 'success' : 'error');
            await Promise.all([drawCalendar(), drawSwaps()]);
          });
          return button;
        })));
      }
      return item;
    })));
  };

  const askForm = (shift) => {
    const form = el('form', { 'data-form': 'swap', 'data-schedule': shift.schedule, 'data-start': shift.start },
      field(t('swaps.to'), select('to', [['', t('swaps.anyone')]], '')),
      field(t('swaps.from'), el('input', { name: 'from', type: 'datetime-local', required: true, value: localInput(shift.start) })),
      field(t('swaps.until'), el('input', { name: 'until', type: 'datetime-local', required: true, value: localInput(shift.end) })),
      field(t('form.reason'), el('input', { name: 'reason', type: 'text', maxlength: '500', autocomplete: 'off' })),
      el('button', { type: 'submit', 'data-action': 'ask-swap' }, t('swaps.ask')));
    const box = el('details', { class: 'form' }, el('summary', {}, t('swaps.askSummary')), form);
    box.addEventListener('toggle', async () => {
      const to = form.querySelector('select[name=to]');
      if (!box.open || to.options.length > 1) {
        return;
      }
      const answer = await call(`${api}/schedules/${encodeURIComponent(shift.schedule)}/shifts?${new URLSearchParams({ from: shift.start, until: shift.end })}`);
      (answer.ok ? answer.data.members : []).filter((m) => m.person !== me)
        .forEach((m) => to.append(el('option', { value: m.person }, m.personName || m.person)));
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = new FormData(form);
      // the shift's own instants when the times were left as they were (the inputs have minutes only)
      const instant = (name, original) => (values.get(name) === localInput(original) ? original : new Date(String(values.get(name))).toISOString());
      const body = { from: instant('from', shift.start), until: instant('until', shift.end) };
      if (values.get('to')) {
        body.to = String(values.get('to'));
      }
      const reason = String(values.get('reason') || '').trim();
      if (reason) {
        body.reason = reason;
      }
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      const asked = await call(`${api}/schedules/${encodeURIComponent(shift.schedule)}/swaps`, { method: 'POST', body });
      button.disabled = false;
      if (!asked.ok) {
        notice(problemText(asked), 'error');
        return;
      }
      notice(t('swaps.done.ask'), 'success');
      box.open = false;
      if (shift.schedule === state.schedule) {
        await drawSwaps();
      }
    });
    return box;
  };

  if (!shifts.ok) {
    mine.append(el('p', {}, problemText(shifts)));
  } else if (!shifts.data.person) {
    mine.append(el('p', {}, t('oncall.notAPerson', { user: context.user })));
  } else if (shifts.data.shifts.length === 0) {
    mine.append(el('p', {}, t('oncall.noShifts', { name: shifts.data.personName || shifts.data.person })));
  } else {
    mine.append(el('ul', { class: 'shifts' }, ...shifts.data.shifts.map((s) => el('li', { 'data-schedule': s.schedule, 'data-start': s.start },
      el('strong', {}, s.name || s.schedule), ': ', time(s.start), ' – ', time(s.end),
      context.responder ? askForm(s) : ''))));
  }

  const methods = async () => {
    clear(contact).append(el('h2', { id: 'contact-title' }, t('contact.title')));
    if (!me) {
      contact.hidden = true;
      return;
    }
    const answer = await call(`${api}/people/${encodeURIComponent(me)}/contact-methods`);
    if (!answer.ok) {
      contact.append(el('p', {}, problemText(answer)));
      return;
    }
    const slack = answer.data.slack;
    contact.append(el('p', { 'data-slack': slack ? (slack.actsAs ? 'linked' : 'member') : 'none' },
      el('strong', {}, 'Slack'), ' ', !slack ? t('contact.slack.none')
        : slack.actsAs ? t('contact.slack.linked', { member: slack.member, user: slack.actsAs })
          : t('contact.slack.member', { member: slack.member })));
    if (answer.data.methods.length === 0) {
      contact.append(el('p', {}, t('contact.none')));
      return;
    }
    contact.append(el('ul', { class: 'methods' }, ...answer.data.methods.map((method) => {
      const last = method.lastTest;
      return el('li', { 'data-method': method.method, 'data-delivered': last ? String(last.delivered) : null },
        el('strong', {}, term('contact.method', method.method)), ` ${method.address} · `,
        !last ? t('contact.never') : last.delivered ? t('contact.passed') : t('contact.failed', { reason: last.reason || '' }),
        last ? ' ' : '', last ? time(last.at) : '');
    })));
    const test = el('button', { type: 'button', 'data-action': 'test-notification' }, t('contact.test'));
    test.addEventListener('click', async () => {
      test.disabled = true;
      const tested = await call(`${api}/people/${encodeURIComponent(me)}/test-notification`, { method: 'POST' });
      test.disabled = false;
      notice(tested.ok ? t('contact.tested', { delivered: tested.data.results.filter((r) => r.delivered).length, total: tested.data.results.length })
        : problemText(tested), tested.ok ? 'success' : 'error');
      await methods();
    });
    contact.append(test);
  };

  controls.addEventListener('submit', (event) => event.preventDefault());
  controls.addEventListener('change', async () => {
    const values = new FormData(controls);
    const switched = values.get('schedule') !== state.schedule;
    state.schedule = String(values.get('schedule'));
    state.view = String(values.get('view'));
    await Promise.all([drawCalendar(), switched ? drawSwaps() : null]);
  });
  controls.addEventListener('click', async (event) => {
    const action = event.target.dataset && event.target.dataset.action;
    if (!action) {
      return;
    }
    if (action === 'today') {
      state.at = new Date();
    } else {
      const step = action === 'next' ? 1 : -1;
      state.at = state.view === 'month' ? new Date(state.at.getFullYear(), state.at.getMonth() + step, 1) : addDays(state.at, 7 * step);
    }
    await drawCalendar();
  });
  await methods();
  await drawCalendar();
  await drawSwaps();
  await drawPolicies(api, policies);
  return () => {};
}
