import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLockExclusivity } from '../../harness/check/locks/exclusivity.js';
import { lockBeliefs, runEnds } from '../../harness/check/locks/notes.js';
import type { FaultSchedule } from '../../harness/faults/types.js';
import { Simulation } from '../../harness/sim/simulation.js';
import { ZkAudit } from './audit.js';
import { zkConfig } from './config.js';
import { leaderLatchClient, type LeaderLatch, type LeaderLatchConfig } from './leader-latch.js';
import { ZkServer, zkServer } from './server.js';

const ZK = ['zk1', 'zk2', 'zk3'];
const CANDIDATES = ['c1', 'c2', 'c3'];
const ELECTION = '/election';
const seqOf = (name: string): number => Number(name.slice(-10));

interface Probe {
  atMs: number;
  /** Live candidates that believe they lead. */
  leaders: string[];
  /** The candidate owning the lowest znode in the established ZooKeeper leader's tree (null: no established leader / no znode). */
  lowest: string | null;
}

interface Run {
  sim: Simulation;
  latches: Map<string, LeaderLatch>;
  probes: Probe[];
}

/** Three candidates against a 3-server ensemble, probed every 5 ms; `setup` schedules faults. */
async function runLatches(latch: Partial<LeaderLatchConfig>, setup: (r: Run) => void = () => {}, options: { seed?: number; untilMs?: number } = {}): Promise<Run> {
  const config: LeaderLatchConfig = {
    electionPath: ELECTION, sessionTimeoutMs: 300, requestTimeoutMs: 50, leadMs: Number.POSITIVE_INFINITY, closeSession: false, thinkMs: 20,
    ensemble: ZK, ...latch,
  };
  const latches = new Map<string, LeaderLatch>();
  const sim = new Simulation({
    seed: options.seed ?? 1,
    servers: ZK.map((id) => ({ id, factory: zkServer(zkConfig(), ZK, new ZkAudit()) })),
    clients: CANDIDATES.map((id, i) => ({ id, workload: leaderLatchClient(config, i, (l) => latches.set(id, l)), startMs: 1 })),
    link: { latencyMs: 1, jitterMs: 1 },
  });
  const run: Run = { sim, latches, probes: [] };
  const untilMs = options.untilMs ?? 4000;
  const probe = (atMs: number) => {
    const leaders = CANDIDATES.filter((id) => sim.isUp(id) && latches.get(id)?.isLeader === true);
    const zkLeader = sim.serverIds.filter((id) => sim.isUp(id)).map((id) => sim.nodeState(id)).find((s): s is ZkServer => s instanceof ZkServer && s.leader?.phase === 'established');
    let lowest: string | null = null;
    if (zkLeader !== undefined) {
      const r = zkLeader.tree.read({ op: 'getChildren', path: ELECTION });
      const first = r.ok ? [...(r.children ?? [])].sort((a, b) => seqOf(a) - seqOf(b))[0] : undefined;
      if (first !== undefined) lowest = CANDIDATES.find((id) => latches.get(id)?.ours === first) ?? `?${first}`;
    }
    run.probes.push({ atMs, leaders, lowest });
  };
  for (let t = 5; t < untilMs; t += 5) sim.at(t, 'probe', () => probe(t));
  setup(run);
  await sim.run(untilMs);
  return run;
}

/**
 * The invariants every run must keep: no two leaders in true time (a leadership never closed ends at the
 * candidate's crash, in `crashes`, or the run's end), and a leader owns the lowest znode.
 */
function assertSafe(run: Run, crashes: FaultSchedule = []): void {
  const beliefs = lockBeliefs(run.sim.notes, runEnds(crashes, run.sim.nowUs));
  const exclusive = checkLockExclusivity(beliefs);
  assert.ok(exclusive.valid === true, exclusive.explanation);
  for (const p of run.probes) {
    assert.ok(p.leaders.length <= 1, `two leaders at ${p.atMs} ms: ${p.leaders.join(', ')}`);
    // A non-leader never believes it leads: a believer owns the lowest znode (when the ensemble can tell).
    if (p.leaders.length === 1 && p.lowest !== null) assert.is(p.lowest, p.leaders[0], `at ${p.atMs} ms ${p.leaders[0]} believes it leads but ${p.lowest} owns the lowest znode`);
  }
}

const leadersBetween = (run: Run, fromMs: number, toMs: number): Set<string> =>
  new Set(run.probes.filter((p) => p.atMs >= fromMs && p.atMs < toMs).flatMap((p) => p.leaders));

