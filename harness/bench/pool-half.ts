/**
 * One of the pool bench's two independent processes: a one-worker sweep of every other seed (parity 0: odd
 * seeds, 1: even seeds) of SEEDS; prints its steady-state seeds per second.
 *
 *   node --import tsx harness/bench/pool-half.ts SCENARIO SEEDS PARITY
 */
import { sweep } from './pool.js';

const [scenario, count, parity] = process.argv.slice(2);
const seeds = Array.from({ length: Number(count) }, (_, i) => i + 1).filter((seed) => seed % 2 === (Number(parity) === 0 ? 1 : 0));
console.log((await sweep(scenario!, 1, seeds)).seedsPerSec);
