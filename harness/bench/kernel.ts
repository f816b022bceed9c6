/**
 * Kernel benchmark.
 * - eventsPerSec: delivered events per wall second of a 5-node ping-pong with latency jitter (the trace
 *   hash is always on: every executed event folds into it); eventsPerCpuSec per CPU second of the process
 *   (steadier when other work shares the machine).
 * - realTimeFactor: simulated time / wall time for a 5-node heartbeat + replication model with two
 *   clients and a fault schedule (partitions, crash/restart, pause, clock drift).
 * - heapBytesPerRun: heap growth per finished-and-dropped run of that scenario (a leak indicator, ~0 when
 *   nothing survives a run), measured after a forced GC; plus the live heap of one finished simulation.
 * - zookeeper/safe seeds per wall and per CPU second, and the trace hash's share of them (hash-share.ts).
 * Best of 3 (ping-pong) or median of 5 (scenario) repetitions, after a warm-up. Prints numbers; asserts nothing.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { Simulation } from '../sim/index.js';
import type { ClientWorkload, NodeBehavior, NodeContext, NodeFactory, TimedAction } from '../sim/index.js';
import { benchHashShare } from './hash-share.js';
import { median } from './median.js';

const IDS = ['n1', 'n2', 'n3', 'n4', 'n5'];

// ---------------------------------------------------------------- ping-pong

const pingPong: NodeFactory = (id) => ({
  init(ctx) {
    if (id === 'n1') for (const p of IDS) if (p !== id) ctx.send(p, { type: 'ping', n: 0 });
  },
  onMessage(ctx, m) {
    const b = m.body as { type: string; n: number };
    ctx.send(m.from, { type: b.type === 'ping' ? 'pong' : 'ping', n: b.n + 1 });
  },
});

interface PingPong {
  events: number;
  delivered: number;
  ms: number;
  cpuMs: number;
  simMs: number;
  hash: string;
}

async function pingPongOnce(maxEvents: number): Promise<PingPong> {
  const sim = new Simulation({
    seed: 1, servers: IDS.map((id) => ({ id, factory: pingPong })), link: { latencyMs: 1, jitterMs: 0.5 }, maxEvents,
  });
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  await sim.run();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - t0;
  return {
    events: sim.events, delivered: sim.network.stats.delivered, ms, cpuMs: (used.user + used.system) / 1000, simMs: sim.nowUs / 1000, hash: sim.traceHash(),
  };
}

// ---------------------------------------------------------------- heartbeat + replication model

type Msg =
  | { t: 'hb'; term: number; commit: number }
  | { t: 'hb-ack'; term: number }
  | { t: 'vote?'; term: number }
  | { t: 'vote'; term: number; granted: boolean }
  | { t: 'append'; term: number; index: number; entry: unknown }
  | { t: 'append-ack'; term: number; index: number }
  | { t: 'write'; value: number }
  | { t: 'written'; index: number }
  | { t: 'redirect'; leader: string | null };

const HEARTBEAT_MS = 50;

/** Raft-flavoured: terms, votes, a leader that heartbeats, and writes committed on a majority of fsynced appends. */
const replica: NodeFactory = (id): NodeBehavior => {
  let term = 0;
  let votedFor: string | null = null;
  let role: 'follower' | 'candidate' | 'leader' = 'follower';
  let leader: string | null = null;
  let votes = 0;
  let commit = 0;
  let electionTimer: ReturnType<NodeContext['setTimer']> | null = null;
  const acks = new Map<number, Set<string>>();
  const waiting = new Map<number, { to: string; msg: Parameters<NodeContext['reply']>[0] }>();
  const majority = Math.floor(IDS.length / 2) + 1;

  const resetElection = (ctx: NodeContext) => {
    if (electionTimer !== null) ctx.cancelTimer(electionTimer);
    electionTimer = ctx.setTimer(150 + ctx.rng.next() * 150, 'election');
  };
  const persist = (ctx: NodeContext) => {
    ctx.storage.set('term', term);
    ctx.storage.set('votedFor', votedFor);
    ctx.storage.fsync();
  };
  const stepDown = (ctx: NodeContext, newTerm: number) => {
    if (newTerm > term) {
      term = newTerm;
      votedFor = null;
      persist(ctx);
    }
    if (role === 'leader') ctx.log(`${id} steps down in term ${term}`);
    role = 'follower';
  };

  return {
    init(ctx) {
      term = (ctx.storage.get('term') as number | undefined) ?? 0;
      votedFor = (ctx.storage.get('votedFor') as string | null | undefined) ?? null;
      resetElection(ctx);
    },
    onTimer(ctx, timer) {
      if (timer.payload === 'election' && role !== 'leader') {
        term++;
        role = 'candidate';
        votedFor = id;
        votes = 1;
        persist(ctx);
        for (const p of ctx.peers) if (p !== id) ctx.send(p, { t: 'vote?', term });
        resetElection(ctx);
      } else if (timer.payload === 'heartbeat' && role === 'leader') {
        for (const p of ctx.peers) if (p !== id) ctx.send(p, { t: 'hb', term, commit });
        ctx.setTimer(HEARTBEAT_MS, 'heartbeat');
      }
    },
    onMessage(ctx, envelope) {
      const m = envelope.body as Msg;
      switch (m.t) {
        case 'vote?': {
          if (m.term > term) stepDown(ctx, m.term);
          const granted = m.term === term && (votedFor === null || votedFor === envelope.from);
          if (granted) {
            votedFor = envelope.from;
            persist(ctx);
            resetElection(ctx);
          }
          ctx.reply(envelope, { t: 'vote', term, granted });
          return;
        }
        case 'vote': {
          if (m.term > term) { stepDown(ctx, m.term); return; }
          if (role !== 'candidate' || m.term !== term || !m.granted) return;
          if (++votes >= majority) {
            role = 'leader';
            leader = id;
            ctx.cover('leader elected');
            ctx.setTimer(0, 'heartbeat');
          }
          return;
        }
        case 'hb':
        case 'append': {
          if (m.term < term) return;
          if (m.term > term || role !== 'follower') stepDown(ctx, m.term);
          leader = envelope.from;
          resetElection(ctx);
          if (m.t === 'hb') {
            ctx.reply(envelope, { t: 'hb-ack', term });
          } else {
            ctx.storage.append('log', { term, index: m.index, entry: m.entry });
            ctx.storage.fsync();
            ctx.reply(envelope, { t: 'append-ack', term, index: m.index });
          }
          return;
        }
        case 'hb-ack':
          if (m.term > term) stepDown(ctx, m.term);
          return;
        case 'append-ack': {
          if (m.term > term) { stepDown(ctx, m.term); return; }
          const set = acks.get(m.index);
          if (set === undefined) return;
          set.add(envelope.from);
          if (set.size >= majority) {
            acks.delete(m.index);
            commit = Math.max(commit, m.index);
            const w = waiting.get(m.index);
            waiting.delete(m.index);
            if (w !== undefined) ctx.reply(w.msg, { t: 'written', index: m.index });
          }
          return;
        }
        case 'write': {
          if (role !== 'leader') { ctx.reply(envelope, { t: 'redirect', leader }); return; }
          ctx.storage.append('log', { term, value: m.value });
          ctx.storage.fsync();
          const index = ctx.storage.logLength('log');
          acks.set(index, new Set([id]));
          waiting.set(index, { to: envelope.from, msg: envelope });
          for (const p of ctx.peers) if (p !== id) ctx.send(p, { t: 'append', term, index, entry: m.value });
          return;
        }
        default:
          return;
      }
    },
  };
};

