/**
 * A node's clocks. True time t (µs) maps to local time through a piecewise-linear function:
 * local(t) = anchorLocal + (t - anchorTrue) * (1 + driftPpm / 1e6). Changing the drift re-anchors,
 * so local time stays continuous. The wall clock adds an offset that jumps; the monotonic clock never jumps.
 */
export class NodeClock {
  #anchorTrueUs = 0;
  #anchorMonoUs = 0;
  #rate = 1;
  #driftPpm = 0;
  #wallOffsetUs: number;

  constructor(wallOffsetUs: number, driftPpm: number) {
    this.#wallOffsetUs = wallOffsetUs;
    this.setDrift(0, driftPpm);
  }

  get driftPpm(): number {
    return this.#driftPpm;
  }

  /** Monotonic local time in µs (not rounded: sub-µs precision keeps drift exact across re-anchors). */
  monotonicUs(trueUs: number): number {
    // elapsed + elapsed * ppm / 1e6 rather than elapsed * (1 + ppm / 1e6): exact for whole ppm and µs
    // (2 s at 1000 ppm reads 2002 ms, not 2001.999 ms).
    const elapsed = trueUs - this.#anchorTrueUs;
    return this.#anchorMonoUs + elapsed + (elapsed * this.#driftPpm) / 1e6;
  }

  wallUs(trueUs: number): number {
    return this.monotonicUs(trueUs) + this.#wallOffsetUs;
  }

  setDrift(trueUs: number, driftPpm: number): void {
    if (!Number.isFinite(driftPpm) || driftPpm <= -1e6) throw new Error(`clock drift ${driftPpm} ppm is not a usable rate`);
    this.#anchorMonoUs = this.monotonicUs(trueUs);
    this.#anchorTrueUs = trueUs;
    this.#driftPpm = driftPpm;
    this.#rate = 1 + driftPpm / 1e6;
  }

  jumpWall(deltaUs: number): void {
    this.#wallOffsetUs += deltaUs;
  }

  /** The true time at which the monotonic clock reads `monoUs` (rounded up to a whole µs, never before `nowUs`). */
  trueTimeAtMonotonic(monoUs: number, nowUs: number): number {
    const t = this.#anchorTrueUs + (monoUs - this.#anchorMonoUs) / this.#rate;
    return Math.max(nowUs, Math.ceil(t - 1e-6));
  }
}
