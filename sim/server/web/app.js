// The classroom page: controls -> POST /api/solve -> chart, table, game tree, explanation.
// Everything comes from this server (no network beyond it); Chart.js is compiled into detsim.
'use strict';

const OUTCOME_NAMES = {
  SQ: 'Status quo (no challenge)',
  REBUFFED: 'Challenge rebuffed',
  PBD: 'Patron backs down',
  CONV: 'Conventional war',
  NUC: 'Nuclear war',
};
const COLOURS = ['#2a9d8f', '#8ab17d', '#e9c46a', '#f4a261', '#e76f51'];

const state = { preset: 'ncg5', mode: 'policy', levers: {}, parameters: {} };
let meta = null;           // GET /api/presets
let outcomeChart = null;
let mcChart = null;
let latest = 0;            // sequence number of the newest request
let inFlight = false;
let pending = false;
let updates = 0;
const latencies = [];      // browser round trips in ms, read by the browser test
window.detsimLatencies = latencies;

const $ = (id) => document.getElementById(id);
const pct = (p) => (p === null || p === undefined ? 'n/a' : (100 * p).toFixed(1) + '%');
const pp = (d) => {
  const x = Math.abs(d) < 5e-4 ? 0 : d;
  return (x >= 0 ? '+' : '') + (100 * x).toFixed(1) + ' pp';
};

function slider(control, parent) {
  const id = `ctl-${control.section}-${control.key}`;
  const div = document.createElement('div');
  div.className = 'slider';
  div.innerHTML = `<div class="row"><label for="${id}">${control.label}</label><output id="${id}-value"></output></div>
    <input type="range" id="${id}" min="${control.min}" max="${control.max}" step="${control.step}">`;
  parent.appendChild(div);
  const input = div.querySelector('input');
  input.addEventListener('input', () => {
    state[control.section][control.key] = Number(input.value);
    $(`${id}-value`).textContent = input.value;
    requestSolve();
  });
}

function showControls() {
  for (const c of meta.controls) {
    if (c.key === 'warning') continue;  // the checkbox
    const id = `ctl-${c.section}-${c.key}`;
    const v = state[c.section][c.key];
    $(id).value = v;
    $(`${id}-value`).textContent = Number(v.toFixed(3));
  }
  $('warning').checked = state.levers.warning >= 0.5;
  $('mode').value = state.mode;
  // Levers the patron chooses itself in a signalling mode are not the teacher's to set.
  $('warning').disabled = state.mode === 'tying-hands';
  $('ctl-levers-visibility').disabled = state.mode === 'sinking-costs';
  for (const b of document.querySelectorAll('#presets button')) b.classList.toggle('active', b.dataset.preset === state.preset);
}

function applyPreset(id) {
  const p = meta.presets.find((x) => x.id === id);
  state.preset = p.id;
  state.mode = p.mode;
  state.levers = { ...p.levers };
  state.parameters = { ...p.parameters };
  $('reference-name').textContent = p.label;
  showControls();
  requestSolve();
}

function requestBody() {
  return { preset: state.preset, mode: state.mode, levers: state.levers, parameters: state.parameters };
}

// Latest settings win: while one request is out, further changes send one more when it returns.
function requestSolve() {
  if (inFlight) {
    pending = true;
    return;
  }
  inFlight = true;
  pending = false;
  const seq = ++latest;
  const t0 = performance.now();
  fetch('/api/solve', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(requestBody()) })
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) throw new Error(body.error || 'request failed');
      $('error').textContent = '';
      if (seq === latest && !pending) render(body, performance.now() - t0);
    })
    .catch((e) => { $('error').textContent = e.message; })
    .finally(() => {
      inFlight = false;
      if (pending) requestSolve();
    });
}

function render(body, ms) {
  const now = body.solution.outcomes;
  const ref = body.reference.outcomes;
  const codes = meta.outcomes;
  const tbody = document.querySelector('#outcome-table tbody');
  tbody.innerHTML = '';
  for (const code of codes) {
    const tr = document.createElement('tr');
    const d = now[code] - ref[code];
    tr.innerHTML = `<td>${OUTCOME_NAMES[code]} (${code})</td>
      <td id="now-${code}" data-value="${now[code]}">${pct(now[code])}</td>
      <td id="ref-${code}" data-value="${ref[code]}">${pct(ref[code])}</td>
      <td id="delta-${code}" class="${d > 5e-4 ? 'up' : d < -5e-4 ? 'down' : ''}">${pp(d)}</td>`;
    tbody.appendChild(tr);
  }
  const s = body.solution;
  $('case').textContent = `Equilibrium: ${s.case}; mode ${s.mode}; probability of war ${pct(s.p_war)}, ` +
    `of nuclear use given war ${pct(s.p_nuclear_given_war)}.`;
  outcomeChart.data.datasets[0].label = meta.presets.find((p) => p.id === state.preset).label;
  outcomeChart.data.datasets[0].data = codes.map((c) => 100 * ref[c]);
  outcomeChart.data.datasets[1].data = codes.map((c) => 100 * now[c]);
  outcomeChart.update('none');
  $('tree').innerHTML = '';
  $('tree').appendChild(treeList([body.tree]));
  $('explain').textContent = body.explain;
  latencies.push(ms);
  $('latency').textContent = `(updated in ${ms.toFixed(0)} ms; server ${body.elapsed_ms.toFixed(1)} ms)`;
  document.body.dataset.updates = String(++updates);
}

