// Metrics for leads: MTTA/MTTR trends and incidents per week, on-call burden per person, drawn with Chart.js (served
// from its webjar). Every chart has its figures as a table beside it, for screen readers and for exact numbers.
import { call } from './api.js';
import { el, problemText } from './ui.js';
import { t } from './i18n.js';

const WEEKS = 12;
const charts = [];

function minutes(seconds) {
  return seconds === null || seconds === undefined ? null : Math.round(seconds / 6) / 10;
}

function figure(id, title, table) {
  const canvas = el('canvas', { id, role: 'img', 'aria-label': t('metrics.chartLabel', { title }) });
  return {
    canvas,
    element: el('section', { class: 'panel chart' }, el('h2', {}, title), el('div', { class: 'canvas' }, canvas),
      el('details', {}, el('summary', {}, t('metrics.asTable')), table)),
  };
}

function table(headings, rows) {
  return el('table', { class: 'figures' },
    el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', { scope: 'col' }, heading)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell, i) => (i === 0
      ? el('th', { scope: 'row' }, String(cell)) : el('td', {}, cell === null ? '—' : String(cell))))))));
}

function draw(canvas, config) {
  if (!window.Chart) {
    canvas.replaceWith(el('p', {}, t('metrics.noCharts')));
    return;
  }
  // the text and grid in the page's own colours (light or dark, as the system is set)
  const style = getComputedStyle(document.documentElement);
  window.Chart.defaults.color = style.getPropertyValue('--text').trim();
  window.Chart.defaults.borderColor = style.getPropertyValue('--line').trim();
  charts.push(new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } }));
}

export async function metricsPage(page) {
  const from = new Date(Date.now() - WEEKS * 7 * 86400000).toISOString();
  const root = page(t('nav.metrics'), el('p', { class: 'lead' }, t('metrics.lead', { weeks: WEEKS })));
  const [weeks, burden] = await Promise.all([call(`/api/v1/metrics/incidents?groupBy=week&from=${encodeURIComponent(from)}`),
    call(`/api/v1/oncall/burden?from=${encodeURIComponent(from)}`)]);
  if (!weeks.ok) {
    root.append(el('p', {}, problemText(weeks)));
  } else {
    const rows = weeks.data.slice().sort((a, b) => a.group.week.localeCompare(b.group.week));
    const labels = rows.map((row) => row.group.week);
    const mttaMttr = figure('chart-mtta-mttr', t('metrics.mttaMttr'), table(
      [t('metrics.week'), t('metrics.mttaMedian'), t('metrics.mttaMean'), t('metrics.mttrMedian'), t('metrics.mttrMean')],
      rows.map((row) => [row.group.week, minutes(row.timeToAcknowledge.medianSeconds), minutes(row.timeToAcknowledge.meanSeconds),
        minutes(row.timeToResolve.medianSeconds), minutes(row.timeToResolve.meanSeconds)])));
    const counts = figure('chart-incidents', t('metrics.perWeek'), table([t('metrics.week'), t('nav.incidents')],
      rows.map((row) => [row.group.week, row.incidents])));
    root.append(mttaMttr.element, counts.element);
    draw(mttaMttr.canvas, {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: t('metrics.mttaLine'), data: rows.map((row) => minutes(row.timeToAcknowledge.medianSeconds)), borderColor: '#0b5cad', backgroundColor: '#0b5cad', spanGaps: true },
          { label: t('metrics.mttrLine'), data: rows.map((row) => minutes(row.timeToResolve.medianSeconds)), borderColor: '#b3261e', backgroundColor: '#b3261e', borderDash: [6, 3], spanGaps: true },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: t('metrics.minutes') } } } },
    });
    draw(counts.canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: t('nav.incidents'), data: rows.map((row) => row.incidents), backgroundColor: '#0b5cad' }] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  if (!burden.ok) {
    root.append(el('p', {}, problemText(burden)));
  } else {
    const people = new Map();
    burden.data.forEach((week) => {
      const sum = people.get(week.person) || { pages: 0, night: 0, weekend: 0 };
      sum.pages += week.pages;
      sum.night += week.nightPages;
      sum.weekend += week.weekendPages;
      people.set(week.person, sum);
    });
    const names = [...people.keys()].sort();
    const load = figure('chart-burden', t('metrics.burden'), table([t('metrics.person'), t('simulation.total.pages'), t('simulation.total.nightPages'), t('simulation.total.weekendPages')],
      names.map((name) => [name, people.get(name).pages, people.get(name).night, people.get(name).weekend])));
    root.append(load.element);
    draw(load.canvas, {
      type: 'bar',
      data: {
        labels: names,
        datasets: [
          { label: t('simulation.total.nightPages'), data: names.map((n) => people.get(n).night), backgroundColor: '#1c1b4d' },
          { label: t('simulation.total.weekendPages'), data: names.map((n) => people.get(n).weekend), backgroundColor: '#8a4f00' },
          { label: t('metrics.other'), data: names.map((n) => Math.max(0, people.get(n).pages - people.get(n).night - people.get(n).weekend)), backgroundColor: '#7aa7d6' },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
  }
  return () => charts.splice(0).forEach((chart) => chart.destroy());
}
