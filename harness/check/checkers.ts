/**
 * Checker factories for scenarios: each turns one of the checkers below into a `ScenarioChecker` that reads
 * what it needs from a finished run (the history, the notes clients and models left, the schedule). Names
 * are part of results, reports and replay files; each factory has a default and takes `{ name }`.
 */
import type { History } from '../history/types.js';
import type { RunArtifacts, ScenarioChecker } from '../run/scenario.js';
import { checkAcknowledgedAdds } from './durability/acknowledged-adds.js';
import { checkLinearizability, type CheckOptions } from './linearizability/check.js';
import type { AnyModel } from './linearizability/model.js';
import { checkLockExclusivity } from './locks/exclusivity.js';
import { lockBeliefs, resourceWrites, runEnds } from './locks/notes.js';
import { checkResourceSafety } from './locks/resource.js';
import { checkLogAgreement, type LogAgreementOptions, type ReplicaLog } from './replication/log-agreement.js';
import { checkExclusiveRuns, checkShardsKeepRunning } from './sharding/exclusive-runs.js';
import { runsFromNotes, type ShardRun } from './sharding/notes.js';
import type { CheckResult } from './verdict.js';
import { checkCommittedPrefixes, checkNoLostTxns, type LogEntry } from './zookeeper/agreement.js';
import { checkOneLeaderPerEpoch } from './zookeeper/election-safety.js';
import { checkMinorityWrites, type ServerWrite } from './zookeeper/minority.js';
import { checkSessionConsistency } from './zookeeper/session-consistency.js';

export interface Named {
  /** The checker's name in results and reports. */
  name?: string;
}

function named(options: Named | undefined, fallback: string): string {
  return options?.name ?? fallback;
}

export interface LinearizableOptions extends Named, CheckOptions {
  /** The part of the history the model describes (default: all of it), e.g. reads and writes of one register. */
  view?: (history: History) => History;
}

/** The history is linearizable with respect to `model` (registerModel, casRegisterModel, kvModel, ...). */
export function linearizable(model: AnyModel, options: LinearizableOptions = {}): ScenarioChecker {
  const { name, view, ...check } = options;
  return {
    name: name ?? 'linearizable',
    linearizability: view ? { model, view } : { model },
    check: (run) => {
      const r = checkLinearizability(view ? view(run.history) : run.history, model, check);
      return { valid: r.valid, explanation: r.explanation, anomalies: r.anomalies, stats: r.stats };
    },
  };
}

/** Grow-only set durability: every `add` acknowledged (`ok`) before the last successful `read` is in it. */
export function acknowledgedAdds(options?: Named): ScenarioChecker {
  return { name: named(options, 'acknowledged adds survive'), check: (run) => checkAcknowledgedAdds(run.history) };
}

/**
 * At most one client believes it holds a lock at any true time (clients note `lock-held` and `lock-belief`,
 * see LockBelief; a belief never closed ends at the client's crash or the run's end).
 */
export function lockExclusivity(options?: Named): ScenarioChecker {
  return { name: named(options, 'lock exclusivity'), check: (run) => checkLockExclusivity(lockBeliefs(run.notes, runEnds(run.schedule, run.sim.nowUs))) };
}

export interface ResourceSafetyOptions extends Named {
  /** The resource fences: rank writers by fencing token instead of by grant time. */
  fencing?: boolean;
}

/** The protected resource accepted no write from a superseded lock holder (clients note `resource-write`). */
export function resourceSafety(options: ResourceSafetyOptions = {}): ScenarioChecker {
  const fencing = options.fencing === true;
  return {
    name: named(options, fencing ? 'resource safety (fenced)' : 'resource safety'),
    check: (run) => checkResourceSafety(resourceWrites(run.notes), { fencing }),
  };
}

/**
 * Replicated-log agreement: below both high watermarks no two replicas differ; with `final`, every live
 * ISR member holds exactly the leader's log. `logs` reads the replicas' logs from the finished run.
 */
