/**
 * Configuration propagation. Every 2 s a Sentinel announces its current epoch and its view of the
 * master with that view's config epoch; a newer config epoch wins (sentinelSendHello,
 * sentinelProcessHelloMessage). Shortcut: Redis publishes hello on every monitored instance's
 * `__sentinel__:hello` channel (and to Sentinels directly); here it goes only directly to the Sentinels,
 * so two Sentinels cut off from each other but not from the Redis nodes do not hear each other.
 */
import type { NodeId } from '../../harness/index.js';
import { HELLO_PERIOD_MS } from './config.js';
import { currentMasterAddress } from './failover.js';
import type { Hello, SentinelMessage } from './messages.js';
import type { Sentinel } from './sentinel.js';

export function sendHelloIfDue(s: Sentinel): void {
  if (s.now - s.lastHelloMs > HELLO_PERIOD_MS) broadcastHello(s);
}

/** Also called at once when a promotion takes effect (sentinelForceHelloUpdateForMaster). */
export function broadcastHello(s: Sentinel): void {
  const hello: SentinelMessage = { type: 'hello', currentEpoch: s.currentEpoch, master: currentMasterAddress(s), configEpoch: s.configEpoch };
  for (const id of s.sentinels.keys()) s.ctx.send(id, hello);
  s.lastHelloMs = s.now;
}

export function onHello(s: Sentinel, from: NodeId, h: Hello): void {
  if (!s.sentinels.has(from) || !s.config.redisNodes.includes(h.master)) return;
  s.observeEpoch(h.currentEpoch);
  if (h.configEpoch <= s.configEpoch) return;
  // A newer config epoch for the address we monitor is not flushed (sentinel.c flushes only on a switch).
  // That address is master->addr, during our own failover still the old master: a newer epoch that
  // promoted the old master itself only raises our config epoch, and our failover then ends on its own
  // replica under that epoch. Two masters, one epoch, which no hello settles (same-epoch.test.ts).
  s.configEpoch = h.configEpoch;
  if (h.master === s.master) return;
  // +config-update-from / +switch-master: adopt the newer configuration, whatever we were doing (flushes).
  s.event('switch-master', { from: s.master, to: h.master, configEpoch: h.configEpoch, via: from });
  s.resetMaster(h.master);
}
