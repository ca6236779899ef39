// What the chat does only as a cluster, driven by the official socket.io-client against nodes of
// one cluster (sio4j and Node nodes mixed): whoIsOnline lists every node's sockets, the
// diagnostics events cross nodes, and with recovery on a client cut off from one node comes back
// on another with its id, its rooms and the messages it missed.
// Usage: node cluster.mjs <baseUrl,baseUrl,...> <transports: websocket|polling|both> [recovery]
// Prints {"type":"check","name","ok","detail"} per behaviour and {"type":"exit","failures"}.
import { peer, bound, emitLine, runChecks, assert } from "./clients.mjs";

bound(90_000);
const [baseUrls, mode = "both", ...flags] = process.argv.slice(2);
const transports = mode === "both" ? ["polling", "websocket"] : [mode];
const nodes = baseUrls.split(",");
const tag = Math.random().toString(36).slice(2, 8);
const recovery = flags.includes("recovery");

// one client per node; all of them are users of "/"
const users = nodes.map((url) => peer(url, "/", transports));
const all = [...users];

const checks = [
  ["every node's users connect", async () => {
    await Promise.all(users.map((p) => p.connected));
    return { nodes: nodes.length };
  }],
  ["whoIsOnline lists the sockets of every node", async () => {
    for (const asker of users) {
      const ids = await asker.socket.timeout(8000).emitWithAck("whoIsOnline");
      assert(Array.isArray(ids), "not a list: " + JSON.stringify(ids));
      for (const p of users) assert(ids.includes(p.socket.id), "missing " + p.socket.id + " in " + ids);
      assert(ids.length === new Set(ids).size, "duplicate ids in " + ids);
    }
    return null;
  }],
  ["serverSideHello reaches every other node, and only them", async () => {
    const before = await Promise.all(users.map((p) => p.socket.timeout(5000).emitWithAck("helloCount")));
    users[0].socket.emit("serverSideHello");
    // each other node counts one more hello; the sender's node counts none
    const deadline = Date.now() + 10_000;
    let after;
    do {
      after = await Promise.all(users.map((p) => p.socket.timeout(5000).emitWithAck("helloCount")));
      if (after.every((n, i) => (i === 0 ? n === before[i] : n === before[i] + 1))) break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    assert(after[0] === before[0], "the sending node counted its own hello: " + before + " -> " + after);
    for (let i = 1; i < users.length; i++) assert(after[i] === before[i] + 1, "node " + i + ": " + before + " -> " + after);
    return { before, after };
  }],
];

// A client of node `from`, in a room, is cut off; while away a room message and a broadcast are
// sent from a third node; it reconnects to node `to` (as a load balancer would send it) and must
// be restored: same id, recovered, still in the room, and both missed messages delivered.
function recoveryCheck(from, to) {
  return [`recovery: a client cut off from node ${from} comes back on node ${to}`, async () => {
    const watcher = users[3 - from - to];            // the node that is neither
    await watcher.socket.timeout(5000).emitWithAck("users:subscribe");
    const p = peer(nodes[from], "/", transports, { reconnection: false });
    all.push(p);
    await p.connected;
    const id = p.socket.id;
    const room = "away-" + tag + "-" + from + to;
    p.socket.emit("joinRoom", room);
    const marker = "in-room-" + room;
    p.socket.emit("message", marker);
    await p.waitFor("message", (m) => m === marker);
    // cut the transport: the server sees a transport close and keeps the session
    p.socket.io.engine.close();
    await watcher.waitFor("users:left", (u) => u && u.id === id, 10_000);
    const missed = "missed-" + room;
    watcher.socket.emit("roomMessage", { room, message: missed });
    watcher.socket.emit("message", missed);
    await watcher.waitFor("message", (m) => m === missed); // stored in the stream by now
    p.socket.io.uri = nodes[to];                          // the balancer sends it elsewhere
    p.socket.connect();
    await new Promise((resolve, reject) => {
      p.socket.once("connect", resolve);
      p.socket.once("connect_error", reject);
    });
    assert(p.socket.recovered, "not recovered on node " + to);
    assert(p.socket.id === id, "a new id: " + p.socket.id + " instead of " + id);
    await p.waitFor("message", (m) => m === missed);
    await p.waitFor("roomMessage", (m) => m && m.message === missed);
    const again = "after-" + room;
    watcher.socket.emit("roomMessage", { room, message: again });
    await p.waitFor("roomMessage", (m) => m && m.message === again); // still in the room
    return { id };
  }];
}
if (recovery) {
  // with one Node node last among three: sio4j -> sio4j, sio4j -> Node, Node -> sio4j
  checks.push(recoveryCheck(0, 1), recoveryCheck(0, 2), recoveryCheck(2, 1));
}

const failures = await runChecks(checks);
for (const p of all) p.socket.disconnect();
emitLine({ type: "exit", failures });
process.exitCode = failures === 0 ? 0 : 1;
