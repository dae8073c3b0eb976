// A Gleitzeit service in JavaScript, written to the wire protocol alone (docs/protocol.md): no SDK, just npm's
// socket.io-client 4 with its default transports. It offers two functions to workflows (`type: "function"` tasks):
//
//   js_upper(text)        -> text in upper case
//   js_sum(numbers...)    -> the sum of its arguments
//
// Usage: npm install socket.io-client@4 && node example-service.js [HUB_URL] [NAME]
//   HUB_URL defaults to $GLEITZEIT_HUB_URL or http://localhost:8000; the token, if the hub wants one, comes from
//   $GLEITZEIT_TOKEN; $GLEITZEIT_HEARTBEAT_SECONDS (default 5) must stay well below the hub's heartbeat timeout
//   (30 s by default). Ctrl-C (SIGINT) or SIGTERM stops it after the running tasks are reported.
'use strict';
const { io } = require('socket.io-client');
const crypto = require('crypto');

const hubUrl = process.argv[2] || process.env.GLEITZEIT_HUB_URL || 'http://localhost:8000';
const name = process.argv[3] || 'js-functions';
const nodeId = `${name}-${crypto.randomUUID()}`;
const maxConcurrent = 4;
const heartbeatMs = 1000 * Number(process.env.GLEITZEIT_HEARTBEAT_SECONDS || 5);

// The functions this service runs; anything else is refused, so a workflow cannot make it run other code.
const functions = {
  js_upper: (text) => {
    if (typeof text !== 'string') {
      throw new TypeError('js_upper: argument 1 must be a string');
    }
    return text.toUpperCase();
  },
  js_sum: (...numbers) => numbers.reduce((sum, n) => {
    if (typeof n !== 'number') {
      throw new TypeError('js_sum: every argument must be a number');
    }
    return sum + n;
  }, 0),
};

const running = new Set(); // idempotency keys (`<task_id>:<attempt>`) being worked on
const finished = new Set(); // and the ones already reported: a re-sent task:assign must not run twice
let completed = 0;
let failed = 0;
const started = Date.now();

const socket = io(`${hubUrl}/cluster`, { auth: { token: process.env.GLEITZEIT_TOKEN } });

function register() {
  socket.emit('node:register', {
    node_id: nodeId,
    name,
    node_type: 'external_service',
    service_type: 'function',
    capabilities: {
      task_types: ['python_execution'], // the handler name of function tasks, whatever language runs them
      max_concurrent_tasks: maxConcurrent,
      external_service: true,
    },
    functions: Object.keys(functions),
    version: '1.0.0',
  }, (answer) => {
    if (answer && answer.ok) {
      console.error(`registered as ${answer.service_id} with ${hubUrl}`);
    } else {
      console.error('registration refused:', JSON.stringify(answer && answer.error));
      process.exitCode = 1;
      socket.close();
    }
  });
}

// Registration is per connection: after every (re)connect, register again with the same node_id.
socket.on('connect', register);
socket.on('connect_error', (error) => console.error(`cannot reach ${hubUrl}: ${error.message}`));

socket.on('task:assign', (task, ack) => {
  const key = task.idempotency_key || `${task.task_id}:${task.attempt || 1}`;
  if (typeof ack === 'function') {
    ack({ ok: true, duplicate: running.has(key) || finished.has(key) }); // receipt, before any work
  }
  if (running.has(key) || finished.has(key)) {
    return;
  }
  running.add(key);
  const base = { task_id: task.task_id, workflow_id: task.workflow_id, node_id: nodeId, attempt: task.attempt };
  socket.emit('task:accepted', base);
  const params = task.external_parameters || task.parameters || {};
  const began = Date.now();
  try {
    const fn = functions[params.function_name];
    if (!fn) {
      throw Object.assign(new Error(`no function named ${params.function_name}`), { retryable: false });
    }
    const result = fn(...(params.args || []));
    completed += 1;
    socket.emit('task:completed', { ...base, result, service_name: name, duration_ms: Date.now() - began,
      timestamp: new Date().toISOString() });
  } catch (error) {
    failed += 1;
    socket.emit('task:failed', { ...base, error: error.message, error_type: error.name,
      retryable: error.retryable !== false && !(error instanceof TypeError), timestamp: new Date().toISOString() });
  } finally {
    running.delete(key);
    finished.add(key);
  }
});

socket.on('task:cancel', (cancel) => console.error(`hub cancelled ${cancel.task_id}: ${cancel.reason || ''}`));

// Liveness and load; the hub treats a service that stays silent past its heartbeat timeout as gone.
const heartbeat = setInterval(() => {
  if (socket.connected) {
    socket.emit('node:heartbeat', {
      node_id: nodeId, service_name: name, status: 'ready', node_type: 'external_service',
      active_tasks: running.size, max_tasks: maxConcurrent, tasks_completed: completed, tasks_failed: failed,
      uptime_seconds: Math.round((Date.now() - started) / 1000), capabilities: ['python_execution'],
      timestamp: new Date().toISOString(),
    });
  }
}, heartbeatMs);

function stop() {
  clearInterval(heartbeat);
  socket.close();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
