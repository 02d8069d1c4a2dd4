import { connect } from '../client.js';
import { cpuSeconds, rssBytes } from '../proc.js';
import type { BenchServer } from '../servers.js';

const ROOMS = 500;

/** S3 many rooms: 500 rooms × 2 clients; time until all synced, server CPU meanwhile and server RSS per socket. */
export async function manyRooms(server: BenchServer) {
  const rooms = await server.rooms(ROOMS);
  global.gc?.();
  const rssBefore = rssBytes(server.pid);
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  const clients = rooms.flatMap((room) => [connect(server, room), connect(server, room)]);
  await Promise.all(clients.map((c) => c.synced()));
  const seconds = (performance.now() - started) / 1000;
  // The server's share of the storm (the clients run in this process and take the rest).
  const serverCpuS = cpuSeconds(server.pid) - cpuBefore;
  await new Promise((r) => setTimeout(r, 500));
  const perSocketKb = (rssBytes(server.pid) - rssBefore) / clients.length / 1024;
  for (const c of clients) c.destroy();
  return { allSyncedS: seconds, serverCpuS, rssPerSocketKb: perSocketKb };
}
