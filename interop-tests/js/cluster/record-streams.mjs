// Records what @socket.io/redis-streams-adapter writes to Redis, as fixtures for sio4j's encoding tests.
// Usage: node cluster/record-streams.mjs <redis url> <output.json>
// Two official nodes (A, B) in this process, official clients, one of each cluster operation; then the
// stream (XRANGE, raw), every Pub/Sub payload (a PSUBSCRIBE tap, raw bytes) and one stored session.
import { createServer } from "node:http";
import { writeFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Server } from "socket.io";
import { io as ioc } from "socket.io-client";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";

const [redisUrl, outFile] = process.argv.slice(2);
setTimeout(() => {
  console.error("recording did not finish in time");
  process.exit(4);
}, 60_000).unref();

const require = createRequire(import.meta.url);
const version = (name) => JSON.parse(readFileSync(require.resolve(name + "/package.json"), "utf8")).version;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function node(name) {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const io = new Server({ adapter: createAdapter(redis), connectionStateRecovery: {} });
  io.of("/chat");
  io.on("connection", (socket) => {
    socket.data.node = name;
    socket.on("join", (room, ack) => {
      socket.join(room);
      ack?.();
    });
  });
  io.on("ping", (arg, ack) => ack({ pong: name, arg }));
  const http = createServer();
  io.attach(http);
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  return { io, redis, url: `http://127.0.0.1:${http.address().port}` };
}

async function client(url, ns = "/") {
  const socket = ioc(url + ns, { transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 100 });
  socket.onAny((...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (ack) ack({ from: socket.id, q: args[1] });
  });
  await new Promise((r) => socket.once("connect", r));
  return socket;
}

const tap = createClient({ url: redisUrl });
await tap.connect();
const pubsub = [];
await tap.pSubscribe("socket.io#*", (message, channel) => pubsub.push({ channel: channel.toString(), base64: message.toString("base64") }), true);

const a = await node("A");
const b = await node("B");
const counter = createClient({ url: redisUrl });
await counter.connect();
while ((await counter.sendCommand(["PUBSUB", "NUMSUB", "socket.io#/#"]))[1] < 2) await sleep(10);

const onA = await client(a.url);
const onB = await client(b.url);
await client(b.url, "/chat");
await new Promise((r) => onB.emit("join", "r1", r));

a.io.emit("m", { k: "all", from: "A" });
a.io.to("r1").emit("m", { k: "r1" });
a.io.except("r1").emit("m", { k: "except r1" });
a.io.volatile.emit("m", { k: "volatile" });
a.io.compress(false).emit("m", { k: "uncompressed" });
a.io.emit("bin", Buffer.from([1, 2, 3]), { n: 1.5, u: undefined });
a.io.of("/chat").emit("m", { k: "chat" });
a.io.in(onA.id).socketsJoin("r3");
a.io.in("r3").socketsLeave("r3");
await a.io.timeout(2000).emitWithAck("ask", { q: 42 });
await a.io.fetchSockets();
a.io.serverSideEmit("hello", "x");
await a.io.serverSideEmitWithAck("ping", "q");

// a session: a client of B in r1 whose connection drops
const dropped = await client(b.url);
await new Promise((r) => dropped.emit("join", "r1", r));
dropped.io.engine.close();
let sessionKey;
while (!(sessionKey = (await counter.keys("sio:session:*"))[0])) await sleep(10);
const session = { key: sessionKey, value: await counter.get(sessionKey) };

a.io.in(onB.id).disconnectSockets(true);
await sleep(200);

const stream = (await counter.sendCommand(["XRANGE", "socket.io", "-", "+"])).map(([id, fields]) => ({ id, fields }));
writeFileSync(outFile, JSON.stringify({
  recorded: new Date().toISOString(),
  versions: {
    "@socket.io/redis-streams-adapter": version("@socket.io/redis-streams-adapter"),
    "socket.io": version("socket.io"),
    "socket.io-adapter": version("socket.io-adapter"),
    "@msgpack/msgpack": version("@msgpack/msgpack"),
    redis: version("redis"),
    "redis-server": (await counter.info("server")).match(/redis_version:(\S+)/)[1],
  },
  stream,
  pubsub,
  session,
}, null, 2) + "\n");
console.log(JSON.stringify({ type: "done", entries: stream.length, pubsub: pubsub.length }));
process.exit(0);
