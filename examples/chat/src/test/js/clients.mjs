// Helpers for the Node test drivers: official socket.io-client peers that record every event
// they receive, and bounded waits on those records. Output convention: one JSON object per
// stdout line with a "type" field; diagnostics go to stderr.
import { createInterface } from "node:readline";
import { io, Manager } from "socket.io-client";

export function emitLine(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// Ends the process whatever happens, so a hung run never outlives its test.
export function bound(ms) {
  const t = setTimeout(() => {
    emitLine({ type: "fatal", message: "driver timed out after " + ms + " ms" });
    process.exit(3);
  }, ms);
  t.unref();
}

// A client with its own connection (forceNew), recording [event, ...args] for everything received.
export function peer(baseUrl, nsp, transports, extra = {}) {
  return record(io(baseUrl + nsp, { forceNew: true, transports, reconnection: false, ...extra }), nsp);
}

// One connection multiplexing several namespaces, as a page does with io() and io("/chat").
export function multiplexed(baseUrl, transports, nsps, extra = {}) {
  const manager = new Manager(baseUrl, { transports, reconnection: false, ...extra });
  return nsps.map((nsp) => record(manager.socket(nsp), nsp));
}

function record(socket, nsp) {
  const received = [];
  const waiters = new Set();
  socket.onAny((event, ...args) => {
    received.push({ event, args });
    for (const w of [...waiters]) w();
  });
  const connected = new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return {
    socket,
    received,
    connected,
    // Resolves with the first recorded event matching; rejects after timeoutMs.
    waitFor(event, match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = received.find((r) => r.event === event && match(...r.args));
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit.args);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("no '" + event + "' within " + timeoutMs + " ms on " + nsp));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    has(event, match = () => true) {
      return received.some((r) => r.event === event && match(...r.args));
    },
    count(event, match = () => true) {
      return received.filter((r) => r.event === event && match(...r.args)).length;
    },
  };
}

export function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function sameBytes(a, expected) {
  if (!(a instanceof Uint8Array) && !(a instanceof ArrayBuffer)) return false;
  const u = a instanceof ArrayBuffer ? new Uint8Array(a) : a;
  return u.length === expected.length && u.every((v, i) => v === expected[i]);
}

// Runs named checks in order, printing one line per check; a failed check does not stop the run.
export async function runChecks(checks) {
  let failures = 0;
  for (const [name, fn] of checks) {
    try {
      const detail = await fn();
      emitLine({ type: "check", name, ok: true, detail: detail ?? null });
    } catch (e) {
      failures++;
      emitLine({ type: "check", name, ok: false, detail: String(e && e.stack ? e.stack : e) });
      if (name === "connect") break; // nothing else can pass without connections
    }
  }
  emitLine({ type: "done", failures });
  return failures;
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// Lines the test that runs a script writes to its stdin, one per call, in order: the reader starts
// on first use, so a script that never asks keeps stdin untouched.
const stdinLines = [];
const stdinWaiters = [];
let stdinReader = null;
export function nextStdinLine() {
  if (!stdinReader) {
    stdinReader = createInterface({ input: process.stdin }).on("line", (line) => {
      const w = stdinWaiters.shift();
      if (w) w(line); else stdinLines.push(line);
    });
  }
  return stdinLines.length ? Promise.resolve(stdinLines.shift()) : new Promise((r) => stdinWaiters.push(r));
}
