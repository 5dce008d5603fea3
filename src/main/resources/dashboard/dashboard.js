// The dashboard page: recent correlations, the devices, and the whole-house power around the correlation
// picked (the newest until one is clicked). Reads the service's JSON endpoints with relative URLs, so it
// also works behind a reverse proxy under a sub-path; refreshes itself every REFRESH_MS.
// When the service has an API key, its endpoints answer 401 without it: the page then asks for the key once,
// keeps it in this browser's storage for this origin, and sends it as the X-API-Key header (never in a URL).
(() => {
  'use strict';

  const REFRESH_MS = 10000;
  /** The chart shows the meter this many seconds either side of the state change. */
  const WINDOW_SECONDS = 60;
  const COLORS = { power: '#1f6feb', before: '#6e7781', after: '#d9480f', event: '#8250df' };
  const KEY_STORAGE = 'energy-correlator.api-key';

  let correlations = [];
  let followNewest = true;
  let selectedKey = null;
  let shown = null; // { key, correlation, meter }
  let chart = null;
  let loads = 0;
  let locked = false; // an endpoint answered 401: the page waits for the key

  const $ = id => document.getElementById(id);
  const keyOf = c => c.time + '|' + c.entity_id;

  // ---- formatting -------------------------------------------------------------------------------------

  /** Seconds since the epoch; RFC 3339 with up to nanoseconds (Date reads milliseconds). */
  function seconds(rfc3339) {
    return Date.parse(rfc3339.replace(/(\.\d{3})\d+/, '$1')) / 1000;
  }

  function watts(w) {
    return w == null ? '—' : Math.round(w).toLocaleString() + ' W';
  }

  function step(w) {
    if (w == null) return '—';
    const rounded = Math.round(w);
    return (rounded < 0 ? '-' : '+') + Math.abs(rounded).toLocaleString() + ' W';
  }

  function percent(ratio) {
    return ratio == null ? '—' : Math.round(ratio * 100) + '%';
  }

  function overlapping(count) {
    if (count == null) return '—';
    return count > 0 ? 'yes (' + count + ')' : 'no';
  }

  function energy(wh) {
    if (wh == null) return '—';
    return Math.abs(wh) >= 1000 ? (wh / 1000).toFixed(2) + ' kWh' : Math.round(wh) + ' Wh';
  }

  // The range the day's true energy lay in four times in five on real houses, and the chance it is within 25 %.
  function energyRange(low, high, confidence, source) {
    if (low == null || high == null) return '—';
    return energy(low) + '–' + energy(high) + ' (' + percent(confidence) + (source === 'configured' ? ', configured' : '') + ')';
  }

  function when(rfc3339) {
    const date = new Date(seconds(rfc3339) * 1000);
    const today = new Date().toDateString() === date.toDateString();
    return today ? date.toLocaleTimeString()
      : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function cell(row, label, text, className) {
    const td = document.createElement('td');
    td.dataset.label = label;
    if (className) td.className = className;
    if (text instanceof Node) td.appendChild(text); else td.textContent = text;
    row.appendChild(td);
    return td;
  }

  // ---- data -------------------------------------------------------------------------------------------

  // ---- the API key -----------------------------------------------------------------------------------

  function storedKey() {
    try { return localStorage.getItem(KEY_STORAGE); } catch (e) { return null; }
  }

  function storeKey(key) {
    try {
      if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
    } catch (e) { /* storage off: the key lasts until the page is left */ }
    apiKey = key;
    $('forget-key').hidden = !key;
  }

  let apiKey = storedKey();

  /** Shows the key form; refreshing stops until a key is given. */
  function askForKey() {
    $('key-message').textContent = apiKey ? 'That key was not accepted.' : '';
    $('key-form').hidden = false;
    $('key-input').focus();
  }

  $('key-form').addEventListener('submit', e => {
    e.preventDefault();
    const key = $('key-input').value.trim();
    if (!key) return;
    $('key-input').value = '';
    $('key-form').hidden = true;
    storeKey(key);
    locked = false;
    refresh();
  });

  $('forget-key').addEventListener('click', () => {
    storeKey(null);
    location.reload();
  });
  $('forget-key').hidden = !apiKey;

  // With a homes file the page is opened as /?home=<id>: each request names that home (/health is the process's).
  const home = new URLSearchParams(location.search).get('home');

  function forHome(url) {
    if (!home || url === 'health') return url;
    return url + (url.includes('?') ? '&' : '?') + 'home=' + encodeURIComponent(home);
  }

  async function getJson(url) {
    const headers = { Accept: 'application/json' };
    if (apiKey) headers['X-API-Key'] = apiKey;
    const response = await fetch(forHome(url), { headers, cache: 'no-store' });
    if (response.status === 401) locked = true;
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    return { status: response.status, body };
  }

  // ---- recent correlations ----------------------------------------------------------------------------

  function renderCorrelations(list) {
    const tbody = $('correlations').querySelector('tbody');
    tbody.replaceChildren();
    $('correlations-empty').hidden = list.length > 0;
    $('correlations').hidden = list.length === 0;
    for (const c of list) {
      const row = document.createElement('tr');
      row.tabIndex = 0;
      row.dataset.key = keyOf(c);
      const time = document.createElement('time');
      time.dateTime = c.time;
      time.textContent = when(c.time);
      cell(row, 'Time', time, 'time');
      cell(row, 'Device', c.entity_id, 'device');
      cell(row, 'Change', (c.previous_state ?? '?') + ' → ' + (c.state ?? '?'), 'change');
      const stepCell = cell(row, 'Step', step(c.power_delta_w), 'num step ' + (c.power_delta_w < 0 ? 'down' : 'up'));
      stepCell.title = watts(c.power_before_w) + ' → ' + watts(c.power_after_w);
      cell(row, 'Uncertainty', c.power_delta_uncertainty_w == null ? '–' : '± ' + watts(c.power_delta_uncertainty_w), 'num uncertainty');
      cell(row, 'Confidence', percent(c.confidence), 'num confidence');
      cell(row, 'Overlapping', overlapping(c.overlapping_events), 'overlapping');
      row.addEventListener('click', () => pick(c));
      row.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(c); }
      });
      tbody.appendChild(row);
    }
    markSelected();
  }

  function markSelected() {
    for (const row of $('correlations').querySelectorAll('tbody tr')) {
      row.classList.toggle('selected', row.dataset.key === selectedKey);
      row.setAttribute('aria-selected', String(row.dataset.key === selectedKey));
    }
  }

  function pick(c) {
    followNewest = false;
    select(c);
  }

  async function loadCorrelations() {
    const answer = await getJson('api/correlations?limit=50');
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      throw new Error('api/correlations answered HTTP ' + answer.status);
    }
    correlations = answer.body;
    renderCorrelations(correlations);
    if (correlations.length === 0) {
      return;
    }
    if (followNewest && selectedKey !== keyOf(correlations[0])) {
      await select(correlations[0]);
    } else if (shown && shown.key === selectedKey && shown.fetchedAt < seconds(shown.correlation.time) + WINDOW_SECONDS) {
      await select(shown.correlation); // its window reached past "now" when it was read: the readings since
    }
  }

  // ---- devices (GET /devices: device profiles; none yet = 404 or []) ----------------------------------

  function transitions(device) {
    const list = document.createElement('span');
    for (const t of device.transitions || []) {
      const item = document.createElement('span');
      item.className = 'sub transition';
      item.textContent = t.transition + ' ' + step(t.typical_step_w)
        + (t.spread_w != null ? ' ±' + Math.round(t.spread_w).toLocaleString() + ' W' : '')
        + ' (' + t.count + '×, ' + percent(t.confidence) + ')';
      list.appendChild(item);
    }
    return list;
  }

  function renderDevices(devices) {
    const tbody = $('devices').querySelector('tbody');
    tbody.replaceChildren();
    const list = Array.isArray(devices) ? devices : [];
    $('devices-empty').hidden = list.length > 0;
    $('devices').hidden = list.length === 0;
    for (const d of list) {
      const row = document.createElement('tr');
      cell(row, 'Device', d.entity_id, 'device');
      cell(row, 'Typical power', watts(d.typical_power_w), 'num typical');
      cell(row, 'Energy today', energy(d.energy_today_wh), 'num today');
      cell(row, 'Range (confidence)', energyRange(d.energy_today_wh_low, d.energy_today_wh_high, d.energy_today_confidence,
        d.estimate_source), 'num range');
      cell(row, 'Yesterday', energy(d.energy_yesterday_wh), 'num yesterday');
      cell(row, 'Transitions', transitions(d), 'transitions');
      tbody.appendChild(row);
    }
  }

  async function loadDevices() {
    const answer = await getJson('devices');
    if (answer.status === 404 || (answer.status === 200 && Array.isArray(answer.body))) {
      renderDevices(answer.status === 200 ? answer.body : []);
    } else {
      throw new Error('devices answered HTTP ' + answer.status);
    }
  }

  // ---- service status ---------------------------------------------------------------------------------

  function renderStatus(health, problem) {
    const status = $('status');
    status.replaceChildren();
    const pill = document.createElement('span');
    pill.className = 'pill ' + (health ? health.status : 'unreachable');
    pill.textContent = health ? health.status : 'unreachable';
    status.appendChild(pill);
    const parts = [];
    if (health && health.last_successful_fetch) parts.push('last cycle ' + when(health.last_successful_fetch));
    if (health && health.last_error) parts.push(health.last_error);
    if (problem) parts.push(problem);
    parts.push('updated ' + new Date().toLocaleTimeString());
    status.appendChild(document.createTextNode(' ' + parts.join(' · ')));
  }

  // ---- the chart --------------------------------------------------------------------------------------

  async function select(c) {
    const key = keyOf(c);
    selectedKey = key;
    markSelected();
    const around = encodeURIComponent(c.time);
    const answer = await getJson('api/meter?around=' + around + '&seconds=' + WINDOW_SECONDS);
    if (selectedKey !== key) {
      return; // another one was picked meanwhile
    }
    if (answer.status !== 200) {
      $('chart-caption').textContent = 'The meter readings could not be read (HTTP ' + answer.status + ').';
      return;
    }
    draw(c, answer.body);
  }

  function chartSize() {
    const width = Math.max(240, $('chart').clientWidth);
    return { width, height: width < 500 ? 220 : 300 };
  }

  /** The state change: a dashed line at its time, an arrow from the power before to the power after. */
  function markStep(u, c, t0) {
    const ctx = u.ctx;
    const dpr = window.devicePixelRatio || 1;
    const x = u.valToPos(t0, 'x', true);
    ctx.save();
    ctx.strokeStyle = COLORS.event;
    ctx.fillStyle = COLORS.event;
    ctx.lineWidth = 2 * dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    if (c.power_before_w != null && c.power_after_w != null) {
      const yBefore = u.valToPos(c.power_before_w, 'y', true);
      const yAfter = u.valToPos(c.power_after_w, 'y', true);
      const head = 7 * dpr * Math.sign(yAfter - yBefore || 1);
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(x + 6 * dpr, yBefore);
      ctx.lineTo(x + 6 * dpr, yAfter);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x + 6 * dpr, yAfter);
      ctx.lineTo(x + 6 * dpr - 5 * dpr, yAfter - head);
      ctx.lineTo(x + 6 * dpr + 5 * dpr, yAfter - head);
      ctx.closePath();
      ctx.fill();
      ctx.font = 'bold ' + 13 * dpr + 'px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      const label = 'Δ ' + step(c.power_delta_w);
      const width = ctx.measureText(label).width;
      const pad = 4 * dpr;
      const right = x + 14 * dpr + width + pad < u.bbox.left + u.bbox.width;
      const left = right ? x + 14 * dpr : x - 6 * dpr - width;
      const y = Math.min(Math.max((yBefore + yAfter) / 2, u.bbox.top + 10 * dpr), u.bbox.top + u.bbox.height - 10 * dpr);
      ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.fillRect(left - pad, y - 9 * dpr, width + 2 * pad, 18 * dpr);
      ctx.fillStyle = COLORS.event;
      ctx.textAlign = 'left';
      ctx.fillText(label, left, y);
    }
    ctx.restore();
  }

  function draw(c, meter) {
    const t0 = seconds(c.time);
    const xs = meter.readings.map(r => seconds(r.time));
    const power = meter.readings.map(r => r.watts);
    const before = xs.map(x => (x < t0 ? c.power_before_w : null));
    const after = xs.map(x => (x >= t0 ? c.power_after_w : null));
    const data = [xs, power, before, after];
    if (chart) {
      chart.destroy();
      chart = null;
    }
    const size = chartSize();
    const opts = {
      width: size.width,
      height: size.height,
      legend: { show: false },
      padding: [12, 32, 0, 0], // room for the last time label
      cursor: { points: { size: 6 } },
      scales: {
        x: { time: true, range: () => [t0 - WINDOW_SECONDS, t0 + WINDOW_SECONDS] },
        // Fitted to the readings (not from 0), so that a 60 W lamp on a 3 kW house still shows as a step.
        y: { range: (u, min, max) => uPlot.rangeNum(min, max, 0.2, true) },
      },
      axes: [
        { space: 90, values: (u, ticks) => ticks.map(t => new Date(t * 1000).toLocaleTimeString()) },
        { label: 'W', size: 60, values: (u, ticks) => ticks.map(v => v.toLocaleString()) },
      ],
      series: [
        {},
        { label: 'house power', stroke: COLORS.power, width: 2 },
        { label: 'before', stroke: COLORS.before, width: 2, dash: [8, 5], points: { show: false } },
        { label: 'after', stroke: COLORS.after, width: 2, dash: [8, 5], points: { show: false } },
      ],
      hooks: { draw: [u => markStep(u, c, t0)] },
    };
    chart = new uPlot(opts, data, $('chart'));
    shown = { key: keyOf(c), correlation: c, meter, fetchedAt: Date.now() / 1000 };
    const caption = $('chart-caption');
    caption.replaceChildren();
    const strong = document.createElement('strong');
    strong.textContent = c.entity_id;
    caption.append(strong, ' ' + (c.previous_state ?? '?') + ' → ' + (c.state ?? '?') + ' at ' + when(c.time)
      + ': ' + watts(c.power_before_w) + ' → ' + watts(c.power_after_w) + ' (' + step(c.power_delta_w) + ')'
      + (meter.readings.length === 0 ? ' — no meter readings around it' : ''));
    $('legend-before').textContent = watts(c.power_before_w);
    $('legend-after').textContent = watts(c.power_after_w);
    $('legend-step').textContent = step(c.power_delta_w);
    $('chart-legend').hidden = false;
  }

  // ---- refresh ----------------------------------------------------------------------------------------

  async function refresh() {
    const problems = [];
    let health = null;
    const results = await Promise.allSettled([
      loadCorrelations(),
      loadDevices(),
      getJson('health').then(a => { health = a.body; }),
    ]);
    if (locked) {
      renderStatus(health, 'the data needs the API key');
      askForKey();
      return; // the key form starts the next refresh
    }
    for (const r of results) {
      if (r.status === 'rejected') problems.push(r.reason.message);
    }
    renderStatus(health, problems.join('; '));
    loads++;
    setTimeout(refresh, REFRESH_MS);
  }

  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      if (chart) {
        const size = chartSize();
        if (size.width !== chart.width || size.height !== chart.height) chart.setSize(size);
      }
    }).observe($('chart'));
  }

  /** What the page shows, for a look from the browser's console (and the browser test). */
  window.dashboard = {
    get chart() { return chart; },
    get shown() { return shown; },
    get correlations() { return correlations; },
    get loads() { return loads; },
    get locked() { return locked; },
    renderDevices,
  };

  refresh();
})();
