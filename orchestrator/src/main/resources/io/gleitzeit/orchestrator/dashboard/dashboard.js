// Gleitzeit live dashboard: subscribes to monitor:* on the hub's /cluster namespace (Socket.IO) and renders the
// cluster view, the workflows, recent events, and a selected workflow's task graph and timeline.
// Query parameters: hub (hub base URL, default: this host on the configured hub port), token, workflow (select one).
(function () {
  'use strict';

  const KIND_ICONS = { internal_llm: '🧠', external_llm: '☁️', functions: '⚙️', other: '🔌' };
  const KIND_NAMES = { internal_llm: 'internal LLM', external_llm: 'external LLM', functions: 'functions', other: 'other' };
  const STATUS_COLORS = { completed: '#1f9d55', running: '#2563eb', dispatched: '#2563eb', failed: '#dc2626',
    timed_out: '#dc2626', cancelled: '#d97706', skipped: '#d97706', ready: '#d97706', retry_waiting: '#d97706',
    pending: '#9ca3af' };
  const MAX_EVENTS = 100;

  const params = new URLSearchParams(location.search);
  const state = { socket: null, events: [], selected: params.get('workflow'), pinned: params.has('workflow'),
    workflows: [], refreshTimer: null, detail: null };

  const $ = (selector) => document.querySelector(selector);
  const esc = (value) => String(value === undefined || value === null ? '' : value)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '–');
  const percent = (x) => (Math.round(x * 1000) / 10) + '%';
  const bytes = (n) => (n === undefined || n === null ? '–' : (n / 1e9).toFixed(1) + ' GB');

  async function start() {
    let config = { hub_port: 8000, hub_path: '/socket.io' };
    try {
      const response = await fetch('dashboard-config.json', { cache: 'no-store' });
      if (response.ok) config = await response.json();
    } catch (e) { /* served elsewhere: keep the defaults */ }
    const hub = params.get('hub') || (location.protocol + '//' + location.hostname + ':' + config.hub_port);
    const token = params.get('token');
    const socket = io(hub + '/cluster', {
      path: config.hub_path,
      // websocket first: it needs no cross-origin polling (the hub is on another port than this page)
      transports: ['websocket', 'polling'],
      auth: token ? { token } : {},
    });
    state.socket = socket;
    socket.on('connect', () => {
      setConnection(true);
      socket.emit('monitor:subscribe', { types: ['all'] }, (answer) => {
        if (!answer || !answer.ok) setConnection(false, answer && answer.error ? answer.error.message : 'refused');
      });
      refreshWorkflows();
    });
    socket.on('disconnect', () => setConnection(false, 'disconnected'));
    socket.on('connect_error', (err) => setConnection(false, err && err.message));
    socket.on('monitor:initial_metrics', (payload) => renderMetrics(payload.metrics));
    socket.on('monitor:metrics_update', (metrics) => { renderMetrics(metrics); scheduleRefresh(); });
    socket.on('monitor:recent_events', (payload) => {
      state.events = payload.events.slice().reverse().slice(0, MAX_EVENTS);
      renderEvents();
    });
    socket.on('monitor:event', (event) => {
      state.events.unshift(event);
      state.events.length = Math.min(state.events.length, MAX_EVENTS);
      renderEvents();
      if (event.workflow_id) scheduleRefresh();
    });
  }

  function setConnection(online, why) {
    const badge = $('#connection');
    badge.textContent = online ? 'live' : ('offline' + (why ? ': ' + why : ''));
    badge.className = 'badge ' + (online ? 'online' : 'offline');
  }

  // One refresh of the workflow list and the selected workflow for any burst of updates and events.
  function scheduleRefresh() {
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(() => { state.refreshTimer = null; refreshWorkflows(); }, 150);
  }

  function request(event, payload) {
    return new Promise((resolve, reject) => {
      state.socket.timeout(10000).emit(event, payload, (err, answer) => {
        if (err) reject(err);
        else if (!answer || !answer.ok) reject(new Error(answer && answer.error ? answer.error.message : event));
        else resolve(answer);
      });
    });
  }

  async function refreshWorkflows() {
    try {
      const answer = await request('monitor:workflows', { limit: 25 });
      state.workflows = answer.workflows;
      if (!state.pinned) {
        const running = state.workflows.find((w) => w.status === 'running');
        if (running && (!state.selected || !isRunning(state.selected))) state.selected = running.workflow_id;
        if (!state.selected && state.workflows.length) state.selected = state.workflows[0].workflow_id;
      }
      renderWorkflows();
      if (state.selected) await refreshDetail();
    } catch (e) {
      console.warn('workflows', e);
    }
  }

  function isRunning(id) {
    const w = state.workflows.find((x) => x.workflow_id === id);
    return w && w.status === 'running';
  }

  async function refreshDetail() {
    try {
      const answer = await request('monitor:workflow', { workflow_id: state.selected });
      state.detail = answer.workflow;
      renderDetail(answer.workflow);
    } catch (e) {
      console.warn('workflow', state.selected, e);
    }
  }

  function renderMetrics(m) {
    $('#updated').textContent = 'updated ' + time(m.timestamp);
    const wf = m.workflow_metrics;
    const cards = [
      ['services', m.cluster_metrics.external_service_nodes, 'connected services'],
      ['running', wf.running, 'workflows running'],
      ['completed', wf.completed, 'completed'],
      ['failed', wf.failed, 'failed'],
      ['cancelled', wf.cancelled, 'cancelled'],
      ['queued', m.queue_metrics.total_queued, 'tasks queued (U/H/N/L ' + [m.queue_metrics.urgent_queue,
        m.queue_metrics.high_queue, m.queue_metrics.normal_queue, m.queue_metrics.low_queue].join('/') + ')'],
      ['active', m.aggregate_metrics.total_active_tasks, 'tasks active, ' + percent(m.aggregate_metrics.cluster_utilization) + ' utilization'],
      ['clients', m.cluster_metrics.connected_clients, 'clients (' + m.cluster_metrics.monitoring_clients + ' monitoring)'],
    ];
    $('#summary').innerHTML = cards.map(([id, value, label]) =>
      `<div class="card" data-card="${id}"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`).join('');

    $('#services tbody').innerHTML = m.node_metrics.map((n) => `
      <tr data-node-id="${esc(n.node_id)}">
        <td class="icon" title="${esc(KIND_NAMES[n.kind] || n.kind)}">${KIND_ICONS[n.kind] || KIND_ICONS.other}</td>
        <td>${esc(n.name)}<div class="muted">${esc(n.node_id)}</div></td>
        <td class="status ${esc(n.status)}">${esc(n.status)}</td>
        <td>Tasks: ${esc(n.active_tasks)}/${esc(n.max_tasks)}</td>
        <td>Success: ${percent(n.success_rate)}</td>
        <td>${esc(n.tasks_completed)} / ${esc(n.tasks_failed)}</td>
        <td>${n.capabilities.map((c) => `<span class="tag">${esc(c)}</span>`).join('')}</td>
        <td>${time(n.last_heartbeat)}</td>
      </tr>`).join('') || '<tr><td colspan="8" class="muted">no services registered</td></tr>';

    $('#endpoints tbody').innerHTML = m.endpoint_metrics.map((e) => {
      const share = e.vram_total_bytes ? e.vram_used_bytes / e.vram_total_bytes : 0;
      return `
      <tr data-endpoint-id="${esc(e.endpoint_id)}">
        <td>${esc(e.endpoint_id)}<div class="muted">${esc(e.url)}</div></td>
        <td>${esc(e.service_id)}</td>
        <td class="status ${e.healthy ? 'healthy' : 'unhealthy'}">${e.healthy ? 'healthy' : 'unhealthy'}</td>
        <td>${esc(e.in_flight)}/${esc(e.max_concurrent)}</td>
        <td><span class="bar"><span style="width:${Math.round(share * 100)}%"></span></span>
          ${bytes(e.vram_used_bytes)} / ${bytes(e.vram_total_bytes)}</td>
        <td>${e.loaded_models.map((x) => `<span class="tag">${esc(x)}</span>`).join('')}</td>
        <td>${e.ewma_latency_ms === undefined || e.ewma_latency_ms === null ? '–' : Math.round(e.ewma_latency_ms) + ' ms'}</td>
      </tr>`;
    }).join('') || '<tr><td colspan="7" class="muted">no endpoints</td></tr>';
  }

  function renderWorkflows() {
    const body = $('#workflows tbody');
    body.innerHTML = state.workflows.map((w) => {
      const done = (w.task_counts.completed || 0);
      return `<tr class="clickable${w.workflow_id === state.selected ? ' selected' : ''}" data-workflow-id="${esc(w.workflow_id)}">
        <td>${esc(w.name)}<div class="muted">${esc(w.workflow_id)}</div></td>
        <td class="status ${esc(w.status)}">${esc(w.status)}</td>
        <td>${done}/${esc(w.total_tasks)} done</td>
        <td>${time(w.submitted_at)}</td></tr>`;
    }).join('') || '<tr><td colspan="4" class="muted">no workflows yet</td></tr>';
    body.querySelectorAll('tr[data-workflow-id]').forEach((row) => row.addEventListener('click', () => {
      state.selected = row.dataset.workflowId;
      state.pinned = true;
      renderWorkflows();
      refreshDetail();
    }));
  }

  function renderEvents() {
    $('#events').innerHTML = state.events.map((e) =>
      `<li data-type="${esc(e.type)}"><time>${time(e.timestamp)}</time>${esc(e.message)}</li>`).join('');
  }

  function renderDetail(w) {
    $('#detail').hidden = false;
    $('#detail').dataset.workflowId = w.workflow_id;
    $('#detail-name').textContent = w.name + ' (' + w.workflow_id + ')';
    const status = $('#detail-status');
    status.textContent = w.status;
    status.className = 'status ' + w.status;
    renderGraph(w.tasks);
    renderTimeline(w);
  }

  // Layered layout: a task's column is one more than its deepest dependency's.
  function renderGraph(tasks) {
    const depth = {};
    const byId = Object.fromEntries(tasks.map((t) => [t.task_id, t]));
    const depthOf = (t) => {
      if (depth[t.task_id] === undefined) {
        depth[t.task_id] = 0;
        depth[t.task_id] = t.dependencies.reduce((d, id) => Math.max(d, byId[id] ? depthOf(byId[id]) + 1 : 0), 0);
      }
      return depth[t.task_id];
    };
    tasks.forEach(depthOf);
    const rows = {};
    const position = {};
    const W = 170, H = 44, GX = 60, GY = 18;
    tasks.forEach((t) => {
      const col = depth[t.task_id];
      const row = rows[col] = (rows[col] || 0) + 1;
      position[t.task_id] = { x: 10 + col * (W + GX), y: 10 + (row - 1) * (H + GY) };
    });
    const width = 20 + (Math.max(0, ...Object.values(depth)) + 1) * (W + GX);
    const height = 20 + Math.max(1, ...Object.values(rows)) * (H + GY);
    const edges = tasks.flatMap((t) => t.dependencies.filter((id) => position[id]).map((id) => {
      const a = position[id], b = position[t.task_id];
      return `<path class="edge" d="M${a.x + W},${a.y + H / 2} C${a.x + W + GX / 2},${a.y + H / 2} ${b.x - GX / 2},${b.y + H / 2} ${b.x},${b.y + H / 2}"/>`;
    }));
    const nodes = tasks.map((t) => {
      const p = position[t.task_id];
      const color = STATUS_COLORS[t.status] || '#9ca3af';
      return `<g class="node" data-task-id="${esc(t.task_id)}" data-status="${esc(t.status)}" transform="translate(${p.x},${p.y})">
        <rect width="${W}" height="${H}" stroke="${color}"></rect>
        <text x="8" y="17">${esc(t.name.length > 22 ? t.name.slice(0, 21) + '…' : t.name)}</text>
        <text x="8" y="34" fill="${color}">${esc(t.status)}${t.attempt > 1 ? ' · attempt ' + esc(t.attempt) : ''}</text>
        <title>${esc(t.name)} (${esc(t.type)})${t.service_name ? ' on ' + esc(t.service_name) : ''}${t.error ? '\n' + esc(t.error) : ''}</title>
      </g>`;
    });
    const svg = $('#graph');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.style.height = height + 'px';
    svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="#9ca3af"/></marker></defs>${edges.join('')}${nodes.join('')}`;
  }

  // One bar per task from its first dispatch to its end (or now), over the workflow's lifetime.
  function renderTimeline(w) {
    const start = Date.parse(w.submitted_at);
    const end = w.finished_at ? Date.parse(w.finished_at) : Date.now();
    const span = Math.max(1, end - start);
    const firstDispatch = {};
    w.timeline.forEach((e) => {
      if (e.type === 'task.dispatched' && !firstDispatch[e.task_id]) firstDispatch[e.task_id] = Date.parse(e.timestamp);
    });
    const bars = w.tasks.map((t) => {
      const from = firstDispatch[t.task_id];
      if (!from) return `<div class="row"><span>${esc(t.name)}</span><div class="track"></div></div>`;
      const to = t.finished_at ? Date.parse(t.finished_at) : end;
      const left = ((from - start) / span) * 100, width = Math.max(0.5, ((to - from) / span) * 100);
      return `<div class="row"><span>${esc(t.name)}</span><div class="track">
        <div class="span" style="left:${left}%;width:${width}%;background:${STATUS_COLORS[t.status] || '#9ca3af'}"
             title="${esc(t.status)}: ${((to - from) / 1000).toFixed(1)} s"></div></div></div>`;
    });
    const names = Object.fromEntries(w.tasks.map((t) => [t.task_id, t.name]));
    const lines = w.timeline.map((e) =>
      `<li><time>${time(e.timestamp)}</time> ${esc(e.task_id ? names[e.task_id] + ': ' + e.type.replace('task.', '') : e.message)}</li>`);
    $('#timeline').innerHTML = bars.join('') + `<ol>${lines.join('')}</ol>`;
  }

  start();
})();
