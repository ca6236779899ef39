// JSON-line plumbing shared by the driver scripts: binary values travel as {"$bin": "<base64>"}.
import { createInterface } from "node:readline";

export function out(obj) {
  process.stdout.write(JSON.stringify(toJson(obj)) + "\n");
}

export function toJson(value) {
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) {
    return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const result = {};
    for (const [k, v] of Object.entries(value)) result[k] = toJson(v);
    return result;
  }
  return value;
}

export function fromJson(value) {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$bin") return Buffer.from(value.$bin, "base64");
    const result = {};
    for (const [k, v] of Object.entries(value)) result[k] = fromJson(v);
    return result;
  }
  return value;
}

// Calls handler(command) for every JSON line on stdin; a bad line is reported, not fatal.
export function onCommands(handler) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let command;
    try {
      command = JSON.parse(line);
    } catch (e) {
      out({ type: "badCommand", line: line.slice(0, 200), error: String(e) });
      return;
    }
    try {
      handler(command);
    } catch (e) {
      out({ type: "commandError", cmd: command.cmd, error: String(e && e.stack ? e.stack : e) });
    }
  });
}

// Every script bounds its own life; the Java harness has a backstop too.
export function boundLifetime(ms) {
  setTimeout(() => {
    out({ type: "lifetimeExceeded", ms });
    process.exit(4);
  }, ms);
}
