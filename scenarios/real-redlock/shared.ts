/**
 * What the real-redlock scenarios share: five simulated Redis nodes speaking RESP, and lock clients that
 * are real processes running the `redlock` package over `ioredis` (lock-client.js, unmodified library
 * code). Same nodes, nemeses and checkers as the model family (scenarios/redlock), so each verdict can
 * be set against its model twin.
 */
import { packageFile, realProcess } from '../../harness/real/index.js';
import type { NodeId, Scenario, ScenarioSystem } from '../../harness/index.js';
import { respRedisNode } from '../../models/redis/resp-server.js';
import type { RedisConfig } from '../../models/redis/server.js';
import { LOCK_EXCLUSIVITY, MUTEX_HISTORY } from '../redlock/shared.js';

export const LOCK_CLIENT = packageFile('scenarios/real-redlock/lock-client.js');
export const REAL_REDLOCK_NODES = ['r1', 'r2', 'r3', 'r4', 'r5'];

export interface RealRedlockConfig {
  nodes: NodeId[];
  clients: NodeId[];
  redis: RedisConfig;
  /** The lock's TTL (redlock's `duration`), ms. */
  ttlMs: number;
  /** ioredis `commandTimeout`: the per-node timeout of the Redlock algorithm, ms. */
  commandTimeoutMs: number;
  /** One unit of work while the lock is held; units go on while the lock outlasts the next. */
  workMs: number;
  /** Pause between sessions (drawn by the client from [thinkMs / 2, 1.5 thinkMs)). */
  thinkMs: number;
}

export function buildRealRedlock(config: RealRedlockConfig): ScenarioSystem {
  return {
    servers: config.nodes.map((id) => ({ id, factory: respRedisNode(config.redis) })),
    clients: config.clients.map((id) => ({
      id,
      workload: realProcess(LOCK_CLIENT, {
        env: {
          CLIENT_ID: id, LOCK: 'lock', REDIS_NODES: config.nodes.join(','), TTL_MS: String(config.ttlMs),
          COMMAND_TIMEOUT_MS: String(config.commandTimeoutMs), WORK_MS: String(config.workMs), THINK_MS: String(config.thinkMs),
        },
      }),
    })),
  };
}

export const REAL_LOCK_CHECKERS = [LOCK_EXCLUSIVITY, MUTEX_HISTORY];

/** A real-redlock scenario: topology and build follow from the config. */
export function realRedlockScenario(s: Omit<Scenario<RealRedlockConfig>, 'topology' | 'build'>): Scenario<RealRedlockConfig> {
  return { ...s, topology: { servers: s.config.nodes, clients: s.config.clients }, build: buildRealRedlock };
}

/** Lock scenarios run a 3 s nemesis phase and 1.5 s for clients to finish their last session. */
export const REAL_LOCK_PHASES = { nemesisMs: 3000, quiesceMs: 1500 };

export const REAL_CLIENT_DEFAULTS = { ttlMs: 1000, commandTimeoutMs: 50, workMs: 60, thinkMs: 20 } as const;
