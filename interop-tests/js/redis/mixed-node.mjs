// One Node.js member of a mixed sio4j + Node cluster, and the official clients of the test.
// Usage: node redis/mixed-node.mjs <redisPort> <classic|sharded>
//
// Starts an official socket.io server (node "N", namespaces "/" and "/chat") on Redis with the
// official @socket.io/redis-adapter (createAdapter or createShardedAdapter) and reports
// {"type":"ready","port"}. Its sockets have data {node: "N"}, join a room on "join" (acked);
// "hello" server-side events are reported and acked with {node: "N"}.
// Commands on stdin (JSON lines), answered on stdout (JSON lines; "id" echoes the command's;
// binary values travel as {"$bin": base64}, see wire.mjs):
//   client {name, url}                  an official socket.io-client (websocket); reports connect,
//                                       event {client, event, args}, disconnect; acks "ask" with {from, q}
//   clientEmit {name, event, args}      emits from a client; with "id" waits for the ack
//   broadcast {ns, rooms, except, event, args}   N's io.of(ns).to(rooms).except(except).emit
//   emitWithAck {id, event, args}       N's io.timeout(3000).emitWithAck, result = the answers
//   fetchSockets {id, rooms}            N's io.in(rooms).fetchSockets, result = [{id, data, rooms}]
//   remoteEmit {id, socketId, event, args}  fetchSockets, then emit on that (remote) socket
//   serverSideEmit {event, args} / serverSideEmitWithAck {id, event, args}
//   emitter {op, ns, rooms, except, event, args, close}   @socket.io/redis-emitter (classic)
//   exit
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { createClient } from 'redis';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import { out, fromJson, onCommands, boundLifetime } from '../official-client/wire.mjs';

const [port, mode] = [Number(process.argv[2]), process.argv[3]];
const url = `redis://127.0.0.1:${port}`;
boundLifetime(120_000);

const pub = createClient({ url });
const sub = pub.duplicate();
pub.on('error', (e) => out({ type: 'redisError', message: String(e.message) }));
sub.on('error', (e) => out({ type: 'redisError', message: String(e.message) }));
await Promise.all([pub.connect(), sub.connect()]);

const http = createServer();
const io = new Server(http, {
  adapter: mode === 'sharded' ? createShardedAdapter(pub, sub) : createAdapter(pub, sub, { requestsTimeout: 3000 }),
});
for (const nsp of [io.of('/'), io.of('/chat')]) {
  nsp.on('connection', (socket) => {
    socket.data = { node: 'N' };
    socket.on('join', (room, ack) => { socket.join(room); ack(true); });
  });
}
io.on('hello', (...args) => {
  const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  out({ type: 'serverSideEvent', node: 'N', args });
  if (ack) ack({ node: 'N' });
});
await new Promise((r) => http.listen(0, '127.0.0.1', r));

const clients = new Map();
let emitter = null; // one client for every emitter command, connected once

function operator(ns, rooms, except) {
  let op = io.of(ns ?? '/');
  if (rooms && rooms.length) op = op.to(rooms);
  if (except && except.length) op = op.except(except);
  return op;
}

async function result(id, promise) {
  try {
    out({ type: 'result', id, value: await promise });
  } catch (e) {
    out({ type: 'result', id, error: String(e && e.message) });
  }
}

onCommands(async (c) => {
  switch (c.cmd) {
    case 'client': {
      const s = connect(c.url, { transports: ['websocket'], reconnection: false, forceNew: true });
      clients.set(c.name, s);
      s.on('connect', () => out({ type: 'connect', client: c.name, id: s.id }));
      s.on('disconnect', (reason) => out({ type: 'disconnect', client: c.name, reason }));
      s.onAny((event, ...args) => {
        const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
        out({ type: 'event', client: c.name, event, args });
        if (ack) ack({ from: s.id, q: args[0] });
      });
      break;
    }
    case 'clientEmit': {
      const s = clients.get(c.name);
      if (c.id !== undefined) await result(c.id, s.timeout(5000).emitWithAck(c.event, ...(c.args ?? [])));
      else s.emit(c.event, ...(c.args ?? []));
      break;
    }
    case 'broadcast':
      operator(c.ns, c.rooms, c.except).emit(c.event, ...fromJson(c.args ?? []));
      break;
    case 'emitWithAck':
      await result(c.id, io.timeout(3000).emitWithAck(c.event, ...(c.args ?? [])));
      break;
    case 'fetchSockets':
      await result(c.id, operator('/', c.rooms).fetchSockets()
        .then((list) => list.map((s) => ({ id: s.id, data: s.data, rooms: [...s.rooms] }))));
      break;
    case 'remoteEmit':
      await result(c.id, io.in(c.socketId).fetchSockets().then((list) => {
        list.forEach((s) => s.emit(c.event, ...(c.args ?? [])));
        return list.length;
      }));
      break;
    case 'serverSideEmit':
      io.serverSideEmit(c.event, ...(c.args ?? []));
      break;
    case 'serverSideEmitWithAck':
      await result(c.id, io.serverSideEmitWithAck(c.event, ...(c.args ?? [])));
      break;
    case 'emitter': {
      emitter ??= (async () => {
        const client = createClient({ url });
        await client.connect();
        return new Emitter(client);
      })();
      let e = await emitter;
      if (c.ns && c.ns !== '/') e = e.of(c.ns);
      if (c.rooms && c.rooms.length) e = e.to(c.rooms);
      if (c.except && c.except.length) e = e.except(c.except);
      if (c.op === 'emit') e.emit(c.event, ...fromJson(c.args ?? []));
      else if (c.op === 'socketsJoin') e.socketsJoin(c.args);
      else if (c.op === 'socketsLeave') e.socketsLeave(c.args);
      else if (c.op === 'disconnectSockets') e.disconnectSockets(!!c.close);
      else if (c.op === 'serverSideEmit') e.serverSideEmit(c.event, ...(c.args ?? []));
      out({ type: 'emitted', id: c.id });
      break;
    }
    case 'exit':
      clients.forEach((s) => s.disconnect());
      io.close();
      out({ type: 'bye' });
      setTimeout(() => process.exit(0), 50);
      break;
    default:
      out({ type: 'badCommand', cmd: c.cmd });
  }
});

out({ type: 'ready', port: http.address().port });
