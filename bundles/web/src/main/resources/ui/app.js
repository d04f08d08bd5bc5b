'use strict';
// async-relay web UI: plain DOM, no framework or CDN (the relay may run offline). Text goes into
// the page through textContent only.

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  // resolved against origin + path, which carry no user:password@: fetch refuses a URL with them
  // (a page opened as http://user:pass@host/); a reverse proxy's path prefix is kept
  const response = await fetch(new URL(path, location.origin + location.pathname), init);
  let json = {};
  try { json = await response.json(); } catch (e) { json = { error: response.statusText }; }
  return { status: response.status, ok: response.ok, json };
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function duration(seconds) {
  if (!seconds) return '';
  const s = Math.round(seconds);
  return s >= 60 ? Math.floor(s / 60) + ' min ' + (s % 60) + ' s' : s + ' s';
}

// ---- pages -------------------------------------------------------------------------------------
const pages = ['status', 'config', 'test'];
function show() {
  const page = pages.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'status';
  for (const p of pages) {
    $('page-' + p).classList.toggle('hidden', p !== page);
    $('nav-' + p).classList.toggle('active', p === page);
  }
  if (page === 'config' && !editorLoaded) loadConfig();
}
window.addEventListener('hashchange', show);

// ---- status ------------------------------------------------------------------------------------
function counter(label, value) {
  return el('span', {}, label + ' ', el('b', {}, value));
}

// "denied 3, udp denied 1": reasons that refused something, TCP connections then datagrams
function refusedText(refused) {
  const parts = [];
  for (const [reason, n] of Object.entries(refused.tcp)) if (n > 0) parts.push(reason + ' ' + n);
  for (const [reason, n] of Object.entries(refused.udp)) if (n > 0) parts.push('udp ' + reason + ' ' + n);
  return parts.join(', ');
}

