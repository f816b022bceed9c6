/**
 * The failover state machine of sentinel.c: wait to be elected, select a replica, REPLICAOF NO ONE,
 * wait for INFO to show it master (then the new config epoch takes effect), point the other replicas at
 * it, and finally monitor it as the master.
 */
import type { NodeId } from '../../harness/index.js';
import type { ReplicationInfo } from '../redis/index.js';
import { ELECTION_TIMEOUT_MS, INFO_PERIOD_MS, PARALLEL_SYNCS, PING_PERIOD_MS, REPLICA_RECONF_TIMEOUT_MS } from './config.js';
import { getLeader } from './election.js';
import { broadcastHello } from './hello.js';
import { disconnected, type Instance } from './monitor.js';
import type { Sentinel } from './sentinel.js';

export interface Failover {
  state: 'wait-start' | 'select-replica' | 'send-replicaof-no-one' | 'wait-promotion' | 'reconf-replicas' | 'update-config';
  /** The epoch this attempt runs in; it becomes the master's config epoch once the promotion is seen. */
  epoch: number;
  promoted: NodeId | null;
  stateChangeMs: number;
}

/** ODOWN, no failover running, and none attempted (nor a vote given to another) in 2 * failover-timeout. */
export function startFailoverIfNeeded(s: Sentinel): boolean {
  if (!s.masterInstance.odown || s.failover !== null) return false;
  if (s.now - s.failoverStartMs < 2 * s.config.failoverTimeoutMs) return false;
  // sentinelStartFailover does not flush: the vote for ourselves later in this same tick does (getLeader).
  s.currentEpoch++;
  s.failover = { state: 'wait-start', epoch: s.currentEpoch, promoted: null, stateChangeMs: s.now };
  s.failoverStartMs = s.now + s.desyncMs();
  s.event('try-failover', { epoch: s.currentEpoch });
  return true;
}

/** One step per timer tick. */
export function failoverStateMachine(s: Sentinel): void {
  const f = s.failover;
  if (f === null) return;
  switch (f.state) {
    case 'wait-start':
      return waitStart(s, f);
    case 'select-replica': {
      const chosen = selectReplica(s);
      if (chosen === null) return abort(s, 'no-good-replica');
      f.promoted = chosen;
      s.event('select', { replica: chosen, epoch: f.epoch });
      return setState(s, f, 'send-replicaof-no-one');
    }
    case 'send-replicaof-no-one':
      if (disconnected(s, s.instances.get(f.promoted as NodeId) as Instance)) {
        if (s.now - f.stateChangeMs > s.config.failoverTimeoutMs) abort(s, 'replica-timeout');
        return;
      }
      s.command(f.promoted as NodeId, { cmd: 'replicaof', master: null });
      s.event('promote', { replica: f.promoted, epoch: f.epoch });
      return setState(s, f, 'wait-promotion');
    case 'wait-promotion':
      // INFO moves us on (onReplicaInfo); here only the timeout.
      if (s.now - f.stateChangeMs > s.config.failoverTimeoutMs) abort(s, 'replica-timeout');
      return;
    case 'reconf-replicas':
      return reconfNextReplica(s, f);
    case 'update-config':
      return;
  }
}

function waitStart(s: Sentinel, f: Failover): void {
  if (getLeader(s, f.epoch) !== s.id) {
    if (s.now - s.failoverStartMs > Math.min(ELECTION_TIMEOUT_MS, s.config.failoverTimeoutMs)) abort(s, 'not-elected');
    return;
  }
  s.event('leader', { epoch: f.epoch });
  s.ctx.cover('sentinel-leader');
  setState(s, f, 'select-replica');
}

function setState(s: Sentinel, f: Failover, state: Failover['state']): void {
  f.state = state;
  f.stateChangeMs = s.now;
}

/** Only before the promotion is acknowledged; after it a failover always runs to its end. */
function abort(s: Sentinel, reason: string): void {
  s.event('abort', { reason, epoch: s.failover?.epoch });
  s.failover = null;
}

/** Replica ranking: lower priority, then larger replication offset, then smaller id (Redis: run id). */
export function rankReplicas<T extends { id: NodeId; priority: number; offset: number }>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => a.priority - b.priority || b.offset - a.offset || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * sentinelSelectSlave: every instance known as a replica is a candidate, even one whose INFO now says
 * master (an old master not yet demoted), ranked by what it last said as a replica. Skip replicas that
 * are SDOWN, disconnected, silent for 5 ping periods, with stale INFO, with priority 0, or whose master
 * link has been down longer than the master has been SDOWN plus 10 * down-after (too far behind); rank
 * the rest.
 */
