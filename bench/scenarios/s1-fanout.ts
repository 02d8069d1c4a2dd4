import { sendMessage, conversationRoots } from '../../shared/doc/index.js';
import { connect, settled, until, type BenchClient } from '../client.js';
import { percentile } from '../proc.js';
import type { BenchServer } from '../servers.js';

const SUBSCRIBERS = 50;
const MESSAGES = 2000;
const RATE = 200;
/**
 * Messages sent (at the same rate) before the measured ones, and not measured: the first hundred
 * or so after a start run through code the JIT has not compiled yet, on the server and in the
 * clients alike, and they alone are more than 1 % of the deliveries. The p99 should describe a
 * warm server, which is what users talk to.
 */
const WARM_UP = 200;

/** S1 fan-out: 1 writer + 50 subscribers in one room, 2000 messages at 200/s; delivery latency. */
export async function fanout(server: BenchServer) {
  const [room] = await server.rooms(1);
  const writer = connect(server, room as string);
  const subs = Array.from({ length: SUBSCRIBERS }, () => connect(server, room as string));
  await Promise.all([writer, ...subs].map((c) => c.synced()));
  await settled([writer, ...subs]);
  const latencies: number[] = [];
  let warmUpDeliveries = 0;
  for (const sub of subs) {
    conversationRoots(sub.doc).messages.observe((e) => {
      const now = performance.now();
      for (const item of e.changes.added) {
        for (const m of item.content.getContent()) {
          const sentAt = Number((m as { text: string }).text);
          if (Number.isNaN(sentAt)) warmUpDeliveries++;
          else latencies.push(now - sentAt);
        }
      }
    });
  }
  await sendAtRate(writer, server.userId, WARM_UP, () => 'warm-up');
  await until(() => warmUpDeliveries >= SUBSCRIBERS * WARM_UP);
  await sendAtRate(writer, server.userId, MESSAGES, () => String(performance.now()));
  await until(() => latencies.length >= SUBSCRIBERS * MESSAGES);
  for (const c of [writer, ...subs]) c.destroy();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** Sends `count` messages at RATE per second, each with the text `text()` gives at its send time. */
async function sendAtRate(writer: BenchClient, author: string, count: number, text: () => string): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / RATE;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
    sendMessage(writer.doc, { author, text: text() });
  }
}
