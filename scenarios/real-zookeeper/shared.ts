/**
 * What the real-zookeeper scenarios share: a three-server ensemble of the ZooKeeper model speaking jute
 * (models/zookeeper/jute-server.ts), the protected resource behind a line protocol (resource-server.ts),
 * and lock clients that are real processes running `node-zookeeper-client` (lock-client.js, unmodified
 * library code). Same ensemble, nemesis and checkers as the model family's lock scenarios
 * (scenarios/zookeeper/lock-paused-holder.ts), so each verdict can be set against its model twin.
 */
import { checkResourceSafety, type History, type NodeId, type ResourceWrite, type Scenario, type ScenarioChecker, type ScenarioSystem } from '../../harness/index.js';
import { packageFile, realProcess } from '../../harness/real/index.js';
import { ZkAudit, zkConfig, type ZkConfig } from '../../models/zookeeper/index.js';
import { ZK_CLIENT_PORT, juteZkServer } from '../../models/zookeeper/jute-server.js';
import { RESOURCE_PORT, resourceServer } from './resource-server.js';

export const LOCK_CLIENT = packageFile('scenarios/real-zookeeper/lock-client.js');
export const REAL_ZK_SERVERS = ['zk1', 'zk2', 'zk3'];
export const REAL_ZK_CLIENTS = ['c1', 'c2', 'c3'];
export const RESOURCE = 'resource';

export interface RealZkLockConfig {
  zk: ZkConfig;
  servers: NodeId[];
  resource: NodeId;
  clients: NodeId[];
  /** The session timeout the client asks for (the server negotiates it into its bounds), ms. */
  sessionTimeoutMs: number;
  /** How long a holder keeps the lock, and one step of its work (a resource write follows each), ms. */
  holdMs: number;
  stepMs: number;
  /** Pause between sessions (drawn by the client from [thinkMs / 2, 1.5 thinkMs)), ms. */
  thinkMs: number;
  /** How long a resource write may take before the client gives up on its answer, ms. */
  writeTimeoutMs: number;
  /** The holder sends its lock znode's czxid as a fencing token; the resource rejects lower ones. */
  fencing: boolean;
}

export const REAL_ZK_LOCK_DEFAULTS: RealZkLockConfig = {
  zk: zkConfig(), servers: REAL_ZK_SERVERS, resource: RESOURCE, clients: REAL_ZK_CLIENTS,
  sessionTimeoutMs: 100, holdMs: 60, stepMs: 33, thinkMs: 20, writeTimeoutMs: 30, fencing: false,
};

export function buildRealZkLock(config: RealZkLockConfig): ScenarioSystem {
  const audit = new ZkAudit();
  const factory = juteZkServer(config.zk, config.servers, audit);
  return {
    servers: [
      ...config.servers.map((id) => ({ id, factory })),
      { id: config.resource, factory: resourceServer({ fencing: config.fencing }) },
    ],
    clients: config.clients.map((id) => ({
      id,
      workload: realProcess(LOCK_CLIENT, {
        env: {
          CLIENT_ID: id, LOCK: '/lock', ZK_SERVERS: config.servers.map((s) => `${s}:${ZK_CLIENT_PORT}`).join(','),
          SESSION_TIMEOUT_MS: String(config.sessionTimeoutMs), HOLD_MS: String(config.holdMs), STEP_MS: String(config.stepMs),
          THINK_MS: String(config.thinkMs), WRITE_TIMEOUT_MS: String(config.writeTimeoutMs), FENCING: config.fencing ? '1' : '0',
          RESOURCE: `${config.resource}:${RESOURCE_PORT}`,
        },
      }),
    })),
  };
}

/** A real-zookeeper scenario: topology and build follow from the config. */
export function realZkScenario(s: Omit<Scenario<RealZkLockConfig>, 'topology' | 'build'>): Scenario<RealZkLockConfig> {
  return { ...s, topology: { servers: [...s.config.servers, s.config.resource], clients: s.config.clients }, build: buildRealZkLock };
}

/**
 * The resource writes a real lock client made, from its history: `acquire` completes with the session
 * (its true time is the grant's), each `write` carries session, token and value, and completes ok
 * (accepted, with the resource's seq), fail (rejected) or info (no answer).
 */
export function resourceWritesOf(history: History, resource: NodeId, lock: string): ResourceWrite[] {
  const open = new Map<number, { time: number; value: unknown }>();
  const grantedUs = new Map<string, number>();
  const out: ResourceWrite[] = [];
  for (const op of history) {
    if (op.type === 'invoke') {
      open.set(op.process, { time: op.time, value: op.value });
      continue;
    }
    const invoked = open.get(op.process);
    open.delete(op.process);
    if (invoked === undefined) continue;
    if (op.f === 'acquire' && op.type === 'ok') grantedUs.set((op.value as { session: string }).session, op.time);
    if (op.f !== 'write') continue;
    const w = invoked.value as { session: string; token: number | null; value: number };
    const seq = op.type === 'ok' ? (op.value as { seq: number }).seq : null;
    out.push({
      resource, lock, client: w.session.slice(0, w.session.indexOf('#')), session: w.session, acquiredUs: grantedUs.get(w.session) ?? invoked.time,
      token: w.token, value: w.value, accepted: op.type === 'ok' ? true : op.type === 'fail' ? false : 'unknown', seq, sentUs: invoked.time, doneUs: op.time,
    });
  }
  return out;
}

/** The model family's resource checker (same names) over the writes in the real clients' history. */
export function realResourceSafety(fencing: boolean): ScenarioChecker {
  return {
    name: fencing ? 'resource safety (czxid fencing tokens)' : 'resource safety',
    check: (run) => checkResourceSafety(resourceWritesOf(run.history, RESOURCE, '/lock'), { fencing }),
  };
}
