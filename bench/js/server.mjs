// The reference Node server of the sio4j benchmark: the socket.io tutorial's chat server on the
// official packages with their defaults, doing what the sio4j chat does on the paths the
// benchmark drives: `message` on `/` is emitted to every client (`io.emit`), `message` on `/chat`
// to every client of `/chat`, one log line per connection and disconnection.
//
// Usage: node server.mjs [--port N] [--host H] [--redis redis://host:port]
// --port 0 (the default) picks a free port; the line "listening on http://H:PORT/" says which.
// --redis makes it a cluster node on the official @socket.io/redis-adapter (classic pub/sub,
// node-redis clients), as the socket.io documentation sets it up.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number.parseInt(option('--port', '0'), 10);
const host = option('--host', '127.0.0.1');
const redisUrl = option('--redis', null);

const httpServer = createServer();
const io = new Server(httpServer);

if (redisUrl !== null) {
  const { createClient } = await import('redis');
  const { createAdapter } = await import('@socket.io/redis-adapter');
  const pubClient = createClient({ url: redisUrl });
  const subClient = pubClient.duplicate();
  pubClient.on('error', (err) => console.error('redis pub:', err.message));
  subClient.on('error', (err) => console.error('redis sub:', err.message));
  await Promise.all([pubClient.connect(), subClient.connect()]);
  io.adapter(createAdapter(pubClient, subClient));
}

io.on('connection', (socket) => {
  console.log('a user connected');
  socket.on('message', (msg) => {
    io.emit('message', msg);
  });
  socket.on('disconnect', () => {
    console.log('user disconnected');
  });
});

const chat = io.of('/chat');
chat.on('connection', (socket) => {
  socket.on('message', (msg) => {
    chat.emit('message', msg);
  });
});

httpServer.listen(port, host, () => {
  console.log(`listening on http://${host}:${httpServer.address().port}/`);
});
