// Harness self-test: prints what NodeScriptsTest expects, echoes stdin lines as JSON, exits on "exit <code>".
import { createInterface } from "node:readline";

const bound = setTimeout(() => process.exit(3), 30_000);
console.log("plain text line");
console.log(JSON.stringify({ type: "ready", args: process.argv.slice(2), env: process.env.SIO4J_HARNESS ?? null }));
console.error("to stderr");
for (let i = 0; i < 3; i++) console.log(JSON.stringify({ type: "tick", n: i }));

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const exit = /^exit (\d+)$/.exec(line);
  if (exit) {
    clearTimeout(bound);
    process.exit(Number(exit[1]));
  }
  if (line === "hang") return; // keep running until the harness kills us
  console.log(JSON.stringify({ type: "echo", line }));
});
