// Official clients through a load balancer while the node they are on drains (ChatDrainClusterTest).
// Usage: node drain.mjs <balancerUrl> <receiverUrl> <messagesPerSender>
// Four senders (two on WebSocket, two on polling) send numbered chat messages with acks, one at a
// time, retrying one that got no ack (after a reconnect, to whichever node the balancer picks);
// a receiver on the node that stays records every message. After the first acks the driver prints
// {type:"sending"} (the test then drains the first node) and at the end {type:"done"} with what
// was acknowledged, what was received, and how each sender's connections ended.
import { io } from "socket.io-client";
import { bound, emitLine } from "./clients.mjs";

bound(110_000);
const [balancer, receiverUrl, perSenderArg] = process.argv.slice(2);
const perSender = Number(perSenderArg);

const received = new Set();
const receiver = io(receiverUrl, { transports: ["websocket"], forceNew: true });
receiver.on("message", (m) => received.add(typeof m === "string" ? m : JSON.stringify(m)));
await new Promise((resolve, reject) => {
  receiver.once("connect", resolve);
  receiver.once("connect_error", reject);
});

const modes = [["websocket"], ["websocket"], ["polling"], ["polling"]];
let warmedUp = 0;
async function sender(index, transports) {
  const socket = io(balancer, {
    transports, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0,
  });
  const endings = [];
  let connects = 0;
  socket.on("connect", () => connects++);
  socket.on("disconnect", (reason) => endings.push(reason));
  const acked = [];
  for (let n = 1; n <= perSender; n++) {
    const text = `s${index}-${n}`;
    for (;;) {
      if (!socket.connected) {
        await new Promise((resolve) => socket.once("connect", resolve));
      }
      try {
        await socket.timeout(3000).emitWithAck("message", text);
        acked.push(text);
        break;
      } catch (e) {
        // no ack (the connection ended first): send it again once connected
      }
    }
    if (n === 3 && ++warmedUp === modes.length) emitLine({ type: "sending" });
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  socket.close();
  return { transports: transports.join(","), acked, connects, endings };
}

const results = await Promise.all(modes.map((t, i) => sender(i, t)));
// Let the last broadcasts reach the receiver (bounded): each acked message must show up.
const all = results.flatMap((r) => r.acked);
const deadline = Date.now() + 10_000;
while (all.some((m) => !received.has(m)) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
emitLine({
  type: "done",
  senders: results,
  missing: all.filter((m) => !received.has(m)),
  received: received.size,
});
receiver.close();
process.exit(0);
