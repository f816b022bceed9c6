/** What every ZooKeeper scenario shares: how to build an ensemble, and the checkers over a finished run. */
import { linearizable, casRegisterModel, checkCommittedPrefixes, checkNoLostTxns, type LogEntry, checkOneLeaderPerEpoch, checkMinorityWrites, type ServerWrite, checkSessionConsistency, type History, type Op, type RunArtifacts, type ScenarioChecker, type ScenarioSystem, type CheckResult } from '../../harness/index.js';
import { describeTxn, LOG, ZkAudit, zkCasClient, zkServer, ZkServer, type Txn, type ZkClientConfig, type ZkConfig } from '../../models/zookeeper/index.js';

export const ZK3 = ['zk1', 'zk2', 'zk3'];
export const ZK5 = ['zk1', 'zk2', 'zk3', 'zk4', 'zk5'];
export const CLIENTS = ['c1', 'c2', 'c3'];
export const CLIENT_CONFIG: ZkClientConfig = { path: '/register', timeoutMs: 100, thinkMs: 10, readRatio: 0.3 };
/**
 * The safe scenarios' mix: half the reads plain (session guarantees only), and some blind writes, which
 * (unlike a cas, which reads first and stops at a refusal) also reach servers cut off from the quorum.
 */
export const SAFE_CLIENT_CONFIG: ZkClientConfig = { ...CLIENT_CONFIG, plainReadShare: 0.5, blindWriteShare: 0.3 };

export interface ZkScenarioConfig {
  zk: ZkConfig;
  servers: string[];
  clients: string[];
  client: ZkClientConfig;
}

export function buildEnsemble(config: ZkScenarioConfig): ScenarioSystem {
  // One audit per run, shared by the servers: checkers find it through any live server's state.
  const audit = new ZkAudit();
  const factory = zkServer(config.zk, config.servers, audit);
  return {
    servers: config.servers.map((id) => ({ id, factory })),
    clients: config.clients.map((id, i) => ({ id, workload: zkCasClient(config.client, i) })),
  };
}

function liveServers(run: RunArtifacts): ZkServer[] {
  // Only the ensemble: a scenario may run other servers beside it (a protected resource).
  return run.sim.serverIds.map((id) => run.sim.nodeState(id)).filter((s): s is ZkServer => s instanceof ZkServer);
}

const entry = (txn: Txn): LogEntry => ({ zxid: txn.zxid, txn: describeTxn(txn) });

/** Each live server's committed log prefix at the end of the run. */
export function committedLogs(run: RunArtifacts): Record<string, LogEntry[]> {
  const out: Record<string, LogEntry[]> = {};
  for (const s of liveServers(run)) {
    const log = run.sim.storageOf(s.id).readLog(LOG) as readonly Txn[];
    out[s.id] = log.slice(0, s.commitIndex).map(entry);
  }
  return out;
}

/** The final history: the established leader's committed log, else the longest committed log. */
export function finalHistory(run: RunArtifacts): { from: string; entries: LogEntry[] } | null {
  const logs = committedLogs(run);
  const leader = liveServers(run).find((s) => s.leader?.phase === 'established');
  if (leader !== undefined) return { from: leader.id, entries: logs[leader.id] ?? [] };
  let best: { from: string; entries: LogEntry[] } | null = null;
  for (const [from, entries] of Object.entries(logs)) if (best === null || entries.length > best.entries.length) best = { from, entries };
  return best;
}

const noServers: CheckResult = { valid: 'unknown', explanation: 'no server is up at the end of the run', anomalies: [] };

function auditOf(run: RunArtifacts): ZkAudit | null {
  return liveServers(run)[0]?.audit ?? null;
}

/**
 * The history as the cas-register model reads it: plain reads (which may be stale by design) left out,
 * a read's observation (data, stat, zxid) reduced to the data, and an acknowledged write or cas carrying
 * its invocation's value, as Jepsen writes it (Knossos steps a completed op with its completion's value).
 * Op indexes stay those of the history.
 */
