/**
 * Fault shapes for Redlock, as fast-check arbitraries so a violation is found in a few seeds and
 * shrinks (earlier, smaller, shorter). Every parameter is drawn: which node, which split, when, how far.
 */
import fc from 'fast-check';
import { customPartition, cut, faultsAtPoints, type ScheduleOptions, type Fault, type FaultSchedule, type Grudge, type NemesisProfile, type NodeId, type Topology } from '../../harness/index.js';

/** Faults hung on protocol points, played on top of a scenario's nemesis (NemesisProfile.triggered). */
type TriggeredFaults = Omit<ScheduleOptions, 'startUs' | 'endUs'>;

/**
 * A Redis node loses a lock key right after granting it (SET NX answered OK): a wall-clock jump of up
 * to `jumpMsMax` expires it early, or a crash of `downMs` (without persistence the restart forgets it).
 */
export function grantedKeyLost(what: 'clock-jump' | 'crash', nodes: readonly NodeId[], bounds: { jumpMsMax?: number; downMs?: { min: number; max: number } }): TriggeredFaults {
  return faultsAtPoints({
    points: ['redis:lock-granted'], reporters: nodes, kinds: [what], victims: nodes, maxFaults: 2, maxDelayMs: 50,
    durationMs: bounds.downMs ?? { min: 100, max: 2000 }, ...(bounds.jumpMsMax !== undefined ? { clockJumpMsMax: bounds.jumpMsMax } : {}),
  });
}

/** A client paused (GC, SIGSTOP) right after it acquired the Redlock, for `pauseMs`. */
export function holderPaused(clients: readonly NodeId[], pauseMs: { min: number; max: number }): TriggeredFaults {
  return faultsAtPoints({ points: ['redlock:acquired'], reporters: clients, kinds: ['pause'], victims: clients, durationMs: pauseMs });
}

/**
 * Two clients that each reach a different bare majority, sharing one node: X reaches {a, b, c}, Y
 * reaches {a, d, e}. Whoever holds `a` holds the lock. Then `a` loses the key while its holder still
 * believes: `what` decides how (a forward wall-clock jump expires the key early; a crash and restart
 * without persistence forgets it). The other client takes `a` and has a majority too: two holders.
 */
export interface SplitOptions {
  nodes: readonly NodeId[];
  clients: readonly [NodeId, NodeId];
  what: 'clock-jump' | 'crash';
  /** Forward jump bounds (clock-jump), ms. */
  jumpMs?: { min: number; max: number };
  /** Crash to restart, ms (crash). */
  downMs?: { min: number; max: number };
}

function mergeGrudges(...grudges: Grudge[]): Grudge {
  const out: Grudge = {};
  for (const g of grudges) for (const [a, deaf] of Object.entries(g)) out[a] = [...new Set([...(out[a] ?? []), ...deaf])];
  return out;
}

export function splitMajorityArbitrary(options: SplitOptions): (topology: Topology, window: { startUs: number; endUs: number }) => fc.Arbitrary<FaultSchedule> {
  const { nodes, clients } = options;
  if (nodes.length !== 5) throw new Error('splitMajorityArbitrary: written for 5 Redis nodes');
  return (_topology, window) => fc
    .record({
      shared: fc.constantFrom(...nodes),
      others: fc.shuffledSubarray([...nodes], { minLength: nodes.length, maxLength: nodes.length }),
      swap: fc.boolean(),
      splitUs: fc.integer({ min: 0, max: 300_000 }),
      eventAfterUs: fc.integer({ min: 200_000, max: 2_000_000 }),
      jumpMs: fc.integer({ min: options.jumpMs?.min ?? 1, max: options.jumpMs?.max ?? 1 }),
      downUs: fc.integer({ min: (options.downMs?.min ?? 0) * 1000, max: (options.downMs?.max ?? 0) * 1000 }),
      holdUs: fc.integer({ min: 100_000, max: 1_000_000 }),
    })
    .map((p) => {
      const rest = p.others.filter((n) => n !== p.shared);
      const [x, y] = p.swap ? [clients[1], clients[0]] : [clients[0], clients[1]];
      const at = (us: number) => Math.min(Math.max(us, window.startUs), window.endUs - 1);
      const split = at(window.startUs + p.splitUs);
      const eventUs = at(split + p.eventAfterUs);
      // X cannot reach the last two of the rest, Y the first two: their majorities meet only in `shared`.
      const grudge = mergeGrudges(cut([x], rest.slice(2)), cut([y], rest.slice(0, 2)));
      const faults: Fault[] = [customPartition(split, grudge)];
      if (options.what === 'clock-jump') {
        faults.push({ at: eventUs, kind: 'clock-jump', node: p.shared, deltaMs: p.jumpMs });
      } else {
        faults.push({ at: eventUs, kind: 'crash', node: p.shared }, { at: at(eventUs + p.downUs), kind: 'restart', node: p.shared });
      }
      const last = faults[faults.length - 1] as Fault;
      faults.push({ at: at(Math.max(last.at, eventUs + p.holdUs)), kind: 'heal' });
      return faults;
    });
}

