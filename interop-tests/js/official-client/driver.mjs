// Drives the official socket.io-client against a server, one Manager with one socket per namespace.
// Usage: node official-client/driver.mjs <url> '<options JSON>'
// Options: transports, upgrade, auth, query, noAck (event names this client never acks),
//          reconnection, lifetimeMs, namespaces (connected at start, default ["/"]).
// Commands on stdin (JSON lines): connect, emit, disconnect, closeEngine, exit. Events on stdout.
import { Manager } from "socket.io-client";
import { out, fromJson, onCommands, boundLifetime } from "./wire.mjs";

const [url, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? "{}");
boundLifetime(options.lifetimeMs ?? 60_000);
const noAck = new Set(options.noAck ?? []);

const manager = new Manager(url, {
  autoConnect: false,
  transports: options.transports ?? ["polling", "websocket"],
  upgrade: options.upgrade ?? true,
  query: options.query ?? {},
  reconnection: options.reconnection ?? true,
  reconnectionDelay: 50,
  reconnectionDelayMax: 200,
  randomizationFactor: 0,
  timeout: 5_000,
});
const sockets = new Map();

manager.on("open", () => {
  const engine = manager.engine;
  out({ type: "open", transport: engine.transport.name });
  engine.on("upgrade", (transport) => out({ type: "upgrade", transport: transport.name }));
});
manager.on("reconnect_attempt", (attempt) => out({ type: "reconnect_attempt", attempt }));
manager.on("reconnect", (attempt) => out({ type: "reconnect", attempt }));
manager.on("error", (err) => out({ type: "manager_error", message: String(err && err.message) }));

function socketFor(ns, auth) {
  let socket = sockets.get(ns);
  if (socket) return socket;
  socket = manager.socket(ns, { auth: auth ?? options.auth ?? {} });
  sockets.set(ns, socket);
  socket.on("connect", () =>
    out({ type: "connect", ns, id: socket.id, recovered: socket.recovered, transport: manager.engine.transport.name }),
  );
  socket.on("connect_error", (err) => out({ type: "connect_error", ns, message: err.message, data: err.data ?? null }));
  socket.on("disconnect", (reason, details) =>
    out({ type: "disconnect", ns, reason, description: details && details.description ? String(details.description) : null }),
  );
  socket.onAny((name, ...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    out({ type: "event", ns, name, args, withAck: ack !== null });
    // An event asking for an ack gets its own arguments back, unless the test wants a timeout.
    if (ack && !noAck.has(name)) ack(...args);
  });
  return socket;
}

function emit(command) {
  const socket = socketFor(command.ns ?? "/");
  const args = fromJson(command.args ?? []);
  let target = socket;
  if (command.volatile) target = target.volatile;
  if (command.timeout !== undefined) target = target.timeout(command.timeout);
  if (!command.ack) {
    target.emit(command.event, ...args);
    return;
  }
  if (command.timeout !== undefined) {
    target.emit(command.event, ...args, (err, ...reply) =>
      out({ type: "ack", id: command.id, error: err ? err.message : null, args: reply }),
    );
  } else {
    target.emit(command.event, ...args, (...reply) => out({ type: "ack", id: command.id, error: null, args: reply }));
  }
}

onCommands((command) => {
  switch (command.cmd) {
    case "connect":
      socketFor(command.ns ?? "/", command.auth).connect();
      break;
    case "emit":
      emit(command);
      break;
    case "disconnect":
      socketFor(command.ns ?? "/").disconnect();
      break;
    case "closeEngine":
      // Drops the transport as a network failure would: the Manager reconnects.
      manager.engine.close();
      break;
    case "exit":
      for (const socket of sockets.values()) socket.disconnect();
      out({ type: "bye" });
      setImmediate(() => process.exit(0));
      break;
    default:
      out({ type: "badCommand", cmd: command.cmd });
  }
});

for (const ns of options.namespaces ?? ["/"]) socketFor(ns).connect();
out({ type: "started", url });
