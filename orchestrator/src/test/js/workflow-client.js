// A workflow client on npm socket.io-client 4 with its DEFAULT transports (polling first, then websocket upgrade):
// runs a list of steps against the hub's /cluster namespace and prints one JSON report on stdout.
//
// Usage: node workflow-client.js '<json options>' | @<file holding them>
//   {url, token, timeout_ms?, steps: [
//     {op: "emit", event, payload, save}          emit with an ack callback; the answer is report.acks[save]
//     {op: "emit_no_ack", event, payload}         emit without an ack callback
//     {op: "wait", event, match: {field: value}}  wait until an event arrived (before or after) whose payload has
//                                                  every field of match]}
// Report: {connected, connect_error, transport_at_end, acks: {...}, events: [{event, payload}], errors: [],
//          step_ms: [how long each step took]}
const fs = require('fs');
const io = require('socket.io-client');

const arg = process.argv[2];
const options = JSON.parse(arg.startsWith('@') ? fs.readFileSync(arg.slice(1), 'utf8') : arg);
const timeoutMs = options.timeout_ms || 60000;
const report = {
  connected: false, connect_error: null, transport_at_end: null, acks: {}, events: [], errors: [], step_ms: [],
};
let waiter = null;

const socket = io(options.url + '/cluster', { forceNew: true, reconnection: false, auth: { token: options.token } });

function matches(entry, step) {
  if (entry.event !== step.event) {
    return false;
  }
  const match = step.match || {};
  return Object.keys(match).every((k) => entry.payload && entry.payload[k] === match[k]);
}

socket.onAny((event, payload) => {
  report.events.push({ event, payload });
  if (waiter && matches(report.events[report.events.length - 1], waiter.step)) {
    waiter.resolve();
  }
});

function step(s) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out in step ' + JSON.stringify(s))), timeoutMs);
    const done = () => { clearTimeout(timer); waiter = null; resolve(); };
    if (s.op === 'emit') {
      socket.emit(s.event, s.payload, (answer) => { report.acks[s.save] = answer; done(); });
    } else if (s.op === 'emit_no_ack') {
      socket.emit(s.event, s.payload);
      done();
    } else if (s.op === 'wait') {
      if (report.events.some((e) => matches(e, s))) {
        done();
      } else {
        waiter = { step: s, resolve: done };
      }
    } else {
      reject(new Error('unknown op ' + s.op));
    }
  });
}

function finish() {
  report.transport_at_end = socket.io.engine && socket.io.engine.transport ? socket.io.engine.transport.name : null;
  socket.close();
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(0);
}

socket.on('connect_error', (err) => {
  report.connect_error = { message: err.message, data: err.data || null };
  finish();
});

socket.on('connect', async () => {
  report.connected = true;
  try {
    for (const s of options.steps) {
      const started = process.hrtime.bigint();
      await step(s);
      report.step_ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } catch (e) {
    report.errors.push(e.message);
  }
  finish();
});
