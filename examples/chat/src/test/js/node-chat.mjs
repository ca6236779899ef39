// The chat's server behaviour on the official Node.js socket.io 4.8, as a node of a mixed cluster
// with sio4j chat nodes: the same events and the same input checks as the Java chat
// (MainNamespaceHandlers, Presence, ChatNamespaceHandlers), on the official Redis adapters.
// Usage: node node-chat.mjs <redisUrl> <classic|sharded|streams> [recovery] [diagnostics] [admin]
// With "admin" the official @socket.io/admin-ui instruments it (no auth, serverId "node-chat").
// Prints {"type":"ready","port"} once listening on a free port of 127.0.0.1; a SIGTERM or the end
// of stdin closes the server; it bounds its own lifetime.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createClient } from "redis";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { bound, emitLine } from "./clients.mjs";

bound(170_000);
const [redisUrl, mode, ...flags] = process.argv.slice(2);
const recovery = flags.includes("recovery");
const diagnostics = flags.includes("diagnostics");
const admin = flags.includes("admin");

// node-redis reports a lost connection as an "error" event: without listeners the process dies.
function client() {
  const c = createClient({ url: redisUrl });
  c.on("error", (e) => process.stderr.write("redis: " + e.message + "\n"));
  return c;
}
// The official adapters do not catch failed publishes; keep the node alive, as the Java one is.
process.on("unhandledRejection", (e) => process.stderr.write("unhandled: " + (e && e.message) + "\n"));

let adapter;
const clients = [];
if (mode === "streams") {
  const c = client();
  clients.push(c);
  await c.connect();
  adapter = createStreamsAdapter(c);
} else {
  const pub = client();
  const sub = pub.duplicate();
  sub.on("error", (e) => process.stderr.write("redis sub: " + e.message + "\n"));
  clients.push(pub, sub);
  await Promise.all([pub.connect(), sub.connect()]);
  adapter = mode === "sharded" ? createShardedAdapter(pub, sub) : createAdapter(pub, sub);
}

const http = createServer();
const io = new Server(http, {
  adapter,
  connectionStateRecovery: recovery ? { maxDisconnectionDuration: 120_000, skipMiddlewares: true } : undefined,
});

const PRESENCE = "sio4j:presence";
const MAX_ROOMS = 50;
const looksLikeSocketId = (s) => typeof s === "string" && /^[A-Za-z0-9_-]{20}$/.test(s);
const validRoom = (r) => typeof r === "string" && r.length > 0 && r.length <= 128 && !/[\u0000-\u001f\u007f-\u009f]/.test(r);
const reserved = (r) => r.startsWith("sio4j:");
const text = (o, k) => (o && typeof o === "object" && typeof o[k] === "string" && o[k] !== "" ? o[k] : null);
const first = (args) => (args.length === 0 || args[0] === undefined ? null : args[0]);
const fromSender = (sender, o) => ({ sender, message: o.message });

let hellos = 0;
if (diagnostics) io.on("hello", () => hellos++);
if (admin) {
  const { instrument } = await import("@socket.io/admin-ui");
  instrument(io, { auth: false, serverId: "node-chat", mode: "development" });
}

io.on("connection", (socket) => {
  socket.on("message", (...args) => {
    io.emit("message", first(args));
    if (typeof args[args.length - 1] === "function") args[args.length - 1](); // as the Java chat: acked once sent
  });
  socket.on("privateMessage", (...args) => {
    const p = first(args);
    const to = text(p, "recipientId");
    if (looksLikeSocketId(to)) io.to(to).emit("privateMessage", fromSender(socket.id, p));
  });
  socket.on("joinRoom", (...args) => {
    const room = first(args);
    if (!validRoom(room) || reserved(room)) return;
    if (looksLikeSocketId(room) && room !== socket.id) return;
    const joined = [...socket.rooms].filter((r) => r !== socket.id && !reserved(r)).length;
    if (joined >= MAX_ROOMS && !socket.rooms.has(room)) return;
    socket.join(room);
  });
  socket.on("roomMessage", (...args) => {
    const p = first(args);
    const room = text(p, "room");
    if (validRoom(room) && !reserved(room)) io.to(room).emit("roomMessage", fromSender(socket.id, p));
  });
  socket.on("users:subscribe", (...args) => {
    const ack = args[args.length - 1];
    if (typeof ack !== "function") return;
    socket.join(PRESENCE);
    io.fetchSockets().then((all) => ack(all.map((s) => s.id)), (e) => process.stderr.write("presence: " + e.message + "\n"));
  });
  socket.on("whoIsOnline", (...args) => {
    const ack = args[args.length - 1];
    if (typeof ack !== "function") return;
    io.fetchSockets().then((all) => ack(all.map((s) => s.id)), (e) => ack({ error: String(e.message) }));
  });
  if (diagnostics) {
    socket.on("serverSideHello", () => io.serverSideEmit("hello", socket.id));
    socket.on("helloCount", (...args) => {
      const ack = args[args.length - 1];
      if (typeof ack === "function") ack(hellos);
    });
  }
  socket.on("disconnect", () => io.to(PRESENCE).emit("users:left", { id: socket.id }));
  io.to(PRESENCE).emit("users:joined", { id: socket.id });
});

const chat = io.of("/chat");
chat.on("connection", (socket) => socket.on("message", (...args) => chat.emit("message", first(args))));

http.listen(0, "127.0.0.1", () => emitLine({ type: "ready", port: http.address().port }));

let closing = false;
function close() {
  if (closing) return;
  closing = true;
  io.close(() => Promise.allSettled(clients.map((c) => c.quit())).then(() => process.exit(0)));
}
process.on("SIGTERM", close);
process.stdin.on("end", close);
process.stdin.resume();