const writer: ClientWorkload = async (ctx) => {
  let target = ctx.rng.pick(ctx.servers);
  let value = 0;
  while (!ctx.stopping) {
    const op = ctx.invoke('write', ++value);
    const r = await ctx.call<Msg>(target, { t: 'write', value }, { timeoutMs: 200 });
    if (r.status === 'timeout') {
      op.info();
      target = ctx.rng.pick(ctx.servers);
    } else if (r.body.t === 'written') {
      op.ok();
    } else {
      op.fail();
      target = r.body.t === 'redirect' && r.body.leader !== null ? r.body.leader : ctx.rng.pick(ctx.servers);
    }
    await ctx.sleep(5 + ctx.rng.next() * 20);
  }
};

/** A repeating 10 s fault cycle: partition, heal, crash/restart, pause/resume, drift. */
function faultCycle(seconds: number): TimedAction[] {
  const out: TimedAction[] = [];
  for (let base = 0; base < seconds * 1_000_000; base += 10_000_000) {
    const at = (ms: number, label: string, apply: TimedAction['apply']) => out.push({ atUs: base + ms * 1000, label, apply });
    at(1000, 'isolate n1', (t) => t.setGrudge({ n1: ['n2', 'n3', 'n4', 'n5'], n2: ['n1'], n3: ['n1'], n4: ['n1'], n5: ['n1'] }));
    at(3000, 'heal', (t) => t.heal());
    at(4000, 'crash n2', (t) => t.crash('n2'));
    at(5500, 'restart n2', (t) => t.restart('n2'));
    at(6000, 'pause n3', (t) => t.pause('n3'));
    at(6800, 'resume n3', (t) => t.resume('n3'));
    at(7000, 'one-way n4', (t) => t.setGrudge({ n4: ['n5'] }));
    at(7500, 'drift n5', (t) => t.setClockDrift('n5', 5000));
    at(8500, 'heal', (t) => t.heal());
    at(9000, 'undrift n5', (t) => t.setClockDrift('n5', 0));
  }
  return out;
}

function scenario(seed: number, seconds: number): Simulation {
  return new Simulation({
    seed,
    servers: IDS.map((id) => ({ id, factory: replica })),
    clients: [{ id: 'c1', workload: writer }, { id: 'c2', workload: writer, startMs: 7 }],
    link: { latencyMs: 1, jitterMs: 2 },
    faults: faultCycle(seconds),
  });
}

async function scenarioOnce(seed: number, seconds: number): Promise<{ ms: number; simMs: number; events: number; ops: number }> {
  const sim = scenario(seed, seconds);
  const t0 = performance.now();
  await sim.run(seconds * 1000);
  const ms = performance.now() - t0;
  return { ms, simMs: sim.nowUs / 1000, events: sim.events, ops: sim.history.length };
}

