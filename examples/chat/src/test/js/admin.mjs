// The admin UI's protocol against the chat started with --admin, driven the way the official
// @socket.io/admin-ui page connects (socket.io-client 4.8 to <server>/admin, withCredentials,
// polling then websocket, auth {username, password} or {sessionId}, no reconnection). Usage:
//   node admin.mjs <baseUrl> <password|->
// With "-" the chat runs without --admin-password (loopback only, no login).
// Prints {"type":"check",...} lines and {"type":"done",...} like seed.mjs.
import { io } from "socket.io-client";
import { bound, peer, runChecks, assert } from "./clients.mjs";

bound(90_000);
const [baseUrl, passwordArg] = process.argv.slice(2);
const password = passwordArg === "-" ? null : passwordArg;
const WAIT = 10_000;

// An admin UI connection, recording every event like the page's store does.
function adminClient(auth) {
  const socket = io(baseUrl + "/admin", {
    forceNew: true, reconnection: false, withCredentials: true, transports: ["polling", "websocket"],
    path: "/socket.io", auth,
  });
  const received = [];
  const waiters = new Set();
  socket.onAny((event, ...args) => {
    received.push({ event, args });
    for (const w of [...waiters]) w();
  });
  const outcome = new Promise((resolve) => {
    socket.once("connect", () => resolve({ ok: true }));
    socket.once("connect_error", (e) => resolve({ ok: false, message: e.message }));
  });
  function waitFor(event, match = () => true, timeoutMs = WAIT) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = received.find((r) => r.event === event && match(...r.args));
        if (hit) { waiters.delete(check); clearTimeout(timer); resolve(hit.args); }
      };
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error("no '" + event + "' within " + timeoutMs + " ms")); }, timeoutMs);
      waiters.add(check);
      check();
    });
  }
  return { socket, received, outcome, waitFor, has: (e) => received.some((r) => r.event === e) };
}

const credentials = password ? { username: "admin", password } : {};
const admins = [];
const users = [];
function admin(auth) { const a = adminClient(auth); admins.push(a); return a; }
function user(nsp = "/") { const u = peer(baseUrl, nsp, ["polling", "websocket"]); users.push(u); return u; }

let main, A, sessionId;

