// An official socket.io node of a mixed cluster: socket.io 4.8 with @socket.io/redis-streams-adapter
// on node-redis, connection state recovery on, namespaces "/" and "/chat".
// Usage: node cluster/streams-node.mjs <redis url> <node name> [options JSON]   (options: lifetimeMs)
// Sockets get data.node = <node name> (unless recovered); a client joins or leaves a room with the
// acknowledged events "join" / "leave". Server-side events: "hello" is printed, "ping" is answered
// with {pong: <node name>, arg}.
// Prints {"type":"ready","port":N} once listening and subscribed, then one JSON line per thing tests
// observe: connection, disconnect, hello, result (of a command with an "id").
// Commands on stdin, one JSON object per line; "ns" defaults to "/", "rooms"/"except" to []:
//   {"cmd":"emit","ns","rooms","except","volatile","event","args"}
//   {"cmd":"emitWithAck","id","ns","rooms","timeout","event","args"}      result: the acks
//   {"cmd":"fetchSockets","id","ns","rooms"}                              result: [{id, rooms, data}]
//   {"cmd":"socketsJoin"|"socketsLeave","ns","rooms","room"}
//   {"cmd":"disconnectSockets","ns","rooms","close"}
//   {"cmd":"serverSideEmit","event","args"}
//   {"cmd":"serverSideEmitWithAck","id","event","args"}                   result: the answers
//   {"cmd":"exit"}
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { out, fromJson, onCommands, boundLifetime } from "../official-client/wire.mjs";

const [redisUrl, name, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? "{}");
boundLifetime(options.lifetimeMs ?? 110_000);

const redis = createClient({ url: redisUrl });
redis.on("error", (err) => process.stderr.write(`redis: ${err.message}\n`));
await redis.connect();
const io = new Server({
  adapter: createAdapter(redis),
  connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: true },
});

for (const ns of ["/", "/chat"]) {
  io.of(ns).on("connection", (socket) => {
    if (!socket.recovered) socket.data.node = name;
    out({ type: "connection", ns, id: socket.id, recovered: socket.recovered, rooms: [...socket.rooms],
          data: socket.data });
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack();
    });
    socket.on("leave", (room, ack) => {
      socket.leave(room);
      if (typeof ack === "function") ack();
    });
    socket.on("disconnect", (reason) => out({ type: "disconnect", ns, id: socket.id, reason }));
  });
}
io.on("hello", (...args) => out({ type: "hello", args }));
io.on("ping", (arg, ack) => ack({ pong: name, arg }));

function target(command) {
  let t = io.of(command.ns ?? "/");
  for (const room of command.rooms ?? []) t = t.to(room);
  for (const room of command.except ?? []) t = t.except(room);
  return t;
}

function result(command, promise) {
  promise.then(
    (value) => out({ type: "result", id: command.id, value }),
    (err) => out({ type: "result", id: command.id, error: String(err && err.message ? err.message : err) }),
  );
}

onCommands((command) => {
  const args = fromJson(command.args ?? []);
  switch (command.cmd) {
    case "emit": {
      const t = target(command);
      (command.volatile ? t.volatile : t).emit(command.event, ...args);
      break;
    }
    case "emitWithAck":
      result(command, target(command).timeout(command.timeout ?? 5000).emitWithAck(command.event, ...args));
      break;
    case "fetchSockets":
      result(command, target(command).fetchSockets().then((sockets) =>
        sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data }))));
      break;
    case "socketsJoin":
      target(command).socketsJoin(command.room);
      break;
    case "socketsLeave":
      target(command).socketsLeave(command.room);
      break;
    case "disconnectSockets":
      target(command).disconnectSockets(Boolean(command.close));
      break;
    case "serverSideEmit":
      io.serverSideEmit(command.event, ...args);
      break;
    case "serverSideEmitWithAck":
      result(command, io.serverSideEmitWithAck(command.event, ...args));
      break;
    case "exit":
      io.close(() => process.exit(0));
      break;
    default:
      out({ type: "badCommand", cmd: command.cmd });
  }
});

const http = createServer();
io.attach(http);
await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
// Ready once this node is subscribed (its own channels have a subscriber) ...
for (const ns of ["/", "/chat"]) {
  const channel = `socket.io#${ns}#${io.of(ns).adapter.uid}#`;
  while (Number((await redis.sendCommand(["PUBSUB", "NUMSUB", channel]))[1]) < 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
}
// ... and reads the stream: its reader starts at "$" some time after the adapter is
// created, and would miss what was added before. An entry of an unknown type from a marker uid is
// ignored by every node; this one waits until its own adapter has seen one.
const marker = `ready-${name}-${process.pid}`;
const seen = new Promise((resolve) => {
  const adapter = io.of("/").adapter;
  const onRawMessage = adapter.onRawMessage;
  adapter.onRawMessage = function (raw, offset) {
    if (raw.uid === marker) resolve();
    return onRawMessage.call(this, raw, offset);
  };
});
let waiting = true;
seen.then(() => (waiting = false));
while (waiting) {
  await redis.xAdd("socket.io", "*", { uid: marker, nsp: "/", type: "99" });
  await Promise.race([seen, new Promise((r) => setTimeout(r, 50))]);
}
out({ type: "ready", port: http.address().port });
