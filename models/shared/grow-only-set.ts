/**
 * The grow-only-set workload every "no acknowledged write lost" scenario runs: unique adds until the run
 * winds down (client k adds k, k + 1000, k + 2000, ...), then client 0 waits for the system to settle
 * and reads the whole set: the final read the durability checker compares acknowledged adds against.
 * Each system's client supplies how to add one value and how to try the final read.
 */
import type { ClientContext } from '../../harness/index.js';

export interface GrowOnlySetSteps {
  /** Adds one value, recording it in the history (invoke and completion). */
  add(value: number): Promise<unknown>;
  /** One attempt at the final read, recorded in the history; true once it succeeded. */
  readAll(): Promise<boolean>;
}

export interface GrowOnlySetTiming {
  /** Mean pause between adds (each is drawn from [0.5, 1.5) times it). */
  thinkMs: number;
  /** Wait after `stopping` before the final read. */
  settleMs: number;
  /** Pause between final-read attempts. */
  readRetryMs: number;
}

const READ_ATTEMPTS = 20;

export async function runGrowOnlySet(ctx: ClientContext, clientNumber: number, timing: GrowOnlySetTiming, steps: GrowOnlySetSteps): Promise<void> {
  let counter = 0;
  while (!ctx.stopping) {
    await steps.add(clientNumber + 1000 * counter++);
    await ctx.sleep(timing.thinkMs * (0.5 + ctx.rng.next()));
  }
  if (clientNumber !== 0) return;
  await ctx.sleep(timing.settleMs);
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    if (await steps.readAll()) return;
    await ctx.sleep(timing.readRetryMs);
  }
}
