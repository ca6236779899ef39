// The official socket.io 4.8 server with the contract of the conformance app's `client` profile
// (socket.io-client's own test suite), for the sio4j client's end-to-end tests.
// Usage: node client/server.mjs [port] [options JSON]   (port 0 = any free port)
// Options: pingInterval, pingTimeout, transports, lifetimeMs, cookie (engine.io's cookie option),
//   perMessageDeflate, logRequests (print {"type":"request",...} with the Cookie header of each
//   request under /socket.io/, WebSocket handshakes included).
// Prints {"type":"ready","port":N} once listening, then one JSON line per thing tests observe.
// Commands on stdin, one JSON object per line:
//   {"cmd":"emit","event":"e","args":[...]}      emit to every socket of "/"
//   {"cmd":"disconnectAll"}                        server-side socket.disconnect() (io server disconnect)
//   {"cmd":"closeEngines"}                         close every engine session (server-side close)
//   {"cmd":"dropTcp"}                              destroy the TCP connections (a dropped network)
//   {"cmd":"exit"}
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 0);
const extra = JSON.parse(process.argv[3] ?? "{}");
const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const lifetime = setTimeout(() => process.exit(4), extra.lifetimeMs ?? 110_000);

const http = createServer();
const io = new Server(http, {
  path: "/socket.io",
  pingInterval: extra.pingInterval ?? 2000,
  pingTimeout: extra.pingTimeout ?? 5000,
  connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: true },
  allowRequest: (req, cb) => setTimeout(() => cb(null, true), 10),
  transports: extra.transports ?? ["polling", "websocket"],
  cookie: extra.cookie ?? false,
  perMessageDeflate: extra.perMessageDeflate ?? false,
});

if (extra.logRequests) {
  const log = (kind) => (req) => {
    if (!req.url.startsWith("/socket.io/")) return;
    const q = new URL(req.url, "http://x").searchParams;
    out({ type: "request", kind, method: req.method, transport: q.get("transport"), sid: q.get("sid"),
          cookie: req.headers.cookie ?? null });
  };
  http.prependListener("request", log("http"));
  http.prependListener("upgrade", log("upgrade"));
}

// Whether a websocket transport negotiated permessage-deflate (ws keeps the accepted extensions).
const deflated = (t) => Boolean(t.socket && t.socket._extensions && t.socket._extensions["permessage-deflate"]);

io.use((socket, next) => {
  if (socket.handshake.query.fail) return next(new Error("Auth failed (main namespace)"));
  next();
});

const toBuf = (b) => Buffer.isBuffer(b) || b instanceof ArrayBuffer || ArrayBuffer.isView(b);