function treeList(nodes) {
  const ul = document.createElement('ul');
  for (const n of nodes) {
    const li = document.createElement('li');
    const leaf = n.outcome ? ` <span class="leaf">&rarr; ${n.outcome}</span>` : '';
    li.innerHTML = `<span class="p">${pct(n.p)}</span> ${n.label}${leaf} <span class="reach">(overall ${pct(n.reach)})</span>`;
    if (n.children && n.children.length) li.appendChild(treeList(n.children));
    ul.appendChild(li);
  }
  return ul;
}

function runMonteCarlo() {
  const draws = Number($('mc-draws').value);
  $('mc-status').textContent = 'running...';
  $('mc-run').disabled = true;
  fetch('/api/montecarlo', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...requestBody(), draws }) })
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) throw new Error(body.error || 'request failed');
      showMonteCarlo(body);
      $('mc-status').textContent = `${body.solved} of ${body.draws} draws solved in ${body.elapsed_ms.toFixed(0)} ms; uncertain: ` +
        (body.uncertain.length ? body.uncertain.map((k) => k.replace('parameters.', '')).join(', ') : 'none (every parameter fixed)');
    })
    .catch((e) => { $('mc-status').textContent = e.message; })
    .finally(() => { $('mc-run').disabled = false; });
}

function showMonteCarlo(body) {
  const codes = meta.outcomes;
  const bins = body.outcomes[codes[0]].histogram.length;
  mcChart.data.labels = Array.from({ length: bins }, (_, i) => (100 * (i + 0.5) / bins).toFixed(0));
  mcChart.data.datasets = codes.map((c, i) => {
    const h = body.outcomes[c].histogram;
    const total = h.reduce((a, b) => a + b, 0) || 1;
    return { label: c, data: h.map((x) => (100 * x) / total), borderColor: COLOURS[i], backgroundColor: COLOURS[i], pointRadius: 0, tension: 0.2 };
  });
  mcChart.update('none');
  const levels = body.quantile_levels.map((q) => `${Math.round(100 * q)}%`);
  let html = `<tr><th>Outcome</th><th>Mean</th>${levels.map((l) => `<th>${l}</th>`).join('')}</tr>`;
  for (const c of codes) {
    const o = body.outcomes[c];
    html += `<tr><td>${c}</td><td id="mc-mean-${c}">${pct(o.mean)}</td>${o.quantiles.map((q) => `<td>${pct(q)}</td>`).join('')}</tr>`;
  }
  $('mc-table').innerHTML = html;
  document.body.dataset.montecarlo = String(Number(document.body.dataset.montecarlo || 0) + 1);
}

function makeCharts() {
  outcomeChart = new Chart($('outcome-chart'), {
    type: 'bar',
    data: {
      labels: meta.outcomes,
      datasets: [
        { label: 'preset', data: [], backgroundColor: '#b8c4d6' },
        { label: 'current settings', data: [], backgroundColor: COLOURS },
      ],
    },
    options: { animation: false, maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: 'probability (%)' } } } },
  });
  mcChart = new Chart($('mc-chart'), {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: { animation: false, maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'outcome probability in a draw (%)' } },
        y: { title: { display: true, text: 'share of draws (%)' } } } },
  });
}

function start() {
  fetch('/api/presets').then((r) => r.json()).then((m) => {
    meta = m;
    for (const p of meta.presets) {
      const b = document.createElement('button');
      b.id = `preset-${p.id}`;
      b.dataset.preset = p.id;
      b.textContent = p.label;
      b.title = p.description;
      b.addEventListener('click', () => applyPreset(p.id));
      $('presets').appendChild(b);
    }
    for (const c of meta.controls) {
      if (c.key === 'warning') continue;
      slider(c, $(c.section === 'levers' ? 'lever-sliders' : 'parameter-sliders'));
    }
    $('warning').addEventListener('change', () => { state.levers.warning = $('warning').checked ? 1 : 0; requestSolve(); });
    $('mode').addEventListener('change', () => { state.mode = $('mode').value; showControls(); requestSolve(); });
    $('mc-run').addEventListener('click', runMonteCarlo);
    $('mc-draws').min = meta.limits.min_draws;
    $('mc-draws').max = meta.limits.max_draws;
    makeCharts();
    applyPreset('ncg5');
  }).catch((e) => { $('error').textContent = `cannot reach the detsim server: ${e.message}`; });
}

start();
