/**
 * Real code, as a user would write it: the `redlock` package (5.0.0-beta.2) over five `ioredis` clients,
 * unmodified, taking a lock, working while the lock is valid by its own account, releasing, and telling
 * the harness what it did through `faultline/real`. Configured by environment variables (see shared.ts).
 */
import { Redis } from 'ioredis';
import Redlock from 'redlock';
import { cover, invoke, lockHeld, stopping } from 'faultline/real';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`lock-client: environment variable ${name} is not set`);
  return value;
};
const TTL_MS = Number(env('TTL_MS'));
const WORK_MS = Number(env('WORK_MS'));
const THINK_MS = Number(env('THINK_MS'));
const LOCK = env('LOCK');

// The Redlock algorithm asks for a per-node timeout much smaller than the TTL: ioredis's commandTimeout.
const clients = env('REDIS_NODES').split(',').map((host) => new Redis({
  host, port: 6379, commandTimeout: Number(env('COMMAND_TIMEOUT_MS')), maxRetriesPerRequest: 1,
}));
for (const client of clients) client.on('error', () => undefined); // reconnects are ioredis's business
const redlock = new Redlock(clients, { retryCount: 0, driftFactor: 0.01 });
redlock.on('error', () => undefined); // a vote against (key held, timeout) is reported per node here

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
const jitter = (ms) => Math.floor(ms / 2 + Math.random() * ms); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)

async function session(n) {
  const acquire = invoke('acquire', null, LOCK);
  let lock;
  try {
    lock = await redlock.acquire([LOCK], TTL_MS);
  } catch {
    acquire.fail();
    return;
  }
  acquire.ok();
  cover('lock-acquired');
  // The lock is ours until lock.expiration on our own clock (redlock subtracts the drift allowance).
  const held = lockHeld(LOCK, { session: `${process.env.CLIENT_ID ?? ''}#${n}`, untilWallMs: lock.expiration });
  while (Date.now() + WORK_MS < lock.expiration) await sleep(WORK_MS); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
  const release = invoke('release', null, LOCK);
  held.release();
  release.ok();
  await lock.release().catch(() => undefined);
}

async function main() {
  for (let n = 1; !stopping(); n++) {
    await session(n);
    await sleep(jitter(THINK_MS));
  }
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}

void main();
