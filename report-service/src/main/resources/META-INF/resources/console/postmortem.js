// An incident's postmortem: what report-service drafted from the ledger and what responders wrote; for a responder,
// while it is not published, the editor. Each written section is saved to incident-service a moment after the typing
// stops (and when the field is left): the decider records the edit and answers with its blameless check's warnings
// (the one implementation of that check), shown under the section. Publishing says beforehand what is missing, by the
// decider's own rule (report-service's publishBlockers).
import { call, onIncidentChange } from './api.js';
import { el, clear, time, badge, notice, problemText, debounce, fact, duration, field, select } from './ui.js';
import { t, term } from './i18n.js';

const WRITTEN = [['summary', 'summary'], ['went-well', 'wentWell'], ['went-badly', 'wentBadly'], ['lucky', 'lucky'],
  ['lessons', 'lessons']];
const SAVE_AFTER_MILLIS = 1500;

/** A warning of the blameless check, in the reader's language (the decider writes two kinds, in English). */
function warning(text) {
  const named = /^names (.+?): /.exec(text);
  if (named) {
    return t('blameless.names', { person: named[1] });
  }
  const words = /^"(.+?)" puts the cause on a person/.exec(text);
  return words ? t('blameless.words', { words: words[1] }) : text;
}

function warnings(list) {
  return el('ul', { class: 'warnings', role: 'status' }, ...(list || []).map((text) => el('li', {}, `⚠️ ${warning(text)}`)));
}

export async function postmortemPage(id, context, page) {
  const root = page(t('postmortem.title'));
  const answer = await call(`/api/v1/incidents/${encodeURIComponent(id)}/postmortem`);
  if (!answer.ok) {
    root.append(el('p', {}, problemText(answer)));
    return () => {};
  }
  const pm = answer.data;
  const editing = context.responder && Boolean(context.settings.incidentApi) && pm.status !== 'published';
  root.querySelector('h1').textContent = t('postmortem.titleOf', { title: pm.title });
  root.append(
    el('p', { class: 'meta' }, badge('severity', pm.severity), ' ', badge('postmortem', pm.status), ` ${pm.service} · ${pm.product} · `,
      el('a', { href: `#/incidents/${encodeURIComponent(id)}` }, t('postmortem.incident'))),
    exports(id),
    el('h2', {}, t('postmortem.impact')),
    el('dl', { class: 'facts' },
      ...fact(t('fact.opened'), time(pm.impact.openedAt)), ...fact(t('fact.resolved'), pm.impact.resolvedAt ? time(pm.impact.resolvedAt) : t('fact.notYet')),
      ...fact(t('fact.timeToAcknowledge'), duration(pm.impact.timeToAcknowledgeSeconds)),
      ...fact(t('fact.timeToResolve'), duration(pm.impact.timeToResolveSeconds)),
      ...fact(t('fact.alerts'), String(pm.impact.alerts)), ...fact(t('fact.pages'), String(pm.impact.pages))));
  if (editing) {
    return editor(id, context, root, pm);
  }
  root.append(
    el('h2', {}, t('postmortem.factors')),
    (pm.contributingFactors || []).length === 0 ? el('p', {}, t('postmortem.noFactors'))
      : el('ul', {}, ...pm.contributingFactors.map((f) => el('li', {}, `${term('factor', f.category)}: ${f.text || ''}`))),
    ...WRITTEN.flatMap(([section, key]) => [el('h2', {}, t(`postmortem.section.${key}`)), el('p', { class: 'prose' }, pm[key] || '—')]),
    actionItems(pm));
  return () => {};
}

/** Buttons that download the postmortem as report-service writes it in Markdown or HTML (read with the token). */
function exports(id) {
  const box = el('p', { class: 'exports' }, t('postmortem.export'), ' ');
  [['markdown', 'text/markdown', 'md'], ['html', 'text/html', 'html']].forEach(([kind, type, extension]) => {
    const button = el('button', { type: 'button', 'data-action': `export-${kind}` }, t(`postmortem.export.${kind}`));
    button.addEventListener('click', async () => {
      const answer = await call(`/api/v1/incidents/${encodeURIComponent(id)}/postmortem`, { accept: type });
      if (!answer.ok) {
        notice(problemText(answer), 'error');
        return;
      }
      const file = `postmortem-${id}.${extension}`;
      const link = el('a', { href: URL.createObjectURL(new Blob([answer.data], { type })), download: file, 'data-export': kind },
        t('postmortem.download', { file }));
      box.querySelectorAll(`a[data-export=${kind}]`).forEach((old) => old.remove());
      box.append(' ', link);
      link.click();
    });
    box.append(button, ' ');
  });
  return box;
}

function actionItems(pm) {
  return el('section', {}, el('h2', {}, t('postmortem.actionItems')),
    (pm.actionItems || []).length === 0 ? el('p', {}, t('postmortem.noActionItems'))
      : el('ul', {}, ...pm.actionItems.map((a) => el('li', {}, `${a.done ? '✔ ' : ''}${a.title}`,
        a.owner ? ` (${a.dueDate ? t('postmortem.ownerDue', { owner: a.owner, due: a.dueDate }) : a.owner})` : ''))));
}

