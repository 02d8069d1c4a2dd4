import { sendMessage, conversationRoots } from '../../shared/doc/index.js';
import { connect, until } from '../client.js';
import { cpuSeconds } from '../proc.js';
import type { BenchServer } from '../servers.js';

const WRITERS = 10;
const PER_WRITER = 2000;

/** S2 throughput: 10 writers × 2000 messages as fast as accepted; msgs/s and server CPU per 1000. */
export async function throughput(server: BenchServer) {
  const [room] = await server.rooms(1);
  const observer = connect(server, room as string);
  const writers = Array.from({ length: WRITERS }, () => connect(server, room as string));
  await Promise.all([observer, ...writers].map((c) => c.synced()));
  const messages = conversationRoots(observer.doc).messages;
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  await Promise.all(
    writers.map(async (w) => {
      for (let i = 0; i < PER_WRITER; i++) {
        sendMessage(w.doc, { author: server.userId, text: `message ${i}` });
        // Yield now and then so sockets flush, as an app's event loop would.
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
    }),
  );
  await until(() => messages.length >= WRITERS * PER_WRITER);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  for (const c of [observer, ...writers]) c.destroy();
  return { msgsPerSecond: (WRITERS * PER_WRITER) / seconds, cpuMsPer1000: (cpu * 1000) / ((WRITERS * PER_WRITER) / 1000) };
}
