// The seed behaviours of the chat (issue 3 item 2) driven by the official socket.io-client.
// Usage: node seed.mjs <baseUrl[,baseUrl...]> <transports: websocket|polling|both> [spread]
// With several base URLs (the nodes of one cluster) the clients are spread over them in turn,
// so every behaviour crosses nodes. With "spread" each client connects from a source address of
// its own (127.0.0.10, .11, ...), so that a proxy hashing client addresses spreads them too.
// Prints {"type":"check","name","ok","detail"} per behaviour and {"type":"done","failures"}.
import { Agent } from "node:http";
import { peer as connect, multiplexed, bound, emitLine, runChecks, assert, sameJson, sameBytes } from "./clients.mjs";

bound(60_000);
const [baseUrls, mode = "both", spread] = process.argv.slice(2);
const transports = mode === "both" ? ["polling", "websocket"] : [mode];
const tag = Math.random().toString(36).slice(2, 8);
const nodes = baseUrls.split(",");
let next = 0;
let sources = 0;
// The node of the next client, and with "spread" its own source address (an http.Agent is what
// engine.io-client hands both the polling requests and the WebSocket handshake).
const node = () => nodes[next++ % nodes.length];
const from = () => (spread === "spread" ? { agent: new Agent({ localAddress: "127.0.0." + (10 + sources++) }) } : {});
const peer = (url, nsp, transports, extra = {}) => connect(url, nsp, transports, { ...from(), ...extra });

const a = peer(node(), "/", transports);
const b = peer(node(), "/", transports);
const c = peer(node(), "/", transports);
const quiet = peer(node(), "/", transports); // never subscribes to presence
const d = peer(node(), "/chat", transports);
const [mMain, mChat] = multiplexed(node(), transports, ["/", "/chat"], from());
const mainPeers = [a, b, c, quiet, mMain];

let barriers = 0;
// a broadcasts a marker and waits until every main-namespace peer has it: whatever the server
// sent those peers before the marker has arrived by then.
async function barrier() {
  const marker = "barrier-" + tag + "-" + ++barriers;
  a.socket.emit("message", marker);
  await Promise.all(mainPeers.map((p) => p.waitFor("message", (m) => m === marker)));
}

const subscriber = { peer: null, ack: null };