const checks = [
  ["connect", async () => {
    const u = user();
    await u.connected;
    u.socket.emit("joinRoom", "lobby");
    const chat = user("/chat");
    await chat.connected;
    main = admin(credentials);
    const r = await main.outcome;
    assert(r.ok, "admin connect failed: " + r.message);
    A = { u, chat };
    return { admin: main.socket.id };
  }],
  ["wrong credentials are refused with 'invalid credentials' (the UI shows its login again)", async () => {
    if (!password) return "no password set: nothing to refuse on loopback";
    const bad = admin({ username: "admin", password: password + "x" });
    const r1 = await bad.outcome;
    const none = admin({});
    const r2 = await none.outcome;
    const forged = admin({ sessionId: "0123456789abcdef0123456789abcdef" });
    const r3 = await forged.outcome;
    assert(!r1.ok && r1.message === "invalid credentials", "wrong password: " + JSON.stringify(r1));
    assert(!r2.ok && r2.message === "invalid credentials", "no credentials: " + JSON.stringify(r2));
    assert(!r3.ok && r3.message === "invalid credentials", "forged session: " + JSON.stringify(r3));
    return [r1, r2, r3];
  }],
  ["a login gets a session id, the config and every socket with its rooms", async () => {
    const [config] = await main.waitFor("config");
    const features = config.supportedFeatures;
    for (const f of ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"]) {
      assert(features.includes(f), "feature " + f + " missing: " + features);
    }
    if (password) {
      [sessionId] = await main.waitFor("session");
      assert(/^[0-9a-f]{32}$/.test(sessionId), "session id " + sessionId);
    } else {
      assert(!main.has("session"), "no session without a password");
    }
    const [all] = await main.waitFor("all_sockets");
    const mine = all.find((s) => s.id === A.u.socket.id);
    const chat = all.find((s) => s.id === A.chat.socket.id);
    assert(mine && mine.nsp === "/" && mine.rooms.includes("lobby"), "user socket: " + JSON.stringify(mine));
    assert(chat && chat.nsp === "/chat", "/chat socket: " + JSON.stringify(chat));
    assert(typeof mine.clientId === "string" && mine.clientId.length === 12, "clientId " + mine.clientId);
    assert(mine.handshake.address === "127.0.0.1", "address " + mine.handshake.address);
    assert(mine.handshake.auth === undefined, "auth must not be shown");
    return { sockets: all.length, features };
  }],
  ["the session id logs in again without the password", async () => {
    if (!password) return "no password set";
    const again = admin({ sessionId });
    const r = await again.outcome;
    assert(r.ok, "session login refused: " + r.message);
    await again.waitFor("config");
    assert(!again.has("session"), "a session login gets no new session");
    return true;
  }],
  ["server_stats: the chat's namespaces, clients and aggregated events", async () => {
    const [stats] = await main.waitFor("server_stats", (s) => s.namespaces.some((n) => n.name === "/chat" && n.socketsCount >= 1));
    assert(stats.serverId === "sio4j-chat", "serverId " + stats.serverId);
    assert(typeof stats.hostname === "string" && stats.pid > 0 && stats.uptime >= 0, JSON.stringify(stats));
    assert(stats.clientsCount >= 3, "clientsCount " + stats.clientsCount);
    assert(Number.isInteger(stats.pollingClientsCount), "pollingClientsCount");
    assert(Array.isArray(stats.aggregatedEvents), "aggregatedEvents");
    const names = stats.namespaces.map((n) => n.name);
    for (const n of ["/", "/chat", "/admin"]) assert(names.includes(n), "namespace " + n + " in " + names);
    return { namespaces: stats.namespaces, clientsCount: stats.clientsCount };
  }],
  ["live: a socket connects, upgrades, joins a room, sends an event, disconnects", async () => {
    const u = user();
    await u.connected;
    const id = u.socket.id;
    await main.waitFor("socket_connected", (s) => s.id === id && s.nsp === "/");
    await main.waitFor("socket_updated", (s) => s.id === id && s.transport === "websocket");
    u.socket.emit("joinRoom", "live-room");
    await main.waitFor("room_joined", (nsp, room, sid) => nsp === "/" && room === "live-room" && sid === id);
    await main.waitFor("event_received", (nsp, sid, args) => sid === id && args[0] === "joinRoom" && args[1] === "live-room");
    u.socket.emit("message", "hello admin");
    await main.waitFor("event_sent", (nsp, sid, args) => sid === id && args[0] === "message" && args[1] === "hello admin");
    u.socket.disconnect();
    const [, , reason] = await main.waitFor("socket_disconnected", (nsp, sid) => sid === id);
    await main.waitFor("room_left", (nsp, room, sid) => room === "live-room" && sid === id);
    assert(reason === "client namespace disconnect", "reason " + reason);
    return true;
  }],
  ["actions: join, emit to a room, leave, disconnect", async () => {
    const u = user();
    await u.connected;
    const id = u.socket.id;
    main.socket.emit("join", "/", "vip", id);
    await main.waitFor("room_joined", (nsp, room, sid) => room === "vip" && sid === id);
    main.socket.emit("emit", "/", "vip", "message", "from the admin");
    await u.waitFor("message", (m) => m === "from the admin");
    main.socket.emit("leave", "/", "vip", id);
    await main.waitFor("room_left", (nsp, room, sid) => room === "vip" && sid === id);
    main.socket.emit("_disconnect", "/", false, id);
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("user not disconnected")), WAIT);
      if (!u.socket.connected) { clearTimeout(t); resolve(); return; }
      u.socket.once("disconnect", (reason) => { clearTimeout(t); reason === "io server disconnect" ? resolve() : reject(new Error(reason)); });
    });
    return true;
  }],
  ["a malformed action gets action_error on its own session only", async () => {
    const other = admin(password ? { sessionId } : {});
    assert((await other.outcome).ok, "second admin");
    await other.waitFor("config");
    main.socket.emit("join", { nsp: "/" }, "room");
    const [err] = await main.waitFor("action_error");
    main.socket.emit("_disconnect", "/nowhere", true);
    const [err2] = await main.waitFor("action_error", (e) => e.reason === "UNKNOWN_NAMESPACE");
    assert(err.action === "join" && err.reason === "INVALID_ARGUMENT", JSON.stringify(err));
    // still usable afterwards, and the other session heard nothing of it
    main.socket.emit("join", "/", "after-error", A.u.socket.id);
    await other.waitFor("room_joined", (nsp, room) => room === "after-error");
    assert(!other.has("action_error"), "the other session got an action_error");
    assert(main.socket.connected && A.u.socket.connected, "sessions stay connected");
    return [err, err2];
  }],
];

const failures = await runChecks(checks);
for (const a of admins) a.socket.disconnect();
for (const u of users) u.socket.disconnect();
process.exit(failures ? 1 : 0);