function serviceCard(s) {
  const st = s.stats;
  const pool = s.backend_pool;
  const head = el('h3', {}, s.name, el('span', { class: 'badge ' + s.state }, s.state),
    el('span', { class: 'meta' }, s.protocol + ' ' + s.listen));
  const card = el('div', { class: 'card service', 'data-service': s.name }, head);
  if (s.state_reason) card.append(el('p', { class: 'notice error' }, s.state_reason));
  card.append(el('div', { class: 'counters' },
    counter('TCP active', st.tcp_active), counter('TCP total', st.tcp_connections),
    counter('TCP in', bytes(st.tcp_bytes_received)), counter('TCP out', bytes(st.tcp_bytes_sent)),
    counter('UDP sessions', st.udp_sessions_active), counter('UDP datagrams', st.udp_packets),
    counter('UDP in', bytes(st.udp_bytes_received)), counter('UDP out', bytes(st.udp_bytes_sent)),
    counter('connect failures', st.connect_failures),
    counter('health checks', pool.health_check_enabled ? 'on' : 'off')));
  const refused = refusedText(s.refused);
  if (s.traffic_control.length || refused) {
    card.append(el('p', { class: 'traffic-control', 'data-traffic-control': '' },
      s.traffic_control.join(', '), refused ? el('span', { class: 'refused' }, 'refused: ' + refused) : ''));
  }
  const rows = pool.backends.map((b) => el('tr', { 'data-backend': b.address },
    el('td', { class: 'num' }, b.position + 1),
    el('td', {}, b.address),
    el('td', {}, el('span', { class: 'badge ' + b.state }, b.state)),
    el('td', { class: 'wrap' }, b.state_reason || ''),
    el('td', { class: 'num' }, b.failures),
    el('td', {}, duration(b.cooldown_remaining)),
    el('td', {}, (b.resolved_ips || []).join(', ')),
    el('td', { class: 'wrap' }, b.last_check ? b.last_check + (b.last_check_latency_ms != null
      ? ' (' + b.last_check_latency_ms.toFixed(1) + ' ms)' : '') : ''),
    el('td', { class: 'num' }, b.stats.tcp_active + ' / ' + b.stats.tcp_connections),
    el('td', { class: 'num' }, bytes(b.stats.tcp_bytes_received + b.stats.udp_bytes_received) + ' / '
      + bytes(b.stats.tcp_bytes_sent + b.stats.udp_bytes_sent)),
    el('td', { class: 'ops' }, ...operations(s.name, b))));
  card.append(el('div', { class: 'charts', 'data-charts': s.name }));
  card.append(el('div', { class: 'scroll' }, el('table', { class: 'grid backends' },
    el('thead', {}, el('tr', {}, ...['#', 'Backend', 'State', 'Why', 'Failures', 'Cooldown', 'Resolved',
      'Last check', 'TCP active / total', 'Bytes in / out', ''].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows))));
  return card;
}

// what an operator may do with a backend in its state, as relay:drain and its siblings
const OPERATIONS = {
  AVAILABLE: [['drain', 'Drain'], ['disable', 'Disable']],
  COOLING: [['reset-cooldown', 'Reset cooldown'], ['disable', 'Disable']],
  DRAINING: [['enable', 'Enable']],
  DISABLED: [['enable', 'Enable']],
};

function operations(service, backend) {
  return (OPERATIONS[backend.state] || []).map(([action, label]) => {
    const button = el('button', { class: 'small', 'data-action': action }, label);
    button.addEventListener('click', async () => {
      button.disabled = true;
      const { ok, json } = await api('POST', 'api/backends/' + action, { service, backend: backend.address });
      // the reason an action was refused stays until the next action; a status refresh keeps it
      $('status-error').dataset.kind = ok ? '' : 'action';
      $('status-error').textContent = ok ? '' : json.error;
      $('status-error').classList.toggle('hidden', ok);
      button.disabled = !ok;
      refreshStatus();
    });
    return button;
  });
}

let renderedStatus = '';

async function refreshStatus() {
  try {
    const { ok, json } = await api('GET', 'api/status');
    if (!ok) throw new Error(json.error || 'status unavailable');
    if ($('status-error').dataset.kind !== 'action') $('status-error').classList.add('hidden');
    // rebuilt only when something changed: a button must not vanish under the pointer every 2 s
    const events = json.recent_events || [];
    const shown = JSON.stringify([json.services, events]);
    if (shown !== renderedStatus) {
      renderedStatus = shown;
      const services = $('services');
      services.replaceChildren(...json.services.map(serviceCard));
      if (json.services.length === 0) services.append(el('p', { class: 'muted' }, 'No relay services are configured.'));
      $('events').querySelector('tbody').replaceChildren(...events.map((e) => el('tr', {},
        el('td', {}, e.time ? new Date(e.time).toLocaleTimeString() : ''), el('td', {}, e.event),
        el('td', {}, e.service), el('td', {}, e.backend || ''), el('td', { class: 'num' }, e.failures ?? ''))));
      $('no-events').classList.toggle('hidden', events.length > 0);
      $('events').classList.toggle('hidden', events.length === 0);
    }
    renderCluster(json.cluster);
    $('updated').textContent = json.total_services + ' service(s), updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('status-error').dataset.kind = 'status';
    $('status-error').textContent = 'Cannot read the status: ' + e.message;
    $('status-error').classList.remove('hidden');
  }
}

// #21: the cluster this relay is a member of, when it is one
function renderCluster(c) {
  $('cluster').classList.toggle('hidden', !c);
  if (!c) return;
  $('cluster-title').textContent = 'Cluster ' + c.name;
  const v = c.configuration || {};
  $('cluster-config').textContent = (v.version ? 'Configuration ' + v.sha256.slice(0, 12) + ' of '
      + new Date(v.changed_at).toLocaleString() + ' from ' + v.origin : 'No configuration shared yet')
    + (c.configuration_matches ? ', in force here' : ', NOT in force here')
    + (c.shares_backend_state ? '; backend state shared' : '; backend state not shared')
    + (c.refused_entries > 0 ? '; ' + c.refused_entries + ' entries refused (bad MAC)' : '')
    + ((c.local_services || []).length ? '; not shared (drop-in configurations here): ' + c.local_services.join(', ') : '') + '.';
  $('cluster-members').querySelector('tbody').replaceChildren(...c.members.map((m) => el('tr', m.local ? { class: 'local' } : {},
    el('td', {}, m.name + (m.local ? ' (this relay)' : '')), el('td', {}, m.address),
    el('td', { class: 'num' }, duration(m.uptime_seconds)),
    el('td', {}, m.config_version === v.version ? 'current' : (m.config_version ? 'behind' : 'none')),
    el('td', {}, m.healthy ? 'all running' : 'not all running'))));
}

// ---- charts ------------------------------------------------------------------------------------
// the relay's own ring of per-second samples (GET /api/history), drawn as SVG: no library, no CDN
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f6feb', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function rate(n) {
  return n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : n >= 1e3 ? (n / 1e3).toFixed(1) + 'k' : String(Math.round(n * 10) / 10);
}