const failures = await runChecks([
  ["connect", async () => {
    await Promise.all([a, b, c, quiet, d, mMain, mChat].map((p) => p.connected));
    const ids = [a, b, c, quiet, d, mMain, mChat].map((p) => p.socket.id);
    assert(new Set(ids).size === ids.length, "socket ids are not unique: " + ids);
    return { transport: a.socket.io.engine.transport.name };
  }],
  ["message: text to every client of the namespace, sender included", async () => {
    const text = "hello " + tag;
    a.socket.emit("message", text);
    await Promise.all(mainPeers.map((p) => p.waitFor("message", (m) => m === text)));
    return null;
  }],
  ["message: any JSON kept as is", async () => {
    const obj = { text: "json " + tag, n: 1.5, list: [1, "two", null, true], nested: { deep: { ok: false } }, uni: "é 😀" };
    b.socket.emit("message", obj);
    await Promise.all(mainPeers.map((p) => p.waitFor("message", (m) => sameJson(m, obj))));
    return null;
  }],
  ["message: no argument arrives as null, as JSON has no undefined", async () => {
    quiet.socket.emit("message");
    await Promise.all(mainPeers.map((p) => p.waitFor("message", (...args) => args.length === 1 && args[0] === null)));
    return null;
  }],
  ["message: binary kept as is", async () => {
    const bytes = [0, 1, 2, 250, 255];
    c.socket.emit("message", Buffer.from(bytes));
    const [got] = await a.waitFor("message", (m) => sameBytes(m, bytes));
    await Promise.all(mainPeers.map((p) => p.waitFor("message", (m) => sameBytes(m, bytes))));
    const nested = { file: "x.bin", data: Buffer.from(bytes) };
    c.socket.emit("message", nested);
    await Promise.all(mainPeers.map((p) => p.waitFor("message", (m) => m && m.file === "x.bin" && sameBytes(m.data, bytes))));
    return { length: got.length };
  }],
  ["message: stays in its namespace", async () => {
    await barrier();
    assert(!d.has("message") && !mChat.has("message"), "a /chat socket got a message of /: " + JSON.stringify(d.received));
    return null;
  }],
  ["privateMessage: only the recipient, with the sender's id", async () => {
    const text = "psst " + tag;
    a.socket.emit("privateMessage", { recipientId: b.socket.id, message: text });
    const [m] = await b.waitFor("privateMessage", (m) => m && m.message === text);
    assert(sameJson(m, { sender: a.socket.id, message: text }), "unexpected payload " + JSON.stringify(m));
    await barrier();
    for (const p of [a, c, quiet, mMain]) assert(!p.has("privateMessage"), "privateMessage leaked to " + p.socket.id);
    assert(b.count("privateMessage") === 1, "recipient got it " + b.count("privateMessage") + " times");
    return null;
  }],
  ["joinRoom and roomMessage: only the members, with the sender's id", async () => {
    const room = "room-" + tag;
    b.socket.emit("joinRoom", room);
    c.socket.emit("joinRoom", room);
    // each socket's events are handled in order: once c's own marker is back, c is in the room
    const marker = "joined-" + tag;
    c.socket.emit("message", marker);
    await c.waitFor("message", (m) => m === marker);
    b.socket.emit("message", marker + "-b");
    await b.waitFor("message", (m) => m === marker + "-b");
    const text = "to the room " + tag;
    b.socket.emit("roomMessage", { room, message: text });
    for (const p of [b, c]) {
      const [m] = await p.waitFor("roomMessage", (m) => m && m.message === text);
      assert(sameJson(m, { sender: b.socket.id, message: text }), "unexpected payload " + JSON.stringify(m));
    }
    await barrier();
    for (const p of [a, quiet, mMain]) assert(!p.has("roomMessage"), "roomMessage leaked to a non-member");
    // a non-member may still send to the room, as in the tutorial
    a.socket.emit("roomMessage", { room, message: text + " from outside" });
    await c.waitFor("roomMessage", (m) => m && m.sender === a.socket.id);
    return null;
  }],
  ["/chat: message to the whole /chat namespace only", async () => {
    const text = "chat ns " + tag;
    d.socket.emit("message", text);
    await Promise.all([d, mChat].map((p) => p.waitFor("message", (m) => m === text)));
    await barrier();
    for (const p of mainPeers) assert(!p.has("message", (m) => m === text), "/chat message reached /");
    return null;
  }],
  ["users:subscribe acks the ids of the main namespace", async () => {
    const s = peer(node(), "/", transports);
    await s.connected;
    subscriber.peer = s;
    const ids = await s.socket.timeout(5000).emitWithAck("users:subscribe");
    assert(Array.isArray(ids), "ack is not a list: " + JSON.stringify(ids));
    for (const p of [...mainPeers, s]) assert(ids.includes(p.socket.id), "missing " + p.socket.id + " in " + ids);
    for (const p of [d, mChat]) assert(!ids.includes(p.socket.id), "a /chat socket is listed");
    assert(ids.length === new Set(ids).size, "duplicate ids");
    return { count: ids.length };
  }],
  ["users:joined and users:left reach subscribers", async () => {
    const s = subscriber.peer;
    assert(s, "no subscriber");
    const g = peer(node(), "/", transports);
    await g.connected;
    const gid = g.socket.id;
    const [joined] = await s.waitFor("users:joined", (u) => u && u.id === gid);
    assert(sameJson(joined, { id: gid }), "joined payload " + JSON.stringify(joined));
    g.socket.disconnect();
    const [left] = await s.waitFor("users:left", (u) => u && u.id === gid);
    assert(sameJson(left, { id: gid }), "left payload " + JSON.stringify(left));
    // a /chat connection is not a user of the main namespace
    const h = peer(node(), "/chat", transports);
    await h.connected;
    h.socket.disconnect();
    await barrier();
    assert(!s.has("users:joined", (u) => u && u.id === h.socket.id), "a /chat socket was announced");
    return null;
  }],
  ["clients that never subscribe get no presence events", async () => {
    await barrier();
    for (const p of mainPeers) {
      const extra = p.received.filter((r) => r.event.startsWith("users:"));
      assert(extra.length === 0, "unsubscribed client got " + JSON.stringify(extra));
    }
    return null;
  }],
  ["bad input is ignored and the connection stays up", async () => {
    const bad = peer(node(), "/", transports);
    await bad.connected;
    const s = bad.socket;
    s.emit("privateMessage");
    s.emit("privateMessage", "not an object");
    s.emit("privateMessage", { recipientId: 42, message: "x" });
    s.emit("privateMessage", { recipientId: "no-such-socket", message: "x" });
    s.emit("privateMessage", { message: "x" });
    s.emit("joinRoom");
    s.emit("joinRoom", { room: "x" });
    s.emit("joinRoom", "");
    s.emit("joinRoom", "r".repeat(10_000));
    s.emit("joinRoom", a.socket.id); // another user's private room
    s.emit("roomMessage", "not an object");
    s.emit("roomMessage", { room: 7, message: "x" });
    s.emit("users:subscribe"); // without an ack
    s.emit("users:subscribe", "junk");
    s.emit("unknown-event", 1, 2, 3);
    const text = "still here " + tag;
    s.emit("message", text);
    await bad.waitFor("message", (m) => m === text);
    // joining a's id did not make bad a second recipient of a's private messages
    b.socket.emit("privateMessage", { recipientId: a.socket.id, message: "for a only " + tag });
    await a.waitFor("privateMessage", (m) => m && m.message === "for a only " + tag);
    await barrier();
    bad.socket.emit("message", "after " + tag);
    await bad.waitFor("message", (m) => m === "after " + tag);
    assert(!bad.has("privateMessage"), "joining another socket's id leaked its private messages");
    assert(!bad.has("users:joined") && !bad.has("users:left"), "a subscribe without ack subscribed");
    assert(bad.socket.connected, "the server dropped the client");
    bad.socket.disconnect();
    return null;
  }],
]);

for (const p of [a, b, c, quiet, d, mMain, mChat, subscriber.peer]) if (p) p.socket.disconnect();
emitLine({ type: "exit", failures });
// No process.exit(): Node ends once the clients have flushed their DISCONNECT and close packets
// (polling sends them in a last request), so the server sees clean disconnects.
process.exitCode = failures === 0 ? 0 : 1;