export function logAgreement(
  logs: (run: RunArtifacts) => Readonly<Record<string, ReplicaLog>>,
  options: Named & { final?: (run: RunArtifacts) => LogAgreementOptions['final'] } = {},
): ScenarioChecker {
  return {
    name: named(options, 'replica logs agree'),
    check: (run): CheckResult => {
      const replicas = logs(run);
      if (Object.keys(replicas).length === 0) return { valid: 'unknown', explanation: 'no replica is up at the end of the run', anomalies: [] };
      const final = options.final?.(run);
      return checkLogAgreement(replicas, final !== undefined ? { final } : {});
    },
  };
}

/**
 * The runs of shard items in a finished run, from the `shard-run-start` / `shard-run-end` notes. A run with no
 * end stopped at its process's next crash or restart, or at the end of the simulation.
 */
export function shardRuns(run: RunArtifacts): ShardRun[] {
  const endUs = run.sim.nowUs;
  return runsFromNotes(run.notes, (node, startUs) =>
    run.schedule.find((f) => (f.kind === 'crash' || f.kind === 'restart') && f.node === node && f.at >= startUs)?.at ?? endUs);
}

/** No shard item runs on two instances at once, in true time. */
export function shardExclusivity(options?: Named): ScenarioChecker {
  return { name: named(options, 'shard exclusivity (one instance per item at a time, true time)'), check: (run) => checkExclusiveRuns(shardRuns(run)) };
}

/** After the heal (the end of the nemesis, `nemesisMs`), each of `items` items starts a run within `withinMs`. */
export function shardsKeepRunning(options: Named & { items: number; nemesisMs: number; withinMs: number }): ScenarioChecker {
  const items = Array.from({ length: options.items }, (_, i) => i);
  return {
    name: named(options, 'every shard keeps running after the heal'),
    check: (run) => checkShardsKeepRunning(shardRuns(run), items, options.nemesisMs * 1000, options.withinMs * 1000),
  };
}

/** Per-session guarantees of a ZooKeeper-style session: monotonic reads, read-your-writes, FIFO order. */
export function sessionConsistency(options?: Named): ScenarioChecker {
  return { name: named(options, 'session consistency (monotonic reads, read-your-writes, FIFO)'), check: (run) => checkSessionConsistency(run.history) };
}

/** Agreement: committed logs (per server, read from the run) are prefixes of one another; no zxid carries two txns. */
export function committedPrefixes(
  logs: (run: RunArtifacts) => { committed: Readonly<Record<string, readonly LogEntry[]>>; conflicts?: Parameters<typeof checkCommittedPrefixes>[1] } | null,
  options?: Named,
): ScenarioChecker {
  return {
    name: named(options, 'agreement (committed logs are prefixes)'),
    check: (run) => {
      const data = logs(run);
      return data === null ? NO_SERVER : checkCommittedPrefixes(data.committed, data.conflicts);
    },
  };
}

/** Durability: every txn a leader committed and every write acknowledged to a client is in the final history. */
export function noLostTxns(
  data: (run: RunArtifacts) => Parameters<typeof checkNoLostTxns> | null,
  options?: Named,
): ScenarioChecker {
  return {
    name: named(options, 'durability (no committed or acknowledged txn lost)'),
    check: (run) => {
      const args = data(run);
      return args === null ? NO_SERVER : checkNoLostTxns(...args);
    },
  };
}

/** Election safety: at most one established leader per epoch (`established` read from the run). */
export function oneLeaderPerEpoch(established: (run: RunArtifacts) => readonly { epoch: number; leader: string }[] | null, options?: Named): ScenarioChecker {
  return {
    name: named(options, 'election safety (one leader per epoch)'),
    check: (run) => {
      const leaders = established(run);
      return leaders === null ? NO_SERVER : checkOneLeaderPerEpoch(leaders);
    },
  };
}

/** No write is acknowledged by a server cut off from a quorum of `servers` (judged from the schedule's partitions). */
export function minorityWrites(options: Named & { servers: readonly string[]; nemesisMs: number; writes: (history: History) => ServerWrite[] }): ScenarioChecker {
  return {
    name: named(options, 'minority side (no write acknowledged without a quorum)'),
    check: (run) => checkMinorityWrites(options.writes(run.history), run.schedule, options.servers, Math.round(options.nemesisMs * 1000)),
  };
}

const NO_SERVER: CheckResult = { valid: 'unknown', explanation: 'no server is up at the end of the run', anomalies: [] };
