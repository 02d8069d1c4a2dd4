import { sendMessage, conversationRoots } from '../../shared/doc/index.js';
import { connect, settled, until, type BenchClient } from '../client.js';
import { cpuSeconds, percentile } from '../proc.js';
import type { BenchServer } from '../servers.js';

const SUBSCRIBERS = 50;
const MESSAGES = 2000;
const RATE = 200;
/**
 * Before the measured room, a warm-up room gets this many messages (fanned out to a few
 * subscribers), unmeasured: until a few thousand messages have gone through it, a server's code
 * still runs partly uncompiled (JIT tiers, deoptimizations), which in Parley made 2 % of deliveries
 * wait 1–5 ms, more than the 1 % a p99 looks at. The measured room is another one, so its
 * documents start empty, as the scenario says (in a Yjs array, each message a writer appends costs
 * every replica a copy of that writer's run so far).
 */
const WARM_UP = { messages: 2000, rate: 1000, subscribers: 10 };
/**
 * The pause after the warm-up, so that what a server does after a burst (Parley compacts a room 2 s
 * after its last update; LevelDB compacts in the background; Hocuspocus stores debounced) is over
 * before the measured room starts, instead of landing on its first seconds.
 */
const AFTER_WARM_UP_MS = 4000;

/** S1 fan-out: 1 writer + 50 subscribers in one room, 2000 messages at 200/s, on a warm server; delivery latency. */
export async function fanout(server: BenchServer) {
  const [warmRoom, room] = (await server.rooms(2)) as [string, string];
  await warmUp(server, warmRoom);
  const writer = connect(server, room);
  const subs = Array.from({ length: SUBSCRIBERS }, () => connect(server, room));
  await Promise.all([writer, ...subs].map((c) => c.synced()));
  await settled([writer, ...subs]);
  const latencies: number[] = [];
  for (const sub of subs) {
    conversationRoots(sub.doc).messages.observe((e) => {
      const now = performance.now();
      for (const item of e.changes.added) for (const m of item.content.getContent()) latencies.push(now - Number((m as { text: string }).text));
    });
  }
  const [clientBefore, serverBefore, started] = [process.cpuUsage(), cpuSeconds(server.pid), performance.now()];
  await sendAtRate(writer, server.userId, MESSAGES, RATE);
  await until(() => latencies.length >= SUBSCRIBERS * MESSAGES);
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  for (const c of [writer, ...subs]) c.destroy();
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    // Shares of one core while measuring. The 51 clients share one thread: near 1, they queue
    // deliveries themselves, and the latencies then say more about the clients than the server.
    clientCpuShare: (client.user + client.system) / 1e6 / seconds,
    serverCpuShare: (cpuSeconds(server.pid) - serverBefore) / seconds,
  };
}

/** Runs WARM_UP through `room` and leaves it. */
async function warmUp(server: BenchServer, room: string): Promise<void> {
  const clients = Array.from({ length: 1 + WARM_UP.subscribers }, () => connect(server, room));
  await Promise.all(clients.map((c) => c.synced()));
  await sendAtRate(clients[0] as BenchClient, server.userId, WARM_UP.messages, WARM_UP.rate);
  await until(() => clients.every((c) => conversationRoots(c.doc).messages.length >= WARM_UP.messages));
  for (const c of clients) c.destroy();
  await new Promise((r) => setTimeout(r, AFTER_WARM_UP_MS));
}

/** Sends `count` messages at `rate` per second, each with its send time as its text. */
async function sendAtRate(writer: BenchClient, author: string, count: number, rate: number): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
    sendMessage(writer.doc, { author, text: String(performance.now()) });
  }
}