function editor(id, context, root, pm) {
  const base = `${context.settings.incidentApi}/api/v1/incidents/${encodeURIComponent(id)}/postmortem`;
  const sections = el('div', { class: 'editor' });
  root.append(el('p', { class: 'lead' }, t('postmortem.editorLead')), sections);

  const put = async (section, body, status, shown) => {
    status.textContent = t('postmortem.saving');
    const saved = await call(`${base}/${section}`, { method: 'PUT', body });
    if (!saved.ok) {
      status.textContent = '';
      notice(problemText(saved), 'error');
      return false;
    }
    const edited = (saved.data.events || []).find((event) => event.type === 'kizuki.incident.postmortem-edited.v1');
    clear(shown).append(...warnings(edited && edited.data ? edited.data.warnings : []).childNodes);
    status.textContent = t('postmortem.saved');
    return true;
  };

  // the contributing factors: a category from the vocabulary and what in it contributed
  const rows = el('ol', { class: 'factors' });
  const factorStatus = el('p', { class: 'saved', 'aria-live': 'polite' });
  const factorWarnings = warnings(pm.warnings && pm.warnings['contributing-factors']);
  const addFactor = (factor = { category: '', text: '' }) => {
    const n = rows.children.length + 1;
    rows.append(el('li', { class: 'factor' },
      field(t('postmortem.factorCategory', { n }), select('category',
        [['', '—'], ...context.settings.vocabulary.factorCategories.map((c) => [c, term('factor', c)])], factor.category)),
      field(t('postmortem.factorText', { n }), el('input', { name: 'factor-text', type: 'text', maxlength: '2000', value: factor.text || '', autocomplete: 'off' }))));
  };
  (pm.contributingFactors || []).forEach(addFactor);
  if (rows.children.length === 0) {
    addFactor();
  }
  const more = el('button', { type: 'button', 'data-action': 'add-factor' }, t('postmortem.addFactor'));
  const saveFactors = el('button', { type: 'button', 'data-action': 'save-factors' }, t('postmortem.saveFactors'));
  more.addEventListener('click', () => addFactor());
  saveFactors.addEventListener('click', () => put('contributing-factors', {
    factors: [...rows.children].map((row) => ({
      category: row.querySelector('select').value,
      text: row.querySelector('input').value.trim(),
    })).filter((factor) => factor.category),
  }, factorStatus, factorWarnings));
  sections.append(el('section', { class: 'panel', 'data-section': 'contributing-factors' },
    el('h2', {}, t('postmortem.factors')), rows, el('div', { class: 'buttons' }, more, saveFactors), factorStatus, factorWarnings));

  // the written sections: saved a moment after the typing stops, and when the field is left
  WRITTEN.forEach(([section, key]) => {
    const area = el('textarea', { name: section, rows: '4', maxlength: '20000' }, pm[key] || '');
    const status = el('p', { class: 'saved', 'aria-live': 'polite' });
    const shown = warnings(pm.warnings && pm.warnings[section]);
    let last = area.value;
    const save = async () => {
      if (area.value === last) {
        return;
      }
      const text = area.value;
      if (await put(section, { text: text.trim() ? text : null }, status, shown)) {
        last = text;
      }
    };
    const later = debounce(save, SAVE_AFTER_MILLIS);
    area.addEventListener('input', () => {
      status.textContent = t('postmortem.editing');
      later();
    });
    area.addEventListener('blur', save);
    sections.append(el('section', { class: 'panel', 'data-section': section },
      field(t(`postmortem.section.${key}`), area), status, shown));
  });
  if (pm.summaryDrafted) {
    sections.querySelector('[data-section=summary]').append(el('p', { class: 'hint' }, t('postmortem.drafted')));
  }

  sections.append(actionItems(pm));

  // publishing: what is missing, said before the click
  const publish = el('button', { type: 'button', 'data-action': 'publish' }, t('postmortem.publish'));
  const blockers = el('p', { id: 'publish-blockers', class: 'blockers', 'aria-live': 'polite' });
  const show = (codes) => {
    publish.disabled = codes.length > 0;
    blockers.textContent = codes.length === 0 ? ''
      : t('postmortem.publishBlocked', { reasons: codes.map((code) => t(`blocker.${code}`)).join(t('list.separator')) });
  };
  show(pm.publishBlockers || []);
  publish.addEventListener('click', async () => {
    publish.disabled = true;
    const published = await call(`${base}/publish`, { method: 'POST' });
    if (published.ok) {
      notice(t('done.published'), 'success');
      refresh();
    } else {
      notice(problemText(published), 'error');
      publish.disabled = false;
    }
  });
  sections.append(el('section', { class: 'panel' }, el('h2', {}, t('postmortem.publishTitle')), blockers, publish));

  // what is missing follows the ledger: read again whenever this incident changes; once the read models have the
  // publication, the page shows the published postmortem
  let left = false;
  const refresh = debounce(async () => {
    const again = await call(`/api/v1/incidents/${encodeURIComponent(id)}/postmortem`);
    if (left) {
      return;
    }
    if (again.ok && again.data.status === 'published') {
      location.hash = `#/incidents/${encodeURIComponent(id)}/postmortem?published`;
    } else if (again.ok) {
      show(again.data.publishBlockers || []);
    }
  }, 300);
  const unsubscribe = onIncidentChange((change) => {
    if (change.id === id) {
      refresh();
    }
  });
  return () => {
    left = true;
    unsubscribe();
  };
}
