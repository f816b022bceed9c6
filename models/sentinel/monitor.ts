/**
 * The monitoring half: PING and INFO to every instance, the replies, and SDOWN
 * (sentinelSendPeriodicCommands, sentinelPingReplyCallback, sentinelRefreshInstanceInfo,
 * sentinelCheckSubjectivelyDown).
 */
import type { NodeId } from '../../harness/index.js';
import type { RedisReply, ReplicationInfo } from '../redis/index.js';
import { DEFAULT_PRIORITY, INFO_PERIOD_MS, PING_PERIOD_MS } from './config.js';
import { enforceConfig } from './enforce.js';
import { onReplicaInfo } from './failover.js';
import type { Sentinel } from './sentinel.js';

/** A monitored Redis instance: its link, its last INFO, and its down and failover flags. */
export interface Instance {
  readonly id: NodeId;
  /** act_ping_time: the oldest ping still unanswered (null: none). */
  actPingMs: number | null;
  lastPingMs: number;
  lastPongMs: number;
  /** last_avail_time: the last acceptable ping reply (PONG or LOADING). */
  lastAvailMs: number;
  lastInfoSentMs: number;
  info: ReplicationInfo | null;
  infoRefreshMs: number;
  /** The role INFO last reported, and since when. */
  roleReported: 'master' | 'replica';
  roleReportedMs: number;
  /** The master INFO says it follows, and when that last changed (slave_conf_change_time). */
  replicaOf: NodeId | null;
  confChangeMs: number;
  /**
   * slave_priority and slave_repl_offset: only a replica's INFO has these lines, so an instance that says
   * master keeps what it last said as a replica (a fresh instance: 100 and 0) and is ranked by that.
   */
  priority: number;
  replOffset: number;
  sdown: boolean;
  /** s_down_since_time / o_down_since_time: when the last SDOWN / ODOWN began (kept after it ends). */
  sdownSinceMs: number | null;
  odown: boolean;
  odownSinceMs: number | null;
  /** Failover progress of a replica told to follow the promoted one. */
  reconf: 'sent' | 'inprog' | 'done' | null;
  reconfSentMs: number;
}

/**
 * createInstanceLink: a fresh link counts as a ping pending since now, so a node never reached goes SDOWN;
 * and the first PING goes out at once (sentinelReconnectInstance sends one as soon as it connects).
 */
export function newInstance(id: NodeId, role: 'master' | 'replica', now: number): Instance {
  return {
    id, actPingMs: now, lastPingMs: Number.NEGATIVE_INFINITY, lastPongMs: Number.NEGATIVE_INFINITY, lastAvailMs: now,
    lastInfoSentMs: Number.NEGATIVE_INFINITY, info: null, infoRefreshMs: Number.NEGATIVE_INFINITY,
    roleReported: role, roleReportedMs: now, replicaOf: null, confChangeMs: now, priority: DEFAULT_PRIORITY, replOffset: 0,
    sdown: false, sdownSinceMs: null, odown: false, odownSinceMs: null, reconf: null, reconfSentMs: 0,
  };
}

/** The model has no connections: a link counts as closed once a ping has waited down-after / 2 (Sentinel then drops it). */
export function disconnected(s: Sentinel, inst: Instance): boolean {
  return inst.actPingMs !== null && s.now - inst.actPingMs > s.config.downAfterMs / 2;
}

export function sendPeriodicCommands(s: Sentinel, inst: Instance): void {
  const now = s.now;
  // INFO when the last reply is older than the period; also at most once a period (Redis stops
  // sending on a closed link, which this model does not have).
  if (now - inst.infoRefreshMs > INFO_PERIOD_MS && now - inst.lastInfoSentMs > INFO_PERIOD_MS) {
    s.command(inst.id, { cmd: 'info-replication' });
    inst.lastInfoSentMs = now;
  }
  // Ping when the last pong is older than min(down-after, 1 s), and not more often than half that.
  const pingPeriod = Math.min(s.config.downAfterMs, PING_PERIOD_MS);
  if (now - inst.lastPongMs > pingPeriod && now - inst.lastPingMs > pingPeriod / 2) {
    s.command(inst.id, { cmd: 'ping' });
    inst.lastPingMs = now;
    inst.actPingMs ??= now; // still waiting since the first unanswered ping
  }
}

/** Replies are told apart by content: PONG, an INFO document, or OK (REPLICAOF, whose effect INFO shows). */
export function onRedisReply(s: Sentinel, inst: Instance, reply: RedisReply): void {
  if (reply.type === 'redis-error') {
    if (reply.error === 'LOADING') pong(s, inst); // LOADING is an acceptable ping reply
    return;
  }
  if (reply.result === 'PONG') pong(s, inst);
  else if (typeof reply.result === 'string' && reply.result.startsWith('{')) refreshInfo(s, inst, JSON.parse(reply.result) as ReplicationInfo);
}

function pong(s: Sentinel, inst: Instance): void {
  inst.lastAvailMs = s.now;
  inst.lastPongMs = s.now;
  inst.actPingMs = null;
}

function refreshInfo(s: Sentinel, inst: Instance, info: ReplicationInfo): void {
  const now = s.now;
  inst.info = info;
  inst.infoRefreshMs = now;
  if (info.role !== inst.roleReported) {
    inst.roleReported = info.role;
    inst.roleReportedMs = now;
    if (info.role === 'replica') inst.confChangeMs = now;
  }
  if (info.role === 'replica' && info.masterId !== inst.replicaOf) {
    inst.replicaOf = info.masterId;
    inst.confChangeMs = now;
  }
  if (info.role === 'replica') {
    inst.priority = info.priority;
    inst.replOffset = info.offset;
  }
  if (s.tiltSinceMs !== null || inst.id === s.master) return;
  onReplicaInfo(s, inst, info);
  enforceConfig(s, inst, info);
}

export function checkSubjectivelyDown(s: Sentinel, inst: Instance): void {
  const now = s.now;
  const elapsed = inst.actPingMs === null ? 0 : now - inst.actPingMs;
  const down =
    elapsed > s.config.downAfterMs ||
    // A master that reports being a replica for down-after plus two INFO periods is down too.
    (inst.id === s.master && inst.roleReported === 'replica' && now - inst.roleReportedMs > s.config.downAfterMs + 2 * INFO_PERIOD_MS);
  if (down && !inst.sdown) {
    inst.sdown = true;
    inst.sdownSinceMs = now;
    s.event('sdown', { instance: inst.id, master: inst.id === s.master });
    if (inst.id === s.master) s.ctx.cover('sentinel-sdown');
  } else if (!down && inst.sdown) {
    inst.sdown = false;
    s.event('sdown-end', { instance: inst.id });
  }
}

/** sentinelRedisInstanceNoDownFor: the last SDOWN or ODOWN of `inst` began more than `ms` ago (or never). */
export function noDownFor(s: Sentinel, inst: Instance, ms: number): boolean {
  const latest = Math.max(inst.sdownSinceMs ?? Number.NEGATIVE_INFINITY, inst.odownSinceMs ?? Number.NEGATIVE_INFINITY);
  return s.now - latest > ms;
}

/** sentinelMasterLooksSane: the master says master, is not down, and its INFO is fresh. */
export function masterLooksSane(s: Sentinel): boolean {
  const m = s.masterInstance;
  return m.roleReported === 'master' && !m.sdown && !m.odown && s.now - m.infoRefreshMs < 2 * INFO_PERIOD_MS;
}
