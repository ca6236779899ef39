// Many official clients at once: node official-client/crowd.mjs <url> <count> '<options JSON>'
// Reports {"type":"allConnected"} once every client is connected and {"type":"allReceived","event":E}
// once every client has received event E at least once. Command {"cmd":"emitEach","event":E} makes
// every client emit E with its index and an ack; {"type":"allAcked"} follows when all acks are in.
import { io } from "socket.io-client";
import { out, onCommands, boundLifetime } from "./wire.mjs";

const [url, countArg, optionsJson] = process.argv.slice(2);
const count = Number(countArg);
const options = JSON.parse(optionsJson ?? "{}");
boundLifetime(options.lifetimeMs ?? 90_000);

const clients = [];
const received = new Map(); // event -> Set of client indexes
let connected = 0;
let reportedConnected = false;

for (let i = 0; i < count; i++) {
  const socket = io(url, {
    forceNew: true,
    transports: options.transports ?? ["polling", "websocket"],
    upgrade: options.upgrade ?? true,
    reconnection: false,
    timeout: 20_000,
    auth: { index: i },
  });
  clients.push(socket);
  socket.on("connect", () => {
    connected++;
    if (connected === count && !reportedConnected) {
      reportedConnected = true;
      out({ type: "allConnected", count });
    }
  });
  socket.on("connect_error", (err) => out({ type: "connect_error", index: i, message: err.message }));
  socket.on("disconnect", (reason) => {
    if (reason !== "io client disconnect") out({ type: "disconnect", index: i, reason });
  });
  socket.onAny((name, ...args) => {
    let seen = received.get(name);
    if (!seen) received.set(name, (seen = new Set()));
    seen.add(i);
    if (seen.size === count) out({ type: "allReceived", event: name, sample: args });
  });
}

onCommands((command) => {
  if (command.cmd === "emitEach") {
    let acked = 0;
    let mismatched = 0;
    clients.forEach((socket, i) =>
      socket.timeout(command.timeout ?? 20_000).emit(command.event, i, (err, reply) => {
        if (err || reply !== i) mismatched++;
        if (++acked === count) out({ type: "allAcked", event: command.event, mismatched });
      }),
    );
  } else if (command.cmd === "exit") {
    clients.forEach((socket) => socket.disconnect());
    out({ type: "bye" });
    setImmediate(() => process.exit(0));
  } else {
    out({ type: "badCommand", cmd: command.cmd });
  }
});
