// Records what the official Redis adapters put on the wire, for sio4j's encoding tests.
//
// Usage: node redis/record-fixtures.mjs <redisPort> <classic|sharded> <out.jsonl>
//
// Starts two official socket.io servers (A and B, namespaces "/" and "/chat") on one Redis with
// @socket.io/redis-adapter (createAdapter or createShardedAdapter), connects official clients to
// both, runs every cluster operation from A (and, for classic, the official emitter), and writes
// every PUBLISH / SPUBLISH / SUBSCRIBE-family command that Redis's MONITOR saw, one JSON object a
// line: {"scenario", "command", "channel", "hex"} (the exact payload bytes) plus "text" when the
// payload is JSON. An ECHO of the scenario name goes through Redis before each scenario, so the
// commands are attributed in the order Redis executed them. A tool, run by hand (see the README
// beside the fixtures); the pauses below are only there to let the traffic settle.
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { createClient } from 'redis';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';

const [port, mode, out] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const url = `redis://127.0.0.1:${port}`;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
setTimeout(() => { console.error('recorder timed out'); process.exit(2); }, 60000).unref();

// ---- MONITOR over a raw socket, parsing Redis's quoted (sdscatrepr) arguments ----
const records = [];
let scenario = 'startup';
const monitor = net.connect(port, '127.0.0.1');
monitor.write('MONITOR\r\n');
let pending = Buffer.alloc(0);
monitor.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  let nl;
  while ((nl = pending.indexOf('\r\n')) >= 0) {
    const line = pending.subarray(0, nl).toString('latin1');
    pending = pending.subarray(nl + 2);
    if (line.startsWith('+') && line !== '+OK') onCommand(parseArgs(line));
  }
});

function parseArgs(line) {
  const args = [];
  let i = line.indexOf('] ') + 2;
  while (i < line.length) {
    if (line[i] !== '"') { i++; continue; }
    i++;
    const bytes = [];
    while (line[i] !== '"') {
      if (line[i] === '\\') {
        const c = line[i + 1];
        if (c === 'x') { bytes.push(parseInt(line.substr(i + 2, 2), 16)); i += 4; continue; }
        bytes.push({ n: 10, r: 13, t: 9, a: 7, b: 8 }[c] ?? c.charCodeAt(0));
        i += 2;
      } else {
        bytes.push(line.charCodeAt(i));
        i++;
      }
    }
    i++;
    args.push(Buffer.from(bytes));
  }
  return args;
}

const KEPT = ['publish', 'spublish', 'subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe',
  'sunsubscribe', 'pubsub'];
function onCommand(args) {
  const command = args[0].toString().toLowerCase();
  if (command === 'echo') { scenario = args[1].toString(); return; }
  if (!KEPT.includes(command)) return;
  const rec = { scenario, command, channel: args.slice(1, command.endsWith('publish') ? 2 : undefined).map(String).join(' ') };
  if (command.endsWith('publish')) {
    const payload = args[2];
    rec.hex = payload.toString('hex');
    if (payload[0] === 0x7b) rec.text = payload.toString('utf8');
  }
  records.push(rec);
}

// ---- the cluster ----
const marker = createClient({ url });
await marker.connect();
const mark = async (name) => { await pause(150); await marker.sendCommand(['ECHO', name]); };

async function node(name) {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const http = createServer();
  const io = new Server(http, {
    adapter: mode === 'sharded' ? createShardedAdapter(pub, sub) : createAdapter(pub, sub),
  });
  io.of('/chat');
  io.on('hello', (...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    if (ack) ack({ node: name, got: args });
  });
  io.on('connection', (socket) => {
    socket.data = { node: name };
    socket.on('join', (room) => socket.join(room));
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { io, port: http.address().port, pub, sub };
}

const A = await node('A');
const B = await node('B');

function client(n, nsp = '/') {
  const s = connect(`http://127.0.0.1:${n.port}${nsp}`, { transports: ['websocket'] });
  s.on('ask', (arg, ack) => ack({ from: s.id, q: arg }));
  return new Promise((r) => s.on('connect', () => r(s)));
}
const a1 = await client(A);
const b1 = await client(B);
await client(B, '/chat');
b1.emit('join', 'r1');
await pause(200);

await mark('broadcast-all');
A.io.emit('m', { k: 'all', from: 'A' });
await mark('broadcast-room');
A.io.to('r1').emit('m', { k: 'r1' });
await mark('broadcast-socket');
A.io.to(b1.id).emit('private', 'psst');
await mark('broadcast-two-rooms-except');
A.io.to(['r1', 'r2']).except(a1.id).emit('m', { k: 'two' });
await mark('broadcast-volatile-compress');
A.io.volatile.compress(false).emit('m', 1, 2.5, true, null);
await mark('broadcast-binary');
A.io.emit('bin', Buffer.from([1, 2, 3]), { n: 1.5, u: undefined });
await mark('broadcast-chat');
A.io.of('/chat').emit('m', { k: 'chat' });
await mark('broadcast-local');
A.io.local.emit('m', 'local only');
await mark('broadcast-with-ack');
await A.io.timeout(1500).emitWithAck('ask', { q: 42 });
await mark('fetch-sockets');
await A.io.fetchSockets();
await mark('sockets-join');
A.io.in(b1.id).socketsJoin('r3');
await mark('sockets-leave');
A.io.in(b1.id).socketsLeave('r3');
await mark('server-side-emit');
A.io.serverSideEmit('hello', 'world', 1);
await mark('server-side-emit-with-ack');
await A.io.serverSideEmitWithAck('hello', 'q');
if (mode !== 'sharded') {
  await mark('all-rooms');
  await A.io.of('/').adapter.allRooms();
}
await mark('disconnect-sockets');
A.io.in(b1.id).disconnectSockets(true);

if (mode !== 'sharded') {
  const emitterClient = createClient({ url });
  await emitterClient.connect();
  const emitter = new Emitter(emitterClient);
  await mark('emitter-broadcast');
  emitter.emit('m', { k: 'all' });
  await mark('emitter-room-except');
  emitter.to('r1').except('r2').emit('m', { k: 'r1' });
  await mark('emitter-chat-volatile');
  emitter.of('/chat').volatile.emit('m', { k: 'chat' });
  await mark('emitter-binary');
  emitter.emit('bin', Buffer.from([1, 2, 3]));
  await mark('emitter-sockets-join');
  emitter.in('r1').socketsJoin('r9');
  await mark('emitter-sockets-leave');
  emitter.in('r1').socketsLeave('r9');
  await mark('emitter-server-side-emit');
  emitter.serverSideEmit('hello', 'from-emitter', 2);
  await mark('emitter-disconnect-sockets');
  emitter.in('r1').disconnectSockets();
}

await mark('end');
await pause(200);
writeFileSync(out, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(JSON.stringify({ type: 'done', records: records.length }));
process.exit(0);
