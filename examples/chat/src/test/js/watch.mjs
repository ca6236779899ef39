// One official client that reports its connection and how it ends (for the shutdown smoke test).
// Usage: node watch.mjs <baseUrl>
import { io } from "socket.io-client";
import { bound, emitLine } from "./clients.mjs";

bound(60_000);
const socket = io(process.argv[2], { reconnection: false, transports: ["websocket"] });
socket.on("connect", () => emitLine({ type: "connect", id: socket.id }));
socket.on("connect_error", (e) => emitLine({ type: "connect_error", message: e.message }));
socket.on("disconnect", (reason) => {
  emitLine({ type: "disconnect", reason });
  process.exit(0);
});