io.on("connection", (socket) => {
  out({ type: "connection", nsp: "/", id: socket.id, recovered: socket.recovered,
        auth: socket.handshake.auth, query: socket.handshake.query,
        transport: socket.conn.transport.name, header: socket.handshake.headers["x-sio4j-test"] ?? null,
        deflate: deflated(socket.conn.transport) });
  socket.conn.on("upgrade", (t) => out({ type: "upgrade", id: socket.id, transport: t.name, deflate: deflated(t) }));
  socket.on("disconnect", (reason) => out({ type: "disconnect", id: socket.id, reason }));
  socket.onAny((event, ...args) => {
    const shown = args.filter((a) => typeof a !== "function").map((a) => (toBuf(a) ? { binary: [...Buffer.from(a)] } : a));
    out({ type: "event", id: socket.id, event, args: shown });
  });

  socket.on("hi", () => socket.emit("hi"));
  socket.on("echo", (arg, cb) => cb(arg));
  socket.on("ack", () => {
    socket.emit("ack", (a, b) => {
      if (a === 5 && b && b.test === true) socket.emit("got it");
    });
  });
  socket.on("getAckDate", (data, cb) => cb(new Date()));
  socket.on("getDate", () => socket.emit("takeDate", new Date()));
  socket.on("getDateObj", () => socket.emit("takeDateObj", { date: new Date() }));
  socket.on("getUtf8", () => {
    for (const s of ["てすと", "Я Б Г Д Ж Й", "Ä ä Ü ü ß", "utf8 — string", "utf8 — string"]) socket.emit("takeUtf8", s);
  });
  socket.on("false", () => socket.emit("false", false));
  socket.on("doge", () => socket.emit("doge", Buffer.from("asdfasdf", "utf8")));
  socket.on("buffa", (a) => { if (Buffer.isBuffer(a)) socket.emit("buffack"); });
  socket.on("jsonbuff", (a) => {
    if (a && a.hello === "lol" && Buffer.isBuffer(a.message) && a.goodbye === "gotcha") socket.emit("jsonbuff-ack");
  });
  let abuff1 = false;
  socket.on("abuff1", (a) => { abuff1 = Buffer.isBuffer(a); });
  socket.on("abuff2", () => { if (abuff1) socket.emit("abuff2-ack"); });
  socket.on("blob", (a) => { if (Buffer.isBuffer(a)) socket.emit("back"); });
  socket.on("jsonblob", (a) => {
    if (a && a.hello === "lol" && Buffer.isBuffer(a.message) && a.goodbye === "gotcha") socket.emit("jsonblob-ack");
  });
  let blobs = [];
  socket.on("blob1", (a) => { blobs = [Buffer.isBuffer(a) ? "b1" : "x"]; });
  socket.on("blob2", (a) => { blobs.push(a === "second" ? "b2" : "x"); });
  socket.on("blob3", (a) => {
    blobs.push(Buffer.isBuffer(a) ? "b3" : "x");
    if (blobs.join() === "b1,b2,b3") socket.emit("blob3-ack");
  });
  socket.on("getbin", () => socket.emit("takebin", Buffer.from("asdfasdf", "utf8")));
  socket.on("getHandshake", (cb) => cb(socket.handshake));
  socket.on("getId", (cb) => cb(socket.id));
  // For the retry tests: ignore the first `n` acks of an event, then answer.
  const drops = new Map();
  socket.on("flaky", (n, payload, cb) => {
    const seen = (drops.get(payload) ?? 0) + 1;
    drops.set(payload, seen);
    if (seen > n) cb("ok:" + payload + ":" + seen);
  });
  socket.on("never", () => {});
  // The chat seed events (examples/chat's contract), for the terminal chat client.
  socket.on("message", (m) => io.emit("message", m));
  socket.on("privateMessage", (m) => io.to(m.recipientId).emit("privateMessage", { sender: socket.id, message: m.message }));
  socket.on("joinRoom", (room) => socket.join(room));
  socket.on("roomMessage", (m) => io.to(m.room).emit("roomMessage", { sender: socket.id, message: m.message }));
  socket.on("serverDisconnect", () => socket.disconnect());
});

const chat = io.of("/chat");
chat.on("connection", (socket) => {
  out({ type: "connection", nsp: "/chat", id: socket.id });
  socket.on("message", (m) => { out({ type: "event", nsp: "/chat", event: "message", args: [m] }); chat.emit("message", m); });
});
io.of("/foo").on("connection", (socket) => socket.on("getId", (cb) => cb(socket.id)));
io.of("/timeout_socket");
io.of("/valid");
io.of("/asd");
io.of("/abc").on("connection", (socket) => socket.emit("handshake", socket.handshake));
io.of("/no").use((socket, next) => {
  const err = new Error("Auth failed (custom namespace)");
  err.data = { reason: "no" };
  next(err);
});

createInterface({ input: process.stdin }).on("line", (line) => {
  let cmd;
  try { cmd = JSON.parse(line); } catch { return; }
  if (cmd.cmd === "emit") io.emit(cmd.event, ...(cmd.args ?? []));
  else if (cmd.cmd === "disconnectAll") io.disconnectSockets();
  else if (cmd.cmd === "closeEngines") for (const s of io.of("/").sockets.values()) s.conn.close();
  else if (cmd.cmd === "dropTcp") {
    // Cut the TCP connections without any Engine.IO close packet, as a dropped network would.
    for (const s of io.of("/").sockets.values()) {
      const t = s.conn.transport;
      if (t.socket && t.socket._socket) t.socket._socket.destroy();
      else if (t.req && t.req.socket) t.req.socket.destroy();
    }
  }
  else if (cmd.cmd === "exit") { clearTimeout(lifetime); io.close(); process.exit(0); }
  out({ type: "done", cmd: cmd.cmd });
});

http.listen(port, "127.0.0.1", () => out({ type: "ready", port: http.address().port }));
