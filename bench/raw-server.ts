import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The machine's ceiling: a websocket server that rebroadcasts every frame to the other sockets
 * of the same path, with no decoding, no validation and no storage.
 */
const rooms = new Map<string, Set<WebSocket>>();
const server = createServer((_req, res) => res.end('raw'));
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const room = (req.url ?? '/').split('?')[0] as string;
  const peers = rooms.get(room) ?? new Set<WebSocket>();
  rooms.set(room, peers);
  peers.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const p of peers) if (p !== ws && p.readyState === p.OPEN) p.send(data, { binary: isBinary });
  });
  ws.on('close', () => peers.delete(ws));
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
