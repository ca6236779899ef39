// The admin UI's protocol on a mixed cluster: a sio4j chat node instrumented by sio4j-admin-ui
// and a Node.js chat node instrumented by the official @socket.io/admin-ui, on one Redis adapter.
// Admin clients connect the way the UI's page does, one to each node. Usage:
//   node admin-cluster.mjs <javaUrl> <nodeUrl>
// Prints {"type":"check",...} lines and {"type":"done",...} like seed.mjs.
import { io } from "socket.io-client";
import { bound, peer, runChecks, assert } from "./clients.mjs";

bound(90_000);
const [javaUrl, nodeUrl] = process.argv.slice(2);
const WAIT = 15_000;

function adminClient(baseUrl) {
  const socket = io(baseUrl + "/admin", { forceNew: true, reconnection: false, withCredentials: true,
    transports: ["polling", "websocket"], auth: {} });
  const received = [];
  const waiters = new Set();
  socket.onAny((event, ...args) => { received.push({ event, args }); for (const w of [...waiters]) w(); });
  const connected = new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
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
  return { socket, connected, waitFor };
}

const closers = [];
let onJava, onNode, javaAdmin, nodeAdmin;

const checks = [
  ["connect", async () => {
    onJava = peer(javaUrl, "/", ["websocket"]);
    onNode = peer(nodeUrl, "/", ["websocket"]);
    closers.push(onJava.socket, onNode.socket);
    await Promise.all([onJava.connected, onNode.connected]);
    javaAdmin = adminClient(javaUrl);
    nodeAdmin = adminClient(nodeUrl);
    closers.push(javaAdmin.socket, nodeAdmin.socket);
    await Promise.all([javaAdmin.connected, nodeAdmin.connected]);
    return true;
  }],
  ["each admin client hears the server_stats of both nodes", async () => {
    for (const a of [javaAdmin, nodeAdmin]) {
      await a.waitFor("server_stats", (s) => s.serverId === "sio4j-chat");
      await a.waitFor("server_stats", (s) => s.serverId === "node-chat");
    }
    return true;
  }],
  ["all_sockets on the sio4j node lists the sockets of both nodes", async () => {
    const [all] = await javaAdmin.waitFor("all_sockets");
    const ids = all.map((s) => s.id);
    assert(ids.includes(onJava.socket.id) && ids.includes(onNode.socket.id), "ids " + ids);
    const remote = all.find((s) => s.id === onNode.socket.id);
    assert(remote.transport === "websocket" && typeof remote.clientId === "string", "the Node socket's _admin: " + JSON.stringify(remote));
    return all.length;
  }],
  ["all_sockets on the Node node lists the sio4j node's sockets too", async () => {
    const [all] = await nodeAdmin.waitFor("all_sockets");
    assert(all.some((s) => s.id === onJava.socket.id), "sio4j socket missing from " + all.map((s) => s.id));
    return all.length;
  }],
  ["an action from the sio4j node's admin reaches a socket on the Node node, and both admins see it", async () => {
    javaAdmin.socket.emit("join", "/", "mixed-room", onNode.socket.id);
    await nodeAdmin.waitFor("room_joined", (nsp, room, id) => room === "mixed-room" && id === onNode.socket.id);
    await javaAdmin.waitFor("room_joined", (nsp, room, id) => room === "mixed-room" && id === onNode.socket.id);
    javaAdmin.socket.emit("emit", "/", "mixed-room", "message", "to the Node node's socket");
    await onNode.waitFor("message", (m) => m === "to the Node node's socket", WAIT);
    return true;
  }],
  ["an action from the Node node's admin reaches a socket on the sio4j node", async () => {
    nodeAdmin.socket.emit("join", "/", "other-room", onJava.socket.id);
    await javaAdmin.waitFor("room_joined", (nsp, room, id) => room === "other-room" && id === onJava.socket.id);
    await nodeAdmin.waitFor("room_joined", (nsp, room, id) => room === "other-room" && id === onJava.socket.id);
    return true;
  }],
];

const failures = await runChecks(checks);
for (const s of closers) s.disconnect();
process.exit(failures ? 1 : 0);
