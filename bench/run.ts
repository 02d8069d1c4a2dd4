import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { median } from './proc.js';
import { fanout } from './scenarios/s1-fanout.js';
import { throughput } from './scenarios/s2-throughput.js';
import { manyRooms } from './scenarios/s3-rooms.js';
import { history } from './scenarios/s4-history.js';
import { SERVER_KINDS, startBenchServer, type BenchServer, type ServerKind } from './servers.js';

type Metrics = Record<string, number>;
interface Scenario {
  id: string;
  title: string;
  run: (s: BenchServer) => Promise<Metrics>;
  /** The server kinds it runs against. */
  servers: ServerKind[];
  /** Runs at least this many times (BENCH_RUNS may ask for more). */
  minRuns?: number;
}

const SCENARIOS: Scenario[] = [
  // A p99 moves by a third from one run to the next on this machine: five runs make its median steadier.
  { id: 'S1', title: 'fan-out: 1 writer + 50 subscribers, 2000 msgs at 200/s (warm server: 2000 msgs through another room first)', run: fanout, servers: SERVER_KINDS, minRuns: 5 },
  { id: 'S2', title: 'throughput: 10 writers × 2000 msgs', run: throughput, servers: SERVER_KINDS },
  { id: 'S3', title: 'many rooms: 500 rooms × 2 clients', run: manyRooms, servers: SERVER_KINDS },
  // The raw rebroadcast server keeps nothing, so it has no history to serve after a restart.
  { id: 'S4', title: 'history: 100,000 msgs, restart, cold sync and catch-up from 99,000', run: history, servers: ['y-websocket-server', 'hocuspocus', 'parley'] },
];

// Every y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(0);

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const only = process.env.BENCH_ONLY?.split(',');
const onlyServers = process.env.BENCH_SERVERS?.split(',');

/** Runs every scenario RUNS times, servers interleaved, and reports medians and ratios. */
async function main(): Promise<void> {
  const sections = previousSections();
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
    const results = new Map<ServerKind, Metrics[]>();
    const runs = Math.max(RUNS, scenario.minRuns ?? 0);
    for (let run = 0; run < runs; run++) {
      for (const kind of scenario.servers.filter((k) => !onlyServers || onlyServers.includes(k))) {
        const server = await startBenchServer(kind);
        try {
          const m = await scenario.run(server);
          results.set(kind, [...(results.get(kind) ?? []), m]);
          console.log(`${scenario.id} run ${run + 1} ${kind}: ${JSON.stringify(round(m))}`);
        } finally {
          await server.stop();
        }
      }
    }
    const stamp = `${new Date().toISOString().slice(0, 16)} · ${cpus().length} cores · Node ${process.version} · median of ${runs} runs, servers interleaved`;
    sections.set(scenario.id, [...table(scenario, results), '', stamp].join('\n'));
    // Written after each scenario, so a later failure keeps what was measured.
    const report = ['# Parley benchmark', '', ...SCENARIOS.flatMap((s) => (sections.has(s.id) ? [sections.get(s.id) as string, ''] : []))].join('\n');
    if (!onlyServers) writeFileSync(REPORT, report);
    console.log(`\n${report}`);
  }
}

const REPORT = new URL('./REPORT.md', import.meta.url);

/** Sections of the last report by scenario id, so running a subset updates only its sections. */
function previousSections(): Map<string, string> {
  if (!existsSync(REPORT)) return new Map();
  const parts = readFileSync(REPORT, 'utf8').split(/\n(?=## S\d )/).slice(1);
  return new Map(parts.map((p) => [p.slice(3, p.indexOf(' ', 3)), p.trim()]));
}

function table(scenario: Scenario, results: Map<ServerKind, Metrics[]>): string[] {
  const medians = new Map([...results].map(([kind, runs]) => [kind, medianOf(runs)]));
  const metrics = Object.keys(medians.values().next().value ?? {});
  const baselines = scenario.servers.filter((k) => k !== 'parley');
  const out = [`## ${scenario.id} ${scenario.title}`, '', `| metric | ${scenario.servers.join(' | ')} | ${baselines.map((b) => `parley ÷ ${b}`).join(' | ')} |`];
  out.push(`|${'---|'.repeat(1 + scenario.servers.length + baselines.length)}`);
  for (const metric of metrics) {
    const cells = scenario.servers.map((k) => fmt(medians.get(k)?.[metric]));
    const ratios = baselines.map((b) => ratio(medians.get('parley')?.[metric], medians.get(b)?.[metric]));
    out.push(`| ${metric} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return out;
}

const medianOf = (runs: Metrics[]): Metrics => Object.fromEntries(Object.keys(runs[0] ?? {}).map((k) => [k, median(runs.map((r) => r[k] as number))]));
const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
/** "1.23×", or "n/a" when either side was not measured. */
const ratio = (parley: number | undefined, baseline: number | undefined) => {
  const text = fmt((parley ?? NaN) / (baseline ?? NaN));
  return text === 'n/a' ? text : `${text}×`;
};
const round = (m: Metrics) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v.toFixed(3))]));

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
