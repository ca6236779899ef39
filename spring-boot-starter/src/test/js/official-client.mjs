// Drives the official socket.io-client against a sio4j server started by a Spring Boot test.
// Usage: node official-client.mjs <url>. Prints one JSON object per line; exits by itself.
import { io } from 'socket.io-client';

const url = process.argv[2];
const out = (o) => console.log(JSON.stringify(o));
setTimeout(() => { out({ type: 'timeout' }); process.exit(2); }, 15000).unref();

const opts = { transports: ['polling', 'websocket'], reconnection: false, forceNew: true };
const main = io(url, opts);
const welcome = new Promise((resolve) => main.once('welcome', resolve));
await new Promise((resolve, reject) => { main.once('connect', resolve); main.once('connect_error', reject); });
out({ type: 'connected', id: main.id, welcome: await welcome });

out({ type: 'echo', value: await main.timeout(5000).emitWithAck('echo', { a: [1, 'two', null] }) });
out({ type: 'order', value: await main.timeout(5000).emitWithAck('order', { item: 'tea', quantity: 3 }) });
out({ type: 'sum', value: await main.timeout(5000).emitWithAck('sum', 2, 40) });
out({ type: 'async', value: await main.timeout(5000).emitWithAck('async', 'shout') });
out({ type: 'ping', value: await main.timeout(5000).emitWithAck('ping') });
// An argument that does not map: no answer, and the connection stays.
try {
  await main.timeout(500).emitWithAck('order', 'not an order');
  out({ type: 'badOrder', answered: true });
} catch (e) {
  out({ type: 'badOrder', answered: false, connected: main.connected });
}
out({ type: 'afterBad', value: await main.timeout(5000).emitWithAck('echo', 'still here') });

const a = io(url + 'chat', opts);
const b = io(url + 'chat', opts);
await Promise.all([a, b].map((s) => new Promise((resolve) => s.once('connect', resolve))));
const said = new Promise((resolve) => b.once('said', resolve));
a.emit('say', 'hello room');
out({ type: 'said', value: await said });

for (const s of [main, a, b]) s.disconnect();
out({ type: 'done' });
process.exit(0);
