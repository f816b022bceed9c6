/**
 * Bringing instances in line with this Sentinel's configuration, from their INFO (the acting half of
 * sentinelRefreshInstanceInfo). Both wait first, to give a newer configuration time to arrive.
 */
import type { ReplicationInfo } from '../redis/index.js';
import { HELLO_PERIOD_MS } from './config.js';
import { masterLooksSane, noDownFor, type Instance } from './monitor.js';
import type { Sentinel } from './sentinel.js';

/** `inst` is not the configured master (whose INFO never reaches here). */
export function enforceConfig(s: Sentinel, inst: Instance, info: ReplicationInfo): void {
  if (!masterLooksSane(s)) return;
  if (info.role === 'master') {
    // +convert-to-slave: an instance we know as a replica says master (an old master back from a crash
    // or a partition, a promotion from an aborted failover). After 4 hello periods, demote it.
    const waitMs = 4 * HELLO_PERIOD_MS;
    if (s.failover?.promoted === inst.id || !noDownFor(s, inst, waitMs) || s.now - inst.roleReportedMs <= waitMs) return;
    s.command(inst.id, { cmd: 'replicaof', master: s.master });
    s.event('convert-to-slave', { instance: inst.id, master: s.master });
    s.ctx.cover('sentinel-reconfigured-old-master');
  } else if (info.masterId !== s.master) {
    // +fix-slave-config: a replica following another master, for longer than failover-timeout.
    const waitMs = s.config.failoverTimeoutMs;
    if (!noDownFor(s, inst, waitMs) || s.now - inst.confChangeMs <= waitMs) return;
    s.command(inst.id, { cmd: 'replicaof', master: s.master });
    s.event('fix-slave-config', { instance: inst.id, master: s.master, was: info.masterId });
  }
}
