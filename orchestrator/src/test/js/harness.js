'use strict';
// Connects one Socket.IO client to the hub's /cluster namespace with the library's DEFAULT transports (unless the
// test pins some), keeps `count` acked emits in flight at once, asks the hub for `serverEmits` acked emits back,
// checks every payload, and prints one JSON report on stdout. Usage: node harness.js '<json options>'
//   {url, token?, client: "v4"|"v2", count, serverEmits, text, transports?: ["polling"], timeoutMs?}

const options = JSON.parse(process.argv[2]);
const io = options.client === 'v2' ? require('socket.io-client-v2') : require('socket.io-client');

const report = {
  client: options.client,
  connected: false,
  connect_error: null,
  transport_at_connect: null,
  transport_at_end: null,
  acks: 0,
  acks_intact: 0,
  server_events: 0,
  server_events_intact: 0,
  mismatches: [],
  disconnects: [],
  elapsed_ms: 0,
};
const started = Date.now();
let finished = false;

const socketOptions = { forceNew: true, reconnection: false };
if (options.transports) {
  socketOptions.transports = options.transports;
}
if (options.client !== 'v2' && options.token) {
  socketOptions.auth = { token: options.token }; // v2 clients have no handshake auth
}
const socket = io(options.url + '/cluster', socketOptions);

function transportName() {
  const engine = socket.io && socket.io.engine;
  return engine && engine.transport ? engine.transport.name : null;
}

function mismatch(what) {
  if (report.mismatches.length < 5) {
    report.mismatches.push(what);
  }
}

function finish() {
  if (finished) {
    return;
  }
  finished = true;
  report.transport_at_end = transportName();
  report.elapsed_ms = Date.now() - started;
  process.stdout.write(JSON.stringify(report) + '\n');
  socket.close();
  setTimeout(() => process.exit(0), 50);
}

setTimeout(finish, options.timeoutMs || 60000);

socket.on('connect_error', (err) => {
  report.connect_error = { message: err.message, data: err.data || null };
  finish();
});

socket.on('disconnect', (reason) => {
  report.disconnects.push(reason);
});

socket.on('server:echo', (payload, ack) => {
  report.server_events++;
  const expected = options.text + ' #' + payload.seq;
  if (payload.text === expected) {
    report.server_events_intact++;
  } else {
    mismatch({ direction: 'server-to-client', expected, actual: payload.text });
  }
  ack({ seq: payload.seq, text: payload.text });
  if (report.server_events === options.serverEmits) {
    // The hub counts our acks itself; this last request arrives after them on the same connection.
    socket.emit('harness:done', {}, () => finish());
  }
});

socket.on('connect', () => {
  report.connected = true;
  report.transport_at_connect = transportName();
  let pending = options.count;
  for (let seq = 0; seq < options.count; seq++) {
    const text = options.text + ' #' + seq;
    socket.emit('echo', { seq, text }, (answer) => {
      report.acks++;
      if (answer && answer.ok === true && answer.seq === seq && answer.text === text) {
        report.acks_intact++;
      } else {
        mismatch({ direction: 'ack', expected: text, actual: answer });
      }
      if (--pending === 0) {
        askForServerEmits();
      }
    });
  }
  if (options.count === 0) {
    askForServerEmits();
  }
});

function askForServerEmits() {
  if (!options.serverEmits) {
    finish();
    return;
  }
  socket.emit('emit_to_me', { count: options.serverEmits, text: options.text }, (answer) => {
    if (!answer || answer.ok !== true) {
      mismatch({ direction: 'emit_to_me', actual: answer });
      finish();
    }
  });
}