export function casRegisterView(history: History): History {
  const out: History = [];
  const invoked = new Map<number, unknown>();
  for (const op of history) {
    if (op.f === 'plain-read') continue;
    if (op.type === 'invoke') invoked.set(op.process, op.value);
    if (op.f === 'read' && op.type === 'ok' && op.value !== null && typeof op.value === 'object' && 'data' in op.value) {
      out.push({ ...op, value: (op.value as { data: unknown }).data });
    } else if ((op.f === 'write' || op.f === 'cas') && op.type === 'ok') {
      out.push({ ...op, value: invoked.get(op.process) ?? null });
    } else out.push(op);
  }
  return out;
}

export const LINEARIZABLE: ScenarioChecker = linearizable(casRegisterModel, { name: 'linearizable (cas-register on the znode)', view: casRegisterView, timeMs: 10_000 });

export const AGREEMENT: ScenarioChecker = {
  name: 'zookeeper agreement (committed logs are prefixes)',
  check: (run) => {
    const audit = auditOf(run);
    if (audit === null) return noServers;
    return checkCommittedPrefixes(committedLogs(run), audit.conflicts);
  },
};

export const DURABILITY: ScenarioChecker = {
  name: 'zookeeper durability (no committed or acknowledged txn lost)',
  check: (run) => {
    const audit = auditOf(run);
    const final = finalHistory(run);
    if (audit === null || final === null) return noServers;
    const acks = run.notes.filter((n) => n.kind === 'zk-ack').map((n) => ({ zxid: n.data['zxid'] as number, client: n.node }));
    const result = checkNoLostTxns(final.entries, audit.leaderCommitted, acks);
    return { ...result, explanation: `${result.explanation} (final history from ${final.from})` };
  },
};

export const ELECTION_SAFETY: ScenarioChecker = {
  name: 'zookeeper election safety (one leader per epoch)',
  check: (run) => {
    const audit = auditOf(run);
    return audit === null ? noServers : checkOneLeaderPerEpoch(audit.established);
  },
};

/** Per-session guarantees (monotonic reads, read-your-writes, FIFO order) over plain and synced reads and writes. */
export const SESSION_CONSISTENCY: ScenarioChecker = {
  name: 'zookeeper session consistency (monotonic reads, read-your-writes, FIFO)',
  check: (run) => checkSessionConsistency(run.history),
};

/** Each write (cas, create, blind write) with the server it went to (from its completion's value), for the minority checker. */
export function serverWrites(history: History): ServerWrite[] {
  const open = new Map<number, Op>();
  const out: ServerWrite[] = [];
  for (const op of history) {
    if (op.type === 'invoke') {
      open.set(op.process, op);
      continue;
    }
    const invoke = open.get(op.process);
    open.delete(op.process);
    if (invoke === undefined || (op.f !== 'cas' && op.f !== 'write')) continue;
    const v = op.value as { session?: unknown; server?: unknown } | null;
    if (v === null || typeof v !== 'object' || typeof v.server !== 'string' || typeof v.session !== 'string') continue;
    out.push({ index: invoke.index, client: v.session, server: v.server, invokeUs: invoke.time, doneUs: op.time, outcome: op.type as ServerWrite['outcome'] });
  }
  return out;
}

/**
 * Writes sent to a server partitioned away from a quorum are refused or time out, never acknowledged.
 * Each such refusal counts towards the coverage goal `zk:write-refused-without-quorum` (so a suite shows it
 * happened). That none of the writes acknowledged meanwhile on the quorum side is lost is DURABILITY's job.
 */
export function minorityWrites(nemesisMs: number): ScenarioChecker {
  return {
    name: 'zookeeper minority side (no write acknowledged without a quorum)',
    check: (run) => {
      const zk = run.sim.serverIds.filter((id) => id.startsWith('zk')); // the ensemble, by naming convention
      const r = checkMinorityWrites(serverWrites(run.history), run.schedule, zk, Math.round(nemesisMs * 1000));
      for (let i = 0; i < ((r.stats?.['refused'] as number | undefined) ?? 0); i++) run.sim.cover('zk:write-refused-without-quorum');
      return r;
    },
  };
}

export const ZK_CHECKERS: ScenarioChecker[] = [LINEARIZABLE, AGREEMENT, DURABILITY, ELECTION_SAFETY];
