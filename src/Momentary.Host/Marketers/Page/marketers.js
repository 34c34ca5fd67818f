// The marketers' page: plain JavaScript, no framework, no build step. Every value from the server is put in the page
// with textContent (never innerHTML), so nothing in a rules file or a trace can inject markup.
'use strict';

const api = (path, init) => fetch('/marketers/api/' + path, Object.assign({ credentials: 'same-origin' }, init));

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function row(cells, numericFrom) {
  const tr = document.createElement('tr');
  cells.forEach((c, i) => {
    const td = i === 0 ? el('th') : el('td', null, i >= numericFrom ? 'num' : '');
    if (i === 0) td.scope = 'row';
    if (c instanceof Node) td.appendChild(c); else td.textContent = c;
    tr.appendChild(td);
  });
  return tr;
}

function list(items) {
  if (!items.length) return 'none';
  const ul = el('ul');
  items.forEach(i => ul.appendChild(el('li', i)));
  return ul;
}

const percent = v => v === null || v === undefined ? '–' : (v * 100).toFixed(1) + '%';
const signed = v => (v >= 0 ? '+' : '') + (v * 100).toFixed(1) + '%';
const time = t => new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

async function problemOf(response) {
  try {
    const body = await response.json();
    return body.problem + (body.errors && body.errors.length ? ':\n' + body.errors.join('\n') : '');
  } catch {
    return 'HTTP ' + response.status;
  }
}

async function loadRules() {
  const response = await api('rules');
  const file = document.getElementById('rules-file');
  if (!response.ok) { file.textContent = await problemOf(response); return []; }
  const rules = await response.json();
  const reload = rules.lastReload
    ? `last reload: ${rules.lastReload.result.toLowerCase()} (${rules.lastReload.file}, ${time(rules.lastReload.at)})`
    : 'no reload since start';
  file.textContent = `${rules.file} · sha256 ${rules.hash} · loaded ${time(rules.loadedAt)} · ${reload}`;
  const body = document.querySelector('#rules-table tbody');
  body.replaceChildren(...rules.rules.map(r => {
    const name = el('span');
    name.appendChild(el('strong', r.id));
    if (r.description) { name.appendChild(document.createElement('br')); name.appendChild(el('span', r.description, 'description')); }
    return row([name, r.trigger, list(r.conditions), r.caps, r.holdout], 99);
  }));
  return rules.rules;
}

async function loadCounters() {
  const response = await api('counters');
  if (!response.ok) return;
  const counters = await response.json();
  document.getElementById('counters-window').textContent = `Over the last ${counters.windowMinutes} minutes`;
  const body = document.querySelector('#counters-table tbody');
  body.replaceChildren(...counters.rules.map(c => {
    const lift = c.lift ? `${signed(c.lift.lift)} (${signed(c.lift.low)} to ${signed(c.lift.high)})` : 'not enough data';
    const tr = row([c.rule, c.fired, c.issued, c.capped, c.heldOut, c.redeemed,
      `${percent(c.rateTreatment)} (${c.convertedTreatment}/${c.issued})`,
      `${percent(c.rateControl)} (${c.convertedControl}/${c.heldOut})`, lift], 1);
    tr.dataset.rule = c.rule;
    return tr;
  }));
}

async function whyNot(event) {
  event.preventDefault();
  const out = document.getElementById('whynot-result');
  const customer = document.getElementById('whynot-customer').value.trim();
  out.replaceChildren(el('p', 'Looking up…', 'meta'));
  const response = await api('whynot', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customer }) });
  if (!response.ok) { out.replaceChildren(el('p', await problemOf(response), 'problem')); return; }
  const answer = await response.json();
  if (!answer.signals.length) { out.replaceChildren(el('p', `No recent signals of ${answer.customerId} were seen by this engine.`)); return; }
  out.replaceChildren(...answer.signals.map(s => {
    const box = el('article', null, 'signal');
    box.appendChild(el('h3', `${s.kind} signal at ${time(s.at)}: ${s.outcome}`));
    const ul = el('ul');
    s.lines.forEach(l => ul.appendChild(el('li', l)));
    box.appendChild(ul);
    return box;
  }));
}

function timeline(offers, rules) {
  const chart = document.getElementById('timeline-chart');
  const ns = 'http://www.w3.org/2000/svg';
  const ids = rules.map(r => r.rule).filter(id => offers.some(o => o.rule === id));
  // The axis spans the issue times (plus a margin), not the expiries: one 30-day referral would squash the rest.
  const issued = offers.map(o => Date.parse(o.issuedAt));
  const start = Math.min(...issued);
  const end = Math.max(...issued) + Math.max(3600e3, (Math.max(...issued) - start) * 0.1);
  const left = 170, width = 900, rowHeight = 28, top = 10, height = top + ids.length * rowHeight + 30;
  const x = t => left + (width - left - 10) * (t - start) / Math.max(1, end - start);
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Timeline of ${offers.length} offers from ${time(start)} to ${time(end)}`);
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
    if (text) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  ids.forEach((id, i) => {
    const y = top + i * rowHeight;
    add('text', { x: 4, y: y + 17 }, id);
    add('line', { x1: left, x2: width - 10, y1: y + rowHeight - 2, y2: y + rowHeight - 2, stroke: '#c9d1d9' });
  });
  offers.forEach(o => {
    const y = top + ids.indexOf(o.rule) * rowHeight + 5;
    const from = x(Date.parse(o.issuedAt)), to = Math.max(from + 4, x(Math.min(end, Date.parse(o.expiresAt))));
    const bar = add('rect', { x: from, y, width: to - from, height: 16, rx: 3, fill: '#0b4f8a', class: 'offer' });
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${o.rule} at ${time(o.issuedAt)}: ${o.message}`;
    bar.appendChild(title);
  });
  add('text', { x: left, y: height - 8 }, time(start));
  add('text', { x: width - 10, y: height - 8, 'text-anchor': 'end' }, time(end));
  chart.replaceChildren(svg);
}

async function backtest(event) {
  event.preventDefault();
  const out = document.getElementById('backtest-result');
  const table = document.getElementById('backtest-table');
  const figure = document.getElementById('backtest-timeline');
  table.hidden = true; figure.hidden = true;
  out.replaceChildren(el('p', 'Replaying…', 'meta'));
  const response = await api('backtest', { method: 'POST', body: new FormData(event.target) });
  if (!response.ok) { out.replaceChildren(el('pre', await problemOf(response), 'problem')); return; }
  const report = await response.json();
  const summary = el('p', `${report.signals} signals replayed, ${report.offers.length} offers would have been sent.`);
  summary.id = 'backtest-summary';
  const parts = [summary];
  if (report.rejected.length) parts.push(el('pre', 'Signals not replayed:\n' + report.rejected.join('\n'), 'problem'));
  if (report.contextErrors.length) parts.push(el('pre', 'Context problems:\n' + report.contextErrors.join('\n'), 'problem'));
  out.replaceChildren(...parts);
  table.querySelector('tbody').replaceChildren(...report.rules.map(r =>
    row([r.rule, r.fired, r.outranked, r.capped, r.heldOut, r.issued, r.redeemed, r.convertedTreatment, r.convertedControl], 1)));
  table.hidden = false;
  if (report.offers.length) { timeline(report.offers, report.rules); figure.hidden = false; }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('whynot-form').addEventListener('submit', whyNot);
  document.getElementById('backtest-form').addEventListener('submit', backtest);
  loadRules();
  loadCounters();
  setInterval(loadCounters, 2000);
  setInterval(loadRules, 15000);
});