// one chart: lines over the same seconds; a null is a gap (no sample, or no connect that second)
function chart(name, title, lines, format) {
  const W = 300;
  const H = 90;
  const max = Math.max(1e-9, ...lines.flatMap((l) => l.values.filter((v) => v != null)));
  const n = Math.max(2, ...lines.map((l) => l.values.length));
  const box = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', role: 'img',
    'aria-label': title });
  box.append(svg('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, class: 'axis' }));
  lines.forEach((l, k) => {
    let points = [];
    const color = COLORS[k % COLORS.length];
    const flush = () => {
      if (points.length > 1) {
        box.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: color, 'stroke-width': 1.5,
          'vector-effect': 'non-scaling-stroke' }));
      } else if (points.length === 1) {
        // a second between gaps (one connect, say) is a dot
        const [x, y] = points[0].split(',');
        box.append(svg('rect', { x: x - 1.5, y: y - 1.5, width: 3, height: 3, fill: color }));
      }
      points = [];
    };
    l.values.forEach((v, i) => {
      if (v == null) { flush(); return; }
      points.push(((i / (n - 1)) * W).toFixed(1) + ',' + (H - 2 - (v / max) * (H - 6)).toFixed(1));
    });
    flush();
  });
  const legend = el('div', { class: 'legend' }, ...lines.map((l, k) => {
    const last = [...l.values].reverse().find((v) => v != null);
    return el('span', {}, el('i', { style: 'background:' + COLORS[k % COLORS.length] }),
      l.label + ' ' + (last == null ? '–' : format(last)));
  }));
  const total = lines.reduce((sum, l) => sum + l.values.reduce((a, v) => a + (v || 0), 0), 0);
  return el('figure', { class: 'chart', 'data-chart': name, 'data-total': total, 'data-points': n },
    el('figcaption', {}, title, el('span', { class: 'muted' }, ' max ' + format(max))), box, legend);
}

async function refreshHistory() {
  const { ok, json } = await api('GET', 'api/history');
  if (!ok) return;
  for (const s of json.services) {
    const box = document.querySelector('[data-charts="' + CSS.escape(s.name) + '"]');
    if (!box) continue;
    const minutes = Math.round(s.time.length / 60 * 10) / 10;
    const charts = [
      chart('connections', 'New connections per second', [{ label: 'new', values: s.connections_per_second }], rate),
      chart('bytes', 'Bytes per second', [{ label: 'in', values: s.bytes_in_per_second },
        { label: 'out', values: s.bytes_out_per_second }], (v) => bytes(v) + '/s'),
      chart('failovers', 'Failovers per second', [{ label: 'failovers', values: s.failovers }], rate),
    ];
    if (s.backends.length > 0) {
      charts.push(chart('latency', 'Backend connect time (ms)',
        s.backends.map((b) => ({ label: b.backend, values: b.connect_ms })), (v) => v.toFixed(2) + ' ms'));
    }
    box.replaceChildren(...charts);
    box.title = 'the last ' + minutes + ' min, one sample a second';
  }
}

async function refreshSource() {
  const { ok, json } = await api('GET', 'api/config/source');
  const badge = $('source');
  if (!ok) { badge.textContent = 'no YAML file'; return; }
  badge.textContent = json.source === 'ui_modified' ? 'source: UI changes (' + json.runtime_path.split('/').pop() + ')'
    : 'source: ' + json.config_path.split('/').pop();
  badge.className = 'source ' + json.source;
  badge.dataset.source = json.source;
  $('read-only').classList.toggle('hidden', !json.read_only);
  $('hook-note').classList.toggle('hidden', json.hook_changes_allowed);
}

// ---- configuration editor ----------------------------------------------------------------------
let editorLoaded = false;
let loadedText = '';
let validateTimer = null;

function renderGutter(problems) {
  const lines = $('yaml').value.split('\n').length;
  const marks = new Map();
  for (const p of problems) {
    if (p.line > 0 && marks.get(p.line) !== 'error') marks.set(p.line, p.kind);
  }
  const spans = [];
  for (let i = 1; i <= lines; i++) {
    const s = el('span', { 'data-line': i }, i);
    if (marks.has(i)) s.className = marks.get(i);
    spans.push(s);
  }
  $('gutter').replaceChildren(...spans);
  $('gutter').scrollTop = $('yaml').scrollTop;
}