test('exactly one leader among three candidates, and it owns the lowest znode', async () => {
  for (let seed = 1; seed <= 3; seed++) {
    const run = await runLatches({}, () => {}, { seed });
    assertSafe(run);
    const settled = run.probes.filter((p) => p.atMs >= 1000);
    assert.ok(settled.length > 100);
    for (const p of settled) assert.is(p.leaders.length, 1, `seed ${seed}: exactly one leader at ${p.atMs} ms (${p.leaders.join(', ')})`);
    assert.is(leadersBetween(run, 1000, 4000).size, 1, `seed ${seed}: the leader keeps leading`);
    const others = CANDIDATES.filter((id) => id !== settled[0]!.leaders[0]);
    for (const id of others) assert.ok(run.latches.get(id)!.session.armed.data.size === 1, `seed ${seed}: ${id} watches its predecessor`);
  }
});

test('the leader crashes: its session expires and the next candidate leads', async () => {
  for (let seed = 1; seed <= 3; seed++) {
    let crashed: string | null = null;
    const run = await runLatches({}, (r) => {
      r.sim.at(1500, 'crash the leader', () => {
        crashed = CANDIDATES.find((id) => r.latches.get(id)?.isLeader === true) ?? null;
        if (crashed !== null) r.sim.faultTarget.crash(crashed);
      });
    }, { seed });
    assert.ok(crashed !== null, `seed ${seed}: there was a leader to crash`);
    assertSafe(run, [{ at: 1_500_000, kind: 'crash', node: crashed }]);
    assert.equal([...leadersBetween(run, 1000, 1500)], [crashed]);
    // The session times out (300 ms) and the watcher of the crashed leader's znode takes over.
    const after = run.probes.filter((p) => p.atMs >= 2200);
    assert.ok(after.length > 0 && after.every((p) => p.leaders.length === 1 && p.leaders[0] !== crashed), `seed ${seed}: a new leader after the crash`);
    assert.is(leadersBetween(run, 2200, 4000).size, 1);
  }
});

test('the leader is cut off from the ensemble past its session timeout: it stops leading before the next one starts', async () => {
  for (let seed = 1; seed <= 3; seed++) {
    let cut: string | null = null;
    const run = await runLatches({}, (r) => {
      r.sim.at(1500, 'isolate the leader', () => {
        cut = CANDIDATES.find((id) => r.latches.get(id)?.isLeader === true) ?? null;
        if (cut === null) return;
        r.sim.faultTarget.setGrudge({ [cut]: ZK, ...Object.fromEntries(ZK.map((id) => [id, [cut!]])) });
      });
      r.sim.at(2300, 'heal', () => r.sim.faultTarget.heal());
    }, { seed });
    assertSafe(run); // the cut-off leader gave up (SUSPENDED) before its session expired and the next one led
    assert.ok(cut !== null, `seed ${seed}: there was a leader to cut off`);
    const during = run.probes.filter((p) => p.atMs >= 2000 && p.atMs < 2300);
    assert.ok(during.every((p) => !p.leaders.includes(cut!)), `seed ${seed}: the cut-off leader stopped leading`);
    assert.ok(during.some((p) => p.leaders.length === 1), `seed ${seed}: another candidate took over during the partition`);
    assert.ok(run.probes.filter((p) => p.atMs >= 3000).every((p) => p.leaders.length === 1), `seed ${seed}: one leader after healing`);
  }
});

test('the leader closes its latch (and its session): leadership passes on, one at a time', async () => {
  for (const closeSession of [true, false]) {
    const run = await runLatches({ leadMs: 400, closeSession }, () => {}, { seed: 2 });
    assertSafe(run);
    const beliefs = lockBeliefs(run.sim.notes);
    const terms = new Set(beliefs.map((b) => b.session));
    assert.ok(terms.size >= 5, `leadership passed on (${[...terms].join(', ')})`);
    assert.is(new Set(beliefs.map((b) => b.client)).size, 3, 'every candidate led in turn');
    // Handovers are quick: the next candidate is watching, so gaps stay well under a session timeout.
    const leaderless = run.probes.filter((p) => p.atMs >= 1000 && p.leaders.length === 0).length;
    assert.ok(leaderless < run.probes.filter((p) => p.atMs >= 1000).length / 4, `mostly led (${leaderless} leaderless probes)`);
  }
});

test('the checks can fail: overlapping beliefs are caught', () => {
  const r = checkLockExclusivity([
    { lock: ELECTION, client: 'c1', session: 'c1#1', fromUs: 0, toUs: 100 },
    { lock: ELECTION, client: 'c2', session: 'c2#1', fromUs: 50, toUs: 150 },
  ]);
  assert.is(r.valid, false);
});

test.run();
