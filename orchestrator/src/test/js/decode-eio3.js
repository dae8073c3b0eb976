'use strict';
// Decodes an Engine.IO 3 polling payload with the real engine.io-parser 2.2.1 (what socket.io-client 2 uses) and
// prints the packets as JSON. Usage: node decode-eio3.js text|binary <base64 of the response body>
const parser = require('engine.io-parser-v2');

const [kind, base64] = process.argv.slice(2);
const body = Buffer.from(base64, 'base64');
const packets = [];
const collect = (packet) => {
  packets.push({ type: packet.type, data: typeof packet.data === 'string' ? packet.data : null });
};
if (kind === 'text') {
  // What the client's XMLHttpRequest hands over: the body decoded as UTF-8.
  parser.decodePayload(body.toString('utf8'), collect);
} else {
  parser.decodePayload(body, collect);
}
process.stdout.write(JSON.stringify(packets) + '\n');