function showProblems(errors, warnings) {
  const all = errors.map((p) => ({ ...p, kind: 'error' })).concat(warnings.map((p) => ({ ...p, kind: 'warning' })));
  $('problems').replaceChildren(...all.map((p) => {
    const li = el('li', { class: p.kind, 'data-line': p.line },
      (p.line > 0 ? 'line ' + p.line + ':' + p.column + ' ' : '') + (p.path ? p.path + ': ' : '') + p.message);
    li.addEventListener('click', () => goToLine(p.line));
    return li;
  }));
  renderGutter(all);
  $('validity').textContent = errors.length ? errors.length + ' error(s)' : (warnings.length ? 'valid, '
    + warnings.length + ' warning(s)' : 'valid');
  $('validity').className = errors.length ? 'invalid' : 'valid';
}

function goToLine(line) {
  if (!line) return;
  const area = $('yaml');
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || '').length);
  area.scrollTop = Math.max(0, (line - 4) * 20);
}

function message(text, kind) {
  const m = $('config-message');
  m.textContent = text;
  m.className = 'notice ' + (kind || '');
}

async function loadConfig() {
  const { ok, json } = await api('GET', 'api/config');
  if (!ok) { message(json.error, 'error'); return; }
  editorLoaded = true;
  loadedText = json.yaml;
  $('yaml').value = json.yaml;
  $('config-path').textContent = json.source === 'ui_modified' ? json.runtime_path : json.config_path;
  $('runtime-path').textContent = json.runtime_path.split('/').pop();
  showProblems([], []);
  $('validity').textContent = '';
}

async function validate() {
  const { ok, json } = await api('POST', 'api/config/validate', { yaml: $('yaml').value });
  if (!ok) { message(json.error, 'error'); return false; }
  showProblems(json.errors, json.warnings);
  return json.valid;
}

async function save() {
  $('save').disabled = true;
  try {
    const { ok, json } = await api('PUT', 'api/config', { yaml: $('yaml').value });
    if (ok) {
      message(json.message, 'ok');
      showProblems([], json.warnings || []);
      await loadConfig();
      message(json.message, 'ok');
      refreshSource();
      refreshStatus();
    } else {
      message(json.error, 'error');
      showProblems(json.errors || [], json.warnings || []);
    }
  } finally {
    $('save').disabled = false;
  }
}

async function reload() {
  const { ok, json } = await api('POST', 'api/config/reload');
  if (ok) {
    await loadConfig();
    message('Reloaded: ' + json.source + ' is in force.', 'ok');
    refreshSource();
  } else {
    message(json.error, 'error');
    showProblems(json.errors || [], json.warnings || []);
  }
}

// ---- backend test ------------------------------------------------------------------------------
async function testBackend(event) {
  event.preventDefault();
  const result = $('test-result');
  result.className = 'notice';
  result.textContent = 'Testing…';
  const { ok, json } = await api('POST', 'api/test-backend', { backend: $('test-backend').value });
  if (!ok) {
    result.className = 'notice error';
    result.textContent = json.error;
  } else if (json.success) {
    result.className = 'notice ok';
    result.textContent = 'Reachable: ' + json.backend + ' answered on ' + json.address + ' in ' + json.latency_ms
      + ' ms\nResolved: ' + json.resolved_ips.join(', ');
  } else {
    result.className = 'notice error';
    result.textContent = 'Unreachable: ' + json.backend + '\n' + json.error;
  }
}

// ---- start -------------------------------------------------------------------------------------
document.addEventListener('DOMContentLoaded', () => {
  $('yaml').addEventListener('input', () => {
    renderGutter([]);
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 500);
  });
  $('yaml').addEventListener('scroll', () => { $('gutter').scrollTop = $('yaml').scrollTop; });
  $('yaml').addEventListener('keydown', (e) => {
    if (e.key === 'Tab') {
      e.preventDefault();
      e.target.setRangeText('  ', e.target.selectionStart, e.target.selectionEnd, 'end');
    }
  });
  $('save').addEventListener('click', save);
  $('validate').addEventListener('click', validate);
  $('revert').addEventListener('click', () => { $('yaml').value = loadedText; showProblems([], []); message('', 'hidden'); });
  $('reload').addEventListener('click', reload);
  $('test-form').addEventListener('submit', testBackend);
  show();
  refreshStatus().then(refreshHistory);
  refreshSource();
  setInterval(() => refreshStatus().then(refreshHistory), 2000);
  setInterval(refreshSource, 10000);
});