// ---------------------------------------------------------------- heap

/** `global.gc` when node ran with --expose-gc; otherwise the V8 flag is set at runtime (works on Node 20). */
function getGc(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

async function heapPerRun(runs: number, seconds: number): Promise<{ growth: number; live: number; gc: boolean }> {
  const gc = getGc();
  const collect = () => { if (gc) { gc(); gc(); } };
  // Warm up (JIT, module state) so the baseline is steady.
  await scenario(99, seconds).run(seconds * 1000);
  collect();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < runs; i++) await scenario(100 + i, seconds).run(seconds * 1000);
  collect();
  const growth = (process.memoryUsage().heapUsed - before) / runs;
  // Live size of one finished simulation (history, logs, state) while it is still referenced.
  collect();
  const base = process.memoryUsage().heapUsed;
  const kept = scenario(7, seconds);
  await kept.run(seconds * 1000);
  collect();
  const live = process.memoryUsage().heapUsed - base;
  if (kept.events < 0) console.log('unreachable'); // keep `kept` alive across the measurement
  return { growth, live, gc: gc !== null };
}

// ---------------------------------------------------------------- entry

export async function benchKernel(): Promise<{ figures: Record<string, unknown>; lines: string[] }> {
  const PING_EVENTS = 500_000;
  await pingPongOnce(50_000); // warm-up
  const pings = [];
  for (let r = 0; r < 3; r++) pings.push(await pingPongOnce(PING_EVENTS));
  const best = pings.reduce((a, b) => (b.delivered / b.ms > a.delivered / a.ms ? b : a));
  const eventsPerSec = Math.round((best.delivered / best.ms) * 1000);
  const eventsPerCpuSec = Math.round((best.delivered / Math.min(...pings.map((p) => p.cpuMs))) * 1000);
  const hashesAgree = pings.every((p) => p.hash === best.hash);

  const SECONDS = 60;
  // Steady state: the first runs pay for JIT compilation and for V8 growing its young generation, so two
  // whole runs warm up first; the cold (first) run is reported on its own.
  const cold = await scenarioOnce(1, SECONDS);
  await scenarioOnce(1, SECONDS);
  const runs = [];
  for (let r = 0; r < 5; r++) runs.push(await scenarioOnce(1, SECONDS));
  const factors = runs.map((r) => r.simMs / r.ms);
  const realTimeFactor = Math.round(median(factors));
  const coldRealTimeFactor = Math.round(cold.simMs / cold.ms);
  const mid = runs[0] as { events: number; ops: number; ms: number }; // every repetition runs the same events

  const heap = await heapPerRun(10, 10);
  const zk = await benchHashShare();

  const figures = {
    eventsPerSec,
    eventsPerCpuSec,
    realTimeFactor,
    coldRealTimeFactor,
    heapBytesPerRun: Math.round(heap.growth),
    liveHeapBytesPerRun: Math.round(heap.live),
    pingPong: { deliveredEvents: best.delivered, wallMs: Math.round(best.ms), simulatedMs: Math.round(best.simMs), sameHash: hashesAgree },
    scenario: { simulatedSeconds: SECONDS, events: mid.events, historyOps: mid.ops, wallMs: runs.map((r) => Math.round(r.ms)) },
    gcForced: heap.gc,
    zookeeperSafeSeedsPerSec: Math.round(zk.seedsPerSec * 10) / 10,
    zookeeperSafeSeedsPerCpuSec: Math.round(zk.seedsPerCpuSec * 10) / 10,
    hashShare: Math.round(zk.hashShare * 1000) / 1000,
  };
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  const lines = [
    `ping-pong, 5 nodes, jitter, trace hash on: ${(eventsPerSec / 1e6).toFixed(2)} M delivered events/s, ${(eventsPerCpuSec / 1e6).toFixed(2)} M per CPU second (best of 3, ${best.delivered} events in ${best.ms.toFixed(0)} ms; hash ${hashesAgree ? 'identical' : 'DIFFERS'} across runs)`,
    `5-node replication + faults: ${realTimeFactor}x real time (median of 5 warm runs; first cold run ${coldRealTimeFactor}x; ${SECONDS} s simulated, ${mid.events} events, ${mid.ops} history ops)`,
    `zookeeper/safe: ${figures.zookeeperSafeSeedsPerSec} seeds/s in process, ${figures.zookeeperSafeSeedsPerCpuSec} per CPU second (medians of 5 sweeps of 10 seeds); the trace hash takes ${(zk.hashShare * 100).toFixed(1)}% of it (share of ${zk.samples} CPU profile samples in sim/trace-hash)`,
    `heap growth per dropped run: ${heap.growth >= 0 ? '' : '-'}${(Math.abs(heap.growth) / 1024).toFixed(1)} KB${heap.gc ? '' : ' (no forced GC: noisy)'}; one finished 10 s run holds ${mb(heap.live)}`,
  ];
  return { figures, lines };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { figures, lines } = await benchKernel();
  for (const line of lines) console.log(line);
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
}
