import { sendMessage, conversationRoots } from '../../shared/doc/index.js';
import { connect, settled, until } from '../client.js';
import { percentile } from '../proc.js';
import type { BenchServer } from '../servers.js';

const SUBSCRIBERS = 50;
const MESSAGES = 2000;
const RATE = 200;

/** S1 fan-out: 1 writer + 50 subscribers in one room, 2000 messages at 200/s; delivery latency. */
export async function fanout(server: BenchServer) {
  const [room] = await server.rooms(1);
  const writer = connect(server, room as string);
  const subs = Array.from({ length: SUBSCRIBERS }, () => connect(server, room as string));
  await Promise.all([writer, ...subs].map((c) => c.synced()));
  await settled([writer, ...subs]);
  const latencies: number[] = [];
  for (const sub of subs) {
    conversationRoots(sub.doc).messages.observe((e) => {
      const now = performance.now();
      for (const item of e.changes.added) for (const m of item.content.getContent()) latencies.push(now - Number((m as { text: string }).text));
    });
  }
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const due = started + (i * 1000) / RATE;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
    sendMessage(writer.doc, { author: server.userId, text: String(performance.now()) });
  }
  await until(() => latencies.length >= SUBSCRIBERS * MESSAGES);
  for (const c of [writer, ...subs]) c.destroy();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