export function selectReplica(s: Sentinel): NodeId | null {
  const now = s.now;
  const m = s.masterInstance;
  const maxLinkDownMs = (m.sdown && m.sdownSinceMs !== null ? now - m.sdownSinceMs : 0) + 10 * s.config.downAfterMs;
  const infoValidityMs = m.sdown ? 5 * PING_PERIOD_MS : 3 * INFO_PERIOD_MS;
  const candidates: { id: NodeId; priority: number; offset: number }[] = [];
  for (const r of s.replicas) {
    const info = r.info;
    if (r.sdown || disconnected(s, r) || info === null) continue;
    if (now - r.lastAvailMs > 5 * PING_PERIOD_MS || now - r.infoRefreshMs > infoValidityMs) continue;
    if (r.priority === 0) continue;
    if (info.role === 'replica' && info.masterLinkDownMs > maxLinkDownMs) continue;
    candidates.push({ id: r.id, priority: r.priority, offset: r.replOffset });
  }
  return rankReplicas(candidates)[0]?.id ?? null;
}

/** INFO from a replica during a failover: the promotion taking effect, and replicas following the new master. */
export function onReplicaInfo(s: Sentinel, inst: Instance, info: ReplicationInfo): void {
  const f = s.failover;
  if (f === null || f.promoted === null) return;
  if (inst.id === f.promoted && info.role === 'master' && f.state === 'wait-promotion') {
    // The promotion is real: our failover epoch becomes the master's config epoch, and we tell everyone.
    // +promoted-slave: epoch, RECONF_SLAVES, then the flush, which therefore names the promoted replica.
    s.configEpoch = f.epoch;
    setState(s, f, 'reconf-replicas');
    s.persist();
    s.event('promoted', { replica: inst.id, configEpoch: f.epoch });
    broadcastHello(s);
    return;
  }
  if (info.role !== 'replica') return;
  if (inst.reconf === 'sent' && info.masterId === f.promoted) inst.reconf = 'inprog';
  if (inst.reconf === 'inprog' && info.masterLinkUp) {
    inst.reconf = 'done';
    s.event('reconf', { replica: inst.id, master: f.promoted, done: true });
  }
}

/** sentinelFailoverReconfNextSlave: REPLICAOF <promoted> to at most parallel-syncs replicas at a time. */
function reconfNextReplica(s: Sentinel, f: Failover): void {
  const promoted = f.promoted as NodeId;
  const others = s.replicas.filter((r) => r.id !== promoted);
  let inProgress = others.filter((r) => r.reconf === 'sent' || r.reconf === 'inprog').length;
  for (const r of others) {
    if (inProgress >= PARALLEL_SYNCS) break;
    if (r.reconf === 'done') continue;
    // Stuck since REPLICAOF: count it done; a later INFO will show it misconfigured and fix it.
    if (r.reconf === 'sent' && s.now - r.reconfSentMs > REPLICA_RECONF_TIMEOUT_MS) r.reconf = 'done';
    if (r.reconf !== null || disconnected(s, r)) continue;
    sendReconf(s, r, promoted);
    inProgress++;
  }
  detectEnd(s, f, others);
}

function sendReconf(s: Sentinel, r: Instance, promoted: NodeId): void {
  s.command(r.id, { cmd: 'replicaof', master: promoted });
  r.reconf = 'sent';
  r.reconfSentMs = s.now;
  s.event('reconf', { replica: r.id, master: promoted });
}

/**
 * sentinelFailoverDetectEnd: done once every replica that is not SDOWN follows the promoted one, or
 * after failover-timeout (then REPLICAOF goes, best effort, to the replicas not yet told).
 */
function detectEnd(s: Sentinel, f: Failover, others: readonly Instance[]): void {
  if ((s.instances.get(f.promoted as NodeId) as Instance).sdown) return;
  const timeout = s.now - f.stateChangeMs > s.config.failoverTimeoutMs;
  const pending = others.filter((r) => r.reconf !== 'done' && !r.sdown).length;
  if (pending > 0 && !timeout) return;
  s.event('failover-end', { epoch: f.epoch, master: f.promoted, timeout });
  s.ctx.cover('sentinel-failover-end');
  setState(s, f, 'update-config');
  if (timeout) for (const r of others) if ((r.reconf === null || r.reconf === 'inprog') && !disconnected(s, r)) sendReconf(s, r, f.promoted as NodeId);
}

/**
 * sentinelFailoverSwitchToPromotedSlave: the promoted replica is now the master we monitor, under our
 * config epoch as it is (a greater one a hello brought during the failover included).
 */
export function switchToPromoted(s: Sentinel): void {
  const to = s.failover?.promoted ?? s.master;
  s.event('switch-master', { from: s.master, to, configEpoch: s.configEpoch });
  s.resetMaster(to);
}

/** What clients are told: the promoted replica as soon as its promotion is acknowledged. */
export function currentMasterAddress(s: Sentinel): NodeId {
  const f = s.failover;
  return f !== null && f.promoted !== null && (f.state === 'reconf-replicas' || f.state === 'update-config') ? f.promoted : s.master;
}