/**
 * A stop-the-world pause of one client (GC, SIGSTOP) longer than the lock's validity, possibly twice.
 * A pause between the client's validity check and its write lets the write land after the lock expired.
 */
export function clientPauseArbitrary(options: { clients: readonly NodeId[]; pauseMs: { min: number; max: number } }): (topology: Topology, window: { startUs: number; endUs: number }) => fc.Arbitrary<FaultSchedule> {
  return (_topology, window) => fc
    .array(
      fc.record({
        client: fc.constantFrom(...options.clients),
        // In the first half of the window, so the next holder has time to write before clients wind down.
        atUs: fc.integer({ min: window.startUs, max: window.startUs + Math.floor((window.endUs - window.startUs) / 2) }),
        durationUs: fc.integer({ min: options.pauseMs.min * 1000, max: options.pauseMs.max * 1000 }),
      }),
      { minLength: 1, maxLength: 2 },
    )
    .map((pauses) => {
      // One pause per client at a time: a later pause of a client that is still paused is dropped.
      const busyUntil = new Map<NodeId, number>();
      const faults: Fault[] = [];
      for (const p of [...pauses].sort((a, b) => a.atUs - b.atUs)) {
        if ((busyUntil.get(p.client) ?? -1) >= p.atUs) continue;
        const endUs = Math.min(p.atUs + p.durationUs, window.endUs);
        busyUntil.set(p.client, endUs);
        faults.push({ at: p.atUs, kind: 'pause', node: p.client }, { at: endUs, kind: 'resume', node: p.client });
      }
      return faults.sort((a, b) => a.at - b.at);
    });
}

/**
 * The nemesis of the clock-jump and crash scenarios, model and real clients alike: the clients split
 * over two bare majorities sharing one node, which loses the key (a forward jump of up to 3 s, or a crash
 * of up to 50 ms), drawn at random and hung on the grant itself.
 */
export function splitMajorityNemesis(what: 'clock-jump' | 'crash', nodes: readonly NodeId[], clients: readonly [NodeId, NodeId]): NemesisProfile {
  return what === 'clock-jump'
    ? { schedule: {}, arbitrary: splitMajorityArbitrary({ nodes, clients, what, jumpMs: { min: 1, max: 3000 } }), triggered: grantedKeyLost(what, nodes, { jumpMsMax: 3000 }) }
    : { schedule: {}, arbitrary: splitMajorityArbitrary({ nodes, clients, what, downMs: { min: 0, max: 50 } }), triggered: grantedKeyLost(what, nodes, { downMs: { min: 0, max: 50 } }) };
}

/**
 * The safe scenarios' nemesis, model and real clients alike: partitions (clients included), crashes with
 * immediate restart, Redis pauses, drift and slow links. Delays stay below the validity margins a client
 * keeps; no clock jumps (the algorithm's argument assumes bounded drift).
 */
export function safeConditionsNemesis(nodes: readonly NodeId[], clients: readonly NodeId[]): NemesisProfile {
  return {
    schedule: {
      kinds: ['partition', 'crash', 'pause', 'clock-drift', 'link'],
      maxFaults: 6,
      minDurationUs: 20_000,
      maxDurationUs: 1_500_000,
      partitionNodes: [...nodes, ...clients],
      crashNodes: [...nodes],
      pauseNodes: [...nodes],
      linkNodes: [...nodes, ...clients],
      linkLatencyMsMax: 30,
      linkJitterMsMax: 20,
      driftPpmMax: 500,
    },
  };
}
